// The PyTorch panel (src/components/pytorch.rs): the state as a script and what it prints, following
// the state; Copy, Download .py, keyboard, `pytorch=1`, embeds, dark mode and a phone.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { assert, PLOT_MAIN, waitForInk } from './lib/harness.mjs';

const CODE = '[data-testid="pytorch-code"]';
const EXPECTED = '[data-testid="pytorch-expected"]';

/** Waits until the panel's text for `selector` satisfies `test` (a regex), returns the text. */
async function waitText(page, selector, test, what) {
  await page.waitForFunction(([s, source, flags]) => new RegExp(source, flags).test(document.querySelector(s)?.textContent ?? ''),
    [selector, test.source, test.flags], { timeout: 5_000 }).catch(() => {});
  const text = await page.locator(selector).textContent();
  assert.match(text, test, what);
  return text;
}

/** The numbers of the expected line `name = [..]` (or `name = v`). */
function printed(expected, name) {
  const line = expected.split('\n').find((l) => l.startsWith(`${name} = `));
  assert.ok(line, `a line for ${name} in:\n${expected}`);
  return line.slice(name.length + 3).replace(/[[\]]/g, '').split(',').map(Number);
}

export async function the_panel_follows_the_state_and_the_crosshair(t) {
  const { page } = await t.open('?view=activations&fn=elu,relu&pytorch=1');
  await waitForInk(page, PLOT_MAIN);
  let code = await waitText(page, CODE, /y = F\.elu\(x\)\n/, 'ELU with the default alpha, written as a person would');
  assert.match(code, /^import torch$/m);
  assert.match(code, /torch\.set_default_dtype\(torch\.float64\)/);
  assert.match(code, /x = torch\.tensor\(\[-5\.0, 0\.0, 5\.0\], requires_grad=True\)/, 'x_min, 0, x_max');
  let expected = await waitText(page, EXPECTED, /^elu\(x\) = \[/m, 'what it prints');
  assert.deepEqual(printed(expected, 'relu(x)'), [0, 0, 5]);
  assert.deepEqual(printed(expected, "relu'(0)"), [0], 'ReLU′(0) is 0 in PyTorch');

  // A slider moved the way a reader moves it: the script and its expectation follow.
  await page.locator('input[name="elu.alpha"]').fill('0.5');
  code = await waitText(page, CODE, /y = F\.elu\(x, alpha=0\.5\)/, 'the new alpha');
  expected = await waitText(page, EXPECTED, /^elu\(x\) = \[-0\.49/m, 'ELU(−5) with alpha 0.5');

  // The crosshair, moved by keyboard: the script is at its x, and prints exactly the read-out.
  await page.getByTestId('plot-main-overlay').focus();
  await page.keyboard.press('ArrowRight');
  await waitText(page, CODE, /x = torch\.tensor\(\[[-\d.e]+\], requires_grad=True\)/, 'at the crosshair');
  const row = await page.getByTestId('readout-elu').evaluate((r) => ({ x: r.dataset.x, fx: r.dataset.fx, dfx: r.dataset.dfx }));
  code = await page.locator(CODE).textContent();
  assert.equal(Number(code.match(/x = torch\.tensor\(\[([^\]]+)\]/)[1]), Number(row.x), 'the crosshair\'s x');
  expected = await waitText(page, EXPECTED, /^elu\(x\) = \[[^,]+\]$/m, 'one point');
  assert.deepEqual(printed(expected, 'elu(x)'), [Number(row.fx)], 'f(x) as the read-out shows it');
  assert.deepEqual(printed(expected, "elu'(x)"), [Number(row.dfx)], 'f′(x) as the read-out shows it');
  await t.screenshot(page, 'pytorch-activations');
}

export async function open_copy_download_and_close_with_the_keyboard(t) {
  const { page } = await t.open('?view=activations&fn=softplus&softplus.beta=2', {
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
  });
  await waitForInk(page, PLOT_MAIN);
  assert.equal(await page.getByTestId('pytorch-panel').count(), 0, 'closed without pytorch=1');
  const open = page.getByTestId('pytorch-open');
  assert.equal(await open.getAttribute('aria-expanded'), 'false');
  await open.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('pytorch-panel').waitFor();
  assert.equal(await open.getAttribute('aria-expanded'), 'true');
  await page.waitForFunction(() => document.activeElement?.id === 'pytorch-title', null, { timeout: 2_000 })
    .catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pytorch-title', 'the panel takes the focus');
  const code = await waitText(page, CODE, /F\.softplus\(x, beta=2\.0\)/, 'the script');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('pytorch') === '1');

  await page.getByTestId('pytorch-copy').click();
  await waitText(page, '[data-testid="pytorch-status"]', /^Script copied\.$/, 'copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code, 'the clipboard holds the script');

  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pytorch-download').click()]);
  assert.equal(file.suggestedFilename(), 'activations.py');
  assert.equal(await readFile(await file.path(), 'utf8'), code, 'the file is the script');

  // Both texts can be reached and scrolled by keyboard.
  for (const selector of [CODE, EXPECTED]) {
    assert.equal(await page.locator(selector).getAttribute('tabindex'), '0', `${selector} is focusable`);
  }
  await page.getByTestId('pytorch-close').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('pytorch-panel').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'pytorch-open', 'the focus returns to the button');
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('pytorch'));
}

