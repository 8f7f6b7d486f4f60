// The release build's view chunks. Built with the `split` feature, each view's mount function is a
// split point (`lazy_mount!` in src/views/mod.rs); this step cuts the app's WebAssembly there, so
// that a page fetches the shell and the chunks of the view it opens, and the chunks of another view
// only when that one opens. Trunk 0.21 cannot split: it has bound and optimised the whole module,
// and this step redoes that from cargo's output, cut:
//
//   wasm-split-cli  the shell module, the chunks (one per view, and one per set of views that
//                   share code), and the loader that fetches a view's chunks on first use;
//   merge_chunks    the chunks that the same pages load, one module each (fewer files);
//   wasm-bindgen    the shell's JS glue, keeping the exports the chunks link against;
//   wasm-opt -Oz    every module;
//
// then writes the shell over Trunk's files under the same names (Trunk's name carries the build's
// hash), the chunks as `<stem>-<chunk>.wasm` and the loader as `<stem>-split.js` beside them, and
// renews the integrity hashes in index.html. A build without the feature has no split points and
// is left as Trunk made it.
//
// Called by tools/release.mjs (the Trunk post_build hook) before the CSP and offline steps; needs
// wasm-split-cli, wasm-bindgen and wasm-opt on PATH (`cargo xtask` installs them).
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { mergeChunks } from './merge_chunks.mjs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The import module of a split point that no splitter has resolved yet (wasm_split_macros). */
const PLACEHOLDER = '__wasm_split_placeholder__';
/** The loader's name as wasm-split-cli writes it and the shell module imports it. */
const LOADER = '__wasm_split.js';
/** Split points named after the query key that opens them (src/lesson: `?lesson=`). */
const PAGE_KEYS = ['lesson'];
/** The features cargo's output uses (as Trunk's wasm-opt step enables them; SIMD: .cargo/config.toml). */
const WASM_FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-simd'];
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Cargo's (unbound) output for the app: where the split points are still marked. */
export function cargoWasm() {
  const target = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
  return path.resolve(ROOT, target, 'wasm32-unknown-unknown', 'release', 'explorer.wasm');
}

/** The app's stem in `dir` (`explorer-<hash>`), read from Trunk's loader in index.html. */
export function appStem(html) {
  const found = html.match(/from '\.\/(explorer-[0-9a-f]+)\.js'/);
  if (!found) throw new Error("split: index.html names no './explorer-<hash>.js' module");
  return found[1];
}

