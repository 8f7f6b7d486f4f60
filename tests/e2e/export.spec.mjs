// The export tools (src/components/export.rs, src/chart/export.rs): PNG at the display's ratio,
// 2× and 4×, SVG and CSV, downloaded and checked.
import { readFile } from 'node:fs/promises';
import { assert, PLOT_MAIN, waitForInk } from './lib/harness.mjs';

/** Clicks `testId` and returns the download's file name and bytes (the first download, or the
 * one named `name`: a view may save several figures). */
async function download(page, testId, name = null) {
  const [file] = await Promise.all([
    page.waitForEvent('download', (d) => name === null || d.suggestedFilename() === name),
    page.getByTestId(testId).click(),
  ]);
  const failure = await file.failure();
  assert.equal(failure, null, `download of ${file.suggestedFilename()} failed`);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function openElu(t) {
  // Device pixel ratio 1: "as on screen" is then the CSS size, so 2× is twice it.
  const { page } = await t.open('?view=activations&fn=elu&deriv=1', { deviceScaleFactor: 1 });
  await page.locator(PLOT_MAIN).waitFor();
  await waitForInk(page, PLOT_MAIN);
  return page;
}

export async function png_scales_multiply_the_pixel_size(t) {
  const page = await openElu(t);
  const cssWidth = await page.locator(PLOT_MAIN).evaluate((c) => c.clientWidth);
  const one = await download(page, 'save-png');
  assert.equal(one.name, 'activations-plot-main.png');
  const base = pngSize(one.bytes);
  assert.equal(base.width, cssWidth, 'as on screen at DPR 1');

  await page.getByLabel('PNG size').selectOption('2');
  const two = pngSize((await download(page, 'save-png')).bytes);
  assert.equal(two.width, 2 * base.width, '2× is twice as wide');
  assert.equal(two.height, 2 * base.height, '2× is twice as high');

  await page.getByTestId('png-scale').selectOption('4');
  const four = pngSize((await download(page, 'save-png')).bytes);
  assert.equal(four.width, 4 * base.width, '4× is four times as wide');
  // The main plot and the gradient-flow plot below it.
  assert.match(await page.getByTestId('export-status').textContent(), /^Saved 2 files\.$/);
}

export async function svg_parses_and_holds_the_curves(t) {
  const page = await openElu(t);
  const svg = await download(page, 'save-svg');
  assert.equal(svg.name, 'activations-plot-main.svg');
  const text = svg.bytes.toString('utf8');
  const parsed = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const lines = [...doc.querySelectorAll('polyline')];
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      tag: doc.documentElement.tagName,
      width: doc.documentElement.getAttribute('width'),
      longest: Math.max(0, ...lines.map((l) => l.getAttribute('points').trim().split(/\s+/).length)),
      lines: lines.length,
      texts: [...doc.querySelectorAll('text')].map((e) => e.textContent.trim()),
    };
  }, text);
  assert.equal(parsed.error, null, 'the SVG parses');
  assert.equal(parsed.tag, 'svg');
  const cssWidth = await page.locator(PLOT_MAIN).evaluate((c) => c.clientWidth);
  assert.equal(parsed.width, String(cssWidth), 'the SVG has the figure\'s CSS size');
  assert.ok(parsed.longest > 500, `the solid ELU curve is one long polyline (${parsed.longest})`);
  assert.ok(parsed.lines > 50, 'the dashed derivative is many pieces');
  assert.ok(parsed.texts.includes('0'), `tick labels are text: ${JSON.stringify(parsed.texts)}`);

  // A look at it: the SVG rendered by the browser next to the screen (target/e2e/), in a blank
  // page of its own (the app's CSP would refuse a data: image).
  const context = await t.browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.contexts.push(context);
  const preview = await context.newPage();
  await preview.setContent(`<!doctype html><img alt="export" src="data:image/svg+xml;base64,${
    svg.bytes.toString('base64')}">`);
  await t.screenshot(preview, 'export-svg');
  await t.screenshot(page, 'export-screen');
}

export async function csv_values_equal_the_core_crates(t) {
  const page = await openElu(t);
  const csv = await download(page, 'save-csv');
  assert.equal(csv.name, 'activations-plot-main.csv');
  const [header, ...rows] = csv.bytes.toString('utf8').trim().split('\n');
  assert.equal(header, 'x,nn.ELU(alpha=1.0) f,nn.ELU(alpha=1.0) df/dx');
  assert.equal(rows.length, 1201, 'one row per sample');
  const cells = rows.map((r) => r.split(',').map(Number));
  assert.equal(cells[0][0], -5);
  assert.equal(cells.at(-1)[0], 5);
  // ELU(α = 1): x for x > 0, exp(x) − 1 below; f′ = 1 above, exp(x) below.
  let checked = 0;
  for (const [x, f, df] of cells) {
    if (Math.abs(x) < 1e-9) continue;
    const [wantF, wantDf] = x > 0 ? [x, 1] : [Math.expm1(x), Math.exp(x)];
    assert.ok(Math.abs(f - wantF) <= 1e-15 * Math.max(1, Math.abs(wantF)), `f(${x}) = ${f}, want ${wantF}`);
    assert.ok(Math.abs(df - wantDf) <= 1e-15, `f′(${x}) = ${df}, want ${wantDf}`);
    checked++;
  }
  assert.ok(checked > 1190);
  const atMinusOne = cells.find(([x]) => x === -1);
  assert.ok(atMinusOne, 'x = −1 is a sample');
  assert.ok(Math.abs(atMinusOne[1] - (Math.exp(-1) - 1)) < 1e-15, 'ELU(−1) = e⁻¹ − 1');
}

