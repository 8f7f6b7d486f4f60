// Layout of every view (and every family of the losses view): nothing runs past the page
// sideways at a desktop or a phone width, and every legend or read-out swatch shows its series'
// colour (its visible pixels, as screenshot, not its style). Screenshots of offenders:
// target/e2e/layout-<page>-<width>.png.
import { assert, waitForInk } from './lib/harness.mjs';
import { VIEWS } from './lib/views.mjs';

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 360, height: 740 },
];

export async function no_view_overflows_horizontally(t) {
  const problems = [];
  for (const view of VIEWS) {
    for (const viewport of WIDTHS) {
      const { page } = await t.open(view.query, { viewport });
      await page.locator(view.plot).waitFor();
      await waitForInk(page, view.plot);
      const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
        const root = document.documentElement;
        const edge = root.clientWidth;
        const wide = [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > edge + 0.5 && e.offsetParent !== null)
          .slice(-4)
          .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}` +
            `[${e.dataset.testid ?? ''}] right=${Math.round(e.getBoundingClientRect().right)}`);
        return { scrollWidth: root.scrollWidth, clientWidth: edge, wide };
      });
      if (scrollWidth > clientWidth) {
        problems.push(`${view.name} at ${viewport.width}px: scrollWidth ${scrollWidth} > clientWidth ` +
          `${clientWidth} (${wide.join(', ')})`);
        await t.screenshot(page, `layout-${view.name}-${viewport.width}`, { fullPage: true }).catch(() => {});
      }
      await page.context().close();
    }
  }
  assert.deepEqual(problems, []);
}
no_view_overflows_horizontally.timeoutMs = 240_000;

/** `rgb(r, g, b)` / `rgba(r, g, b, a)` as [r, g, b, a]; null for anything else. */
const parseColor = (text) => {
  const m = /rgba?\(([^)]+)\)/.exec(text ?? '');
  if (!m) return null;
  const [r, g, b, a = 1] = m[1].split(',').map(Number);
  return [r, g, b, a];
};
const distance = (p, q) => Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]), Math.abs(p[2] - q[2]));
/** How far `p` is from every blend of `a` and `b` (anti-aliased edges blend a colour with the page). */
const blendDistance = (p, a, b) => {
  const d = [0, 1, 2].map((c) => b[c] - a[c]);
  const norm = d.reduce((s, v) => s + v * v, 0);
  const t = norm === 0 ? 0 : Math.min(1, Math.max(0, d.reduce((s, v, c) => s + v * (p[c] - a[c]), 0) / norm));
  return distance(p, a.map((v, c) => v + t * d[c]));
};

/** The pixels of a PNG (decoded by the page's own `createImageBitmap`), as RGBA bytes. */
async function decode(page, png) {
  return page.evaluate(async (bytes) => {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(bitmap, 0, 0);
    return [...ctx.getImageData(0, 0, bitmap.width, bitmap.height).data];
  }, [...png]);
}

export async function every_swatch_shows_its_series_colour(t) {
  const problems = [];
  let checked = 0;
  for (const view of VIEWS) {
    const { page } = await t.open(view.query);
    await page.locator(view.plot).waitFor();
    const swatches = page.locator('.swatch');
    const n = await swatches.count();
    for (let i = 0; i < n; i++) {
      const swatch = swatches.nth(i);
      if (!(await swatch.isVisible())) continue;
      // The series colour is what the markup gives the swatch; the page behind is the first
      // ancestor with a background.
      const { want, behind } = await swatch.evaluate((el) => {
        let behind = 'rgb(255, 255, 255)';
        for (let e = el.parentElement; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) { behind = c; break; }
        }
        return { want: el.style.backgroundColor || el.style.borderTopColor, behind };
      });
      const series = parseColor(want);
      if (!series) {
        problems.push(`${view.name} swatch ${i}: no series colour in its markup`);
        continue;
      }
      const pixels = await decode(page, await swatch.screenshot());
      const bg = parseColor(behind);
      let ink = 0;
      let right = 0;
      const others = new Map();
      for (let k = 0; k < pixels.length; k += 4) {
        const p = pixels.slice(k, k + 3);
        if (distance(p, bg) <= 24) continue;
        ink++;
        if (blendDistance(p, bg, series) <= 24) right++;
        else others.set(p.join(','), (others.get(p.join(',')) ?? 0) + 1);
      }
      checked++;
      if (ink < 20 || right < 0.9 * ink) {
        const top = [...others].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([c, k]) => `rgb(${c})×${k}`);
        problems.push(`${view.name} swatch ${i}: ${right} of ${ink} visible pixels are its colour ` +
          `${want} (others: ${top.join(', ')})`);
      }
    }
    await page.context().close();
  }
  assert.ok(checked >= 16, `only ${checked} swatches checked`);
  assert.deepEqual(problems, []);
}
every_swatch_shows_its_series_colour.timeoutMs = 180_000;
