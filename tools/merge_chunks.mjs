// Fewer, larger chunks. wasm-split-cli cuts the code that several split points share into one
// chunk per set of split points that use it. Each split point multiplies those sets (a view's
// parts, a panel shown once the view's figure is drawn, a dialog, a script), and a first load
// fetched over a hundred small modules, each compressed on its own, each a request and an
// instantiation. Here the chunks are grouped by the pages that load them (page split points: a
// view, a view's part that an address opens, a lesson), one module per group:
// - code of the first plots (a view's figure before the app has arrived), whatever else uses it
//   too: what one part of one view's first plot alone uses with that part, what several parts of
//   one view's first plot share (the losses families') in one module per view, what several
//   views' first plots share in one module (a page fetches three or four files before its figure
//   is drawn, not fifteen: each file is a request and an instantiation, which cost the first plot
//   more time than the few KiB of another view's or family's drawing code that come with it);
// - code the app uses (every page loads the app): with the app;
// - code of one view alone: by its exact set of the view's parts (no page loads more than before);
// - code that several views share: by the set of views, a view's parts counted as the view (each
//   page of such a view loads it, also where only another of its parts needs it);
// - code that no page loads (a dialog, a later panel, a script): by its whole set of split points.
// A later split point fetches the whole module of each group it needs, so a panel may bring code
// that other views share with it; the offline copy (sw.js) fetches the whole build after the first
// plot anyway.
//
// The chunks are independent modules linked through the shell's memory, table and stack pointer,
// which each imports from `__wasm_split`; functions in other modules are called through the
// table. wasm-merge joins modules but keeps each one's imports apart (two memories), so each
// group is merged behind a hub module that imports the three once and exports them, with the
// chunks' imports pointed at the hub.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SHARED = '__wasm_split';
const HUB = 'hub';

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}
const uleb = (value) => {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
};
const name = (text) => {
  const utf8 = Buffer.from(text, 'utf8');
  return [...uleb(utf8.length), ...utf8];
};

/**
 * A chunk's imports ({module, field, kind, min, body}) and the module with every import's module
 * name replaced by `to`. Chunks import only from `__wasm_split`; anything else is refused.
 */
function imports(bytes, to) {
  let at = 8;
  const found = [];
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    if (id === 2) {
      let p = start;
      const [count, first] = leb(bytes, p);
      p = first;
      const entries = [];
      for (let i = 0; i < count; i++) {
        const [moduleLength, m] = leb(bytes, p);
        const module = bytes.subarray(m, m + moduleLength).toString('utf8');
        const [fieldLength, f] = leb(bytes, m + moduleLength);
        const field = bytes.subarray(f, f + fieldLength).toString('utf8');
        const bodyStart = f + fieldLength;
        const kind = bytes[bodyStart];
        let q = bodyStart + 1;
        let min = 0;
        if (kind === 1) q += 1; // a table's element type
        if (kind === 1 || kind === 2) {
          const flags = bytes[q];
          [min, q] = leb(bytes, q + 1);
          if (flags & 1) [, q] = leb(bytes, q);
        } else if (kind === 3) {
          q += 2; // value type, mutability
        } else {
          throw new Error(`merge: a chunk imports a function (${module}.${field}); only memory, table and globals are shared`);
        }
        if (module !== SHARED) throw new Error(`merge: a chunk imports from ${module}, not ${SHARED}`);
        found.push({ field, kind, min, body: bytes.subarray(bodyStart, q) });
        entries.push(...name(to), ...name(field), ...bytes.subarray(bodyStart, q));
        p = q;
      }
      const section = [...uleb(count), ...entries];
      const rewritten = Buffer.concat([
        bytes.subarray(0, at), Buffer.from([2, ...uleb(section.length), ...section]), bytes.subarray(start + size),
      ]);
      return { found, rewritten };
    }
    at = start + size;
  }
  return { found, rewritten: bytes };
}