/** Runs a tool; its warnings are shown only when it fails (wasm-opt warns about every chunk's names). */
function run(tool, args) {
  try {
    execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(`split: ${tool} failed: ${error.stderr?.toString() || error.message}`);
  }
}
/** Runs `tool` on each of `jobs` (argument lists), as many at once as the machine has cores. */
async function runAll(tool, jobs) {
  const queue = [...jobs];
  const worker = async () => {
    for (let args = queue.shift(); args; args = queue.shift()) {
      try {
        await promisify(execFile)(tool, args, { maxBuffer: 64 << 20 });
      } catch (error) {
        throw new Error(`split: ${tool} failed: ${error.stderr?.toString() || error.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
}
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/**
 * Splits the app in `dir` (a staged or built dist/) if cargo's module has split points. Returns the
 * files written (relative to `dir`), or null when there was nothing to split.
 */
export async function writeSplit(dir, wasm = cargoWasm()) {
  const input = readFileSync(wasm);
  if (!input.includes(PLACEHOLDER)) return null;
  const indexPath = path.join(dir, 'index.html');
  let html = readFileSync(indexPath, 'utf8');
  const stem = appStem(html);
  const work = mkdtempSync(path.join(tmpdir(), 'explorer-split-'));
  try {
    const cut = path.join(work, 'cut');
    run('wasm-split-cli', [wasm, cut, '--out-name', stem]);
    mergeChunks(cut, LOADER, pageSplits(readFileSync(path.join(cut, LOADER), 'utf8')), WASM_FEATURES);
    const bound = path.join(work, 'bound');
    run('wasm-bindgen', [
      '--target', 'web', '--keep-lld-exports', '--no-demangle',
      '--out-dir', bound, '--out-name', stem, path.join(cut, `${stem}.wasm`),
    ]);
    const loader = `${stem}-split.js`;
    const renames = new Map();
    const chunks = readdirSync(cut).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`);
    // split_<view>.wasm -> <stem>-<view>.wasm; chunk_<n>.wasm (code some views share) ->
    // <stem>-shared-<n>.wasm.
    const chunkName = (chunk) =>
      chunk.replace(/^split_([a-z_]+)\.wasm$/, `${stem}-$1.wasm`).replace(/^chunk_(\d+)\.wasm$/, `${stem}-shared-$1.wasm`);
    for (const chunk of chunks) renames.set(`./${chunk}`, `./${chunkName(chunk)}`);
    const rename = (text) => {
      for (const [from, to] of renames) text = text.split(`"${from}"`).join(`"${to}"`).split(`'${from}'`).join(`'${to}'`);
      return text;
    };

    // Trunk's preload links carry the integrity of the files they name (quoted or not, as
    // minified): the old hashes are replaced by the new ones.
    const shell = [`${stem}.js`, `${stem}_bg.wasm`];
    const before = shell.map((file) => sri(readFileSync(path.join(dir, file))));

    // wasm-opt on every module, in parallel: the chunks are many and each run is a process.
    const modules = [[path.join(bound, `${stem}_bg.wasm`), `${stem}_bg.wasm`],
      ...chunks.map((chunk) => [path.join(cut, chunk), chunkName(chunk)])];
    await runAll('wasm-opt', modules.map(([from, to]) =>
      ['-Oz', ...WASM_FEATURES, '--strip-target-features', '--strip-producers', from, '-o', path.join(dir, to)]));
    const written = modules.map(([, to]) => to);
    // The glue imports the loader under its new name; the keys of the wasm's imports object keep
    // the module name the wasm asks for.
    const glue = readFileSync(path.join(bound, `${stem}.js`), 'utf8')
      .split(`from "./${LOADER}"`)
      .join(`from "./${loader}"`);
    writeFileSync(path.join(dir, `${stem}.js`), await minified(glue));
    const loaderText = rename(readFileSync(path.join(cut, LOADER), 'utf8'));
    writeFileSync(path.join(dir, loader), await minified(loaderText));
    written.push(`${stem}.js`, loader);
    shell.forEach((file, i) => {
      if (!html.includes(before[i])) throw new Error(`split: index.html has no integrity for ${file}`);
      html = html.split(before[i]).join(sri(readFileSync(path.join(dir, file))));
    });
    html = withPreload(html, viewChunks(loaderText), loader);
    writeFileSync(indexPath, html);
    return written;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `code` (an ES module) minified by terser from .tools/ (`cargo xtask` installs it): Trunk
 * minifies the files it writes, not these (the glue and the loader are 60 % smaller).
 */
async function minified(code) {
  const terser = path.join(ROOT, '.tools', 'node_modules', 'terser', 'main.js');
  if (!existsSync(terser)) throw new Error('split: terser is missing from .tools/ (cargo xtask installs it)');
  const { minify } = await import(pathToFileURL(terser).href);
  const result = await minify(code, { module: true, compress: true, mangle: true });
  return result.code;
}

/**
 * Per page key, the chunk files to preload, read from the loader's dependency lists
 * (`const __chunk_N = makeLoad(... "./file" ...)` and `export const __wasm_split_load_<name> =
 * ... "./file" ..., [__chunk_a, ...]`):
 * - `first_<view>`: a view's first plot (`lazy_first_plot!`), all that view fetches before its
 *   figure is drawn;
 * - `` (empty): the app (the shell's chunk, `app`); with a first plot, the loader fetches it as
 *   soon as the figure is drawn;
 * - `<view>`: what the view adds to the app (and to its first plot);
 * - `<view>_<value>`: a part that an address value opens, and `<view>_` the part of its first page;
 *   `first_<view>_<value>` and `first_<view>_` the same of its first plot (a losses family's);
 * - `?<key>`: a part of the page a query key opens (PAGE_KEYS: a lesson).
 * Throws if a registered view or the app is missing.
 */
export function viewChunks(loaderText) {
  const chunk = /const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("([^"]+)"/g;
  const files = new Map([...loaderText.matchAll(chunk)].map((m) => [m[1], m[2]]));
  const split = /export const __wasm_split_load_([a-z_]+) = [^]*?new URL\("([^"]+)"[^]*?\[([^\]]*)\]\)\);/g;
  const views = {};
  for (const [, view, file, deps] of loaderText.matchAll(split)) {
    const needed = deps.split(',').map((d) => d.trim()).filter(Boolean).map((d) => files.get(d));
    if (needed.includes(undefined)) throw new Error(`split: the loader names an unknown chunk for ${view}`);
    views[view] = [...needed, file];
  }
  const registry = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'e2e', 'lib', 'views.json'), 'utf8'));
  const missing = [...registry.map((v) => v.key), 'app'].filter((key) => !views[key]);
  if (missing.length) throw new Error(`split: no chunk for ${missing.join(', ')}`);
  const without = (list, ...others) => list.filter((f) => !others.some((other) => other.includes(f)));
  const pages = {};
  pages[''] = views.app;
  for (const { key } of registry) {
    const first = views[`first_${key}`] ?? [];
    if (first.length) pages[`first_${key}`] = first;
    pages[key] = without(views[key], views.app, first);
  }
  // A part of a view in a chunk of its own (`<view>_<value>`, e.g. losses_landscape: the view
  // opened with some parameter at that value) adds the files its view does not already load;
  // a part of its first plot (`first_<view>_<value>`) the files its first plot does not.
  for (const [name, needed] of Object.entries(views)) {
    const view = registry.find((v) => name.startsWith(`${v.key}_`));
    if (view) pages[name] = without(needed, views[view.key], views.app);
    const first = registry.find((v) => name.startsWith(`first_${v.key}_`));
    if (first) pages[name] = without(needed, views[`first_${first.key}`]);
  }
  // A view with parts opens one when the address names none: the part of its first page (the
  // registry lists a view's default page first), `<view>_` (`first_<view>_`) for the preload script.
  for (const view of registry) {
    const values = [...new URLSearchParams(view.pages[0]?.query ?? '').values()];
    for (const prefix of ['', 'first_']) {
      const part = values.map((value) => `${prefix}${view.key}_${value}`).find((name) => pages[name]);
      if (part) pages[`${prefix}${view.key}_`] = pages[part];
    }
  }
  // A split point named after a query key (`lesson`) comes with any address that has the key.
  for (const [name, needed] of Object.entries(views)) {
    if (!pages[name] && PAGE_KEYS.includes(name)) pages[`?${name}`] = without(needed, views.app);
  }
  // Other split points (a dialog, a panel, a view's script) load when used, not with the page.
  return pages;
}

