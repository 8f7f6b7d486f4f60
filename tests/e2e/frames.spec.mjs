// The app inside other pages: every view in a sandboxed iframe (allow-scripts allow-same-origin),
// as a course platform that sandboxes third-party content shows it, and the reveal.js deck of examples/ (slides.html, reveal.js
// vendored in examples/vendor/). The test server serves fixtures/ at /fixtures/, examples/ at
// /examples/ and dist/ also at /dist/ (as the repository root would).
import { assert, APP, waitForInk } from './lib/harness.mjs';
import { VIEWS, checkControl, setControl, waitUntilAlive } from './lib/views.mjs';

/** The Frame of the iframe matching `selector`, once the app in it has mounted. */
async function appFrame(page, selector) {
  const handle = await page.waitForSelector(selector);
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('src'), selector);
  const frame = await handle.contentFrame();
  await frame.waitForSelector(APP, { timeout: 15_000 });
  return frame;
}

export async function every_view_works_in_a_sandboxed_iframe(t) {
  // A page of the test server's origin (fixtures/host.html) holding every registered page in
  // embed mode, each in its own sandboxed iframe named by the page.
  const { page } = await t.open('fixtures/host.html', { waitFor: null });
  await page.evaluate((views) => {
    document.title = 'Sandboxed embeds (e2e fixture)';
    document.body.innerHTML = '<h1>Sandboxed embeds</h1>';
    for (const { name, query } of views) {
      const heading = document.createElement('h2');
      heading.textContent = name;
      const frame = document.createElement('iframe');
      Object.assign(frame, { id: name, title: `Activation & Loss Explorer: ${name}`, width: 360, height: 480 });
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
      frame.src = `../${query}&embed=1`;
      document.body.append(heading, frame);
    }
  }, VIEWS.map(({ name, query }) => ({ name, query })));
  for (const view of VIEWS) {
    const frame = await appFrame(page, `iframe#${view.name}`);
    assert.equal(await page.locator(`iframe#${view.name}`).getAttribute('sandbox'),
      'allow-scripts allow-same-origin');
    await frame.locator(view.plot).waitFor();
    // waitForInk takes anything with waitForFunction: here the iframe's Frame.
    await waitForInk(frame, view.plot);
    await waitUntilAlive(frame, view);
    await checkControl(frame, view, view.name);
  }
  await t.screenshot(page, 'sandboxed-iframes', { fullPage: true });
}

export async function reveal_deck_shows_live_views(t) {
  const { page } = await t.open('examples/slides.html#/1', {
    waitFor: '.reveal.ready',
    viewport: { width: 1280, height: 800 },
  });
  assert.equal(await page.evaluate(() => typeof window.Reveal?.getCurrentSlide), 'function',
    'the vendored reveal.js loaded');
  const elu = await appFrame(page, '[data-testid="deck-elu"]');
  await waitForInk(elu, '[data-testid="plot-main"]');
  assert.equal(await elu.evaluate(() => document.documentElement.dataset.theme), 'light');
  await setControl(elu.locator('input[name="elu.alpha"]'), 0.5);
  await elu.waitForFunction(() => new URL(location.href).searchParams.get('elu.alpha') === '0.5');
  await t.screenshot(page, 'reveal-deck-elu');

  await page.keyboard.press('ArrowRight');
  const softmax = await appFrame(page, '[data-testid="deck-softmax"]');
  await waitForInk(softmax, '[data-testid="softmax-bars"]');
  assert.equal(await softmax.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.waitForTimeout(800); // the slide transition
  await t.screenshot(page, 'reveal-deck-softmax');
}
