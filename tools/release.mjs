#!/usr/bin/env node
// The release dist/'s last step, run by Trunk as its post_build hook (Trunk.toml) with
// TRUNK_STAGING_DIR set; debug builds are left alone (`trunk serve` adds a live-reload script and
// stays open). In order: the wasm is cut into a chunk per view (tools/split.mjs), index.html
// registers the offline copy (tools/offline.mjs), the strict CSP hashes its inline scripts
// (tools/csp.mjs), the service worker is written over the final files, and every file gets its
// .br and .gz copies (tools/compress.mjs). By hand: node tools/release.mjs DIST_DIR.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeCsp } from './csp.mjs';
import { withRegistration, writeOffline } from './offline.mjs';
import { writeSplit } from './split.mjs';
import { writeCompressed } from './compress.mjs';

const staged = process.env.TRUNK_STAGING_DIR;
if (!(staged && process.env.TRUNK_PROFILE !== 'release')) {
  const dir = process.argv[2] ?? staged;
  if (!dir) {
    console.error('usage: node tools/release.mjs DIST_DIR (or run as a Trunk post_build hook)');
    process.exit(2);
  }
  try {
    const split = await writeSplit(dir);
    if (split) console.log(`split: ${split.length} files`);
    const index = path.join(dir, 'index.html');
    writeFileSync(index, withRegistration(readFileSync(index, 'utf8')));
    console.log(`csp: ${writeCsp(dir)}`);
    const { version, files } = writeOffline(dir);
    console.log(`offline: ${files.length} files in the cache explorer-${version}`);
    console.log(`compress: .br and .gz beside ${writeCompressed(dir)} files`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
