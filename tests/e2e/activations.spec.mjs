// The Activation explorer end to end: every catalogue function renders, URL state in and out,
// sliders by mouse and keyboard, the crosshair read-out against the formulas computed here in JS
// (1e-12 relative), notices for bad URL values, the properties table and the gradient-flow panel.
import { assert, canvasHash, PLOT_MAIN, waitForInk } from './lib/harness.mjs';

const byTestId = (id) => `[data-testid="${id}"]`;
const OVERLAY = byTestId('plot-main-overlay');
/// The address bar is written 150 ms after the last change (`url::sync`); wait for it at most this long.
const URL_TIMEOUT = 5_000;

// ---------------------------------------------------------------- the formulas, as nnfunc has them

const sigmoid = (x) => 1 / (1 + Math.exp(-x));

/** f and f′ of the functions checked below, as `crates/nnfunc/src/activation.rs` computes them. */
const FORMULAS = {
  elu: ({ alpha = 1 }) => ({
    f: (x) => (x > 0 ? x : alpha * Math.expm1(x)),
    df: (x) => (x > 0 ? 1 : alpha * Math.exp(x)),
  }),
  softplus: ({ beta = 1, threshold = 20 }) => ({
    f: (x) => (x * beta > threshold ? x : Math.log1p(Math.exp(x * beta)) / beta),
    df: (x) => {
      const z = Math.exp(x * beta);
      return x * beta > threshold ? 1 : z / (z + 1);
    },
  }),
  sigmoid: () => ({
    f: sigmoid,
    df: (x) => {
      const y = sigmoid(x);
      return (1 - y) * y;
    },
  }),
  relu: () => ({
    f: (x) => Math.max(x, 0),
    df: (x) => (x > 0 ? 1 : 0),
  }),
};

function assertClose(got, want, what, relative = 1e-12) {
  assert.ok(Number.isFinite(got), `${what}: read-out ${got} is not a number`);
  const ok = got === want || Math.abs(got - want) <= relative * Math.abs(want);
  assert.ok(ok, `${what}: read-out ${got}, expected ${want} (relative error ${Math.abs(got - want) / Math.abs(want)})`);
}

// ---------------------------------------------------------------- page helpers

async function openExplorer(t, query, options = {}) {
  const opened = await t.open(`?view=activations${query}`, options);
  await opened.page.locator(byTestId('view-activations')).waitFor();
  await waitForInk(opened.page, PLOT_MAIN);
  return opened;
}

/** Waits until the canvas shows something other than `before`; returns the new fingerprint. */
async function waitForRedraw(page, before, what, selector = PLOT_MAIN) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const now = await canvasHash(page, selector);
    if (now !== before) return now;
    if (Date.now() > deadline) assert.fail(`${what}: ${selector} did not change`);
    await page.waitForTimeout(50);
  }
}

const urlParam = (page, key) => page.evaluate((k) => new URL(location.href).searchParams.get(k), key);

/** Waits until the address bar has `key` = `value` (written 150 ms after the last change). */
async function waitForUrlParam(page, key, value) {
  await page.waitForFunction(([k, v]) => new URL(location.href).searchParams.get(k) === v,
    [key, value], { timeout: URL_TIMEOUT, polling: 50 }).catch(async () => {
    assert.fail(`the address bar never had ${key}=${value} (it has ${await urlParam(page, key)})`);
  });
}

async function sliderValue(page, name) {
  return Number(await page.locator(`input[name="${name}"]`).inputValue());
}

/** `data-x`, `data-fx`, `data-dfx` of `readout-<fn>` (null while there is no crosshair). */
async function readout(page, fn) {
  return page.locator(byTestId(`readout-${fn}`)).evaluate((row) =>
    (row.dataset.x === undefined ? null
      : { x: Number(row.dataset.x), fx: Number(row.dataset.fx), dfx: Number(row.dataset.dfx) }));
}

async function checkReadout(page, fn, params) {
  const values = await readout(page, fn);
  assert.ok(values, `readout-${fn} has values`);
  const { f, df } = FORMULAS[fn](params);
  assertClose(values.fx, f(values.x), `${fn}(${values.x})`);
  assertClose(values.dfx, df(values.x), `${fn}′(${values.x})`);
  return values;
}