export async function in_an_embed_in_dark_mode_on_a_phone(t) {
  const query = '?view=activations&fn=gelu&gelu.approximate=tanh&embed=1&controls=pytorch,gelu.approximate&theme=dark&pytorch=1';
  const { page } = await t.open(query, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
  await waitForInk(page, PLOT_MAIN);
  await waitText(page, CODE, /F\.gelu\(x, approximate='tanh'\)/, 'the embed\'s state');
  const button = page.getByTestId('pytorch-open');
  assert.ok(await button.isVisible(), 'controls=pytorch keeps the button in the embed');
  const box = await page.getByTestId('pytorch-panel').boundingBox();
  assert.ok(box.width <= 360, `the panel fits the phone (${box.width} px)`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no sideways scrolling of the page (the code scrolls inside its box)');
  await page.getByTestId('pytorch-panel').scrollIntoViewIfNeeded();
  await t.screenshot(page, 'pytorch-embed-phone-dark');

  // Without `pytorch` in controls= the embed shows no button.
  const other = await t.open('?view=activations&fn=elu&embed=1&controls=elu.alpha');
  assert.equal(await other.page.getByTestId('pytorch-open').count(), 0, 'not listed, not shown');
}

export async function the_training_script_carries_the_page_s_losses(t) {
  const { page } = await t.open('?view=training&task=xor&fn=relu,tanh&until=60&pytorch=1');
  await waitText(page, CODE, /^batch, steps = \d+, /m, 'the run');
  assert.match(await page.locator(CODE).textContent(), /nets\["tanh"\] = network\(lambda x: torch\.tanh\(x\), \[/);
  // Once the page has trained its 60 steps, "What it prints" holds its own losses.
  await page.waitForFunction(() => document.querySelector('[data-testid="loss-relu"]')?.dataset.step === '60', null, { timeout: 20_000 });
  const expected = await waitText(page, EXPECTED, /^relu loss at step 60 = /m, 'the page\'s loss at its step');
  const shown = await page.getByTestId('loss-relu').getAttribute('data-dataset-loss');
  assert.deepEqual(printed(expected, 'relu loss at step 60'), [Number(shown)], 'the loss table\'s number');
  assert.match(await page.locator('.pytorch-caveat').textContent(), /other random numbers/);
  await waitText(page, CODE, /^batch, steps = \d+, 60$/m, 'the script trains as many steps as the page');
}

export async function softmax_and_triplet_scripts_follow_their_views(t) {
  let { page } = await t.open('?view=softmax&logits=1,2,3&tau=2&i=1&pytorch=1');
  await waitText(page, CODE, /x = torch\.tensor\(\[1\.0, 2\.0, 3\.0\], requires_grad=True\)/, 'the logits');
  await waitText(page, CODE, /^tau = 2\.0 /m, 'τ');
  await waitText(page, CODE, /torch\.autograd\.grad\(softmax\[1\], x\)/, 'the plotted output');
  await page.getByTestId('tau-number').fill('0.5');
  await page.getByTestId('tau-number').press('Enter');
  await waitText(page, CODE, /^tau = 0\.5 /m, 'τ typed');
  const sums = printed(await page.locator(EXPECTED).textContent(), 'sum softmax');
  assert.ok(Math.abs(sums[0] - 1) < 1e-12, `softmax sums to 1: ${sums}`);

  ({ page } = await t.open('?view=triplet&triplet_margin_loss.margin=0.5&triplet_margin_loss.p=1&pytorch=1'));
  await waitText(page, CODE, /F\.triplet_margin_loss\(anchor, positive, negative, margin=0\.5, p=1\.0\)/, 'the margin loss call');
  const expected = await waitText(page, EXPECTED, /^ratio_loss = /m, 'both losses');
  for (const [name, id] of [['triplet_margin_loss', 'readout-triplet'], ['ratio_loss', 'readout-ratio'], ['d_pos', 'readout-dpos']]) {
    const shown = Number((await page.getByTestId(id).textContent()).replace('−', '-'));
    const [value] = printed(expected, name);
    assert.ok(Math.abs(value - shown) <= 5e-4 * Math.max(1, Math.abs(value)), `${name}: script ${value}, page ${shown}`);
  }
  await t.screenshot(page, 'pytorch-triplet');
}

export async function loss_scripts_print_the_read_outs_of_the_family_on_screen(t) {
  const { page } = await t.open('?view=losses&family=regression&huber_loss.delta=2&pytorch=1');
  await waitText(page, CODE, /F\.huber_loss\(input, target, delta=2\.0\)/, 'Huber with the page\'s δ');
  await page.locator('input[name="residual"]').fill('0.5');
  await waitText(page, CODE, /input = torch\.tensor\(\[0\.5\], requires_grad=True\)/, 'the marked residual follows the slider');
  const expected = await page.locator(EXPECTED).textContent();
  const shown = await page.locator('[data-testid="readout-loss"][data-value]').evaluateAll((cells) =>
    cells.map((c) => [c.dataset.loss, c.dataset.value]));
  assert.ok(shown.length >= 4, `read-outs: ${JSON.stringify(shown)}`);
  for (const [name, value] of shown) {
    assert.deepEqual(printed(expected, name), [Number(value)], `${name}: the script prints the read-out`);
  }

  // Another family, picked by its tab: the script follows.
  await page.getByTestId('family-classification').click();
  await waitText(page, CODE, /F\.cross_entropy\(input, target\)/, 'the classification family');
  await waitText(page, EXPECTED, /^d cross_entropy \/ d input = \[/m, 'its gradient on every logit');
  await page.getByTestId('family-landscape').click();
  await waitText(page, EXPECTED, /^mse_loss at its fit = /m, 'the landscape lab\'s fits');
  await t.screenshot(page, 'pytorch-landscape');
}

export async function the_triplet_batch_script_follows_the_steps(t) {
  const { page } = await t.open('?view=triplet&mode=batch&pytorch=1');
  await waitText(page, CODE, /^# Batch mode at step 0: 32 points/m, 'the batch as generated');
  await waitText(page, EXPECTED, /^mined triplets = 32$/m, 'hard mining: one triplet per anchor');
  const before = printed(await page.locator(EXPECTED).textContent(), 'mean triplet_margin_loss');
  await page.getByTestId('step').click();
  await waitText(page, CODE, /^# Batch mode at step 1: /m, 'one step later');
  const after = printed(await waitText(page, EXPECTED, /^mean triplet_margin_loss = /m, 'the loss'), 'mean triplet_margin_loss');
  assert.notDeepEqual(after, before, 'the points moved, the loss changed');
}

export async function the_open_panel_has_no_serious_axe_violation(t) {
  const require = createRequire(import.meta.url);
  const axe = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  for (const colorScheme of ['light', 'dark']) {
    // bypassCSP: the page's own policy would block the injected axe script.
    const { page } = await t.open('?view=losses&family=classification&pytorch=1', { contextOptions: { colorScheme, bypassCSP: true } });
    await waitText(page, EXPECTED, /^cross_entropy = /m, 'the panel is filled');
    await page.addScriptTag({ content: axe });
    const serious = await page.evaluate(async () => {
      const result = await window.axe.run(document.querySelector('[data-testid="pytorch-panel"]'));
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(serious, [], `axe (${colorScheme}) on the open panel`);
  }
}