/** The hub: imports each shared thing once (at the largest minimum any chunk asks) and exports it. */
function hub(found) {
  const byField = new Map();
  for (const entry of found) {
    const known = byField.get(entry.field);
    if (!known || entry.min > known.min) byField.set(entry.field, entry);
  }
  const entries = [...byField.values()];
  const importSection = [...uleb(entries.length)];
  const exportSection = [...uleb(entries.length)];
  const counts = [0, 0, 0, 0];
  for (const entry of entries) {
    importSection.push(...name(SHARED), ...name(entry.field), ...entry.body);
    exportSection.push(...name(entry.field), entry.kind, ...uleb(counts[entry.kind]++));
  }
  return Buffer.from([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    2, ...uleb(importSection.length), ...importSection,
    7, ...uleb(exportSection.length), ...exportSection,
  ]);
}

/**
 * Merges the chunks in `dir` (wasm-split-cli's output) that the same pages load, and rewrites its
 * loader (`loaderFile`) to fetch the merged modules. `pages`: the split points a page loads with
 * itself, each with the view it belongs to. Returns [chunks before, after].
 */
export function mergeChunks(dir, loaderFile, pages, features) {
  const loaderPath = path.join(dir, loaderFile);
  let loader = readFileSync(loaderPath, 'utf8');
  const definition = /\/\* ([^*]*) \*\/\nconst (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/(chunk_\d+\.wasm)"[^]*?\n, \[\]\);\n/g;
  const groups = new Map();
  const chunks = [...loader.matchAll(definition)];
  for (const [text, users, id, file] of chunks) {
    const all = users.split(',').map((s) => s.trim()).filter(Boolean).sort();
    const paging = all.filter((user) => user in pages);
    const views = [...new Set(paging.map((user) => pages[user]))].sort();
    const firsts = paging.filter((user) => pages[user].startsWith('first_'));
    const firstViews = [...new Set(firsts.map((user) => pages[user]))].sort();
    const key = firsts.length
      ? (firstViews.length > 1 ? 'first:shared' : firsts.length > 1 ? `${firstViews[0]}:shared` : firsts[0])
      : paging.includes('app') ? 'app'
        : !paging.length ? `later:${all.join(',')}` : views.length > 1 ? views.join(',') : paging.join(',');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push({ text, id, file, users: all });
  }
  const rename = new Map();
  let n = 0;
  for (const members of groups.values()) {
    const id = `__chunk_${n}`;
    const file = `chunk_${n}.wasm`;
    n += 1;
    const work = path.join(dir, `merge-${n}`);
    const rewritten = members.map(({ file: chunk }) => imports(readFileSync(path.join(dir, chunk)), HUB));
    const hubPath = `${work}-hub.wasm`;
    writeFileSync(hubPath, hub(rewritten.flatMap((r) => r.found)));
    const args = [hubPath, HUB];
    rewritten.forEach((r, i) => {
      const part = `${work}-${i}.wasm`;
      writeFileSync(part, r.rewritten);
      args.push(part, `m${i}`);
    });
    members.forEach(({ file: chunk }) => rmSync(path.join(dir, chunk)));
    execFileSync('wasm-merge', [...args, ...features, '-o', path.join(dir, `${file}.merged`)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    for (let i = 0; i <= rewritten.length; i++) rmSync(i ? `${work}-${i - 1}.wasm` : hubPath);
    const users = [...new Set(members.flatMap((m) => m.users))].sort().join(', ');
    const text = `/* ${users} */\nconst ${id} = makeLoad(() => {\n    const src = fetch(new URL("./${file}", import.meta.url));\n` +
      '    src.catch(() => {});\n    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n}\n, []);\n';
    members.forEach((member, i) => {
      rename.set(member.id, id);
      loader = loader.replace(member.text, i === 0 ? text : '');
    });
  }
  // Merged names go in place only now: the old chunk_<n> files are gone, the new ones are free.
  for (let i = 0; i < n; i++) {
    const from = path.join(dir, `chunk_${i}.wasm.merged`);
    writeFileSync(path.join(dir, `chunk_${i}.wasm`), readFileSync(from));
    rmSync(from);
  }
  loader = loader.replace(/\[(__chunk_\d+(?:, __chunk_\d+)*)\]/g, (_, list) => {
    const merged = list.split(', ').map((chunk) => rename.get(chunk));
    if (merged.includes(undefined)) throw new Error('merge: the loader names a chunk it does not define');
    return `[${[...new Set(merged)].join(', ')}]`;
  });
  writeFileSync(loaderPath, loader);
  return [chunks.length, n];
}