// ---------------------------------------------------------------- tests

/** Loads `?view=activations&fn=<name>&deriv=1` for every function of menu group `group` (0: the
 * lecture's, 1: the rest of torch.nn) on one page; any console error fails the test (the runner). */
async function everyFunctionOfGroup(t, group) {
  const { page } = await openExplorer(t, '');
  const groups = await page.locator(`${byTestId('fn-list')} fieldset`).evaluateAll((sets) =>
    sets.map((set) => [...set.querySelectorAll('input[data-testid^="fn-toggle-"]')]
      .map((b) => b.dataset.testid.slice('fn-toggle-'.length))));
  assert.equal(groups.length, 2, 'two menu groups');
  const all = groups.flat();
  assert.ok(all.length >= 20, `the menu lists the catalogue's activations (${all.join(', ')})`);
  for (const name of ['relu', 'elu', 'softplus', 'sigmoid', 'gelu', 'sine', 'hardtanh', 'mish']) {
    assert.ok(all.includes(name), `the menu has ${name}`);
  }
  assert.ok(!all.includes('softmax'), 'softmax is not elementwise: it has its own view');
  const names = groups[group];
  assert.ok(names.length > 0, `group ${group} has functions`);
  for (const name of names) {
    await page.goto(t.url(`?view=activations&fn=${name}&deriv=1`), { waitUntil: 'load' });
    await page.locator(byTestId(`fn-card-${name}`)).waitFor({ timeout: 10_000 });
    const ink = await waitForInk(page, PLOT_MAIN);
    assert.ok(ink.colours >= 2, `${name}: the plot is blank`);
    assert.ok(await page.locator(byTestId(`legend-${name}`)).isVisible(), `${name}: legend row`);
    assert.equal(await page.locator(`${byTestId('legend')} li`).count(), 1, `${name}: shown alone`);
    assert.equal(await page.locator(byTestId(`readout-${name}`)).count(), 1, `${name}: read-out row`);
    assert.equal(await page.locator(byTestId(`fn-toggle-${name}`)).isChecked(), true, `${name}: ticked`);
    assert.equal(await page.locator(byTestId('url-notice')).count(), 0, `${name}: no notice`);
  }
}

export async function activations_every_lecture_function_renders(t) {
  await everyFunctionOfGroup(t, 0);
}

export async function activations_every_other_torch_function_renders(t) {
  await everyFunctionOfGroup(t, 1);
}

export async function activations_url_parameters_show_in_the_controls(t) {
  const { page } = await openExplorer(t,
    '&fn=elu,softplus&elu.alpha=0.5&softplus.beta=2&softplus.threshold=10&deriv=1&xmin=-3&xmax=2');
  assert.equal(await page.locator('input[name="elu.alpha"]').inputValue(), '0.5');
  assert.equal(await page.locator(byTestId('elu.alpha-number')).inputValue(), '0.5');
  assert.equal(await page.locator('input[name="softplus.beta"]').inputValue(), '2');
  assert.equal(await page.locator(byTestId('softplus.beta-number')).inputValue(), '2');
  assert.equal(await page.locator(byTestId('softplus.threshold-number')).inputValue(), '10');
  assert.match(await page.locator(byTestId('torch-elu')).textContent(), /alpha=0\.5\b/);
  assert.equal(await page.locator(byTestId('torch-softplus')).textContent(),
    'nn.Softplus(beta=2.0, threshold=10.0)');
  assert.equal(await page.locator(byTestId('deriv-toggle')).isChecked(), true);
  assert.equal(await page.locator(byTestId('fn-toggle-elu')).isChecked(), true);
  assert.equal(await page.locator(byTestId('fn-toggle-softplus')).isChecked(), true);
  assert.equal(await page.locator(byTestId('fn-toggle-relu')).isChecked(), false);
  assert.equal(await page.locator(byTestId('x-range')).textContent(), 'x from -3 to 2');
  assert.equal(await page.locator(byTestId('url-notice')).count(), 0);
  // Only the parameters' reset buttons of changed values are live.
  assert.equal(await page.locator(byTestId('elu.alpha-reset')).isEnabled(), true);
  // The state goes back into the address bar unchanged.
  await waitForUrlParam(page, 'fn', 'elu,softplus');
  assert.equal(await urlParam(page, 'elu.alpha'), '0.5');
  assert.equal(await urlParam(page, 'softplus.beta'), '2');
  assert.equal(await urlParam(page, 'xmin'), '-3');
}

