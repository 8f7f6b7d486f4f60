// Fuzzed URLs: for every view, at least 500 generated addresses (E2E_FUZZ_URLS, default 500),
// built from the view's own keys (found in the page: the address it writes, its controls' names,
// the keys a slider move writes) plus random ones, with values such as NaN, Infinity, -0, 1e308,
// 1e-320, empty, very long, Unicode, <script> and quotes, repeated keys and broken
// percent-encoding, opened as a new page (one in eight, and embeds) or as Back/Forward open an
// address (the rest: the view mounts afresh from it). For each address, once the view has drawn
// and written its state back:
//   - no panic banner, no console error, no dialog (an injected `onerror=alert(1)` would open one);
//   - no NaN or ∞ in any read-out or number box;
//   - every value the view refused has a notice: if the address the view writes back holds a value
//     for a key that differs from every value the fuzzed address gave it, a notice names that key;
//   - the page still responds to a slider (a key press redraws).
// The generator is seeded (E2E_FUZZ_SEED); a failure prints the address, so it can be replayed.
// E2E_FUZZ_WORKERS pages work side by side (default 3); E2E_FUZZ_TIMINGS=1 prints where time goes.
import { assert } from './lib/harness.mjs';
import { perView } from './lib/views.mjs';

const PER_VIEW = Number(process.env.E2E_FUZZ_URLS ?? 500);
const SEED = Number(process.env.E2E_FUZZ_SEED ?? 20261129);

/** mulberry32: a small seeded generator, so a failing address can be reproduced. */
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

// Values no parser may take as a number, a name or a flag.
const GARBAGE = [
  'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '', ' ', 'abc', '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>', `'"`, '\u202e1', 'α', '١٢٣', '💥', 'null', 'undefined',
  '__proto__', '0x10', '1_000', 'A'.repeat(2_000),
];
// Numbers at the edges of f64; a view may take them or refuse them (with a notice).
const EXTREME = ['-0', '0', '1e308', '-1e308', '1e-320', '5e-324', '1e400', '-1e400', '9'.repeat(400), '+1', '.5'];
// Inserted into the address without encoding: broken percent-encoding.
const RAW = ['%', '%E0%A4%A', '%ZZ', '%00', '%C0%AF', '%FF', '%2', '%%41'];
const RANDOM_KEYS = ['zz', '__proto__', 'constructor', '<b>x</b>', 'fn.', '.', 'α', 'a'.repeat(300), '', 'view.x'];

const RUST_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A value's meaning, for comparing what the address gave with what the view wrote back. */
function meaning(text) {
  return text.trim().split(/[,_]/).map((part) => {
    const p = part.trim().toLowerCase();
    // The spellings of a boolean the URL codec reads (`url::codec::parse_bool`); views write 1/0.
    if (['true', 'yes', 'on'].includes(p)) return 1;
    if (['false', 'no', 'off'].includes(p)) return 0;
    if (['inf', '+inf', 'infinity', '+infinity'].includes(p)) return Infinity;
    if (['-inf', '-infinity'].includes(p)) return -Infinity;
    return RUST_FLOAT.test(p) ? Number(p) : p;
  });
}

