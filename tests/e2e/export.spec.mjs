// The export tools (src/components/export.rs, src/chart/export.rs): PNG at the display's ratio,
// 2× and 4×, SVG and CSV, downloaded and checked.
import { readFile } from 'node:fs/promises';
import { assert, PLOT_MAIN, waitForInk } from './lib/harness.mjs';

/** When each page last saved. */
const lastSave = new WeakMap();
/** Chromium drops a page's downloads that come in quick succession (a click saves every figure
 * of the view, up to four files): saves here are a second apart, as a person's would be. */
const SAVE_GAP_MS = 1_000;

/** Clicks `testId` and returns the download's file name and bytes (the first download, or the
 * one named `name`: a view may save several figures). */
async function download(page, testId, name = null) {
  const wait = (lastSave.get(page) ?? 0) + SAVE_GAP_MS - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
  lastSave.set(page, Date.now());
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
  // The main plot, GLU's plot and the gradient-flow plot below them.
  assert.match(await page.getByTestId('export-status').textContent(), /^Saved 3 files\.$/);
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

/** A heatmap's SVG, parsed in the page: its raster layer, vector layers and text. */
async function parseHeatmapSvg(page, text) {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const images = [...doc.querySelectorAll('image')];
    const number = (e, name) => Number(e?.getAttribute(name));
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      width: doc.documentElement.getAttribute('width'),
      images: images.length,
      href: images[0]?.getAttribute('href')?.slice(0, 22) ?? null,
      rect: ['x', 'y', 'width', 'height'].map((n) => number(images[0], n)),
      // The image's place among the elements: right after the background.
      imageIndex: [...doc.documentElement.children].indexOf(images[0]),
      lines: doc.querySelectorAll('polyline').length,
      circles: doc.querySelectorAll('circle').length,
      texts: [...doc.querySelectorAll('text')].map((e) => e.textContent.trim()),
    };
  }, text);
}

/** The `cell` rows of a grid CSV as [x, y, value]. */
function gridCells(text) {
  const [header, ...rows] = text.trim().split('\n');
  const cells = rows.filter((r) => r.startsWith('cell,')).map((r) => r.split(',').slice(1).map(Number));
  return { header, rows, cells };
}

/** Renders an exported SVG in a blank page (the app's CSP refuses data: images) for a look. */
async function lookAt(t, bytes, name) {
  const context = await t.browser.newContext({ viewport: { width: 900, height: 600 } });
  t.contexts.push(context);
  const preview = await context.newPage();
  await preview.setContent(`<!doctype html><body style="margin:0"><img alt="export" src="data:image/svg+xml;base64,${
    bytes.toString('base64')}"></body>`);
  await preview.locator('img').evaluate((img) => img.decode());
  await t.screenshot(preview, name);
}

