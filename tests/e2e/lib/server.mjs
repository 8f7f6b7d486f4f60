// A tiny static file server for dist/: 127.0.0.1, a free port, correct MIME types
// (application/wasm is what lets WebAssembly.instantiateStreaming compile while downloading).
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
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
 * checked first. Resolves to { url, close() } once listening.
 */
export async function serveDir(root, { mounts = [], routes = [] } = {}) {
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
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': stat.size,
        // Like a real host: Trunk's content-hashed assets are immutable (so a browser context that
        // loads many pages compiles the wasm once); everything else is fetched every time.
        'Cache-Control': /-[0-9a-f]{16}(_bg)?\.[a-z]+$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-store',
        ...extraHeaders,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch (err) {
      res.writeHead(500);
      res.end(String(err));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    // Kept-alive connections are cut too: after close() the site is really gone (the offline tests).
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}
