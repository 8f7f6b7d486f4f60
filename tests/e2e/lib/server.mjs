// A tiny static file server for dist/: 127.0.0.1, a free port, correct MIME types
// (application/wasm is what lets WebAssembly.instantiateStreaming compile while downloading), the
// build's .br/.gz copies sent as they are when the browser accepts them.
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { ENCODINGS } from '../../../tools/compress.mjs';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serves `root` at `/` and, to prove the build uses relative asset URLs, also below every
 * prefix in `mounts` (e.g. `/nested/app/`). `routes` serve other directories (or the same one
 * with extra response headers) below a prefix: `{ prefix: '/csp/', root, headers: () => ({…}) }`,
 * checked first. `port` 0 takes a free one. Resolves to { url, close() } once listening.
 */
export async function serveDir(root, { mounts = [], routes = [], port = 0 } = {}) {
  const base = path.resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let pathname = decodeURIComponent(url.pathname);
      let root = base;
      let extraHeaders = {};
      const route = routes.find((r) => pathname.startsWith(r.prefix));
      if (route) {
        root = path.resolve(route.root);
        extraHeaders = route.headers?.() ?? {};
        pathname = '/' + pathname.slice(route.prefix.length);
      }
      for (const mount of route ? [] : mounts) {
        if (pathname === mount.replace(/\/$/, '')) {
          res.writeHead(301, { Location: mount + url.search });
          return res.end();
        }
        if (pathname.startsWith(mount)) {
          pathname = '/' + pathname.slice(mount.length);
          break;
        }
      }
      let file = path.join(root, pathname);
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403);
        return res.end('forbidden');
      }
      let stat = await fs.stat(file).catch(() => null);
      if (stat?.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = await fs.stat(file).catch(() => null);
      }
      if (!stat?.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('not found');
      }
      // A compressed copy written by the build (tools/compress.mjs), when the browser takes it.
      const accepted = String(req.headers['accept-encoding'] ?? '').split(',').map((e) => e.trim().split(';')[0]);
      let encoding = null;
      for (const { name, ext } of ENCODINGS) {
        const copy = accepted.includes(name) ? await fs.stat(file + ext).catch(() => null) : null;
        if (copy?.isFile()) {
          encoding = { name, file: file + ext, size: copy.size };
          break;
        }
      }
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': encoding?.size ?? stat.size,
        ...(encoding ? { 'Content-Encoding': encoding.name } : {}),
        Vary: 'Accept-Encoding',
        // Like a real host: Trunk's content-hashed assets are immutable (so a browser context that
        // loads many pages compiles the wasm once); everything else is fetched every time.
        'Cache-Control': /-[0-9a-f]{16}(_bg|-[a-z0-9_-]+)?\.[a-z]+$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-store',
        ...extraHeaders,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(encoding?.file ?? file).pipe(res);
    } catch (err) {
      res.writeHead(500);
      res.end(String(err));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = server.address().port;
  return {
    url: `http://127.0.0.1:${bound}/`,
    // Kept-alive connections are cut too: after close() the site is really gone (the offline tests).
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}
