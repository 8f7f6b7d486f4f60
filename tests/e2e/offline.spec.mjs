// The offline copy (tools/offline.mjs): once the app was opened, every view opens again with the
// site gone, and a new build is picked up on the next online visit, never mixed with the old one.
// Each test serves its own copy of dist/ so that it can take the site down or redeploy it.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { APP, assert, waitForInk } from './lib/harness.mjs';
import { serveDir } from './lib/server.mjs';
import { VIEWS, waitUntilAlive } from './lib/views.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { writeOffline } = await import(pathToFileURL(path.join(ROOT, 'tools', 'offline.mjs')).href);
const { writeCompressed } = await import(pathToFileURL(path.join(ROOT, 'tools', 'compress.mjs')).href);

/** A copy of the build being tested, served on its own port; `done()` removes both. */
async function ownSite(t) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'explorer-offline-'));
  await cp(t.dist, dir, { recursive: true });
  const server = await serveDir(dir);
  let up = true;
  return {
    dir,
    url: server.url,
    async down() {
      if (up) await server.close();
      up = false;
      await assert.rejects(fetch(server.url), 'the site must be unreachable');
    },
    async done() {
      if (up) await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the page is controlled by the worker (which activates only once the build's copy is
 * complete); the cache names.
 */
async function untilCached(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15_000 });
  return page.evaluate(() => caches.keys());
}

/** Waits until the only cache is `want` (an older build's copy was deleted). */
async function untilOnlyCache(page, want) {
  await page.evaluate(async (name) => {
    for (let i = 0; i < 150; i++) {
      const keys = await caches.keys();
      if (keys.length === 1 && keys[0] === name) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the caches are ${await caches.keys()}, not only ${name}`);
  }, want);
}

/** Waits until the worker of cache `want` is the active one (as seen from the workers). */
async function untilActive(context, want) {
  for (let i = 0; i < 150; i++) {
    for (const worker of context.serviceWorkers()) {
      const [cache, state] = await worker.evaluate(() => [CACHE, self.serviceWorker.state])
        .catch(() => [null, null]);
      if (cache === want && state === 'activated') return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the worker of ${want} never became active`);
}

/** With the site gone, the browser's update check of the worker fails and says so. */
const UPDATE_CHECK = [/An unknown error occurred when fetching the script/, /sw\.js.*ERR_CONNECTION_REFUSED|ERR_CONNECTION_REFUSED.*sw\.js/];

export async function every_view_opens_with_the_site_gone(t) {
  const site = await ownSite(t);
  try {
    const { page } = await t.open(VIEWS[0].query, { baseUrl: site.url, allowErrors: UPDATE_CHECK });
    await waitForInk(page, VIEWS[0].plot);
    await untilCached(page);
    await site.down();
    for (const view of VIEWS) {
      await page.goto(new URL(view.query, site.url).href, { waitUntil: 'load' });
      await page.waitForSelector(APP);
      await waitForInk(page, view.plot, { timeout: 10_000 });
      await waitUntilAlive(page, view);
    }
    // Both built-in lessons, in presenter mode: a lecture goes on when the hall's Wi-Fi fails.
    for (const lesson of ['activations', 'losses']) {
      await page.goto(new URL(`?lesson=${lesson}&step=2&present=1`, site.url).href, { waitUntil: 'load' });
      await page.getByTestId('lesson-progress').filter({ hasText: /^Step 2 of/ }).waitFor({ timeout: 10_000 });
      await page.getByTestId('lesson-next').click();
      await page.getByTestId('lesson-progress').filter({ hasText: /^Step 3 of/ }).waitFor({ timeout: 10_000 });
      await waitForInk(page, 'main canvas[data-testid]', { timeout: 10_000 });
    }
    await t.screenshot(page, 'offline-last-view');
  } finally {
    await site.done();
  }
}
every_view_opens_with_the_site_gone.timeoutMs = 120_000;

export async function a_new_build_is_picked_up_on_the_next_visit(t) {
  const site = await ownSite(t);
  try {
    const { page } = await t.open('?view=softmax', { baseUrl: site.url, allowErrors: UPDATE_CHECK });
    const [first] = await untilCached(page);

    // A redeploy: a changed index.html (a marker) and so a new worker with a new cache.
    const index = path.join(site.dir, 'index.html');
    const html = await readFile(index, 'utf8');
    await writeFile(index, html.replace('<title>', '<meta name="build" content="2"><title>'));
    const { version } = writeOffline(site.dir);
    writeCompressed(site.dir); // a deploy ships the .br/.gz copies of the new files too
    assert.notEqual(`explorer-${version}`, first);

    // The next visit online shows the new build at once (network first) ...
    await page.goto(new URL('?view=softmax', site.url).href, { waitUntil: 'load' });
    await page.waitForSelector(APP);
    assert.equal(await page.locator('meta[name="build"]').count(), 1, 'the new index.html');

    // ... its worker installs the new copy and waits while a page of the old build is open ...
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      for (let i = 0; i < 150 && !registration.waiting; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!registration.waiting) throw new Error('the new worker did not install');
    });
    // ... and once that page is gone, the new worker takes over and deletes the old copy.
    const context = page.context();
    await page.close();
    await untilActive(context, `explorer-${version}`);
    const next = await context.newPage();
    await next.goto(new URL('?view=softmax', site.url).href, { waitUntil: 'load' });
    await untilOnlyCache(next, `explorer-${version}`);

    // Offline, it is the new build that opens.
    await site.down();
    await next.reload({ waitUntil: 'load' });
    await next.waitForSelector(APP);
    await waitForInk(next, '[data-testid="softmax-bars"]');
    assert.equal(await next.locator('meta[name="build"]').count(), 1, 'the cached new build');
  } finally {
    await site.done();
  }
}
a_new_build_is_picked_up_on_the_next_visit.timeoutMs = 90_000;