/**
 * The split points a page loads with itself, each with the group its code is merged by: each
 * registered view, a view's part that an address value opens (`<view>_<value>`, with its view),
 * the parts a query key opens (PAGE_KEYS), the app, and each view's first plot with its parts
 * (`first_<view>_<value>`, with it).
 */
function pageSplits(loaderText) {
  const registry = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'e2e', 'lib', 'views.json'), 'utf8'));
  const keys = registry.map((v) => v.key);
  const names = [...loaderText.matchAll(/export const __wasm_split_load_([a-z_]+) =/g)].map((m) => m[1]);
  const own = (name) => keys.includes(name) || PAGE_KEYS.includes(name) || name === 'app' ||
    keys.some((key) => name === `first_${key}`);
  const view = (name) => {
    if (own(name)) return name;
    const key = keys.find((k) => name.startsWith(`${k}_`) || name.startsWith(`first_${k}_`));
    return key && (name.startsWith('first_') ? `first_${key}` : key);
  };
  return Object.fromEntries(names.filter(view).map((name) => [name, view(name)]));
}

/**
 * `views` (page key -> chunk files) as the preload script names them: `shared-<n>` as the number
 * n, any other chunk by its name between `<stem>-` and `.wasm` (a fifth of the full paths).
 */
export function compactChunks(views, stem) {
  const short = (file) => {
    const name = file.match(new RegExp(`^\\./${stem}-([a-z0-9_-]+)\\.wasm$`))?.[1];
    if (!name) throw new Error(`split: ${file} is not a chunk of ${stem}`);
    return /^shared-\d+$/.test(name) ? Number(name.slice('shared-'.length)) : name;
  };
  return Object.fromEntries(Object.entries(views).map(([key, files]) => [key, files.map(short)]));
}

