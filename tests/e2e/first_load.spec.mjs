// The first load of every page, opened cold by its URL: the gzip -9 bytes of every file the page
// requested until its main figure was drawn (html, css, js, the shell's wasm, the view's chunks;
// for the training lab also its worker) must stay under the view's ceiling in bench/budgets.json.
// A second view, opened from the navigation, must fetch only chunks (no second copy of the shell).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { APP, assert, READY, waitForInk } from './lib/harness.mjs';
import { VIEW_KEYS, VIEWS } from './lib/views.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUDGETS = JSON.parse(readFileSync(path.join(ROOT, 'bench', 'budgets.json'), 'utf8'));
const CEILINGS = BUDGETS.first_load_gzip_ceiling_bytes;
/** The offline copy is downloaded after the first plot; here it would count every file. */
const NO_SERVICE_WORKER = { contextOptions: { serviceWorkers: 'block' } };

/** gzip -9 size of a file of the build, by its URL path below the app root. */
function gzipBytes(dist, file) {
  return gzipSync(readFileSync(path.join(dist, file || 'index.html')), { level: 9 }).length;
}

/**
 * Opens `query` cold and returns the app files requested until `plot` was drawn: until the end
 * of the page's first `draw:<view>` measure (its main figure's first draw; not a part's, `draw:<view>:<part>`), or until its ink was seen.
 * What a view fetches once its figure is on the screen (a panel below it) does not count.
 */
async function firstLoad(t, query, plot) {
  const { page } = await t.open(query, NO_SERVICE_WORKER);
  const requested = [];
  const record = (request) => requested.push({ url: request.url(), at: Date.now() });
  page.context().on('request', record);
  await waitForInk(page, plot, { timeout: 15_000 });
  page.context().off('request', record);
  // Requests made before the listener was added: the document's own resources, from the page.
  const { drawn, early } = await page.evaluate(() => {
    const ends = performance.getEntriesByType('measure')
      .filter((m) => /^draw:[^:]+$/.test(m.name))
      .map((m) => m.startTime + m.duration);
    const drawnAt = ends.length ? Math.min(...ends) : performance.now();
    return {
      drawn: performance.timeOrigin + drawnAt,
      early: [location.href, ...performance.getEntriesByType('resource')
        .filter((entry) => entry.startTime <= drawnAt)
        .map((entry) => entry.name)],
    };
  });
  const before = requested.filter((r) => r.at <= drawn).map((r) => r.url);
  return { page, files: appFiles(t, [...early, ...before]) };
}

/** The distinct files of the app among `urls` (relative to the app root). */
function appFiles(t, urls) {
  const root = new URL(t.url('')).pathname;
  const files = new Set();
  for (const url of urls) {
    const { origin, pathname } = new URL(url);
    if (origin === new URL(t.url('')).origin && pathname.startsWith(root)) {
      files.add(decodeURIComponent(pathname.slice(root.length)));
    }
  }
  return [...files].sort();
}

export async function every_view_first_load_is_under_its_ceiling(t) {
  assert.deepEqual(
    VIEW_KEYS.filter((key) => !(CEILINGS?.[key] > 0)),
    [],
    'every registered view has a first_load_gzip_ceiling_bytes entry in bench/budgets.json',
  );
  const rows = [];
  const over = [];
  for (const view of VIEWS) {
    const { page, files } = await firstLoad(t, view.query, view.plot);
    const bytes = files.reduce((sum, file) => sum + gzipBytes(t.dist, file), 0);
    rows.push(`${view.name.padEnd(24)} ${(bytes / 1024).toFixed(1).padStart(7)} KiB  ${files.length} files`);
    if (bytes > CEILINGS[view.view]) {
      over.push(`${view.name}: ${bytes} B gzip -9 over ${CEILINGS[view.view]} B (${files.join(', ')})`);
    }
    await page.context().close();
  }
  console.log(`    first load, gzip -9, until the main figure is drawn:\n    ${rows.join('\n    ')}`);
  assert.deepEqual(over, [], 'make the view lighter, or raise its ceiling in bench/budgets.json on purpose');
}

export async function a_second_view_fetches_only_its_chunks(t) {
  const [first, second] = VIEW_KEYS;
  const start = VIEWS.find((view) => view.view === first);
  const next = VIEWS.find((view) => view.view === second);
  const { page, files: before } = await firstLoad(t, start.query, start.plot);
  const requested = [];
  page.context().on('request', (request) => requested.push(request.url()));
  await page.click(`[data-testid="nav-${second}"]`);
  await waitForInk(page, next.plot, { timeout: 15_000 });
  // Code only: the browser may ask again for the (cached) favicon when the address changes.
  const added = appFiles(t, requested).filter((file) => /\.(wasm|js|css|html)$/.test(file));
  assert.ok(added.length > 0, `opening ${second} after ${first} fetched its chunks`);
  const again = added.filter((file) => before.includes(file));
  assert.deepEqual(again, [], `opening ${second} fetched nothing the first view had fetched`);
  const notChunks = added.filter((file) => !file.endsWith('.wasm') && !file.startsWith('trainer'));
  assert.deepEqual(notChunks, [], `opening ${second} fetched only WebAssembly chunks`);
}

/**
 * Every page draws its first plot before the app has arrived (its chunk held back here), with the
 * app out of sight; once the app has drawn its own figure the first plot is gone and the app is
 * shown, with no console error on the way.
 */
export async function every_page_shows_its_first_plot_then_the_app(t) {
  for (const view of VIEWS) {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    const { page } = await t.open(view.query, {
      waitFor: null,
      ...NO_SERVICE_WORKER,
      routes: [['**/*-app.wasm', async (route) => { await held; await route.continue(); }]],
    });
    const first = await waitForInk(page, '#first-plot canvas', { timeout: 15_000 });
    assert.ok(first.width > 100 && first.height > 100, `${view.name}: the first plot is a figure (${first.width}×${first.height})`);
    const before = await page.evaluate((app) => ({
      app: document.querySelector(app) !== null,
      measures: performance.getEntriesByType('measure').map((m) => m.name).filter((n) => /^draw:[^:]+$/.test(n)),
    }), APP);
    assert.equal(before.app, false, `${view.name}: the app is not there yet`);
    assert.equal(before.measures.length, 1, `${view.name}: the first plot is the page's first draw (${before.measures})`);
    release();
    await page.waitForSelector(READY, { timeout: 15_000 });
    await waitForInk(page, view.plot, { timeout: 15_000 });
    await page.waitForSelector('#first-plot', { state: 'detached', timeout: 5_000 });
    const shown = await page.evaluate((app) => getComputedStyle(document.querySelector(app)).visibility, APP);
    assert.equal(shown, 'visible', `${view.name}: the app is shown once its figure is drawn`);
    await page.context().close();
  }
}
