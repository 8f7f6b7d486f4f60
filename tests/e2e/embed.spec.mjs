// Embed mode (?embed=1, ?controls=…), the share dialog and the PNG export (src/app.rs,
// src/embed.rs, src/components/share.rs; docs/embedding.md).
import { assert, APP, PLOT_MAIN, waitForInk } from './lib/harness.mjs';

const SLIDER = 'input[name="elu.alpha"]';

/** Sets a range input's value and fires `input`, as a drag would. */
async function setRange(locator, value) {
  await locator.evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** A course page (served by the test server's origin) holding the app in an iframe. */
async function openInIframe(t, query, { width = 800, height = 500 } = {}) {
  // A page of the app's origin as the host, then its document replaced. Not the app itself: its
  // <meta> Content-Security-Policy would stay with the document and block the host's inline style.
  const { page } = await t.open('fixtures/host.html', {
    viewport: { width: width + 40, height: height + 80 },
    waitFor: null,
  });
  const src = t.url(query);
  await page.setContent(`<!doctype html><html><head><title>Course page</title>
    <link rel="icon" href="data:,"></head><body style="margin:20px">
    <iframe id="embed" src="${src}" title="Activation explorer" width="${width}" height="${height}"
      style="border:0" allow="fullscreen"></iframe></body></html>`);
  const frame = page.frameLocator('#embed');
  await frame.locator(APP).waitFor();
  const handle = await page.$('#embed');
  return { page, frame, contentFrame: await handle.contentFrame() };
}

export async function embedded_view_has_no_chrome_and_its_slider_works(t) {
  const { page, frame, contentFrame } = await openInIframe(t,
    '?view=activations&fn=elu&embed=1');
  assert.equal(await frame.locator('.site-header').count(), 0, 'no header');
  assert.equal(await frame.locator('.site-nav').count(), 0, 'no navigation');
  assert.equal(await frame.locator('.site-footer').count(), 0, 'no footer');
  assert.equal(await frame.getByTestId('share-open').count(), 0, 'no share button in embeds');
  const full = frame.getByTestId('open-full');
  await full.waitFor();
  assert.equal(await full.getAttribute('target'), '_blank');
  assert.match(await full.getAttribute('rel'), /noopener/);

  const slider = frame.locator(SLIDER);
  await slider.waitFor();
  await setRange(slider, 0.5);
  await contentFrame.waitForFunction(() => location.search.includes('elu.alpha=0.5'));
  // The link follows the new state (its href is refreshed when it is pointed at) and drops embed.
  await full.hover();
  const href = await full.getAttribute('href');
  assert.match(href, /elu\.alpha=0\.5/);
  assert.doesNotMatch(href, /embed=/);
  await contentFrame.evaluate(() => window.scrollTo(0, 0));
  await t.screenshot(page, 'embed-800x500');
}

export async function embedded_view_fits_320x240(t) {
  const { page, frame } = await openInIframe(t, '?view=activations&fn=elu&embed=1&controls=none',
    { width: 320, height: 240 });
  await frame.locator(PLOT_MAIN).waitFor();
  const scrollWidth = await frame.locator('body').evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 320, `no horizontal scroll at 320 px (scrollWidth ${scrollWidth})`);
  await t.screenshot(page, 'embed-320x240');
}

export async function controls_none_hides_every_control_and_follows_the_url(t) {
  const { page } = await t.open('?view=activations&fn=elu&elu.alpha=2&embed=1&controls=none');
  await page.locator(PLOT_MAIN).waitFor();
  await waitForInk(page, PLOT_MAIN);
  // The filter runs after mount; wait until every named control is hidden.
  await page.waitForFunction(() => {
    const named = [...document.querySelectorAll('main input, main select, main textarea')];
    return named.length > 0 && named.every((el) => el.offsetParent === null);
  });
  const visibleButtons = await page.locator('main button:visible').count();
  const handles = await page.locator('main button:visible').evaluateAll((bs) =>
    bs.filter((b) => !b.parentElement?.querySelector('canvas')).length);
  assert.equal(handles, 0, `${visibleButtons} visible buttons, some not on a figure`);
  // The figure still follows the URL: ELU with alpha = 2 saturates at -2 (the hidden card says so).
  assert.match(await page.getByTestId('torch-elu').textContent(), /alpha=2/);
  await t.screenshot(page, 'embed-controls-none', { fullPage: true });
}

export async function controls_list_keeps_only_the_listed_controls(t) {
  const { page } = await t.open('?view=activations&fn=elu&embed=1&controls=elu.alpha,deriv');
  await page.locator(SLIDER).waitFor();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="fn-toggle-relu"]')?.offsetParent === null);
  assert.ok(await page.locator(SLIDER).isVisible(), 'elu.alpha stays');
  assert.ok(await page.getByTestId('deriv-toggle').isVisible(), 'deriv stays');
  assert.ok(!(await page.getByTestId('sat-toggle').isVisible()), 'sat is hidden');
  assert.ok(!(await page.getByTestId('fn-list').isVisible()), 'the function list is hidden');
}

