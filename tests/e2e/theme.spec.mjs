// Themes (src/theme.rs, style/main.css): follow the system by default; the header's toggle picks
// light or dark, is remembered, and the plots redraw in its colours; embedded views take theme=.
import { assert, APP, PLOT_MAIN, waitForInk } from './lib/harness.mjs';

const LIGHT_BG = 'rgb(246, 247, 249)';
const DARK_BG = 'rgb(18, 19, 23)';

/** The page's background and the colour of the main plot's top-left pixel ([r, g, b]). */
async function colours(page) {
  await waitForInk(page, PLOT_MAIN);
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    const copy = document.createElement('canvas');
    copy.width = 4;
    copy.height = 4;
    const ctx = copy.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(canvas, 0, 0);
    return {
      page: getComputedStyle(document.documentElement).backgroundColor,
      plot: [...ctx.getImageData(1, 1, 1, 1).data.slice(0, 3)],
      attribute: document.documentElement.getAttribute('data-theme'),
    };
  }, PLOT_MAIN);
}

const isDarkPixel = ([r, g, b]) => r + g + b < 3 * 80;

export async function theme_follows_the_system_then_the_toggle_and_is_remembered(t) {
  const { page } = await t.open('?view=activations&fn=elu', { contextOptions: { colorScheme: 'dark' } });
  let now = await colours(page);
  assert.equal(now.attribute, null, 'no choice yet: follow the system');
  assert.equal(now.page, DARK_BG);
  assert.ok(isDarkPixel(now.plot), `dark plot ${now.plot}`);
  const select = page.getByTestId('theme-select');
  assert.equal(await select.inputValue(), 'system');
  assert.equal(await page.locator('label:has([data-testid="theme-select"])').textContent(), 'ThemeSystemLightDark');

  await select.selectOption('light');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  // The plot redraws in the light colours.
  await page.waitForFunction((sel) => {
    const copy = document.createElement('canvas');
    copy.width = copy.height = 4;
    const ctx = copy.getContext('2d');
    ctx.drawImage(document.querySelector(sel), 0, 0);
    const [r, g, b] = ctx.getImageData(1, 1, 1, 1).data;
    return r + g + b > 3 * 200;
  }, PLOT_MAIN);
  now = await colours(page);
  assert.equal(now.page, LIGHT_BG);
  await t.screenshot(page, 'theme-light-on-dark-system');

  // Remembered: a reload keeps light although the system prefers dark.
  await page.reload();
  await page.waitForSelector(APP);
  now = await colours(page);
  assert.equal(now.attribute, 'light');
  assert.equal(await page.getByTestId('theme-select').inputValue(), 'light');
  assert.ok(!isDarkPixel(now.plot), `light plot after reload ${now.plot}`);

  await page.getByTestId('theme-select').selectOption('dark');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await page.getByTestId('theme-select').selectOption('system');
  await page.waitForFunction(() => !document.documentElement.hasAttribute('data-theme'));
  assert.equal(await page.evaluate(() => localStorage.getItem('explorer.theme')), null);
}

export async function embedded_view_takes_theme_from_the_url(t) {
  const { page } = await t.open('?view=activations&fn=elu&embed=1&theme=dark',
    { contextOptions: { colorScheme: 'light' } });
  const now = await colours(page);
  assert.equal(now.attribute, 'dark');
  assert.equal(now.page, DARK_BG);
  assert.ok(isDarkPixel(now.plot), `dark plot ${now.plot}`);
  assert.equal(await page.getByTestId('theme-notice').count(), 0);
  // The full view opens without the embed-only keys.
  const full = page.getByTestId('open-full');
  await full.hover();
  assert.doesNotMatch(await full.getAttribute('href'), /theme=|embed=/);
  await t.screenshot(page, 'theme-embed-dark');
}

export async function unknown_theme_value_shows_a_notice_and_follows_the_system(t) {
  const { page } = await t.open(`?view=softmax&embed=1&theme=${encodeURIComponent('<b>purple</b>')}`,
    { contextOptions: { colorScheme: 'dark' } });
  const notice = page.getByTestId('theme-notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /theme=“<b>purple<\/b>”.*light, dark or system/);
  assert.equal(await page.locator('main b, .notice b').count(), 0, 'shown as text, not markup');
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), null);
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), DARK_BG);
}

/**
 * No light flash before the wasm starts: index.html's inline script applies the choice that
 * src/theme.rs will make (the stored one; theme= in embed mode) before the first paint. The wasm
 * request is held back, so what is checked is the page as it looks while loading.
 */
export async function theme_is_applied_before_the_wasm_starts(t) {
  const cases = [
    { query: '?view=activations&embed=1&theme=dark', stored: null, want: 'dark', bg: DARK_BG },
    { query: '?view=softmax&embed=1&theme=light', stored: 'dark', want: 'light', bg: LIGHT_BG },
    { query: '?view=losses', stored: 'dark', want: 'dark', bg: DARK_BG },
    // Full app: theme= is an embed key only; the stored choice wins.
    { query: '?view=losses&theme=light', stored: 'dark', want: 'dark', bg: DARK_BG },
    { query: '?view=triplet&embed=0&embed=1&theme=light&theme=DARK', stored: null, want: 'dark', bg: DARK_BG },
    { query: '?view=triplet', stored: null, want: null, bg: LIGHT_BG },
  ];
  for (const c of cases) {
    const context = await t.browser.newContext({ colorScheme: 'light' });
    t.contexts.push(context);
    await context.route('**/*.wasm', () => {}); // never answered: the app never starts
    if (c.stored) {
      await context.addInitScript((v) => localStorage.setItem('explorer.theme', v), c.stored);
    }
    const page = await context.newPage();
    await page.goto(t.url(c.query), { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.styleSheets.length > 0);
    const seen = await page.evaluate(() => ({
      attribute: document.documentElement.getAttribute('data-theme'),
      bg: getComputedStyle(document.documentElement).backgroundColor,
      started: !!document.querySelector('[data-testid="app"]'),
    }));
    assert.equal(seen.started, false, `${c.query}: the app must not have started`);
    assert.equal(seen.attribute, c.want, `${c.query} (stored ${c.stored}): data-theme`);
    assert.equal(seen.bg, c.bg, `${c.query}: background while loading`);
    await context.close();
  }
}
