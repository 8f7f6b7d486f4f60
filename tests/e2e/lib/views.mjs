// Every view (and every family of the losses view) with its main figure and one control, for the
// suites that visit them all (a11y, phone, sandboxed iframes, CSP). The list is the app's view
// registry (`src/views/mod.rs`), written out to views.json by `tests/registry.rs`.
import { readFileSync } from 'node:fs';

const byTestId = (id) => `[data-testid="${id}"]`;
const REGISTRY = JSON.parse(readFileSync(new URL('./views.json', import.meta.url), 'utf8'));

/** The registered views' keys, in navigation order. */
export const VIEW_KEYS = REGISTRY.map((view) => view.key);

/**
 * name: used in screenshot file names; query: the URL of the page; plot: its main canvas;
 * control: { selector, value, key, want } — setting `value` (fill or selectOption) must make
 * `key=want` appear in the address bar; alive: an element whose `data-steps` rises once the view
 * works in the background.
 */
export const VIEWS = REGISTRY.flatMap((view) => view.pages.map((page) => ({
  ...page,
  view: view.key,
  plot: byTestId(page.plot),
  ...(page.alive ? { alive: byTestId(page.alive) } : {}),
})));

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
