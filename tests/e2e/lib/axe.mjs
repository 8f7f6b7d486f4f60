// axe-core against a page: installed by xtask from package-lock.json, injected from the file (no
// CDN). The page must be opened with `bypassCSP` (the app's policy would block the script).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let axeSource = null;

export async function runAxe(page) {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Once per document (a lesson walks its steps without reloading).
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: axeSource });
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

export function describe(violations) {
  return violations.map((v) =>
    `  [${v.impact}] ${v.id} (${v.count}): ${v.help}\n${v.nodes.map((n) => `      ${n}`).join('\n')}`).join('\n');
}