export async function losses_chart_exports_svg_and_csv(t) {
  const { page } = await t.open('?view=losses&family=regression', { deviceScaleFactor: 1 });
  const plot = '[data-testid="plot-loss"]';
  await page.locator(plot).waitFor();
  await waitForInk(page, plot);
  const svg = await download(page, 'save-svg');
  assert.equal(svg.name, 'losses-plot-loss.svg');
  const parsed = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      lines: doc.querySelectorAll('polyline').length,
      texts: [...doc.querySelectorAll('text')].map((e) => e.textContent.trim()),
    };
  }, svg.bytes.toString('utf8'));
  assert.equal(parsed.error, null, 'the SVG parses');
  assert.ok(parsed.lines > 8, `the curves are polylines (${parsed.lines})`);
  assert.ok(parsed.texts.includes('δ'), `the δ marker is labelled: ${JSON.stringify(parsed.texts)}`);

  const csv = await download(page, 'save-csv');
  assert.equal(csv.name, 'losses-plot-loss.csv');
  const [header, ...rows] = csv.bytes.toString('utf8').trim().split('\n');
  assert.equal(header, 'series,x,y');
  // The MSE curve: y = x² exactly where it is drawn.
  const mse = rows.filter((r) => r.startsWith('mse_loss loss,')).map((r) => r.split(',').slice(1).map(Number));
  assert.ok(mse.length > 100, `MSE samples (${mse.length})`);
  for (const [x, y] of mse) assert.equal(y, x * x, `mse at ${x}`);
  const l1 = rows.filter((r) => r.startsWith('l1_loss slope,')).map((r) => r.split(',').slice(1).map(Number));
  for (const [x, y] of l1) assert.equal(y, Math.sign(x), `l1 slope at ${x}`);
}

export async function gradient_flow_plot_exports_svg_and_csv(t) {
  const { page } = await t.open('?view=activations&fn=relu,tanh', { deviceScaleFactor: 1 });
  const plot = '[data-testid="flow-plot"]';
  await page.locator(plot).waitFor();
  await waitForInk(page, plot);
  const svg = await download(page, 'save-svg', 'activations-flow-plot.svg');
  const parsed = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    return { error: doc.querySelector('parsererror')?.textContent ?? null,
      lines: doc.querySelectorAll('polyline').length };
  }, svg.bytes.toString('utf8'));
  assert.equal(parsed.error, null, 'the SVG parses');
  assert.ok(parsed.lines >= 2, 'one line per function');
  const csv = await download(page, 'save-csv', 'activations-flow-plot.csv');
  const [header, ...rows] = csv.bytes.toString('utf8').trim().split('\n');
  assert.match(header, /^depth L,.*ReLU.*,.*tanh.*$/i);
  const cells = rows.map((r) => r.split(',').map(Number));
  assert.equal(cells[0][0], 1);
  // (E|f′|)^L is the L-th power of the first row's value.
  for (const [depth, ...products] of cells.slice(0, 10)) {
    products.forEach((p, k) => {
      const want = cells[0][k + 1] ** depth;
      assert.ok(Math.abs(p - want) <= 1e-12 * Math.max(1, Math.abs(want)), `L=${depth}: ${p} vs ${want}`);
    });
  }
}

export async function softmax_figures_export_svg_and_csv(t) {
  const { page } = await t.open('?view=softmax&logits=2,1,-1&tau=2', { deviceScaleFactor: 1 });
  await page.getByTestId('softmax-bars').waitFor();
  await waitForInk(page, '[data-testid="softmax-bars"]');
  for (const id of ['softmax-bars', 'softmax-curve']) {
    const svg = await download(page, 'save-svg', `softmax-${id}.svg`);
    const error = await page.evaluate((source) => new DOMParser()
      .parseFromString(source, 'image/svg+xml').querySelector('parsererror')?.textContent ?? null,
    svg.bytes.toString('utf8'));
    assert.equal(error, null, `${id}: the SVG parses`);
    assert.ok(svg.bytes.toString('utf8').includes('<rect') || id !== 'softmax-bars', 'bars are rects');
  }
  const csv = await download(page, 'save-csv', 'softmax-softmax-bars.csv');
  const [header, ...rows] = csv.bytes.toString('utf8').trim().split('\n');
  assert.equal(header, 'i,logit x_i,softmax(x/tau) tau=2,softmin(x/tau) tau=2,log_softmax(x/tau) tau=2');
  const logits = [2, 1, -1];
  const sum = logits.reduce((s, x) => s + Math.exp(x / 2), 0);
  rows.map((r) => r.split(',').map(Number)).forEach(([i, x, p, , logp], k) => {
    assert.equal(i, k);
    assert.equal(x, logits[k]);
    assert.ok(Math.abs(p - Math.exp(x / 2) / sum) < 1e-15, `softmax ${k}: ${p}`);
    assert.ok(Math.abs(logp - (x / 2 - Math.log(sum))) < 1e-14, `log_softmax ${k}: ${logp}`);
  });
}