export async function controls_filter_works_on_other_views(t) {
  // Controls without a name (the logit boxes) are keyed by data-testid; a slider's number box stays.
  const { page } = await t.open('?view=softmax&embed=1&controls=softmax.tau');
  await page.getByTestId('tau-slider').waitFor();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="logit-0"]')?.offsetParent === null);
  assert.ok(await page.getByTestId('tau-number').isVisible(), 'the number box of a kept slider stays');
  assert.ok(!(await page.getByTestId('logit-add').isVisible()), 'unlisted buttons are hidden');
  assert.ok(!(await page.getByTestId('softmax-index').isVisible()), 'unlisted selects are hidden');
}

export async function hostile_controls_value_is_ignored(t) {
  const { page } = await t.open(
    `?view=activations&embed=1&controls=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
  await page.locator(PLOT_MAIN).waitFor();
  assert.equal(await page.locator('img').count(), 0, 'nothing injected');
  assert.ok(await page.getByTestId('fn-list').isVisible(), 'an unusable list shows every control');
}

export async function share_dialog_has_the_current_state(t) {
  const { page } = await t.open('?view=activations&fn=elu');
  const slider = page.locator(SLIDER);
  await slider.waitFor();
  await setRange(slider, 0.7);
  await page.waitForFunction(() => location.search.includes('elu.alpha=0.7'));

  const open = page.getByTestId('share-open');
  await open.click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.waitFor();
  assert.ok(await dialog.evaluate((d) => d.open), 'the dialog is open');
  const link = await page.getByTestId('share-link').inputValue();
  assert.match(link, /elu\.alpha=0\.7/);
  assert.doesNotMatch(link, /embed=/);
  const snippet = await page.getByTestId('share-snippet').inputValue();
  assert.match(snippet, /^<iframe src="[^"]*elu\.alpha=0\.7[^"]*embed=1/);
  assert.match(snippet, /title="[^"]+"/);
  assert.match(snippet, /loading="lazy"/);
  assert.match(snippet, /width="100%"/);
  assert.match(snippet, /height="520"/);
  assert.match(snippet, /allow="fullscreen"/);
  assert.match(snippet, /style="border:0"/);
  assert.ok(snippet.includes('&amp;'), 'ampersands are escaped');

  await page.getByTestId('copy-embed').click();
  await page.waitForFunction(() =>
    /copied|copy/i.test(document.querySelector('[data-testid="copy-status"]')?.textContent ?? ''));
  await t.screenshot(page, 'share-dialog');

  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('[data-testid="share-dialog"]').open);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'share-open',
    'focus returns to the Share button');
}

export async function png_export_downloads_the_figure(t) {
  const { page } = await t.open('?view=activations&fn=elu');
  await page.locator(PLOT_MAIN).waitFor();
  await waitForInk(page, PLOT_MAIN);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('save-png').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'activations-plot-main.png');
}

/**
 * The Share dialog's embed options: the theme and which controls the embed shows go into the
 * snippet's src, and that src shows what was chosen.
 */
export async function share_dialog_sets_the_embeds_theme_and_controls(t) {
  const { page } = await t.open('?view=activations&fn=elu,softplus');
  await page.locator(SLIDER).waitFor();
  await page.getByTestId('share-open').click();
  await page.getByTestId('share-dialog').waitFor();
  const src = async () => {
    const snippet = await page.getByTestId('share-snippet').inputValue();
    const m = snippet.match(/^<iframe src="([^"]*)"/);
    assert.ok(m, snippet);
    return new URL(m[1].replaceAll('&amp;', '&'));
  };
  let url = await src();
  assert.equal(url.searchParams.get('theme'), null, 'default: the reader\'s system setting');
  assert.equal(url.searchParams.get('controls'), null, 'default: every control');

  await page.getByTestId('share-theme').selectOption('dark');
  await page.getByTestId('share-controls').selectOption('none');
  url = await src();
  assert.equal(url.searchParams.get('theme'), 'dark');
  assert.equal(url.searchParams.get('controls'), 'none');

  // Only chosen ones: the list holds the view's control names; tick two (by keyboard for one).
  await page.getByTestId('share-controls').selectOption('chosen');
  const list = page.getByTestId('share-control-list');
  await list.waitFor();
  const names = await list.locator('input[type="checkbox"]').evaluateAll((els) => els.map((e) => e.dataset.control));
  for (const name of ['elu.alpha', 'softplus.beta', 'deriv']) assert.ok(names.includes(name), `${name} in ${names}`);
  url = await src();
  assert.equal(url.searchParams.get('controls'), 'none', 'nothing ticked yet: no controls');
  await list.locator('input[data-control="elu.alpha"]').check();
  await list.locator('input[data-control="softplus.beta"]').focus();
  await page.keyboard.press('Space');
  url = await src();
  assert.equal(url.searchParams.get('controls'), 'elu.alpha,softplus.beta');
  assert.equal(url.searchParams.get('embed'), '1');
  await t.screenshot(page, 'share-dialog-embed-options');

  // The embed at that src: dark, with only those two controls.
  const { page: embedded } = await t.open(url.href.replace(/^.*\?/, '?'));
  await embedded.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.ok(await embedded.locator('input[name="elu.alpha"]').first().isVisible(), 'elu.alpha shown');
  assert.ok(await embedded.locator('input[name="softplus.beta"]').first().isVisible(), 'softplus.beta shown');
  assert.equal(await embedded.locator('input[name="softplus.threshold"]').first().isVisible(), false, 'others hidden');
}
