// The Softmax view end to end: outputs against softmax(x/τ) computed here in JS (1e-12), their sum,
// typed logits, the refusal of τ ≤ 0, URL state in and out, and notices for bad URL values.
import { assert, waitForInk } from './lib/harness.mjs';

const byTestId = (id) => `[data-testid="${id}"]`;
const DEFAULT_LOGITS = [2, 1, 0.1];

/** softmax(x/τ) as ATen computes it: the maximum subtracted, exponentials, then divided by their sum. */
function softmax(logits, tau) {
  const scaled = logits.map((x) => x / tau);
  const max = Math.max(...scaled);
  const exps = scaled.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

function assertClose(got, want, what, tolerance = 1e-12) {
  assert.ok(Number.isFinite(got), `${what}: ${got} is not a number`);
  assert.ok(Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(want)), `${what}: ${got}, expected ${want}`);
}

async function openSoftmax(t, query = '', options = {}) {
  const opened = await t.open(`?view=softmax${query}`, options);
  const { page } = opened;
  await page.locator(byTestId('view-softmax')).waitFor();
  await page.locator(byTestId('softmax-table')).waitFor();
  await waitForInk(page, byTestId('softmax-bars'));
  await waitForInk(page, byTestId('softmax-curve'));
  return opened;
}

const dataValue = async (page, id) => Number(await page.locator(byTestId(id)).getAttribute('data-value'));

async function logits(page) {
  const boxes = page.locator('input[data-testid^="logit-"][type="number"]');
  return (await boxes.evaluateAll((inputs) => inputs.map((i) => i.value))).map(Number);
}

/** Every softmax output and its sum equal the JS softmax of `want`/`tau`. */
async function checkOutputs(page, want, tau) {
  assert.deepEqual(await logits(page), want, 'the logit boxes');
  const expected = softmax(want, tau);
  for (const [i, p] of expected.entries()) {
    assertClose(await dataValue(page, `out-softmax-${i}`), p, `softmax(x/τ)[${i}]`);
  }
  assert.equal(await page.locator('[data-testid^="out-softmax-"]').count(), want.length);
  assertClose(await dataValue(page, 'sum-softmax'), 1, 'Σ softmax');
  assertClose(await dataValue(page, 'sum-softmin'), 1, 'Σ softmin');
  assertClose(await dataValue(page, 'sum-log_softmax'), 1, 'Σ exp(log_softmax)');
}

/** Waits until `out-softmax-<i>` shows a value other than `before`. */
async function waitForOutputChange(page, i, before) {
  await page.waitForFunction(([sel, v]) => Number(document.querySelector(sel)?.dataset.value) !== v,
    [byTestId(`out-softmax-${i}`), before], { timeout: 5_000 });
}

export async function softmax_renders_and_sums_to_one(t) {
  const { page } = await openSoftmax(t);
  assert.equal(await page.locator(byTestId('url-notice')).count(), 0);
  assert.equal(await page.locator(byTestId('tau-number')).inputValue(), '1');
  await checkOutputs(page, DEFAULT_LOGITS, 1);
  // softmin(x) = softmax(−x); log_softmax = log softmax.
  const min = softmax(DEFAULT_LOGITS.map((x) => -x), 1);
  for (const [i, p] of min.entries()) assertClose(await dataValue(page, `out-softmin-${i}`), p, `softmin[${i}]`);
  const max = softmax(DEFAULT_LOGITS, 1);
  for (const [i, p] of max.entries()) {
    assertClose(await dataValue(page, `out-log_softmax-${i}`), Math.log(p), `log_softmax[${i}]`);
  }
  await t.screenshot(page, 'softmax');
}