export async function activations_dragging_a_slider_redraws_and_updates_the_url(t) {
  const { page } = await openExplorer(t, '&fn=elu&elu.alpha=1&deriv=1');
  const slider = page.locator('input[name="elu.alpha"]');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  assert.ok(box, 'the slider has a box');
  const before = await canvasHash(page);
  // α = 1 of [0, 3]: the thumb is a third of the way along; drag it to about two thirds.
  const y = box.y + box.height / 2;
  const from = box.x + box.width / 3;
  const to = box.x + (2 * box.width) / 3;
  await page.mouse.move(from, y);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(from + ((to - from) * k) / 10, y);
  await page.mouse.up();
  const alpha = await sliderValue(page, 'elu.alpha');
  assert.ok(alpha > 1.5 && alpha <= 3, `the drag moved α (now ${alpha})`);
  assert.equal(Number(await page.locator(byTestId('elu.alpha-number')).inputValue()), alpha);
  await waitForRedraw(page, before, 'dragging elu.alpha');
  assert.match(await page.locator(byTestId('torch-elu')).textContent(), new RegExp(`alpha=${alpha}\\b`));
  await waitForUrlParam(page, 'elu.alpha', String(alpha));
  await t.screenshot(page, 'activations-dragged');
}

export async function activations_keyboard_on_a_slider_redraws_and_updates_the_url(t) {
  const { page } = await openExplorer(t, '&fn=elu&elu.alpha=1&deriv=1');
  const slider = page.locator('input[name="elu.alpha"]');
  await slider.focus();
  let before = await canvasHash(page);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('input[name="elu.alpha"]').value === '1.01');
  before = await waitForRedraw(page, before, 'ArrowRight on elu.alpha');
  assert.equal(await page.locator(byTestId('elu.alpha-number')).inputValue(), '1.01');
  await waitForUrlParam(page, 'elu.alpha', '1.01');

  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelector('input[name="elu.alpha"]').value === '0.99');
  await waitForRedraw(page, before, 'ArrowLeft ×2 on elu.alpha');
  assert.match(await page.locator(byTestId('torch-elu')).textContent(), /alpha=0\.99\b/);
  await waitForUrlParam(page, 'elu.alpha', '0.99');
}

export async function activations_crosshair_readout_matches_the_formulas(t) {
  const params = { elu: { alpha: 0.5 }, softplus: { beta: 2, threshold: 1 }, sigmoid: {} };
  const { page } = await openExplorer(t,
    '&fn=elu,softplus,sigmoid&elu.alpha=0.5&softplus.beta=2&softplus.threshold=1&deriv=1');
  for (const fn of Object.keys(params)) assert.equal(await readout(page, fn), null, `${fn}: no crosshair yet`);
  const overlay = page.locator(OVERLAY);
  await overlay.scrollIntoViewIfNeeded();
  const box = await overlay.boundingBox();
  assert.ok(box, 'the overlay has a box');
  // Hover at several places: both branches of ELU, both sides of softplus's switch at x = 0.5.
  const seen = [];
  for (const fraction of [0.2, 0.45, 0.56, 0.8]) {
    const previous = await readout(page, 'elu');
    await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2);
    await page.waitForFunction(([sel, x]) => {
      const row = document.querySelector(sel);
      return row?.dataset.x !== undefined && Number(row.dataset.x) !== x;
    }, [byTestId('readout-elu'), previous?.x ?? NaN]);
    const xs = [];
    for (const [fn, p] of Object.entries(params)) xs.push((await checkReadout(page, fn, p)).x);
    assert.ok(xs.every((x) => x === xs[0]), `one crosshair x for all rows: ${xs}`);
    seen.push(xs[0]);
  }
  assert.ok(seen[0] < 0 && seen[seen.length - 1] > 0.5, `hovered both sides: ${seen}`);
  assert.ok(seen.some((x) => 2 * x > 1) && seen.some((x) => x > 0 && 2 * x <= 1),
    `softplus on both sides of its threshold: ${seen}`);

  // The keyboard, as documented: ← → move the crosshair by 1/200 of the view (0.05 here). The
  // mouse leaves the plot first, so that no (synthetic) pointer move puts the crosshair back.
  await page.mouse.move(1, 1);
  await overlay.focus();
  const start = (await readout(page, 'elu')).x;
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(([sel, x]) => Number(document.querySelector(sel)?.dataset.x) !== x,
    [byTestId('readout-elu'), start]);
  const moved = (await readout(page, 'elu')).x;
  assert.ok(Math.abs(moved - (start - 0.05)) < 1e-9, `← moved x from ${start} to ${moved}`);
  for (const [fn, p] of Object.entries(params)) await checkReadout(page, fn, p);
  // Walk the crosshair into x < 0 with the keys and check ELU's exponential branch there too.
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(([sel, x]) => Math.abs(Number(document.querySelector(sel)?.dataset.x) - x) < 1e-9,
    [byTestId('readout-elu'), moved - 30 * 0.05]);
  for (const [fn, p] of Object.entries(params)) await checkReadout(page, fn, p);
  // The text shows 6 significant digits of the same numbers.
  const text = await page.locator(byTestId('readout-elu')).textContent();
  assert.match(text, /x = -?\d/);
  assert.match(text, /f′\(x\) = /);
}

