// Panic containment, against a DEBUG build (`cargo xtask test` builds one into
// target/e2e-debug-dist): `?debug_panic=1` makes the first input event panic, as a bug in a handler
// would. The page must show the banner instead of freezing silently, and the banner's link must
// bring the view back with default parameters. Release builds do not contain the trigger
// (robustness.spec.mjs checks that).
import { assert, waitForInk } from './lib/harness.mjs';
import { perView } from './lib/views.mjs';

// The panic is logged (console.error from the hook) and the wasm trap is an uncaught error.
const EXPECTED = [/debug_panic/, /panicked/, /unreachable/i, /RuntimeError/];

async function panicsAndRecovers(t, view) {
  const { page } = await t.open(`?view=${view}&junk=1&debug_panic=1`, { allowErrors: EXPECTED });
  const slider = page.locator('main input[type="range"]').first();
  await slider.waitFor();
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  const banner = page.getByTestId('panic-banner');
  await banner.waitFor({ timeout: 5_000 });
  assert.equal(await banner.getAttribute('role'), 'alert');
  assert.match(await banner.innerText(), /went wrong/);
  const reload = page.getByTestId('panic-reload');
  const href = new URL(await reload.getAttribute('href'));
  assert.deepEqual([...href.searchParams.keys()], ['view'], `${view}: defaults link ${href}`);
  assert.equal(href.searchParams.get('view'), view);
  // The link works: the view comes back, without the banner, and responds to input.
  await Promise.all([page.waitForNavigation(), reload.click()]);
  await page.waitForSelector('[data-testid="app"]');
  assert.equal(await page.getByTestId('panic-banner').count(), 0, `${view}: banner after reload`);
  const again = page.locator('main input[type="range"]').first();
  await again.waitFor();
  await waitForInk(page, 'main canvas');
  const before = await page.evaluate(() => location.search);
  await again.focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((b) => location.search !== b, before, { timeout: 3_000 });
  assert.equal(await page.getByTestId('panic-banner').count(), 0, `${view}: recovered view panicked`);
}

export const panic_shows_the_banner_and_recovers = perView('panic_shows_the_banner_and_recovers', panicsAndRecovers, {
  skip: { training: 'not covered yet: it has not been run against a debug build with the trigger' },
});