function sameMeaning(a, b) {
  const x = meaning(a);
  const y = meaning(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function encode(text) {
  return encodeURIComponent(text);
}

/** Everything the page says about a view: its keys (with a sample value) and its sliders. */
async function discover(t, view, extraQueries, dragKeys) {
  const { page } = await t.open(`?view=${view}`);
  const keys = new Map(); // key -> { sample, min, max, options }
  const collect = async () => {
    const found = await page.evaluate(() => {
      const out = [];
      for (const [k, v] of new URLSearchParams(location.search)) out.push({ key: k, sample: v });
      for (const el of document.querySelectorAll('main input[name], main select[name]')) {
        if (!el.name) continue;
        const item = { key: el.name, sample: el.value };
        if (el.type === 'range' || el.type === 'number') {
          if (el.min !== '') item.min = Number(el.min);
          if (el.max !== '') item.max = Number(el.max);
        }
        if (el.tagName === 'SELECT') item.options = [...el.options].map((o) => o.value);
        if (el.type === 'checkbox' && el.value && el.value !== 'on') item.options = [el.value];
        out.push(item);
      }
      return out;
    });
    for (const item of found) {
      const have = keys.get(item.key) ?? {};
      if (item.key === 'fn' && have.options && item.options) item.options = [...have.options, ...item.options];
      keys.set(item.key, { ...have, ...item });
    }
  };
  const waitIdle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  for (const query of ['', ...(await extraQueries(page))]) {
    if (query) await page.goto(t.url(`?view=${view}&${query}`));
    await page.waitForSelector('[data-testid="app"] [data-testid^="view-"]');
    await waitIdle();
    await collect();
    // The keys a slider move writes (views write only what differs from the defaults).
    const sliders = page.locator('main input[type="range"]');
    for (let i = 0; i < await sliders.count(); i++) {
      const s = sliders.nth(i);
      if (!(await s.isVisible()) || await s.isDisabled()) continue;
      await s.focus();
      await page.keyboard.press('ArrowRight');
    }
    await page.waitForTimeout(250);
    await collect();
  }
  for (const key of dragKeys) if (!keys.has(key)) keys.set(key, { sample: '0,0' });
  keys.delete('view');
  await page.close();
  return keys;
}

function numberIn(g, min, max) {
  const lo = Number.isFinite(min) ? min : -10;
  const hi = Number.isFinite(max) ? max : 10;
  const v = lo + (hi - lo) * g.next();
  return g.chance(0.5) ? String(Math.round(v * 100) / 100) : String(v);
}

/** One value for `key`: plausible, extreme or garbage. Returns { text, raw } (raw: not encoded). */
function valueFor(g, key, info) {
  const roll = g.next();
  if (roll < 0.12) return { text: g.pick(RAW), raw: true };
  if (roll < 0.45) return { text: g.pick(GARBAGE) };
  if (roll < 0.6) return { text: g.pick(EXTREME) };
  if (info?.options?.length && g.chance(0.7)) {
    if (key === 'fn') {
      const n = 1 + g.int(4);
      return { text: Array.from({ length: n }, () => g.pick(info.options)).join(',') };
    }
    return { text: g.pick(info.options) };
  }
  const sample = info?.sample ?? '';
  const sep = sample.includes('_') ? '_' : sample.includes(',') ? ',' : null;
  if (sep) {
    const parts = sample.split(sep).map(() => (g.chance(0.85) ? numberIn(g, -5, 5) : g.pick([...EXTREME, ...GARBAGE.slice(0, 8)])));
    if (g.chance(0.1)) parts.push(numberIn(g, -5, 5));
    return { text: parts.join(sep) };
  }
  if (info && ('min' in info || 'max' in info)) {
    if (g.chance(0.2)) return { text: String(g.chance(0.5) ? info.min : info.max) };
    return { text: numberIn(g, info.min, info.max) };
  }
  return { text: sample };
}

/** A fuzzed address for `view`: [{ key, text, raw }] in order, and the query string. */
function fuzzedAddress(g, view, keys) {
  const names = [...keys.keys()];
  const pairs = [{ key: 'view', text: view }];
  const n = 1 + g.int(8);
  for (let i = 0; i < n; i++) {
    const key = g.chance(0.85) ? g.pick(names) : g.pick(RANDOM_KEYS);
    const value = valueFor(g, key, keys.get(key));
    pairs.push({ key, ...value });
    if (g.chance(0.08)) pairs.push({ key, ...valueFor(g, key, keys.get(key)) }); // repeated key
  }
  if (g.chance(0.05)) pairs.push({ key: 'embed', text: '1' });
  const query = pairs.map(({ key, text, raw }) => `${encode(key)}=${raw ? text : encode(text)}`).join('&');
  return { pairs, query };
}

/** What the page shows after loading an address: its own address, notices, bad read-outs. */
async function inspect(page) {
  return page.evaluate(() => {
    const notices = [...document.querySelectorAll('.notice')];
    const noticeText = notices.map((n) => n.textContent).join('\n');
    const noticeKeys = [...document.querySelectorAll('.notice [data-key]')].map((e) => e.dataset.key);
    const main = document.querySelector('main');
    const bad = [];
    const BAD = /\bNaN\b|Infinity|(^|[^a-z])inf([^a-z]|$)/i;
    if (main) {
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest('.notice, select, math, script, style')) continue;
        if (BAD.test(node.textContent)) bad.push(node.textContent.trim().slice(0, 80));
      }
      for (const input of main.querySelectorAll('input')) {
        if (/nan|inf/i.test(input.value)) bad.push(`${input.name || input.type}=${input.value}`);
      }
    }
    const written = [...new URLSearchParams(location.search)];
    return {
      banner: document.querySelector('[data-testid="panic-banner"]') !== null,
      injected: document.querySelectorAll('main script, img[src="x"]').length +
        [...document.querySelectorAll('b')].filter((b) => b.textContent === 'x').length,
      noticeText,
      noticeKeys,
      bad,
      written,
    };
  });
}

