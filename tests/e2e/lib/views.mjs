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

/** Throws unless every key in `keys` is a registered view: a stale entry must not pass silently. */
export function requireViews(keys, where) {
  const unknown = [...new Set(keys)].filter((key) => !VIEW_KEYS.includes(key));
  if (unknown.length) {
    throw new Error(`${where}: ${unknown.join(', ')} not in the view registry (tests/e2e/lib/views.json)`);
  }
}

/**
 * One test per registered view, `{ <key>_<suffix>: (t) => run(t, key, specifics[key] ?? {}) }`,
 * for run.mjs to run as separate tests. `specifics` holds what a view needs beyond the defaults;
 * `skip` names the views left out, each with the reason. A new view is covered without editing
 * the suite; a key of `specifics` or `skip` that names no registered view throws.
 */
export function perView(suffix, run, { specifics = {}, skip = {}, timeoutMs } = {}) {
  requireViews([...Object.keys(specifics), ...Object.keys(skip)], `the ${suffix} tests`);
  const tests = {};
  for (const key of VIEW_KEYS.filter((k) => !(k in skip))) {
    const test = (t) => run(t, key, specifics[key] ?? {});
    if (timeoutMs) test.timeoutMs = timeoutMs;
    tests[`${key}_${suffix}`] = test;
  }
  return tests;
}

/** Sets a control (a select, or a box/slider whose `input` and `change` events the views read). */
export async function setControl(locator, value) {
  await locator.evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

/**
 * For a page with a `control`: sets it and waits until the address bar holds `key=want`. `target`
 * is a Page or a Frame; `label` names the case in the error.
 */
export async function checkControl(target, view, label) {
  if (!view.control) return;
  await setControl(target.locator(view.control.selector), view.control.value);
  await target.waitForFunction(({ key, want }) =>
    new URL(location.href).searchParams.get(key) === want, view.control, { timeout: 5_000 })
    .catch(() => { throw new Error(`${label}: ${view.control.key} did not become ${view.control.want}: ${target.url()}`); });
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
