// The offline copy of a release build: a service worker that keeps every file of dist/ in one
// cache named after the build, so that a lecture hall without Wi-Fi still gets every view once the
// app was opened there (in an embed too).
//
// - Online, every request goes to the network first (a new deploy shows on the next visit, every
//   file from that deploy); only when the network fails is the cached copy of the build served.
//   The cache is never written at run time, so it always holds one whole build: offline, old and
//   new files never mix.
// - A new build has a new cache name (a hash of its files); the new worker installs in the
//   background and, once active, deletes the older copies.
// - The page registers the worker from an external script (allowed by the strict CSP), after its
//   `load` event: the download of the copy never competes with the first plot.
//
// Called by tools/release.mjs (the Trunk post_build hook) after the CSP step; by hand:
// node tools/offline.mjs DIST_DIR.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isCompressedCopy } from './compress.mjs';

export const WORKER = 'sw.js';
export const REGISTER = 'sw-register.js';
/** Files of dist/ that are not part of the app (a server's header). */
const NOT_APP = new Set([WORKER, 'csp.txt']);

/** The script that registers the worker (a sandboxed frame may not; it then runs online only). */
export const REGISTER_SCRIPT = `// Registers the offline copy of the app (sw.js) once the page has loaded.
addEventListener('load', () => {
  setTimeout(() => {
    try {
      navigator.serviceWorker?.register('./${WORKER}').catch(() => {});
    } catch {
      // A sandboxed or opaque-origin frame has no service workers: the app runs online only.
    }
  }, 500);
});
`;

/** Every file below `dir` (relative paths with `/`), sorted, except the worker and non-app files. */
export function appFiles(dir, prefix = '') {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return appFiles(dir, name);
      return NOT_APP.has(name) || isCompressedCopy(name) ? [] : [name];
    })
    .sort();
}

/** A short hash of the files' names and contents: the build's cache name. */
export function buildVersion(dir, files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0').update(readFileSync(path.join(dir, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The service worker for `files` of build `version`. */
export function workerScript(version, files) {
  const urls = ['./', ...files.map((f) => `./${f}`)];
  return `// The offline copy of this build of Activation & Loss Explorer (written by tools/offline.mjs).
const CACHE = 'explorer-${version}';
const FILES = ${JSON.stringify(urls)};

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(FILES.map((url) => new Request(url, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const old = (await caches.keys()).filter((key) => key.startsWith('explorer-') && key !== CACHE);
    await Promise.all(old.map((key) => caches.delete(key)));
    await self.clients.claim();
  })());
});

// The network first; the build's copy only when the network fails.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fetch(request).catch(async () => {
    const cache = await caches.open(CACHE);
    const copy = await cache.match(request, { ignoreSearch: true })
      ?? (request.mode === 'navigate' ? await cache.match('./') : undefined);
    return copy ?? Response.error();
  }));
});
`;
}

/** `html` with the registration script (once), at the end of <head>. */
export function withRegistration(html) {
  const tag = `<script type="module" src="./${REGISTER}"></script>`;
  if (html.includes(tag)) return html;
  if (!/<\/head>/i.test(html)) throw new Error('index.html has no </head>');
  return html.replace(/<\/head>/i, `${tag}</head>`);
}

/** Writes the registration script and the worker for the build in `dir`; returns the version. */
export function writeOffline(dir) {
  writeFileSync(path.join(dir, REGISTER), REGISTER_SCRIPT);
  const files = appFiles(dir);
  const version = buildVersion(dir, files);
  writeFileSync(path.join(dir, WORKER), workerScript(version, files));
  return { version, files };
}

function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node tools/offline.mjs DIST_DIR');
    process.exit(2);
  }
  const index = path.join(dir, 'index.html');
  writeFileSync(index, withRegistration(readFileSync(index, 'utf8')));
  const { version, files } = writeOffline(dir);
  console.log(`offline: ${files.length} files in explorer-${version}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