/**
 * index.html with an inline script that starts fetching, while the shell's wasm is still
 * compiling, what the page the address names needs (the first view for none or an unknown one, as
 * src/route.rs chooses): the view's first plot alone if it has one (not with a lesson, which
 * names its view in its file), and the rest once a `draw:<view>` measure (not one of its parts,
 * `draw:<view>:<part>`) says that it is drawn; or
 * else at once the app and the view, a part of it that the address opens (`<view>_<value>` for any
 * parameter's value; `<view>_`, its default part, when no value names one) and a part of the page
 * a key opens (`?<key>`: a lesson). The loader's fetch of the same URL then takes the preloaded
 * response. The loader itself is preloaded first: the glue imports it, so the shell cannot start
 * before it arrives, and behind the chunks it would wait for a free connection.
 *
 * The same script starts compiling the shell's wasm as it arrives (`compileStreaming`, in the
 * browser's background threads; Trunk's preload link for it goes) and Trunk's module script, now
 * `async`, hands that compilation to the glue's `init` (a `WebAssembly.Module` or, if compiling
 * failed, the `Response` of a new fetch: `init` then reports the error as before). `async` runs
 * the module script once its imports have arrived, not after the first paint and
 * `DOMContentLoaded` (src/dom.rs `parsed` covers a body not parsed yet).
 *
 * These preloads and Trunk's (the glue) go first in `<head>`, before any script or stylesheet: a
 * classic script after a stylesheet waits for it, and the parser with it, so a preload link behind
 * them started only once the stylesheet had arrived.
 */
export function withPreload(html, views, loader) {
  const registry = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'e2e', 'lib', 'views.json'), 'utf8'));
  const stem = loader.replace(/-split\.js$/, '');
  const shellWasm = `./${stem}_bg.wasm`;
  const script = `<script>try{self.__shellWasm=WebAssembly.compileStreaming(fetch("${shellWasm}"))` +
    `.catch(function(){return fetch("${shellWasm}")})}catch(e){}` +
    `try{var v=${JSON.stringify(compactChunks(views, stem))},n=${JSON.stringify(PAGE_KEYS)},` +
    `q=new URLSearchParams(location.search),k=q.get("view"),f,` +
    'a=function(f){var l=document.createElement("link");l.rel="preload";l.as="fetch";' +
    `l.crossOrigin="anonymous";l.href="./${stem}-"+(typeof f=="number"?"shared-"+f:f)+".wasm";` +
    'document.head.appendChild(l)},' +
    // the part of `k` (of its first plot: `s` = "first_") that a value opens, or its default part
    's=function(s){var p=0;q.forEach(function(x){var f=v[s+k+"_"+x];f&&(p=1,f.forEach(a))});' +
    'p||(v[s+k+"_"]||[]).forEach(a)},' +
    'r=function(){v[k].forEach(a);s("");q.forEach(function(x,y){(v["?"+y]||[]).forEach(a)})};' +
    `k&&v[k]||(k=${JSON.stringify(registry[0].key)});` +
    'f=!n.some(function(y){return q.has(y)})&&v["first_"+k];' +
    'if(f){f.forEach(a);s("first_");new PerformanceObserver(function(l,o){l.getEntries().some(function(e){' +
    'return/^draw:[^:]+$/.test(e.name)})&&(o.disconnect(),r())}).observe({type:"measure"})}' +
    'else{v[""].forEach(a);r()}' +
    '}catch(e){}</script>';
  const head = html.match(/<head>[^]*?<\/head>|^[^]*?<\/head>/)?.[0];
  if (!head) throw new Error('split: index.html has no </head>');
  const links = head.match(/<link [^>]*rel=["']?(?:modulepreload|preload)\b[^>]*>/g) ?? [];
  const compiled = links.filter((link) => link.includes(shellWasm));
  const preloads = links.filter((link) => !compiled.includes(link));
  if (compiled.length !== 1 || !preloads.length) {
    throw new Error("split: index.html lacks Trunk's preload links for the shell's wasm and glue");
  }
  const init = `module_or_path: '${shellWasm}'`;
  const module = head.match(/<script type=["']?module["']?>[^]*?<\/script>/g)?.filter((m) => m.includes(init)) ?? [];
  if (module.length !== 1) throw new Error("split: index.html has no module script that starts the shell");
  let rest = head.replace(module[0], () => module[0]
    .replace(/^<script type=["']?module["']?>/, '<script type=module async>')
    .replace(init, `module_or_path: self.__shellWasm || '${shellWasm}'`));
  for (const link of links) rest = rest.replace(link, '');
  const first = rest.search(/<script\b|<link [^>]*rel=["']?stylesheet\b/);
  if (first < 0) throw new Error('split: index.html has no script or stylesheet in <head>');
  const early = `${preloads.join('')}<link crossorigin href=./${loader} rel=modulepreload>${script}`;
  return html.replace(head, () => rest.slice(0, first) + early + rest.slice(first));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node tools/split.mjs DIST_DIR [CARGO_WASM]');
    process.exit(2);
  }
  const written = await writeSplit(dir, process.argv[3]);
  console.log(written ? `split: ${written.length} files` : 'split: no split points, nothing to do');
}
