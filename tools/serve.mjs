// Serves a built dist/ on 127.0.0.1 the way a static host should: the right MIME types, the
// build's .br/.gz copies sent as they are when the browser takes them (Content-Encoding), hashed
// files cached for good. `cargo xtask serve --release` runs it after the release build; by hand:
// node tools/serve.mjs [DIST_DIR] [PORT].
import { serveDir } from '../tests/e2e/lib/server.mjs';

const [dir = 'dist', port = '8080'] = process.argv.slice(2);
const server = await serveDir(dir, { port: Number(port) });
console.log(`serving ${dir} at ${server.url} (Ctrl+C stops)`);