function refusedWithoutNotice({ pairs }, seen) {
  const missing = [];
  const given = new Map();
  for (const { key, text, raw } of pairs) {
    // Broken encoding decodes the way the page's URLSearchParams decodes it (same WHATWG rules).
    const decoded = raw ? new URLSearchParams(`k=${text}`).get('k') : text;
    if (!given.has(key)) given.set(key, []);
    given.get(key).push(decoded);
  }
  for (const [key, value] of seen.written) {
    const values = given.get(key);
    if (!values || key === 'view') continue;
    if (values.some((v) => sameMeaning(v, value))) continue;
    const named = seen.noticeText.includes(`${key}=`) || seen.noticeText.includes(`${key} `) ||
      seen.noticeKeys.includes(key) || seen.noticeKeys.includes(key.split('.')[0]);
    if (!named) missing.push(`${key}: gave ${JSON.stringify(values.map((v) => v.slice(0, 40)))}, view uses ${JSON.stringify(value.slice(0, 40))}`);
  }
  return missing;
}

/** A key press on a slider must be handled: the view redraws or writes its new state. */
async function respondsToASlider(page, g) {
  const sliders = page.locator('main input[type="range"]:visible:enabled');
  const count = await sliders.count();
  if (count === 0) return 'no slider';
  const slider = sliders.nth(g.int(count));
  const state = () => page.evaluate(() => [
    performance.getEntriesByType('measure').filter((e) => e.name.startsWith('draw:')).length,
    location.search,
  ]);
  const [draws, search] = await state();
  const atMax = await slider.evaluate((s) => Number(s.value) >= Number(s.max));
  await slider.focus();
  await page.keyboard.press(atMax ? 'ArrowLeft' : 'ArrowRight');
  const responded = await page.waitForFunction(([d, s]) =>
    performance.getEntriesByType('measure').filter((e) => e.name.startsWith('draw:')).length > d ||
      location.search !== s,
  [draws, search], { timeout: 3_000, polling: 20 }).then(() => true, () => false);
  return responded ? null : `no redraw or state change after a key press on ${await slider.getAttribute('name')}`;
}

/** One fuzzed address on `page`: the problems seen, or an empty list. */
const timings = { load: 0, inspect: 0, slider: 0, n: 0 };

// Most addresses are opened the way Back and Forward open one (the address bar changes, then
// `popstate`: the shell mounts the view afresh from the address), which costs a third of a page
// load; every FULL_LOAD_EVERY-th address, every embed and the address after an embed are loaded
// as a new page, so that the app's start reads fuzzed addresses too.
const FULL_LOAD_EVERY = 8;
// The view writes its state back to the address bar 150 ms after it mounts (`url::sync`).
const SETTLED_AFTER_DRAW_MS = 200;

async function open(page, address, i) {
  const embed = address.pairs.some((p) => p.key === 'embed');
  const viaHistory = !embed && !page.fuzzEmbedded && i % FULL_LOAD_EVERY !== 0;
  page.fuzzEmbedded = embed;
  page.fuzzHow = viaHistory ? ' (opened as Back/Forward do)' : '';
  if (viaHistory) {
    const before = await page.evaluate((query) => {
      const draws = performance.getEntriesByType('measure').filter((e) => e.name.startsWith('draw:')).length;
      history.pushState(null, '', `?${query}`);
      dispatchEvent(new PopStateEvent('popstate'));
      return draws;
    }, address.query);
    await page.waitForFunction((n) =>
      performance.getEntriesByType('measure').filter((e) => e.name.startsWith('draw:')).length > n,
    before, { timeout: 10_000, polling: 20 }).catch(() => {});
  } else {
    await page.goto(page.fuzzBase + address.query, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="app"] [data-testid^="view-"]', { timeout: 10_000 });
    await page.waitForFunction(() =>
      performance.getEntriesByType('measure').some((e) => e.name.startsWith('draw:')), null, { timeout: 10_000, polling: 20 })
      .catch(() => {});
  }
  await page.waitForFunction((ms) => {
    const draws = performance.getEntriesByType('measure').filter((e) => e.name.startsWith('draw:'));
    const last = draws.at(-1);
    return !last || performance.now() - (last.startTime + last.duration) >= ms;
  }, SETTLED_AFTER_DRAW_MS, { timeout: 10_000, polling: 50 }).catch(() => {});
}

