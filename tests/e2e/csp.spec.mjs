// The release dist/ under a strict Content-Security-Policy (tools/csp.mjs writes dist/csp.txt and
// a <meta> policy; the test server sends csp.txt as a header below /csp/). Any violation fails:
// a blocked loader, an inline style set through an attribute, an eval.
import { createHash } from 'node:crypto';
import { assert, waitForInk } from './lib/harness.mjs';
import { VIEWS, checkControl, waitUntilAlive } from './lib/views.mjs';

const STRICT = ["default-src 'self'", "style-src 'self'"];

/** Records every securitypolicyviolation in the page (and logs it as a console error). */
function recordViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    const text = `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} (${e.sample})`;
    window.__cspViolations.push(text);
    console.error(`CSP violation: ${text}`);
  });
}

async function violations(page) {
  return page.evaluate(() => window.__cspViolations ?? ['no recorder']);
}

export async function csp_txt_is_strict_and_hashes_the_inline_loader(t) {
  const policy = (await (await fetch(t.url('csp.txt'))).text()).trim();
  const html = await (await fetch(t.url('index.html'))).text();
  const directives = policy.split(';').map((d) => d.trim());
  for (const d of STRICT) assert.ok(directives.includes(d), `${d} in ${policy}`);
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'|\*/, 'nothing loosened');
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(([, attrs]) => !/\bsrc\s*=/.test(attrs))
    .map(([, , body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  assert.ok(inline.length >= 1, 'Trunk writes an inline loader');
  assert.equal(directives.find((d) => d.startsWith('script-src ')),
    `script-src 'self' 'wasm-unsafe-eval' ${inline.join(' ')}`, 'script-src allows only self, wasm and the loader');
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${policy}" />`),
    'index.html carries the same policy');
}

export async function every_view_runs_under_the_strict_csp(t) {
  for (const view of VIEWS) {
    for (const embed of ['', '&embed=1']) {
      const { page } = await t.open(`csp/${view.query}${embed}`, { initScript: recordViolations });
      await page.locator(view.plot).waitFor();
      await waitForInk(page, view.plot);
      await waitUntilAlive(page, view);
      await checkControl(page, view, `${view.name}${embed}`);
      // Let redraws, swatches and positioned handles settle.
      await page.waitForTimeout(200);
      assert.deepEqual(await violations(page), [], `${view.name}${embed}`);
      await page.context().close();
    }
  }
}

export async function header_is_sent_and_tools_work_under_it(t) {
  const { page } = await t.open('csp/?view=activations&fn=elu,gelu', { initScript: recordViolations });
  const response = await page.request.get(t.url('csp/index.html'));
  assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  await waitForInk(page, '[data-testid="plot-main"]');
  await page.getByTestId('share-open').click();
  await page.getByTestId('share-dialog').waitFor();
  await page.keyboard.press('Escape');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('save-png').click(),
  ]);
  assert.match(download.suggestedFilename(), /\.png$/);
  await page.waitForTimeout(200);
  assert.deepEqual(await violations(page), []);
}
