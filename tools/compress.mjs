// Compressed copies of the release build: `<file>.br` (brotli, quality 11) and `<file>.gz`
// (gzip -9) beside every file of dist/ that compresses, so that a server can send them as they
// are (`Content-Encoding`), with no work per request. `cargo xtask serve --release` and the e2e
// server do; docs/embedding.md says how to make a static host do it.
//
// Called by tools/release.mjs last (over the final files); by hand: node tools/compress.mjs DIST_DIR.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The encodings written, as `Content-Encoding` names them, with their file extension. */
export const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
];
const TYPES = /\.(html|js|mjs|css|wasm|svg|json|txt)$/;

/** Whether `file` is a compressed copy (not a file of the app itself). */
export const isCompressedCopy = (file) => ENCODINGS.some(({ ext }) => file.endsWith(ext));

/** Writes the copies for every compressible file below `dir`; returns how many files were done. */
export function writeCompressed(dir, prefix = '') {
  let done = 0;
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      done += writeCompressed(dir, name);
      continue;
    }
    if (!TYPES.test(name) || isCompressedCopy(name)) continue;
    const file = path.join(dir, name);
    const bytes = readFileSync(file);
    const br = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: statSync(file).size,
      },
    });
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
    done += 1;
  }
  return done;
}
