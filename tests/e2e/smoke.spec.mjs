// Smoke: the release build loads, mounts, and logs no error.
import { assert, PLOT_MAIN, waitForInk } from './lib/harness.mjs';

export async function app_loads_without_console_errors(t) {
  const { page } = await t.open('');
  assert.equal(await page.title(), 'Activation & Loss Explorer');
  // The main plot arrives with the plotting UI; once it exists it must have drawn something.
  const plot = await page.waitForSelector(PLOT_MAIN, { timeout: 3_000 }).catch(() => null);
  if (plot) {
    const ink = await waitForInk(page, PLOT_MAIN);
    assert.ok(ink.colours >= 2, `${PLOT_MAIN} is blank`);
  }
  await t.screenshot(page, 'smoke');
}

export async function app_loads_from_a_sub_path(t) {
  // dist/ uses relative asset URLs (Trunk public_url = "./"), so it works below any prefix.
  const { page } = await t.open('nested/app/?from=subpath');
  assert.ok(await page.locator('[data-testid="app"]').isVisible());
}
