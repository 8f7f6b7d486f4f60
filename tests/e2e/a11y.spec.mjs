// axe-core (tests/e2e/node_modules, installed by xtask from package-lock.json; injected from the
// file, no CDN) against every view and every losses family, in the full app and in embed mode,
// in both themes. Serious and critical violations fail; minor and moderate ones are printed.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { assert, waitForInk } from './lib/harness.mjs';
import { VIEWS } from './lib/views.mjs';

const require = createRequire(import.meta.url);
let axeSource = null;

async function runAxe(page) {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`),
      count: v.nodes.length,
    }));
  });
}

function describe(violations) {
  return violations.map((v) =>
    `  [${v.impact}] ${v.id} (${v.count}): ${v.help}\n${v.nodes.map((n) => `      ${n}`).join('\n')}`).join('\n');
}

async function check(t, query, label, colorScheme) {
  // bypassCSP: the page's own policy (tools/csp.mjs) would block the injected axe script.
  const { page } = await t.open(query, { contextOptions: { colorScheme, bypassCSP: true } });
  const view = VIEWS.find((v) => query.includes(v.query));
  await page.locator(view.plot).waitFor();
  await waitForInk(page, view.plot);
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
