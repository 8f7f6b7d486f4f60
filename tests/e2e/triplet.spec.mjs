// The Triplet view: handles, read-outs against the formula computed here in JS, Step, URL state,
// notices for bad URL values, and the batch mode. Values must match to 1e-9 relative.
import { assert, waitForInk } from './lib/harness.mjs';

const EPS_DEFAULT = 1e-6;

const byTestId = (id) => `[data-testid="${id}"]`;

/** PyTorch's pairwise distance ‖x − y + eps‖_p. */
function pairwise(x, y, p, eps) {
  const d = [x[0] - y[0] + eps, x[1] - y[1] + eps].map(Math.abs);
  if (p === Infinity) return Math.max(...d);
  if (p === 1) return d[0] + d[1];
  if (p === 2) return Math.sqrt(d[0] * d[0] + d[1] * d[1]);
  return (d[0] ** p + d[1] ** p) ** (1 / p);
}

/** The ratio loss 2σ(δ₊ − δ₋)² with Euclidean distances (no eps). */
function ratioLoss(a, p, n) {
  const dp = Math.hypot(a[0] - p[0], a[1] - p[1]);
  const dn = Math.hypot(a[0] - n[0], a[1] - n[1]);
  const s = 1 / (1 + Math.exp(dn - dp));
  return 2 * s * s;
}

function assertClose(got, want, what) {
  const tolerance = 1e-9 * Math.max(1, Math.abs(want));
  assert.ok(Number.isFinite(got), `${what}: read-out ${got} is not a number`);
  assert.ok(Math.abs(got - want) <= tolerance, `${what}: read-out ${got}, expected ${want}`);
}

async function readout(page, id) {
  return Number((await page.locator(byTestId(id)).textContent()).trim());
}

async function point(page, role) {
  const handle = page.locator(byTestId(`handle-${role}`));
  return [Number(await handle.getAttribute('data-x')), Number(await handle.getAttribute('data-y'))];
}

async function centre(page, role) {
  const box = await page.locator(byTestId(`handle-${role}`)).boundingBox();
  assert.ok(box, `handle-${role} has no box`);
  return [box.x + box.width / 2, box.y + box.height / 2];
}

async function openTriplet(t, query = '', options = {}) {
  const opened = await t.open(`?view=triplet${query}`, options);
  const { page } = opened;
  await page.locator(byTestId('handle-negative')).waitFor({ state: 'visible' });
  await waitForInk(page, byTestId('plane'));
  await waitForInk(page, byTestId('surface-margin'));
  await waitForInk(page, byTestId('surface-ratio'));
  return opened;
}

/** Every read-out equals the formula for the points the handles report. */
async function checkReadouts(page, { p = 2, eps = EPS_DEFAULT, margin = 1 } = {}) {
  const [a, pos, n] = [await point(page, 'anchor'), await point(page, 'positive'), await point(page, 'negative')];
  const dPos = pairwise(a, pos, p, eps);
  const dNeg = pairwise(a, n, p, eps);
  assertClose(await readout(page, 'readout-dpos'), dPos, 'δ₊');
  assertClose(await readout(page, 'readout-dneg'), dNeg, 'd(a, n)');
  assertClose(await readout(page, 'readout-triplet'), Math.max(0, margin + dPos - dNeg), 'triplet margin loss');
  assertClose(await readout(page, 'readout-ratio'), ratioLoss(a, pos, n), 'ratio loss');
  return { a, pos, n, dPos, dNeg };
}