export async function activations_bad_url_values_give_a_notice(t) {
  const { page } = await openExplorer(t, '&fn=elu,nonexistent&elu.alpha=NaN&xmin=abc&deriv=1');
  const notice = page.locator(byTestId('url-notice'));
  await notice.waitFor({ state: 'visible' });
  const text = await notice.textContent();
  assert.ok(text.includes('nonexistent'), `the notice names the unknown function: ${text}`);
  assert.ok(text.includes('elu.alpha'), `the notice names elu.alpha: ${text}`);
  assert.ok(text.includes('xmin'), `the notice names xmin: ${text}`);
  assert.equal(await page.locator('input[name="elu.alpha"]').inputValue(), '1', 'α falls back to 1');
  assert.equal(await page.locator(byTestId('x-range')).textContent(), 'x from -5 to 5');
  assert.equal(await page.locator(`${byTestId('legend')} li`).count(), 1, 'ELU alone is shown');
  // The page still works: a slider moves the plot; the address bar gets the safe values.
  const before = await canvasHash(page);
  await page.locator('input[name="elu.alpha"]').focus();
  await page.keyboard.press('ArrowRight');
  await waitForRedraw(page, before, 'a slider after a bad URL');
  await waitForUrlParam(page, 'elu.alpha', '1.01');
  assert.equal(await urlParam(page, 'xmin'), '-5');
  assert.equal(await urlParam(page, 'fn'), 'elu');
}

export async function activations_markup_in_the_url_is_text(t) {
  const dialogs = [];
  const payload = '%3Cimg%20src=x%20onerror=alert(1)%3E';
  // An <img src=x> in the DOM would also request ./x, a 404 the runner reports as a console error.
  const query = `?view=activations&fn=elu&elu.alpha=${payload}&deriv=1`;
  const { page } = await openExplorer(t, query.slice('?view=activations'.length));
  // Load it again with a dialog listener in place, so an alert() would be seen, not auto-dismissed
  // (not a reload: by now the address bar holds the safe state).
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(t.url(query), { waitUntil: 'load' });
  await waitForInk(page, PLOT_MAIN);
  const notice = page.locator(byTestId('url-notice'));
  await notice.waitFor({ state: 'visible' });
  const text = await notice.textContent();
  assert.ok(text.includes('<img src=x onerror=alert(1)>'), `the URL text is shown as text: ${text}`);
  assert.equal(await page.locator('img').count(), 0, 'no <img> element was injected');
  assert.equal(await page.locator('input[name="elu.alpha"]').inputValue(), '1', 'α falls back to 1');
  const before = await canvasHash(page);
  await page.locator('input[name="elu.alpha"]').focus();
  await page.keyboard.press('ArrowLeft');
  await waitForRedraw(page, before, 'a slider after markup in the URL');
  await waitForUrlParam(page, 'elu.alpha', '0.99');
  assert.deepEqual(dialogs, [], 'no script ran');
}

