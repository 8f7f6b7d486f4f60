// Every view (and every family of the losses view) with its main figure and one control, for the
// suites that visit them all (a11y, phone, sandboxed iframes, CSP). A new view adds one entry.
const byTestId = (id) => `[data-testid="${id}"]`;

/**
 * name: used in screenshot file names; query: the URL of the view; plot: its main canvas;
 * control: { selector, value, key, want } — setting `value` (fill or selectOption) must make
 * `key=want` appear in the address bar.
 */
export const VIEWS = [
  {
    name: 'activations',
    query: '?view=activations&fn=elu',
    plot: byTestId('plot-main'),
    control: { selector: 'input[name="elu.alpha"]', value: '0.5', key: 'elu.alpha', want: '0.5' },
  },
  {
    name: 'losses-regression',
    query: '?view=losses&family=regression',
    plot: byTestId('plot-loss'),
    control: { selector: 'input[name="huber_loss.delta"]', value: '2', key: 'huber_loss.delta', want: '2' },
  },
  { name: 'losses-landscape', query: '?view=losses&family=landscape', plot: byTestId('landscape') },
  { name: 'losses-classification', query: '?view=losses&family=classification', plot: byTestId('plot-class-curve') },
  { name: 'losses-binary', query: '?view=losses&family=binary', plot: byTestId('plot-bce') },
  { name: 'losses-distributions', query: '?view=losses&family=distributions', plot: byTestId('plot-kl') },
  { name: 'losses-ranking', query: '?view=losses&family=ranking', plot: byTestId('plot-cosine') },
  {
    name: 'triplet',
    query: '?view=triplet',
    plot: byTestId('plane'),
    control: { selector: 'select[name="triplet_margin_loss.p"]', value: '1', key: 'triplet_margin_loss.p', want: '1' },
  },
  {
    name: 'softmax',
    query: '?view=softmax',
    plot: byTestId('softmax-bars'),
    control: { selector: byTestId('tau-number'), value: '0.5', key: 'tau', want: '0.5' },
  },
  {
    name: 'training',
    query: '?view=training',
    plot: byTestId('fig-losses'),
    // Its training runs in a Web Worker: the view only works if steps are counted.
    alive: byTestId('train-steps'),
    control: { selector: byTestId('seed'), value: '3', key: 'seed', want: '3' },
  },
];

/** Sets a control (a select, or a box/slider whose `input` and `change` events the views read). */
export async function setControl(locator, value) {
  await locator.evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

/**
 * For a view with an `alive` element (the training lab): waits until it shows progress
 * (`data-steps` above 0), which proves its Web Worker started and trains. `target` is a Page or
 * a Frame.
 */
export async function waitUntilAlive(target, view) {
  if (!view.alive) return;
  await target.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.steps) > 0,
    view.alive, { timeout: 15_000, polling: 100 })
    .catch(() => { throw new Error(`${view.name}: ${view.alive} did not show progress (its worker did not train)`); });
}