async function check(page, errors, dialogs, address, i, g) {
  const t0 = performance.now();
  const errorsBefore = errors.length;
  const dialogsBefore = dialogs.length;
  await open(page, address, i);
  const t1 = performance.now();
  const seen = await inspect(page);
  const t2 = performance.now();
  const problems = [];
  if (seen.banner) problems.push('panic banner');
  if (seen.injected) problems.push(`${seen.injected} injected element(s)`);
  if (seen.bad.length) problems.push(`NaN/∞ shown: ${seen.bad.slice(0, 3).join(' | ')}`);
  if (dialogs.length > dialogsBefore) problems.push(`dialog: ${dialogs.slice(dialogsBefore).join(', ')}`);
  problems.push(...refusedWithoutNotice(address, seen).map((m) => `refused without a notice: ${m}`));
  if (!seen.banner && !address.pairs.some((p) => p.key === 'embed')) {
    const slider = await respondsToASlider(page, g);
    if (slider && slider !== 'no slider') problems.push(slider);
  }
  const t3 = performance.now();
  timings.load += t1 - t0; timings.inspect += t2 - t1; timings.slider += t3 - t2; timings.n++;
  if (errors.length > errorsBefore) problems.push(`console: ${errors.slice(errorsBefore).join(' | ').slice(0, 300)}`);
  return problems;
}

// Pages that load addresses side by side (each in its own browser context).
const WORKERS = Number(process.env.E2E_FUZZ_WORKERS ?? 3);

async function fuzzView(t, view, { extraQueries = async () => [], dragKeys = [] } = {}) {
  const keys = await discover(t, view, extraQueries, dragKeys);
  assert.ok(keys.size >= 3, `${view}: found only ${[...keys.keys()]}`);
  const viewSeed = SEED ^ [...view].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7);
  const g = generator(viewSeed);
  const addresses = Array.from({ length: PER_VIEW }, () => fuzzedAddress(g, view, keys));
  const failures = [];
  let next = 0;
  const worker = async () => {
    const { page, errors } = await t.open(`?view=${view}`);
    page.fuzzBase = t.url('?');
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    while (next < addresses.length && failures.length < 5) {
      const i = next++;
      const problems = await check(page, errors, dialogs, addresses[i], i, generator(viewSeed + i));
      if (problems.length) failures.push(`#${i}${page.fuzzHow} ?${addresses[i].query.slice(0, 400)}\n      ${problems.join('\n      ')}`);
    }
    await page.close();
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  if (process.env.E2E_FUZZ_TIMINGS) {
    console.log(`    ${view}: ${timings.n} addresses; mean ms load ${(timings.load / timings.n).toFixed(0)}, ` +
      `inspect ${(timings.inspect / timings.n).toFixed(0)}, slider ${(timings.slider / timings.n).toFixed(0)}`);
    Object.assign(timings, { load: 0, inspect: 0, slider: 0, n: 0 });
  }
  assert.deepEqual(failures, [], `${view} (seed ${SEED}):\n    ${failures.join('\n    ')}`);
  return addresses.length;
}

// Every registered view is fuzzed; these are the queries (beyond its plain page) that show all of
// a view's controls, and the keys only a drag writes.
const SPECIFICS = {
  activations: {
    // Show every activation (8 at a time) so that all their parameter controls can be found.
    extraQueries: async (page) => {
      const names = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="fn-toggle-"]')]
        .map((e) => e.dataset.testid.slice('fn-toggle-'.length)));
      const chunks = [];
      for (let i = 0; i < names.length; i += 8) chunks.push(`fn=${names.slice(i, i + 8).join(',')}`);
      return chunks;
    },
  },
  losses: {
    extraQueries: async (page) => (await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid^="family-"]')].map((e) => e.dataset.testid.slice('family-'.length))))
      .map((f) => `family=${f}`),
    // Written only by dragging points on the landscape lab's canvases.
    dragKeys: ['points', 'start'],
  },
  triplet: {
    extraQueries: async () => ['mode=batch', 'loss=ratio_loss'],
  },
};

const SKIP = {
  training: 'its worker trains all along; training.spec.mjs checks that its URL reproduces a run and names refused values',
};

export const survives_fuzzed_urls = perView('survives_fuzzed_urls', fuzzView,
  { specifics: SPECIFICS, skip: SKIP, timeoutMs: 30 * 60_000 });