export async function triplet_dragging_n_outside_the_margin_zeroes_the_loss(t) {
  const { page } = await openTriplet(t);
  const before = await checkReadouts(page);
  assert.ok(before.dNeg < before.dPos + 1, 'the default negative starts inside the margin');
  assert.ok((await readout(page, 'readout-triplet')) > 0);

  // Pixels per unit from the anchor and positive handles.
  const [ax, ay] = await centre(page, 'anchor');
  const [px] = await centre(page, 'positive');
  const scale = (px - ax) / (before.pos[0] - before.a[0]);
  const [nx, ny] = await centre(page, 'negative');
  // Drag n to (a.x − 2.2, a.y + 2.2): d(a, n) ≈ 3.1 > δ₊ + margin ≈ 2.34.
  const target = [ax - 2.2 * scale, ay - 2.2 * scale];
  await page.evaluate(() => performance.clearMeasures('draw:triplet'));
  await page.mouse.move(nx, ny);
  await page.mouse.down();
  const steps = 40;
  for (let k = 1; k <= steps; k++) {
    await page.mouse.move(nx + ((target[0] - nx) * k) / steps, ny + ((target[1] - ny) * k) / steps);
  }
  await page.mouse.up();
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === '0',
    byTestId('readout-triplet'), { timeout: 5_000 });
  const after = await checkReadouts(page);
  assert.ok(after.dNeg >= after.dPos + 1, `n is outside the margin: ${after.dNeg} vs ${after.dPos} + 1`);

  const times = await page.evaluate(() =>
    performance.getEntriesByName('draw:triplet').map((e) => e.duration).sort((x, y) => x - y));
  assert.ok(times.length >= 10, `a redraw per pointer move (${times.length} measures)`);
  const p95 = times[Math.min(times.length - 1, Math.floor(0.95 * times.length))];
  console.log(`    draw:triplet while dragging: n=${times.length} median=${times[times.length >> 1].toFixed(2)} ms ` +
    `p95=${p95.toFixed(2)} ms max=${times[times.length - 1].toFixed(2)} ms`);
  await t.screenshot(page, 'triplet-dragged');
}

export async function triplet_arrow_keys_move_a_handle(t) {
  const { page } = await openTriplet(t);
  const [x0, y0] = await point(page, 'anchor');
  await page.locator(byTestId('handle-anchor')).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowUp');
  await page.waitForFunction(([sel, y]) => Number(document.querySelector(sel)?.dataset.y) !== y,
    [byTestId('handle-anchor'), y0]);
  const [x1, y1] = await point(page, 'anchor');
  assertClose(x1, x0 + 0.05, 'x after →');
  assertClose(y1, y0 + 0.5, 'y after Shift+↑');
  const label = await page.locator(byTestId('handle-anchor')).getAttribute('aria-label');
  assert.match(label, /^anchor at \(/);
  await checkReadouts(page);
}

export async function triplet_step_lowers_the_loss(t) {
  const { page } = await openTriplet(t);
  for (const loss of ['triplet', 'ratio']) {
    if (loss === 'ratio') await page.selectOption('select[name="loss"]', 'ratio_loss');
    const before = await readout(page, `readout-${loss}`);
    await page.locator(byTestId('step')).click();
    await page.waitForFunction(([sel, v]) => Number(document.querySelector(sel)?.textContent) !== v,
      [byTestId(`readout-${loss}`), before]);
    const after = await readout(page, `readout-${loss}`);
    assert.ok(after < before, `${loss}: Step lowers the loss (${before} → ${after})`);
    await checkReadouts(page);
  }
}

export async function triplet_url_restores_the_state(t) {
  const query = '&anchor=0.5,-0.25&positive=1,1&negative=-1,0.5&triplet_margin_loss.p=1' +
    '&triplet_margin_loss.margin=0.5&triplet_margin_loss.eps=0.01&triplet_margin_loss.swap=true';
  const { page } = await openTriplet(t, query);
  assert.deepEqual(await point(page, 'anchor'), [0.5, -0.25]);
  assert.deepEqual(await point(page, 'positive'), [1, 1]);
  assert.deepEqual(await point(page, 'negative'), [-1, 0.5]);
  assert.equal(await page.locator('select[name="triplet_margin_loss.p"]').inputValue(), '1');
  assert.equal(await page.locator('input[name="triplet_margin_loss.swap"]').isChecked(), true);
  const { a, pos, n, dPos, dNeg } = await checkReadouts(page, { p: 1, eps: 0.01, margin: 0.5 });
  assertClose(await readout(page, 'readout-dpn'), pairwise(pos, n, 1, 0.01), 'd(p, n)');
  void a; void dPos; void dNeg;
  // The address bar keeps the state: moving a point writes it back.
  await page.locator(byTestId('handle-positive')).focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('positive') === '0.95,1');
  assert.equal(await page.locator('[data-testid="url-notice"]').count(), 0);
}

