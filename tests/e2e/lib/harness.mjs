// Helpers for e2e specs. Each spec file exports async functions `(t) => {}`; `t` is a TestContext.
//
//   export async function shows_relu(t) {
//     const { page } = await t.open('?fn=relu');          // waits for the app and its view
//     await page.getByTestId('plot-main').waitFor();
//     await t.screenshot(page, 'relu');                  // -> target/e2e/relu.png
//   }
//
// Every page opened through `t.open` records console errors and uncaught exceptions; the runner
// fails the test if any were seen (pass `allowErrors: [/regex/]` for an expected one).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import assert from 'node:assert/strict';

export { assert };

export const APP = '[data-testid="app"]';
/** The app with its view mounted (a view's code arrives after the shell, as a chunk of its own). */
export const READY = `${APP} [data-testid^="view-"]`;
export const PLOT_MAIN = '[data-testid="plot-main"]';

export class TestContext {
  constructor({ browser, baseUrl, dist, screenshotDir, name }) {
    this.browser = browser;
    this.baseUrl = baseUrl;
    /** The release build being tested (a directory). */
    this.dist = dist;
    this.screenshotDir = screenshotDir;
    this.name = name;
    this.contexts = [];
    this.pages = [];
  }

  /** Absolute URL for a query (`?fn=relu`), a hash, or a path relative to the app root. */
  url(relative = '') {
    return new URL(relative, this.baseUrl).href;
  }

  /**
   * Opens the app in a fresh browser context (no shared storage) at `relative` (e.g. '?fn=gelu').
   * Options: deviceScaleFactor (default 2, so DPR bugs show), viewport, waitFor (selector, default
   * the app with its view, READY; null to skip), allowErrors (regexes of console errors that are expected),
   * initScript (a function run in the page before the app's scripts, e.g. lib/page_helpers.mjs),
   * routes ([url pattern, handler] pairs installed on the context before the page opens, as
   * playwright's context.route takes them), baseUrl (another server of the app; default the suite's).
   */
  async open(relative = '', {
    deviceScaleFactor = 2,
    viewport = { width: 1280, height: 800 },
    waitFor = READY,
    allowErrors = [],
    timeout = 15_000,
    contextOptions = {},
    initScript = null,
    routes = [],
    baseUrl = this.baseUrl,
  } = {}) {
    const context = await this.browser.newContext({ deviceScaleFactor, viewport, ...contextOptions });
    if (initScript) await context.addInitScript(initScript);
    for (const [pattern, handler] of routes) await context.route(pattern, handler);
    this.contexts.push(context);
    const page = await context.newPage();
    const record = { page, errors: [], allowErrors };
    this.pages.push(record);
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        const where = msg.location()?.url ? ` (${msg.location().url})` : '';
        record.errors.push(`console.error: ${msg.text()}${where}`);
      }
    });
    page.on('pageerror', (err) => record.errors.push(`uncaught: ${err.stack ?? err.message}`));
    page.on('requestfailed', (req) => {
      // The browser drops a favicon or a view's chunk still loading when a test navigates or
      // closes the page.
      if (req.failure()?.errorText === 'net::ERR_ABORTED' && /\/(favicon-[^/]*\.svg|explorer-[0-9a-f]+-[a-z0-9_-]+\.wasm)$/.test(req.url())) return;
      record.errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
    });
    await page.goto(new URL(relative, baseUrl).href, { waitUntil: 'load', timeout });
    if (waitFor) await page.waitForSelector(waitFor, { timeout });
    return { page, errors: record.errors };
  }

  /** Saves `target/e2e/<name>.png` and returns its path. */
  async screenshot(page, name, options = {}) {
    await mkdir(this.screenshotDir, { recursive: true });
    const file = path.join(this.screenshotDir, `${name}.png`);
    await page.screenshot({ path: file, ...options });
    return file;
  }

  /** Console errors / page errors seen so far on all pages of this test, minus allowed ones. */
  unexpectedErrors() {
    return this.pages.flatMap(({ errors, allowErrors }) =>
      errors.filter((e) => !allowErrors.some((re) => re.test(e))));
  }

  async close() {
    await Promise.all(this.contexts.map((c) => c.close().catch(() => {})));
  }
}

/**
 * Page side: the canvas matching `selector`, read through a copy (drawImage, so any context works):
 * { width, height, colours } (distinct colours of a sample, up to 64) and with `hash` an FNV-1a
 * fingerprint of all its pixels; null while it is missing, 0x0 or has fewer than `minColours`.
 */
function readCanvas({ selector, minColours, hash }) {
  const canvas = document.querySelector(selector);
  if (!(canvas instanceof HTMLCanvasElement) || canvas.width === 0 || canvas.height === 0) {
    return null;
  }
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(canvas, 0, 0);
  const data = new Uint32Array(ctx.getImageData(0, 0, copy.width, copy.height).data.buffer);
  const colours = new Set();
  for (let i = 0; i < data.length && colours.size < 64; i += 7) colours.add(data[i]);
  if (colours.size < minColours) return null;
  const read = { width: canvas.width, height: canvas.height, colours: colours.size };
  if (hash) {
    let h = 0x811c9dc5;
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 0x01000193);
    read.hash = `${copy.width}x${copy.height}:${h >>> 0}`;
  }
  return read;
}

/** A cheap fingerprint of a canvas's pixels, to tell redraws apart (`0x0` while it has none). */
export async function canvasHash(page, selector = PLOT_MAIN) {
  const read = await page.evaluate(readCanvas, { selector, minColours: 0, hash: true });
  return read?.hash ?? '0x0';
}

/**
 * Waits until the canvas matching `selector` has drawn something: at least two distinct pixel
 * colours (a blank or cleared canvas has one). Returns { width, height, colours }.
 */
export async function waitForInk(page, selector = PLOT_MAIN, { timeout = 5_000 } = {}) {
  const handle = await page.waitForFunction(readCanvas, { selector, minColours: 2, hash: false },
    { timeout, polling: 100 }).catch((err) => {
    throw new Error(`${selector} stayed blank (one colour or 0x0) for ${timeout} ms: ${err.message}`);
  });
  return handle.jsonValue();
}