export async function activations_relu_properties(t) {
  const { page } = await openExplorer(t, '&fn=relu,sigmoid&deriv=1');
  const table = page.locator(byTestId('properties-relu'));
  await table.waitFor();
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('[0, ∞)'),
    byTestId('properties-relu'), { timeout: 5_000 }).catch(async () => {
    assert.fail(`properties-relu lacks "[0, ∞)": ${await table.textContent()}`);
  });
  const rows = await table.locator('tr').evaluateAll((trs) =>
    Object.fromEntries(trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent])));
  assert.equal(rows['Output range'], '[0, ∞)');
  assert.equal(rows.Monotonic, 'yes');
  assert.equal(rows['Smooth (C¹)'], 'no');
  assert.equal(rows['f′(0) in PyTorch'], '0');
}

export async function activations_gradient_flow_has_a_row_per_function(t) {
  const { page } = await openExplorer(t, '&fn=relu,elu,sigmoid&deriv=1&flow.mu=0');
  await page.locator(byTestId('gradient-flow')).waitFor();
  const table = page.locator(byTestId('flow-table'));
  await table.locator(byTestId('flow-row-sigmoid')).waitFor();
  const rowIds = () => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.testid));
  assert.deepEqual(await rowIds(), ['flow-row-relu', 'flow-row-elu', 'flow-row-sigmoid']);
  const dead = Number(await table.locator(`${byTestId('flow-row-relu')} td[data-col="dead"]`).getAttribute('data-value'));
  assert.ok(Math.abs(dead - 0.5) < 0.03, `relu with μ = 0: about half the units are dead (${dead})`);
  const sigmoidDead = Number(await table.locator(`${byTestId('flow-row-sigmoid')} td[data-col="dead"]`).getAttribute('data-value'));
  assert.equal(sigmoidDead, 0, 'sigmoid never has f′ = 0');

  // Ticking a function adds its row (the panel follows 150 ms after the last change).
  await page.locator(byTestId('fn-toggle-tanh')).check();
  await table.locator(byTestId('flow-row-tanh')).waitFor({ timeout: 5_000 });
  assert.deepEqual(await rowIds(), ['flow-row-relu', 'flow-row-elu', 'flow-row-sigmoid', 'flow-row-tanh']);
  // Removing one takes its row away.
  await page.locator(byTestId('fn-remove-elu')).click();
  await table.locator(byTestId('flow-row-elu')).waitFor({ state: 'detached', timeout: 5_000 });
  assert.deepEqual(await rowIds(), ['flow-row-relu', 'flow-row-sigmoid', 'flow-row-tanh']);
}

export async function activations_glu_panel_equals_the_math(t) {
  // GLU is not element-wise: its own panel takes one pair (a, b) and shows a·σ(b) and both
  // gradients; the menu does not list it.
  const { page } = await t.open('?view=activations');
  await page.locator(byTestId('glu-panel')).waitFor();
  assert.equal(await page.locator(byTestId('fn-toggle-glu')).count(), 0, 'glu is not in the plot menu');
  const cell = async (id) => Number((await page.locator(byTestId(id)).textContent()).trim());
  const close = (got, want, what) =>
    assert.ok(Math.abs(got - want) <= 1e-11 * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);
  const check = async (a, b) => {
    const s = 1 / (1 + Math.exp(-b));
    close(await cell('glu-output'), a * s, `glu(${a}, ${b})`);
    close(await cell('glu-grad-a'), s, `d/da at (${a}, ${b})`);
    close(await cell('glu-grad-b'), a * s * (1 - s), `d/db at (${a}, ${b})`);
  };
  await check(1.5, -0.5);
  await page.getByTestId('glu-b').fill('3');
  await page.getByTestId('glu-b').press('Tab');
  await page.waitForFunction((want) => Math.abs(Number(
    document.querySelector('[data-testid="glu-output"]')?.textContent) - want) < 1e-9, 1.5 / (1 + Math.exp(-3)));
  await check(1.5, 3);
  // Its plot: a·σ(b) and both gradients over b, drawn.
  await waitForInk(page, byTestId('plot-glu'));
}