export async function landscape_lab_exports_svg_png_and_csv(t) {
  const { page } = await t.open('?view=losses&family=landscape', { deviceScaleFactor: 1 });
  const land = '[data-testid="landscape"]';
  await page.locator(land).waitFor();
  await page.getByTestId('lab-loss-mse_loss').check();
  await waitForInk(page, land);
  const started = Date.now();

  const svg = await download(page, 'save-svg', 'losses-landscape.svg');
  const parsed = await parseHeatmapSvg(page, svg.bytes.toString('utf8'));
  assert.equal(parsed.error, null, 'the SVG parses');
  const css = await page.locator(land).evaluate((c) => [c.clientWidth, c.clientHeight]);
  assert.equal(parsed.width, String(css[0]), 'the SVG has the canvas\'s CSS size');
  assert.equal(parsed.images, 1, 'one raster layer');
  assert.equal(parsed.href, 'data:image/png;base64,');
  assert.equal(parsed.imageIndex, 1, 'the cells sit right after the background, under the vector layers');
  // The plot area at 4× detail: most of the canvas.
  assert.ok(parsed.rect[2] > 2 * css[0] && parsed.rect[3] > 2 * css[1], `image rect ${parsed.rect}`);
  assert.ok(parsed.lines > 20, `contours are polylines (${parsed.lines})`);
  assert.ok(parsed.circles >= 10, `markers are circles (${parsed.circles})`);
  assert.ok(parsed.texts.includes('slope w') && parsed.texts.includes('intercept b'), JSON.stringify(parsed.texts));
  await lookAt(t, svg.bytes, 'export-landscape-svg');
  await t.screenshot(page, 'export-landscape-screen');
  assert.match(await page.getByTestId('export-status').textContent(), /^Saved 3 files\.$/);

  await page.getByTestId('png-scale').selectOption('2');
  const png = pngSize((await download(page, 'save-png', 'losses-landscape.png')).bytes);
  assert.deepEqual([png.width, png.height], [2 * css[0], 2 * css[1]], 'PNG 2×');

  // The scatter's CSV: the points and each loss's line; MSE's is least squares.
  const scatter = (await download(page, 'save-csv', 'losses-scatter.csv')).bytes.toString('utf8');
  const lines = scatter.trim().split('\n');
  assert.equal(lines[0], 'layer,x,y,w,b,residual,weight_vs_mse');
  const points = lines.filter((r) => r.startsWith('point,')).map((r) => r.split(',').slice(1, 3).map(Number));
  assert.ok(points.length >= 3, `points (${points.length})`);
  const n = points.length;
  const mean = (f) => points.reduce((s, p) => s + f(p), 0) / n;
  const [mx, my] = [mean(([x]) => x), mean(([, y]) => y)];
  const slope = mean(([x, y]) => (x - mx) * (y - my)) / mean(([x]) => (x - mx) ** 2);
  const [, , , w, b] = lines.find((r) => r.startsWith('mse_loss,')).split(',').map(Number);
  assert.ok(Math.abs(w - slope) < 1e-9 && Math.abs(b - (my - slope * mx)) < 1e-9, `MSE fit ${w}, ${b}`);
  // Each point's residual to MSE's line, and its weight next to MSE's: 1.
  for (const row of lines.filter((r) => r.startsWith('point,'))) {
    const [, x, y, , , residual, weight] = row.split(',').map(Number);
    assert.ok(Math.abs(residual - (w * x + b - y)) < 1e-9 && weight === 1, row);
  }
  // The pulls: a bar per point, −2·rᵢ/n under MSE, which balance at the best line.
  const pulls = (await download(page, 'save-csv', 'losses-plot-pulls.csv')).bytes.toString('utf8');
  const bars = pulls.trim().split('\n').slice(1).map((r) => Number(r.split(',').at(-1)));
  assert.equal(bars.length, n, 'a bar per point');
  assert.ok(Math.abs(bars.reduce((s, v) => s + v, 0)) < 1e-9, `the pulls balance: ${bars}`);

  // The landscape's CSV: 256² cells, each the mean squared error of the line (w, b).
  const csv = (await download(page, 'save-csv', 'losses-landscape.csv')).bytes.toString('utf8');
  const { header, cells, rows } = gridCells(csv);
  assert.equal(header, 'layer,slope w,intercept b,mse_loss (reduction=mean)');
  assert.equal(cells.length, 256 * 256, 'one row per cell');
  let worst = 0;
  for (const [cw, cb, value] of cells) {
    const want = mean(([x, y]) => (cw * x + cb - y) ** 2);
    worst = Math.max(worst, Math.abs(value - want) / Math.max(1, want));
  }
  assert.ok(worst < 1e-12, `cells equal mean((w·x + b − y)²) (worst relative ${worst})`);
  // Rows from the bottom, w fastest.
  assert.ok(cells[0][0] < cells[1][0] && cells[0][1] === cells[1][1] && cells[256][1] > cells[0][1]);
  assert.ok(rows.some((r) => r.startsWith('marker,')) && rows.some((r) => r.startsWith('path,')));
  console.log(`# landscape: SVG ${svg.bytes.length} bytes, CSV ${csv.length} bytes, exports ${Date.now() - started} ms`);
}

