// axe-core (tests/e2e/node_modules, installed by xtask from package-lock.json; injected from the
// file, no CDN) against every view and every losses family, in the full app and in embed mode,
// in both themes. Serious and critical violations fail; minor and moderate ones are printed.
import { assert, waitForInk } from './lib/harness.mjs';
import { VIEWS } from './lib/views.mjs';
import { runAxe, describe } from './lib/axe.mjs';

async function check(t, query, label, colorScheme, prepare = async () => {}) {
  // bypassCSP: the page's own policy (tools/csp.mjs) would block the injected axe script.
  const { page } = await t.open(query, { contextOptions: { colorScheme, bypassCSP: true } });
  const view = VIEWS.find((v) => query.includes(v.query));
  await page.locator(view.plot).waitFor();
  await waitForInk(page, view.plot);
  await prepare(page);
  const violations = await runAxe(page);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = violations.filter((v) => !serious.includes(v));
  if (other.length) console.log(`    axe ${label} (${colorScheme}), minor/moderate:\n${describe(other)}`);
  await page.context().close();
  return serious.length ? `${label} (${colorScheme}):\n${describe(serious)}` : null;
}

async function checkAll(t, embed) {
  const failures = [];
  for (const view of VIEWS) {
    for (const scheme of ['light', 'dark']) {
      const failure = await check(t, `${view.query}${embed}`, `${view.name}${embed}`, scheme);
      if (failure) failures.push(failure);
    }
  }
  assert.equal(failures.length, 0, `axe: serious or critical violations\n${failures.join('\n')}`);
}

export async function no_serious_axe_violations_in_any_view(t) {
  await checkAll(t, '');
}

export async function no_serious_axe_violations_in_embed_mode(t) {
  await checkAll(t, '&embed=1');
}

/** The landscape lab with what is closed at first open: the per-point table and a reading's messages. */
export async function the_lab_s_point_table_and_own_points_pass_axe(t) {
  const prepare = async (page) => {
    await page.locator('[data-testid="pulls-table"] summary').click();
    await page.getByTestId('pull-row').first().waitFor();
    await page.getByTestId('points-text').fill('1, 2\nnot a point\n3, 4\n');
    await page.getByTestId('points-use').click();
    await page.getByTestId('points-messages').waitFor();
  };
  const failures = [];
  for (const scheme of ['light', 'dark']) {
    const failure = await check(t, '?view=losses&family=landscape', 'landscape lab, opened', scheme, prepare);
    if (failure) failures.push(failure);
  }
  assert.equal(failures.length, 0, `axe: serious or critical violations\n${failures.join('\n')}`);
}

// Every page in both themes, each with a full axe run: more than the default minute on a busy
// machine.
no_serious_axe_violations_in_any_view.timeoutMs = 180_000;
no_serious_axe_violations_in_embed_mode.timeoutMs = 180_000;

/**
 * Every plot's text alternative (`role="img"` + `aria-label`) states what is drawn with the current
 * parameters and read-out, and follows a change made the way a reader makes it.
 */
export async function plot_text_alternatives_follow_the_state(t) {
  const label = (page, testId) => page.getByTestId(testId).getAttribute('aria-label');
  const changed = async (page, testId, before, what) => {
    await page.waitForFunction(([id, old]) =>
      document.querySelector(`[data-testid="${id}"]`)?.getAttribute('aria-label') !== old, [testId, before]);
    const now = await label(page, testId);
    assert.notEqual(now, before, what);
    return now;
  };

  // Activations: the parameters as PyTorch code, then the crosshair's read-out.
  let { page } = await t.open('?view=activations&fn=elu,relu&elu.alpha=0.5');
  let text = await label(page, 'plot-main');
  assert.match(text, /nn\.ELU\(alpha=0\.5\)/, text);
  assert.match(text, /nn\.ReLU\(/, text);
  assert.doesNotMatch(text, /At x =/, 'no read-out before the crosshair');
  await page.locator('input[name="elu.alpha"]').fill('1.5');
  text = await changed(page, 'plot-main', text, 'elu.alpha typed');
  assert.match(text, /nn\.ELU\(alpha=1\.5\)/, text);
  await page.getByTestId('plot-main-overlay').focus();
  await page.keyboard.press('ArrowRight');
  text = await changed(page, 'plot-main', text, 'crosshair moved by keyboard');
  assert.match(text, /At x = [-\d.e]+: ELU f\(x\) = [-\d.e]+, f′\(x\) = [-\d.e]+; ReLU f\(x\) = /, text);

  // Softmax: the logits and the outputs.
  ({ page } = await t.open('?view=softmax&logits=2,1,0.1'));
  text = await label(page, 'softmax-bars');
  assert.match(text, /logits x = \[2, 1, 0\.1\] and τ = 1\b/, text);
  assert.match(text, /softmax = \[0\.659, 0\.2424, 0\.09857\]/, text);
  await page.getByTestId('logit-1').fill('3.5');
  await page.getByTestId('logit-1').press('Tab');
  text = await changed(page, 'softmax-bars', text, 'logit typed');
  assert.match(text, /\[2, 3\.5, 0\.1\]/, text);

  // Losses: regression read-out at the residual; the landscape lab's fits.
  ({ page } = await t.open('?view=losses&family=regression'));
  text = await label(page, 'plot-loss');
  await page.locator('input[name="residual"]').fill('2.5');
  text = await changed(page, 'plot-loss', text, 'residual typed');
  assert.match(text, /At the marked d = 2\.5: mse_loss 6\.25, gradient 5; l1_loss 2\.5, gradient 1;/, text);
  ({ page } = await t.open('?view=losses&family=landscape'));
  text = await label(page, 'scatter');
  assert.match(text, /^\d+ points and the best line under each loss: mse_loss: y = /, text);
  assert.match(await label(page, 'landscape'), /over w from .* and b from .*minimiser/);

  // Triplet: positions, distances and both losses follow a handle moved by keyboard.
  ({ page } = await t.open('?view=triplet'));
  text = await label(page, 'plane');
  assert.match(text, /anchor \([-\d.]+, [-\d.]+\).*δ₊ = [\d.]+, δ₋ = [\d.]+, margin 1: triplet margin loss [\d.e-]+, ratio loss [\d.e-]+\./, text);
  const surface = await label(page, 'surface-margin');
  await page.getByTestId('handle-anchor').focus();
  await page.keyboard.press('Shift+ArrowUp');
  text = await changed(page, 'plane', text, 'anchor moved');
  await changed(page, 'surface-margin', surface, 'the surface marker follows');
}
