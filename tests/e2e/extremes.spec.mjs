// Extremes: every parameter control of every view at its slider minimum and maximum, and extreme
// typed values in its number box (taken if the math allows them, else refused with a message),
// must leave a finite plot: the canvases still have ink, no NaN or ∞ in a read-out, no panic, no
// console error. Controls are found in the page (each activation's sliders appear when it is
// shown), so a new parameter in the catalogue is covered without editing this file.
import { assert, waitForInk } from './lib/harness.mjs';
import { perView, VIEWS } from './lib/views.mjs';

// Typed into number boxes: huge, tiny, negative, and the f64 edges.
const TYPED = ['1e6', '-1e6', '1e-300', '1e308', '-0'];

const frames = (page, n = 2) => page.evaluate((n) => new Promise((resolve) => {
  const step = (k) => (k === 0 ? resolve() : requestAnimationFrame(() => step(k - 1)));
  step(n);
}), n);

/** What is wrong on the page right now (empty if nothing). */
async function problems(page) {
  return page.evaluate(() => {
    const out = [];
    if (document.querySelector('[data-testid="panic-banner"]')) out.push('panic banner');
    const main = document.querySelector('main');
    const BAD = /\bNaN\b|Infinity|(^|[^a-z])inf([^a-z]|$)/i;
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('.notice, select, math, script, style, .param-error')) continue;
      // ctc_loss's parameter zero_infinity is a name, not a value.
      if (BAD.test(node.textContent.replace(/zero_infinity/g, ''))) out.push(`shows “${node.textContent.trim().slice(0, 60)}”`);
    }
    for (const input of main.querySelectorAll('input[type="range"]')) {
      if (!Number.isFinite(Number(input.value))) out.push(`${input.name}=${input.value}`);
    }
    return out;
  });
}

/** Sets every matching control to its extremes, one at a time, and checks the page after each. */
async function exercise(t, page, label, { names = () => true }) {
  const failures = [];
  const check = async (what) => {
    await frames(page);
    const found = await problems(page);
    if (found.length) failures.push(`${label} ${what}: ${found.join('; ')}`);
  };
  const sliders = await page.locator('main input[type="range"]').evaluateAll((els) =>
    els.filter((e) => e.offsetParent !== null && !e.disabled).map((e) => ({ name: e.name, min: e.min, max: e.max })));
  for (const { name, min, max } of sliders.filter((s) => s.name && names(s.name))) {
    const slider = page.locator(`main input[type="range"][name="${name}"]`).first();
    for (const value of [min, max]) {
      await slider.evaluate((el, v) => {
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }, value);
      await check(`${name}=${value} (slider)`);
    }
    // Back to where a student would leave it, so the next control is tried on a sane plot.
    await slider.evaluate((el) => {
      el.value = String((Number(el.min) + Number(el.max)) / 2);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
  const boxes = await page.locator('main input[type="number"]').evaluateAll((els) =>
    els.filter((e) => e.offsetParent !== null && !e.disabled && e.name).map((e) => e.name));
  for (const name of [...new Set(boxes)].filter(names)) {
    const box = page.locator(`main input[type="number"][name="${name}"]`).first();
    const before = await box.inputValue();
    for (const value of TYPED) {
      await box.fill(value);
      await box.press('Enter');
      await check(`${name}=${value} (typed)`);
    }
    await box.fill(before);
    await box.press('Enter');
  }
  return { failures, controls: sliders.length + boxes.length };
}

async function canvasesHaveInk(page, label) {
  const count = await page.locator('main canvas').count();
  for (let i = 0; i < count; i++) {
    const canvas = page.locator('main canvas').nth(i);
    if (!(await canvas.isVisible())) continue;
    const testId = await canvas.getAttribute('data-testid');
    if (testId && !/overlay/.test(testId)) await waitForInk(page, `[data-testid="${testId}"]`).catch((e) => { throw new Error(`${label}: ${e.message}`); });
  }
}

// Every registered view's pages (views.json) are exercised; these views need more or other pages.
const SPECIFICS = {
  activations: {
    // One page per activation, each exercising only its own parameters.
    pages: async (t) => {
      const { page } = await t.open('?view=activations');
      const names = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="fn-toggle-"]')]
        .map((e) => e.dataset.testid.slice('fn-toggle-'.length)));
      await page.close();
      assert.ok(names.length >= 20, `only ${names.length} activations listed`);
      return names.map((name) => ({
        label: name, query: `?view=activations&fn=${name}`, names: (n) => n.startsWith(`${name}.`),
      }));
    },
    minControls: 20,
  },
  triplet: { extraQueries: ['loss=ratio_loss', 'mode=batch'] },
};

const SKIP = {
  training: 'each control restarts the networks training in its worker; training.spec.mjs checks refused values and slow configurations',
};

async function controlsAtTheirExtremes(t, view, { pages, extraQueries = [], minControls = 1 }) {
  const list = pages ? await pages(t) : [
    ...VIEWS.filter((p) => p.view === view).map((p) => ({ label: p.name, query: p.query })),
    ...extraQueries.map((q) => ({ label: `${view} ${q}`, query: `?view=${view}&${q}` })),
  ];
  const { page } = await t.open(`?view=${view}`);
  const failures = [];
  let controls = 0;
  for (const { label, query, names } of list) {
    await page.goto(t.url(query));
    await page.waitForSelector('main canvas');
    const result = await exercise(t, page, label, { names });
    controls += result.controls;
    failures.push(...result.failures);
    await canvasesHaveInk(page, label);
  }
  assert.ok(controls >= minControls, `${view}: only ${controls} parameter controls found`);
  assert.deepEqual(failures, []);
}

export const controls_at_their_extremes = perView('controls_at_their_extremes', controlsAtTheirExtremes,
  { specifics: SPECIFICS, skip: SKIP, timeoutMs: 10 * 60_000 });