export async function softmax_typing_a_logit_updates_the_outputs(t) {
  const { page } = await openSoftmax(t);
  const before = await dataValue(page, 'out-softmax-1');
  const box = page.locator(byTestId('logit-1'));
  await box.fill('3.5');
  await box.press('Tab');
  await waitForOutputChange(page, 1, before);
  await checkOutputs(page, [2, 3.5, 0.1], 1);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('logits') === '2,3.5,0.1');

  // A negative one, and a temperature typed next to it.
  const again = await dataValue(page, 'out-softmax-0');
  await page.locator(byTestId('logit-0')).fill('-1.25');
  await page.locator(byTestId('logit-0')).press('Tab');
  await waitForOutputChange(page, 0, again);
  const tau = page.locator(byTestId('tau-number'));
  const beforeTau = await dataValue(page, 'out-softmax-0');
  await tau.fill('0.5');
  await tau.press('Tab');
  await waitForOutputChange(page, 0, beforeTau);
  await checkOutputs(page, [-1.25, 3.5, 0.1], 0.5);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('tau') === '0.5');

  // A value that is not a logit is refused and changes nothing.
  await page.locator(byTestId('logit-2')).fill('5000');
  await page.locator(byTestId('logit-2')).press('Tab');
  await page.locator('.softmax-logits [role="alert"]').waitFor();
  assertClose(await dataValue(page, 'out-softmax-2'), softmax([-1.25, 3.5, 0.1], 0.5)[2], 'after a refused logit');
}

export async function softmax_refuses_a_temperature_that_is_not_positive(t) {
  const { page } = await openSoftmax(t);
  const tau = page.locator(byTestId('tau-number'));
  for (const bad of ['0', '-1']) {
    await tau.fill(bad);
    await tau.press('Tab');
    const error = page.locator(byTestId('tau-error'));
    await error.waitFor();
    assert.match(await error.textContent(), /greater than 0/);
    // The outputs stay those of τ = 1.
    await checkOutputs(page, DEFAULT_LOGITS, 1);
    assert.equal(new URL(page.url()).searchParams.get('tau'), '1');
  }
  // A valid τ clears the error.
  await tau.fill('2');
  await tau.press('Tab');
  await page.locator(byTestId('tau-error')).waitFor({ state: 'detached' });
  await page.waitForFunction(() => new URL(location.href).searchParams.get('tau') === '2');
  await checkOutputs(page, DEFAULT_LOGITS, 2);
}

export async function softmax_url_restores_the_state(t) {
  const { page } = await openSoftmax(t, '&logits=1,2,3&tau=2');
  assert.equal(await page.locator(byTestId('url-notice')).count(), 0);
  assert.equal(await page.locator(byTestId('tau-number')).inputValue(), '2');
  await checkOutputs(page, [1, 2, 3], 2);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('logits'), '1,2,3');
  assert.equal(url.searchParams.get('tau'), '2');
  // Arrow keys on a bar move its logit by 0.1, and the address bar follows.
  const before = await dataValue(page, 'out-softmax-0');
  await page.locator(byTestId('logit-bar-0')).focus();
  await page.keyboard.press('ArrowUp');
  await waitForOutputChange(page, 0, before);
  await checkOutputs(page, [1.1, 2, 3], 2);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('logits') === '1.1,2,3');
}

export async function softmax_bad_url_values_give_a_notice(t) {
  const { page } = await openSoftmax(t, '&logits=1,abc,%3Cimg%20src=x%3E&tau=-1');
  const notice = page.locator(byTestId('url-notice'));
  await notice.waitFor({ state: 'visible' });
  const text = await notice.textContent();
  assert.ok(text.includes('logits'), `the notice names logits: ${text}`);
  assert.ok(text.includes('tau'), `the notice names tau: ${text}`);
  assert.ok(text.includes('<img src=x>'), `URL text is shown as text: ${text}`);
  assert.equal(await page.locator('img').count(), 0, 'never as markup');
  assert.equal(await page.locator(byTestId('tau-number')).inputValue(), '1');
  await checkOutputs(page, DEFAULT_LOGITS, 1);
  // Still responsive.
  const before = await dataValue(page, 'out-softmax-2');
  await page.locator(byTestId('logit-2')).fill('4');
  await page.locator(byTestId('logit-2')).press('Tab');
  await waitForOutputChange(page, 2, before);
  await checkOutputs(page, [2, 1, 4], 1);

  const { page: other } = await openSoftmax(t, '&logits=1,2,3,4,5,6,7,8,9&tau=0');
  await other.locator(byTestId('url-notice')).waitFor({ state: 'visible' });
  await checkOutputs(other, DEFAULT_LOGITS, 1);
}