export async function triplet_figures_export_svg_png_and_csv(t) {
  const { page } = await t.open('?view=triplet', { deviceScaleFactor: 1 });
  const margin = '[data-testid="surface-margin"]';
  await page.locator(margin).waitFor();
  await waitForInk(page, margin);
  const started = Date.now();
  for (const id of ['surface-margin', 'surface-ratio']) {
    const svg = await download(page, 'save-svg', `triplet-${id}.svg`);
    const parsed = await parseHeatmapSvg(page, svg.bytes.toString('utf8'));
    assert.equal(parsed.error, null, `${id}: the SVG parses`);
    assert.equal(parsed.images, 1, `${id}: one raster layer`);
    assert.equal(parsed.href, 'data:image/png;base64,');
    assert.equal(parsed.imageIndex, 1);
    assert.ok(parsed.lines > 5, `${id}: contours (${parsed.lines})`);
    assert.ok(parsed.circles >= 2, `${id}: the current position (${parsed.circles})`);
    if (id === 'surface-margin') await lookAt(t, svg.bytes, 'export-surface-svg');
    console.log(`# ${id}: SVG ${svg.bytes.length} bytes`);
  }
  await t.screenshot(page, 'export-triplet-screen');
  // The plane (drawn through a Pen: plotters elements in the export): all vector, no raster.
  const plane = await download(page, 'save-svg', 'triplet-plane.svg');
  const planeSvg = await parseHeatmapSvg(page, plane.bytes.toString('utf8'));
  assert.equal(planeSvg.error, null, 'the plane\'s SVG parses');
  assert.equal(planeSvg.images, 0, 'the plane is all vector');
  assert.ok(planeSvg.lines > 20, `grid, balls, segments, arrows (${planeSvg.lines})`);
  assert.ok(planeSvg.texts.some((x) => x.startsWith('δ₊ + margin = ')), JSON.stringify(planeSvg.texts));
  await lookAt(t, plane.bytes, 'export-plane-svg');
  console.log(`# plane: SVG ${plane.bytes.length} bytes`);
  // The distance card's loss map over the anchor's plane: one raster, contours, p, n and a marked.
  const map = await download(page, 'save-svg', 'triplet-plot-distance-map.svg');
  const mapSvg = await parseHeatmapSvg(page, map.bytes.toString('utf8'));
  assert.equal(mapSvg.error, null, 'the map\'s SVG parses');
  assert.equal(mapSvg.images, 1, 'the map: one raster layer');
  assert.ok(mapSvg.lines > 5, `the map's contours (${mapSvg.lines})`);
  assert.ok(mapSvg.circles >= 3, `p, n and the anchor (${mapSvg.circles})`);
  // The status the last save writes (the page shows it after the downloads have started).
  await page.waitForFunction(() => document.querySelector('[data-testid="export-status"]')?.textContent);
  assert.match(await page.getByTestId('export-status').textContent(), /^Saved 4 files\.$/);
  // Its CSV: the three points, which the read-outs' distances come from.
  const planeCsv = (await download(page, 'save-csv', 'triplet-plane.csv')).bytes.toString('utf8');
  const [planeHeader, ...planeRows] = planeCsv.trim().split('\n');
  assert.equal(planeHeader, 'layer,x,y,class');
  const at = Object.fromEntries(planeRows.map((r) => r.split(',')).map(([role, x, y]) => [role, [Number(x), Number(y)]]));
  assert.deepEqual(Object.keys(at), ['anchor', 'positive', 'negative']);
  // d(a, p) = ‖a − p + eps‖₂ (eps = 1e-6), as the read-out shows it (4 significant digits at least).
  const dPos = Math.hypot(at.anchor[0] - at.positive[0] + 1e-6, at.anchor[1] - at.positive[1] + 1e-6);
  const shown = Number((await page.getByTestId('readout-dpos').textContent()).trim());
  assert.ok(Math.abs(dPos - shown) < 1e-9 * Math.max(1, dPos), `δ₊ ${dPos} vs read-out ${shown}`);

  await page.getByTestId('png-scale').selectOption('2');
  const css = await page.locator(margin).evaluate((c) => [c.clientWidth, c.clientHeight]);
  const png = pngSize((await download(page, 'save-png', 'triplet-surface-margin.png')).bytes);
  assert.deepEqual([png.width, png.height], [2 * css[0], 2 * css[1]], 'PNG 2×');
  const planeCss = await page.getByTestId('plane').evaluate((c) => [c.clientWidth, c.clientHeight]);
  const planePng = pngSize((await download(page, 'save-png', 'triplet-plane.png')).bytes);
  assert.deepEqual([planePng.width, planePng.height], [2 * planeCss[0], 2 * planeCss[1]], 'plane PNG 2×');

  // CSV: the margin loss max(0, 1 + δ₊ − δ₋) (default margin 1), the ratio loss 2σ(δ₊ − δ₋)².
  const closed = {
    'surface-margin': (x, y) => Math.max(0, 1 + x - y),
    'surface-ratio': (x, y) => 2 / (1 + Math.exp(y - x)) ** 2,
  };
  for (const [id, f] of Object.entries(closed)) {
    const csv = (await download(page, 'save-csv', `triplet-${id}.csv`)).bytes.toString('utf8');
    const { header, cells } = gridCells(csv);
    assert.equal(header, 'layer,"δ₊ = d(a, p)","δ₋ = d(a, n)",loss');
    assert.equal(cells.length, 256 * 256, `${id}: one row per cell`);
    assert.deepEqual(cells[0].slice(0, 2), [4 / 512, 4 / 512], 'the first cell centre');
    let worst = 0;
    for (const [x, y, value] of cells) worst = Math.max(worst, Math.abs(value - f(x, y)));
    assert.ok(worst < 1e-15, `${id}: cells equal the closed form (worst ${worst})`);
  }
  console.log(`# triplet exports ${Date.now() - started} ms`);
}