export async function triplet_bad_url_values_give_a_notice(t) {
  const query = '&triplet_margin_loss.margin=-1&triplet_margin_loss.p=7&anchor=NaN,1' +
    '&negative=1e999,0&lr=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&loss=Infinity';
  const { page } = await openTriplet(t, query);
  const notice = page.locator(byTestId('url-notice'));
  await notice.waitFor();
  const text = await notice.textContent();
  for (const key of ['triplet_margin_loss.margin', 'triplet_margin_loss.p', 'anchor', 'negative', 'lr', 'loss']) {
    assert.ok(text.includes(key), `the notice names ${key}: ${text}`);
  }
  assert.ok(text.includes('<img'), 'URL text is shown as text');
  assert.equal(await page.locator('[data-testid="url-notice"] img').count(), 0, 'never as markup');
  // Safe defaults.
  assert.deepEqual(await point(page, 'anchor'), [0, 0]);
  await checkReadouts(page);
}

export async function triplet_batch_mode_trains_deterministically(t) {
  const query = '&mode=batch&mining=semi-hard&seed=3&lr=0.5';
  const { page } = await t.open(`?view=triplet${query}`);
  await page.locator(byTestId('readout-batch-loss')).waitFor();
  await waitForInk(page, byTestId('batch-stats'));
  const start = await readout(page, 'readout-batch-loss');
  const { page: again } = await t.open(`?view=triplet${query}`);
  await again.locator(byTestId('readout-batch-loss')).waitFor();
  assert.equal(await readout(again, 'readout-batch-loss'), start, 'same seed, same points');

  await page.locator(byTestId('play')).click();
  // Play runs until the loss stops changing (or N steps); pause it after 20 steps if still going.
  await page.waitForFunction(([mined, status]) => {
    const m = /\/ (\d+)$/.exec(document.querySelector(mined)?.textContent ?? '');
    return (m && Number(m[1]) >= 20) || /Stopped/.test(document.querySelector(status)?.textContent ?? '');
  }, [byTestId('readout-batch-mined'), byTestId('play-status')], { timeout: 20_000 });
  if ((await page.locator(byTestId('play')).textContent()).includes('Pause')) {
    await page.locator(byTestId('play')).click();
  }
  const later = await readout(page, 'readout-batch-loss');
  assert.ok(later < start, `training lowers the mean loss (${start} → ${later})`);
  await t.screenshot(page, 'triplet-batch');
}

export async function triplet_with_distance_pairwise_and_cosine(t) {
  // triplet_margin_with_distance_loss on the page's triplet: the default distance equals the
  // margin loss's (p = 2, eps = 1e-6); the cosine distance 1 − cos(a, x) is read from the URL.
  const q = '?view=triplet&anchor=1,0.5&positive=-0.2,1&negative=1,-0.2&triplet_margin_loss.margin=0.5';
  const { page } = await t.open(q);
  await waitForInk(page, byTestId('plane'));
  const [a, p, n] = [[1, 0.5], [-0.2, 1], [1, -0.2]];
  const hinge = (dp, dn) => Math.max(0, 0.5 + dp - dn);
  const value = () => page.locator(byTestId('readout-with-distance')).getAttribute('data-value');
  assertClose(Number(await value()), hinge(pairwise(a, p, 2, EPS_DEFAULT), pairwise(a, n, 2, EPS_DEFAULT)), 'pairwise');
  await page.locator(byTestId('distance-function')).selectOption('cosine_distance');
  await page.waitForFunction(() => new URL(location.href).searchParams
    .get('triplet_margin_with_distance_loss.distance_function') === 'cosine_distance');
  const cos = (x, y) => 1 - (x[0] * y[0] + x[1] * y[1]) / (Math.hypot(...x) * Math.hypot(...y));
  assertClose(Number(await value()), hinge(cos(a, p), cos(a, n)), 'cosine');
  assertClose(await readout(page, 'readout-distance-pos'), cos(a, p), 'cosine d(a, p)');
  // Its loss over the anchor's plane: drawn for either distance.
  const map = byTestId('plot-distance-map');
  await page.locator(map).scrollIntoViewIfNeeded();
  await waitForInk(page, map);
  await t.screenshot(page, 'triplet-distance-map-cosine');
  await page.locator(byTestId('distance-function')).selectOption('pairwise_distance');
  await waitForInk(page, map);
}
