#!/usr/bin/env node
// End-to-end runner: serves the release dist/ on 127.0.0.1, drives the system Chromium with
// playwright-core, and runs every exported async function of tests/e2e/*.spec.mjs as a test.
//
//   node tests/e2e/run.mjs [--dist DIR] [--suite spec|debug] [--headed] [FILTER...]
//
// --suite picks the files: `*.spec.mjs` (default; the release build) or `*.debug.mjs` (tests that
// need a debug build, such as the panic trigger; `cargo xtask test` builds one for them).
// FILTER keeps tests whose "file: name" contains any of the given substrings.
// Prints `ok - name` / `not ok - name`, then `e2e: N passed, M failed`; exits 1 on any failure.
// An exported object of functions (such as `perView(...)` from lib/views.mjs builds) adds one test
// per entry, named by its key: how a suite runs once per registered view.
// Screenshots go to target/e2e/. A test function may carry `timeoutMs` (default 60 s). Run via `cargo xtask test` (after the release build) or
// `cargo xtask e2e` (against the existing dist/).
import { readdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDir } from './lib/server.mjs';
import { TestContext } from './lib/harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TEST_TIMEOUT_MS = Number(process.env.E2E_TEST_TIMEOUT_MS ?? 60_000);
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function parseArgs(argv) {
  const options = { dist: path.join(ROOT, 'dist'), suite: 'spec', headed: false, filters: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dist') options.dist = path.resolve(argv[++i]);
    else if (argv[i] === '--suite') options.suite = argv[++i];
    else if (argv[i] === '--headed') options.headed = true;
    else options.filters.push(argv[i]);
  }
  return options;
}

/** A module's tests: its exported functions, and the entries of its exported objects of functions. */
function testsOf(module) {
  return Object.entries(module).flatMap(([name, value]) => {
    if (typeof value === 'function') return [[name, value]];
    const entries = value && typeof value === 'object' ? Object.entries(value) : [];
    return entries.length && entries.every(([, fn]) => typeof fn === 'function') ? entries : [];
  });
}

async function collectTests(suite, filters) {
  const suffix = `.${suite}.mjs`;
  const files = (await readdir(HERE)).filter((f) => f.endsWith(suffix)).sort();
  const tests = [];
  for (const file of files) {
    const module = await import(pathToFileURL(path.join(HERE, file)).href);
    for (const [name, fn] of testsOf(module)) {
      const full = `${file.slice(0, -suffix.length)}: ${name}`;
      if (filters.length && !filters.some((f) => full.includes(f))) continue;
      tests.push({ name: full, fn, timeoutMs: fn.timeoutMs ?? TEST_TIMEOUT_MS });
    }
  }
  return tests;
}

/** The policy `tools/csp.mjs` wrote into dist/csp.txt, or the bare strict one if it is missing. */
function recommendedCsp(dist) {
  const file = path.join(dist, 'csp.txt');
  const bare = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : bare;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(options.dist, 'index.html'))) {
    console.error(`e2e: ${options.dist}/index.html is missing; build the release dist/ first`);
    process.exit(2);
  }
  const tests = await collectTests(options.suite, options.filters);
  if (tests.length === 0) {
    console.error('e2e: no tests matched');
    process.exit(2);
  }

  const server = await serveDir(options.dist, {
    mounts: ['/nested/app/'],
    routes: [
      // The same dist/ under the Content-Security-Policy the build recommends (dist/csp.txt).
      { prefix: '/csp/', root: options.dist, headers: () => ({ 'Content-Security-Policy': recommendedCsp(options.dist) }) },
      // examples/*.html point at ../dist/index.html: serve both as the repository root would.
      { prefix: '/examples/', root: path.join(ROOT, 'examples') },
      { prefix: '/dist/', root: options.dist },
      // Host pages written for the tests (a sandboxed iframe per view).
      { prefix: '/fixtures/', root: path.join(HERE, 'fixtures') },
    ],
  });
  // playwright's launch() gives Chromium a fresh temporary --user-data-dir and deletes it on
  // close (it refuses an explicit --user-data-dir); every t.open() adds a fresh context on top.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !options.headed,
    args: options.headed ? CHROMIUM_FLAGS.filter((f) => f !== '--headless') : CHROMIUM_FLAGS,
  });
  const screenshotDir = path.join(ROOT, 'target', 'e2e');
  console.log(`e2e: ${tests.length} tests, dist ${path.relative(ROOT, options.dist) || '.'} at ${server.url}, ` +
    `chromium ${browser.version()}`);

  let passed = 0;
  const failures = [];
  for (const { name, fn, timeoutMs } of tests) {
    const t = new TestContext({ browser, baseUrl: server.url, dist: options.dist, screenshotDir, name });
    const started = performance.now();
    let error = null;
    try {
      await withTimeout(fn(t), timeoutMs, name);
      const unexpected = t.unexpectedErrors();
      if (unexpected.length) {
        error = `errors on the page:\n${unexpected.map((e) => `  ${e}`).join('\n')}`;
      }
    } catch (err) {
      error = err;
      const also = t.unexpectedErrors();
      if (also.length) error = `${err.stack ?? err}\nerrors on the page:\n${also.map((e) => `  ${e}`).join('\n')}`;
    } finally {
      await t.close();
    }
    const ms = Math.round(performance.now() - started);
    if (error) {
      failures.push(name);
      console.log(`not ok - ${name} (${ms} ms)`);
      console.log(`    ${String(error?.stack ?? error).split('\n').join('\n    ')}`);
    } else {
      passed++;
      console.log(`ok - ${name} (${ms} ms)`);
    }
  }

  await browser.close();
  await server.close();
  console.log(`e2e: ${passed} passed, ${failures.length} failed`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((err) => {
  console.error(`e2e: runner error: ${err.stack ?? err}`);
  process.exit(1);
});
