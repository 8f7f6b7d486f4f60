#!/usr/bin/env node
// Performance bench of the release dist/ in headless Chromium (run by `cargo xtask bench`, which
// installs the tools, builds dist/ and measures the bundle first).
//
//   node tests/e2e/bench.mjs [--dist DIR] [--bundle FILE] [--budgets FILE] [--out FILE]
//                            [--inputs N] [--memory-inputs N] [--cold-runs N]
//                            [--native-train-rate STEPS_PER_S] [FILTER...]
//
// - Latency: every WORKLOADS entry opens its URL on a fresh page (DPR 2, 1280x900), then for each
//   input dispatches it from inside page.evaluate and times it on the page clock:
//   latency = end of the view's performance.measure (startTime + duration) - performance.now() at
//   dispatch. The measure's own duration (the drawing alone) is recorded too.
// - Cold load: navigation start -> end of the first draw:<view> measure (not its draw:<view>:<part>
//   parts), fresh context each run.
// - Memory (workloads with `memory: true`): JS heap after GC (CDP) and wasm linear memory after
//   100 inputs and after --memory-inputs inputs.
// - Training: `?view=training&bench=1` runs nnfunc::train::bench's fixed workload (2x64 ReLU MLP,
//   Adam, batch 256, spirals; fresh warmed-up labs, STEPS steps each, best of 3) in the training lab's Web Worker and
//   shows its steps/s; printed next to --native-train-rate (the same code natively, measured by
//   xtask with the train_bench example) and their ratio (the target is >= 0.5).
// - Bundle: read from --bundle (written by xtask from sizes.rs).
// Prints tables and `OVER BUDGET: ...` lines, writes --out (JSON). Exit 0 unless the bench itself
// failed (browser, server, a page that crashed); over-budget figures never fail it.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDir } from './lib/server.mjs';
import { pageHelpers, WORKLOADS } from './lib/page_helpers.mjs';
import { VIEW_KEYS } from './lib/views.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// The e2e runner's flags (tests/e2e/run.mjs), plus precise performance.memory.
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--enable-precise-memory-info',
];
const PAGE = { deviceScaleFactor: 2, viewport: { width: 1280, height: 900 } };
const WARMUP_INPUTS = 10;
/** How long a view gets to produce its measure after an input (or to show its control). */
const MEASURE_TIMEOUT_MS = 5_000;
const COLD_TIMEOUT_MS = 10_000;

/** How long the training bench (in the worker) may take (3 rounds of 2,000 steps). */
const TRAIN_BENCH_TIMEOUT_MS = 300_000;


// ---------------------------------------------------------------------------------------------
// Node side.
// ---------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const options = {
    dist: path.join(ROOT, 'dist'),
    bundle: path.join(ROOT, 'target', 'bench', 'bundle.json'),
    budgets: path.join(ROOT, 'bench', 'budgets.json'),
    out: path.join(ROOT, 'target', 'bench', 'report.json'),
    inputs: 200,
    memoryInputs: 10_000,
    coldRuns: 5,
    nativeTrainRate: null,
    filters: [],
  };
  const number = (i, flag, min) => {
    const value = Number(argv[i]);
    if (!Number.isInteger(value) || value < min) usage(`${flag} needs an integer >= ${min}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dist') options.dist = path.resolve(argv[++i]);
    else if (arg === '--bundle') options.bundle = path.resolve(argv[++i]);
    else if (arg === '--budgets') options.budgets = path.resolve(argv[++i]);
    else if (arg === '--out') options.out = path.resolve(argv[++i]);
    else if (arg === '--inputs') options.inputs = number(++i, arg, 200);
    else if (arg === '--memory-inputs') options.memoryInputs = number(++i, arg, 200);
    else if (arg === '--cold-runs') options.coldRuns = number(++i, arg, 1);
    else if (arg === '--native-train-rate') {
      options.nativeTrainRate = Number(argv[++i]);
      if (!(options.nativeTrainRate > 0)) usage('--native-train-rate needs a positive number');
    }
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else options.filters.push(arg);
  }
  return options;
}

function usage(message) {
  console.error(`bench: ${message}\nusage: node tests/e2e/bench.mjs [--dist DIR] [--bundle FILE] ` +
    '[--budgets FILE] [--out FILE] [--inputs N>=200] [--memory-inputs N] [--cold-runs N] ' +
    '[--native-train-rate STEPS_PER_S] [FILTER...]');
  process.exit(2);
}

const log = (line) => console.log(`bench: ${line}`);

/** Nearest-rank percentile of a sorted array. */
function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    min: sorted[0] ?? null,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] ?? null,
    mean: sorted.length ? mean : null,
  };
}

class Pages {
  constructor(browser, baseUrl) {
    this.browser = browser;
    this.baseUrl = baseUrl;
    this.errors = [];
  }

  /**
   * A fresh context (own cache and storage) and page at `query`, helpers installed. Service
   * workers are blocked: the offline copy's background download is not part of what is measured.
   */
  async open(query, { waitUntil = 'load' } = {}) {
    const context = await this.browser.newContext({ ...PAGE, serviceWorkers: 'block' });
    await context.addInitScript(pageHelpers);
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(`${query}: console.error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => this.errors.push(`${query}: uncaught: ${err.message}`));
    page.on('crash', () => this.errors.push(`${query}: page crashed`));
    await page.goto(new URL(query, this.baseUrl).href, { waitUntil, timeout: 30_000 });
    return { context, page };
  }
}

/** Waits (polling) for the view's control or measure to appear, then reports what is there. */
async function probe(page, workload) {
  const until = Date.now() + MEASURE_TIMEOUT_MS;
  let state;
  for (;;) {
    state = await page.evaluate(([input, measure]) => window.__bench.probe(input, measure),
      [workload.input, workload.measure]);
    if (state.panic || state.comingSoon || (state.control && state.measures > 0) || Date.now() > until) {
      return state;
    }
    await page.waitForTimeout(100);
  }
}

function missing(workload, why) {
  const status = workload.required ? 'missing' : 'not yet available';
  return { status, reason: why };
}

/** Queries on which some draw:* measure was seen: only those get a cold-load run. */
const seenDraw = {
  queries: new Set(),
  add(query, seen) { if (seen) this.queries.add(query); },
};

async function latencyWorkload(pages, workload, options) {
  const { context, page } = await pages.open(workload.query);
  try {
    await page.waitForSelector('[data-testid="app"] [data-testid^="view-"]', { timeout: 15_000 });
    const state = await probe(page, workload);
    seenDraw.add(workload.query, state.drawMeasures > 0);
    if (state.panic) return { status: 'error', reason: 'the app panicked on load (panic banner shown)' };
    if (state.comingSoon) return missing(workload, 'view shows "Coming soon"');
    if (!state.control) {
      return missing(workload, `no control matching ${workload.input.selectors.join(' or ')}` +
        ` (views on the page: ${state.views.join(', ') || 'none'})`);
    }
    await page.evaluate((input) => window.__bench.prepare(input), workload.input);
    const step = (i) => page.evaluate(([i, measure, timeout]) => window.__bench.step(i, measure, timeout),
      [i, workload.measure, MEASURE_TIMEOUT_MS]);
    const firstInput = await step(0);
    if (!firstInput.ok) {
      return workload.required
        ? { status: 'no measure', reason: `no measure (view not instrumented yet): no "${workload.measure}" ` +
            `within ${MEASURE_TIMEOUT_MS} ms of an input on ${state.control}` }
        : missing(workload, `no "${workload.measure}" measure after an input on ${state.control}`);
    }
    for (let i = 1; i < WARMUP_INPUTS; i++) await step(i);
    const samples = [];
    let missed = 0;
    for (let i = 0; samples.length < options.inputs && missed <= 10; i++) {
      const result = await step(WARMUP_INPUTS + i);
      if (result.ok) samples.push(result);
      else missed++;
    }
    if (await page.locator('[data-testid="panic-banner"]').count()) {
      return { status: 'error', reason: 'the app panicked during the inputs (panic banner shown)' };
    }
    const round = (x) => Math.round(x * 1000) / 1000;
    return {
      status: samples.length >= options.inputs ? 'ok' : 'incomplete',
      reason: missed ? `${missed} inputs produced no measure within ${MEASURE_TIMEOUT_MS} ms` : undefined,
      control: state.control,
      warmup: WARMUP_INPUTS,
      missed,
      latency_ms: summary(samples.map((s) => s.latency)),
      first_measure_latency_ms: summary(samples.map((s) => s.firstLatency)),
      measure_ms: summary(samples.map((s) => s.duration)),
      measures_per_input: samples.reduce((a, s) => a + s.measures, 0) / (samples.length || 1),
      samples: samples.map((s) => ({ latency: round(s.latency), duration: round(s.duration), measures: s.measures })),
    };
  } finally {
    await context.close();
  }
}

/**
 * The bench's reference page: Chart.js (npm, served locally) drawing the activation workload's six
 * curves (tests/e2e/reference/). Its first plot is timed in the same run as the app's, alternating.
 */
const REFERENCE = {
  query: '?view=activations&fn=elu,celu,softplus&deriv=1',
  page: 'reference/chartjs.html',
  routes: [
    { prefix: '/reference/lib/', root: path.join(HERE, 'node_modules', 'chart.js', 'dist') },
    { prefix: '/reference/', root: path.join(HERE, 'reference') },
  ],
};

/** The file a URL of the bench's server names: the routes' first, else dist's. */
function servedFile(dist, url) {
  const pathname = decodeURIComponent(new URL(url).pathname);
  const route = REFERENCE.routes.find((r) => pathname.startsWith(r.prefix));
  return route
    ? path.join(route.root, pathname.slice(route.prefix.length))
    : path.join(dist, pathname.slice(1) || 'index.html');
}

/** gzip -9 bytes of the distinct files among `urls` (of the bench's server). */
function firstLoadBytes(dist, urls) {
  const files = [...new Set(urls.map((url) => servedFile(dist, url)))].filter((file) => existsSync(file)).sort();
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
  return { files: files.map((file) => path.relative(file.startsWith(dist) ? dist : ROOT, file)), bytes };
}

/** One fresh page at `query`: navigation start -> end of its first draw:* measure, and its files. */
async function coldRun(pages, query, dist) {
  const { context, page } = await pages.open(query, { waitUntil: 'commit' });
  const requested = [];
  const record = (request) => requested.push({ url: request.url(), at: Date.now() });
  context.on('request', record);
  try {
    const handle = await page.waitForFunction(() => {
      const firstDone = window.__bench?.firstDraw;
      if (!firstDone) return null;
      const end = (e) => e.startTime + e.duration;
      const nav = performance.getEntriesByType('navigation')[0];
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      return {
        name: firstDone.name,
        ms: end(firstDone) - (nav?.startTime ?? 0),
        breakdown: {
          html_response_end: nav?.responseEnd ?? null,
          wasm_response_end: wasm?.responseEnd ?? null,
          dom_content_loaded: nav?.domContentLoadedEventEnd ?? null,
          app_started: window.__bench?.startedAt ?? null,
          first_draw_start: firstDone.startTime,
          first_draw_duration: firstDone.duration,
        },
      };
    }, null, { timeout: COLD_TIMEOUT_MS, polling: 50 }).catch(() => null);
    if (!handle) return null;
    const sample = await handle.jsonValue();
    context.off('request', record);
    // Every file requested until the first plot was drawn (those before the listener from the
    // page's resource timing; the training worker's from the context's requests); not what the
    // view fetches after it (a panel below the figure).
    const { drawn, seen } = await page.evaluate(() => {
      const firstDone = window.__bench.firstDraw;
      const end = firstDone.startTime + firstDone.duration;
      return {
        drawn: performance.timeOrigin + end,
        seen: [location.href, ...performance.getEntriesByType('resource').filter((e) => e.startTime <= end).map((e) => e.name)],
      };
    });
    const before = requested.filter((r) => r.at <= drawn).map((r) => r.url);
    return { sample, load: firstLoadBytes(dist, [...seen, ...before]) };
  } finally {
    await context.close();
  }
}

/** The cold-load figures of `runs` fresh pages at `query`. */
function coldSummary(runs) {
  const samples = runs.map((r) => r.sample);
  const medianOf = (key) => summary(samples.map((s) => s.breakdown[key]).filter((x) => x !== null)).median;
  return {
    status: 'ok',
    first_measure: samples[0].name,
    first_plot_ms: summary(samples.map((s) => s.ms)),
    first_load_gzip_bytes: runs[0].load.bytes,
    first_load_files: runs[0].load.files,
    breakdown_median_ms: Object.fromEntries(Object.keys(samples[0].breakdown).map((k) => [k, medianOf(k)])),
    samples: samples.map((s) => ({ ms: s.ms, measure: s.name, ...s.breakdown })),
  };
}

/**
 * `runs` fresh pages at `query`; for the reference workload's query, each followed by a fresh page
 * of the Chart.js reference, so that both see the same machine (reported as `reference`).
 */
async function coldLoad(pages, query, runs, dist) {
  const app = [];
  const reference = [];
  const withReference = query === REFERENCE.query;
  // With the reference, the order alternates (app first, then reference first): the second of
  // two fresh pages in a row loads measurably faster.
  const order = (run) => (withReference ? (run % 2 ? ['reference', 'app'] : ['app', 'reference']) : ['app']);
  for (let run = 0; run < runs; run++) {
    for (const which of order(run)) {
      const result = await coldRun(pages, which === 'app' ? query : REFERENCE.page, dist);
      if (!result) {
        return {
          status: 'no measure',
          reason: which === 'app'
            ? `no draw:<view> measure within ${COLD_TIMEOUT_MS} ms of navigation`
            : `the Chart.js reference page drew nothing within ${COLD_TIMEOUT_MS} ms`,
        };
      }
      (which === 'app' ? app : reference).push(result);
    }
  }
  return { ...coldSummary(app), ...(withReference ? { reference: coldSummary(reference) } : {}) };
}

async function memoryWorkload(pages, workload, options) {
  const { context, page } = await pages.open(workload.query);
  try {
    await page.waitForSelector('[data-testid="app"] [data-testid^="view-"]', { timeout: 15_000 });
    const state = await probe(page, workload);
    if (!state.control || state.comingSoon || state.panic) {
      return { status: 'not run', reason: `no control (${workload.input.selectors.join(' or ')})` };
    }
    await page.evaluate((input) => window.__bench.prepare(input), workload.input);
    const cdp = await context.newCDPSession(page);
    const snapshot = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const inPage = await page.evaluate(() => window.__bench.memorySnapshot());
      return { js_heap_used: heap.usedSize, js_heap_total: heap.totalSize, ...inPage };
    };
    const baselineInputs = 100;
    let measured = 0;
    for (let i = 0; i < baselineInputs; i++) {
      const r = await page.evaluate(([i, measure, timeout]) => window.__bench.step(i, measure, timeout),
        [i, workload.measure, MEASURE_TIMEOUT_MS]);
      if (r.ok) measured++;
    }
    if (measured === 0) {
      return { status: 'no measure', reason: `no "${workload.measure}" measure (view not instrumented yet)` };
    }
    const after100 = await snapshot();
    log(`  memory: after ${baselineInputs} inputs: JS heap ${mib(after100.js_heap_used)}, ` +
      `wasm ${after100.wasmBytes === null ? 'not found' : mib(after100.wasmBytes)}`);
    let redraws = 0;
    const chunk = 1_000;
    let chunks = 0;
    const started = performance.now();
    for (let done = baselineInputs; done < options.memoryInputs;) {
      const count = Math.min(chunk, options.memoryInputs - done);
      const r = await page.evaluate(([from, count, measure]) => window.__bench.burst(from, count, measure),
        [done, count, workload.measure]);
      redraws += r.redraws;
      done += count;
      if (++chunks % 2 === 0 || done === options.memoryInputs) {
        log(`  memory: ${done}/${options.memoryInputs} inputs (${redraws} redraws, ` +
          `${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }
    }
    const afterAll = await snapshot();
    const panicked = await page.locator('[data-testid="panic-banner"]').count();
    const growth = (key) => (afterAll[key] === null || after100[key] === null ? null : afterAll[key] - after100[key]);
    return {
      status: panicked ? 'error' : 'ok',
      reason: panicked ? 'the app panicked during the memory run' : undefined,
      inputs: options.memoryInputs,
      baseline_inputs: baselineInputs,
      burst_redraws: redraws,
      after_baseline: after100,
      after_all: afterAll,
      growth: {
        js_heap_used: growth('js_heap_used'),
        wasm_bytes: growth('wasmBytes'),
        used_js_heap_size: growth('usedJSHeapSize'),
        measure_entries: growth('measureEntries'),
      },
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting.
// ---------------------------------------------------------------------------------------------
const ms = (x) => (x === null || x === undefined ? '-' : x.toFixed(2));
const kib = (x) => (x === null || x === undefined ? '-' : `${(x / 1024).toFixed(1)} KiB`);
const mib = (x) => (x === null || x === undefined ? '-' : `${(x / 1048576).toFixed(2)} MiB`);
const signedKib = (x) => (x === null || x === undefined ? '-' : `${x >= 0 ? '+' : ''}${(x / 1024).toFixed(1)} KiB`);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function bundleByKind(bundle) {
  if (!bundle) return null;
  const kinds = {};
  for (const kind of ['wasm', 'js', 'css', 'html']) kinds[kind] = { files: 0, raw: 0, gzip: 0 };
  for (const f of bundle.files) {
    const k = (kinds[f.kind] ??= { files: 0, raw: 0, gzip: 0 });
    k.files++;
    k.raw += f.raw;
    k.gzip += f.gzip;
  }
  return { files: bundle.files, by_kind: kinds, total: bundle.total, page_gzip: bundle.page_gzip, worker_gzip: bundle.worker_gzip };
}

/** The training workload in the training worker (`?view=training&bench=1`), next to the native rate. */
async function trainingBench(pages, nativeRate) {
  const { context, page } = await pages.open('?view=training&bench=1');
  try {
    const handle = await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="train-bench"]');
      return el?.dataset.stepsPerSecond ? { best: Number(el.dataset.stepsPerSecond), rounds: el.dataset.rounds } : null;
    }, null, { timeout: TRAIN_BENCH_TIMEOUT_MS, polling: 250 }).catch(() => null);
    if (!handle) {
      return { status: 'no result', reason: `no data-steps-per-second on [data-testid="train-bench"] within ${TRAIN_BENCH_TIMEOUT_MS} ms` };
    }
    const value = await handle.jsonValue();
    const browser = value.best;
    return {
      status: 'ok',
      workload: '2x64 ReLU MLP, Adam, batch 256, spirals (nnfunc::train::bench), best of 3 fresh runs of 2000 steps',
      browser_steps_per_second: browser,
      browser_rounds: String(value.rounds ?? '').split(',').filter(Boolean).map(Number),
      native_steps_per_second: nativeRate,
      browser_over_native: nativeRate ? browser / nativeRate : null,
    };
  } finally {
    await context.close();
  }
}

function checkBudgets(report, budgets) {
  const checks = [];
  const check = (figure, value, budget, unit, strict = false) => {
    if (budget === undefined || budget === null) return;
    const ok = value === null || value === undefined ? null : strict ? value < budget : value <= budget;
    checks.push({ figure, value: value ?? null, budget, unit, ok, rule: strict ? '<' : '<=' });
  };
  for (const [name, budget] of Object.entries(budgets.latency_p95_ms ?? {})) {
    if (name.startsWith('_')) continue;
    const w = report.workloads.find((x) => x.name === name);
    // A view that redraws every frame anyway (the training lab) answers an input with its next
    // redraw: the first measure after the input, not the last one of the frames that follow.
    const latency = w?.animated ? w?.first_measure_latency_ms : w?.latency_ms;
    check(`${name} p95 latency${w?.animated ? ' (next redraw)' : ''}`, latency?.p95, budget, 'ms');
  }
  for (const c of report.cold_load.filter((x) => x.status !== 'skipped')) {
    check(`first plot ${c.query} (median)`, c.first_plot_ms?.median, budgets.first_plot_ms, 'ms');
    if (c.reference) {
      check(`first plot ${c.query} (median) vs the Chart.js page's in the same run`, c.first_plot_ms?.median,
        c.reference.first_plot_ms.median, 'ms');
    }
  }
  for (const c of report.cold_load.filter((x) => x.first_load_gzip_bytes)) {
    check(`first load ${c.query} (gzip -9 until the first plot)`, c.first_load_gzip_bytes, budgets.first_load_gzip_bytes, 'bytes');
  }
  for (const m of report.memory) {
    check(`${m.workload} JS heap growth (100 -> ${report.meta.memory_inputs} inputs)`, m.growth?.js_heap_used, budgets.memory_growth_bytes, 'bytes', true);
    check(`${m.workload} wasm memory growth (100 -> ${report.meta.memory_inputs} inputs)`, m.growth?.wasm_bytes, budgets.memory_growth_bytes, 'bytes', true);
  }
  return checks;
}

function printReport(report) {
  const out = [];
  const line = (s = '') => out.push(s);
  line();
  line(`results: Chromium ${report.meta.chromium}, DPR ${PAGE.deviceScaleFactor}, ${PAGE.viewport.width}x${PAGE.viewport.height}, ` +
    `${report.meta.cpus} CPUs, ${report.meta.inputs} inputs per workload (+${WARMUP_INPUTS} warm-up)`);
  const load = (l) => l.map((x) => x.toFixed(1)).join(' ');
  line(`load average: ${load(report.meta.load_average_at_start)} at start, ${load(report.meta.load_average_at_end)} at end ` +
    `(above ${report.meta.cpus} means other work shared the CPUs: latencies are inflated)`);
  line();
  line('latency: input dispatch -> end of the view\'s performance.measure (ms)');
  line(`  ${pad('workload', 18)}${lpad('n', 5)}${lpad('median', 9)}${lpad('p95', 9)}${lpad('max', 9)}` +
    `${lpad('measure med', 13)}${lpad('measures/in', 13)}`);
  for (const w of report.workloads) {
    if (w.latency_ms) {
      line(`  ${pad(w.name, 18)}${lpad(w.latency_ms.n, 5)}${lpad(ms(w.latency_ms.median), 9)}${lpad(ms(w.latency_ms.p95), 9)}` +
        `${lpad(ms(w.latency_ms.max), 9)}${lpad(ms(w.measure_ms.median), 13)}${lpad(w.measures_per_input.toFixed(2), 13)}` +
        (w.status !== 'ok' ? `  (${w.status}: ${w.reason})` : ''));
      if (w.animated && w.first_measure_latency_ms) {
        const f = w.first_measure_latency_ms;
        line(`  ${pad('  next redraw', 18)}${lpad(f.n, 5)}${lpad(ms(f.median), 9)}${lpad(ms(f.p95), 9)}${lpad(ms(f.max), 9)}` +
          '  (redraws every frame: the first measure after the input; its budget is checked on this)');
      }
    } else {
      line(`  ${pad(w.name, 18)}  ${w.status}: ${w.reason}`);
    }
  }
  if (report.training) {
    const tr = report.training;
    line();
    line('training steps per second (nnfunc::train::bench workload: 2x64 ReLU MLP, Adam, batch 256, spirals)');
    if (tr.status === 'ok') {
      line(`  browser (release wasm, headless Chromium): ${tr.browser_steps_per_second.toFixed(0)} steps/s` +
        (tr.browser_rounds.length ? ` (rounds: ${tr.browser_rounds.map((r) => r.toFixed(0)).join(', ')})` : ''));
      line(`  native (train_bench example, release):     ${tr.native_steps_per_second ? `${tr.native_steps_per_second.toFixed(0)} steps/s` : 'not measured (pass --native-train-rate)'}`);
      if (tr.browser_over_native !== null) {
        const verdict = tr.browser_over_native >= 0.5 ? 'at least half the native rate' : 'BELOW half the native rate';
        line(`  browser / native: ${tr.browser_over_native.toFixed(2)} (${verdict})`);
      }
    } else {
      line(`  ${tr.status}: ${tr.reason}`);
    }
  }
  line();
  line('cold load: navigation start -> end of the first draw:<view> measure, fresh context per run (ms)');
  line(`  ${pad('url', 50)}${lpad('runs', 5)}${lpad('median', 9)}${lpad('min', 9)}${lpad('max', 9)}  first measure`);
  for (const c of report.cold_load) {
    if (c.first_plot_ms) {
      const s = c.first_plot_ms;
      line(`  ${pad(c.query, 50)}${lpad(s.n, 5)}${lpad(ms(s.median), 9)}${lpad(ms(s.min), 9)}${lpad(ms(s.max), 9)}  ${c.first_measure}`);
      if (c.first_load_gzip_bytes) {
        line(`    fetched until the first plot: ${kib(c.first_load_gzip_bytes)} gzip -9 in ${c.first_load_files.length} files`);
      }
      const b = c.breakdown_median_ms;
      line(`    medians: html ${ms(b.html_response_end)}, wasm fetched ${ms(b.wasm_response_end)}, DOMContentLoaded ` +
        `${ms(b.dom_content_loaded)}, app started ${ms(b.app_started)}, first draw ${ms(b.first_draw_start)} ` +
        `+ ${ms(b.first_draw_duration)}`);
      if (c.reference) {
        const r = c.reference;
        line(`    Chart.js reference page, alternating: median ${ms(r.first_plot_ms.median)} ms (min ${ms(r.first_plot_ms.min)}, ` +
          `max ${ms(r.first_plot_ms.max)}), ${kib(r.first_load_gzip_bytes)} gzip -9 in ${r.first_load_files.length} files`);
      }
    } else {
      line(`  ${pad(c.query, 50)}  ${c.status}: ${c.reason}`);
    }
  }
  line();
  line('bundle (dist/)');
  if (report.bundle) {
    line(`  ${pad('kind', 8)}${lpad('files', 6)}${lpad('raw', 14)}${lpad('gzip -9', 14)}`);
    for (const [kind, k] of Object.entries(report.bundle.by_kind)) {
      line(`  ${pad(kind, 8)}${lpad(k.files, 6)}${lpad(kib(k.raw), 14)}${lpad(kib(k.gzip), 14)}`);
    }
    line(`  ${pad('total', 8)}${lpad(report.bundle.files.length, 6)}${lpad(kib(report.bundle.total.raw), 14)}` +
      `${lpad(kib(report.bundle.total.gzip), 14)}`);
    line(`  the app (every view's files): ${kib(report.bundle.page_gzip)} gzip -9; the training worker (trainer*, training view only): ${kib(report.bundle.worker_gzip)}`);
  } else {
    line('  not measured (no --bundle file; `cargo xtask bench` writes it)');
  }
  line();
  for (const m of report.memory) {
    line(`memory: ${m.workload}, 100 timed inputs, then untimed inputs up to ${report.meta.memory_inputs}`);
    if (m.status !== 'ok' && !m.growth) {
      line(`  ${m.status}: ${m.reason}`);
      continue;
    }
    const a = m.after_baseline;
    const b = m.after_all;
    line(`  ${pad('', 28)}${lpad(`after ${m.baseline_inputs}`, 14)}${lpad(`after ${m.inputs}`, 14)}${lpad('growth', 14)}`);
    line(`  ${pad('JS heap used (after GC)', 28)}${lpad(mib(a.js_heap_used), 14)}${lpad(mib(b.js_heap_used), 14)}${lpad(signedKib(m.growth.js_heap_used), 14)}`);
    line(`  ${pad('wasm linear memory', 28)}${lpad(mib(a.wasmBytes), 14)}${lpad(mib(b.wasmBytes), 14)}${lpad(signedKib(m.growth.wasm_bytes), 14)}`);
    line(`  ${pad('performance measure entries', 28)}${lpad(a.measureEntries, 14)}${lpad(b.measureEntries, 14)}${lpad(`+${m.growth.measure_entries}`, 14)}`);
    line(`  ${pad('performance mark entries', 28)}${lpad(a.markEntries, 14)}${lpad(b.markEntries, 14)}${lpad(`+${b.markEntries - a.markEntries}`, 14)}`);
    line(`  redraws during the untimed inputs: ${m.burst_redraws}` + (m.status !== 'ok' ? ` (${m.status}: ${m.reason})` : ''));
  }
  line();
  line(`budgets (${path.relative(ROOT, report.meta.budgets_file)})`);
  for (const c of report.budgets) {
    const unitFmt = c.unit === 'ms' ? (x) => `${ms(x)} ms` : (x) => kib(x);
    const text = `${c.figure}: ${c.value === null ? 'not measured' : unitFmt(c.value)} (budget ${c.rule} ${unitFmt(c.budget)})`;
    if (c.ok === false) line(`  OVER BUDGET: ${text}`);
    else if (c.ok === null) line(`  n/a          ${text}`);
    else line(`  ok           ${text}`);
  }
  if (report.page_errors.length) {
    line();
    line(`errors seen on pages (${report.page_errors.length}):`);
    for (const e of report.page_errors.slice(0, 20)) line(`  ${e}`);
  }
  console.log(out.join('\n'));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(options.dist, 'index.html'))) {
    console.error(`bench: ${options.dist}/index.html is missing; build the release dist/ first (cargo xtask bench does)`);
    process.exit(2);
  }
  const budgets = JSON.parse(await readFile(options.budgets, 'utf8'));
  const bundle = existsSync(options.bundle) ? JSON.parse(await readFile(options.bundle, 'utf8')) : null;
  const workloads = WORKLOADS.filter((w) => !options.filters.length || options.filters.some((f) => w.name.includes(f)));
  if (!workloads.length) usage('no workload matched');

  const server = await serveDir(options.dist, { routes: REFERENCE.routes });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  log(`serving ${path.relative(ROOT, options.dist) || '.'} at ${server.url}; chromium ${browser.version()}; ` +
    `${workloads.length} workloads`);
  const measured = new Set(WORKLOADS.map((w) => new URLSearchParams(w.query).get('view')));
  const unmeasured = VIEW_KEYS.filter((key) => !measured.has(key));
  if (unmeasured.length) log(`views without a workload (not measured): ${unmeasured.join(', ')}`);
  const pages = new Pages(browser, server.url);
  const report = {
    meta: {
      date: new Date().toISOString(),
      chromium: browser.version(),
      node: process.version,
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model ?? null,
      load_average_at_start: os.loadavg(),
      device_scale_factor: PAGE.deviceScaleFactor,
      viewport: PAGE.viewport,
      inputs: options.inputs,
      memory_inputs: options.memoryInputs,
      warmup_inputs: WARMUP_INPUTS,
      budgets_file: options.budgets,
    },
    workloads: [],
    cold_load: [],
    training: null,
    bundle: bundleByKind(bundle),
    memory: [],
    budgets: [],
    page_errors: pages.errors,
  };
  let failed = false;
  try {
    for (const [index, w] of workloads.entries()) {
      log(`[latency ${index + 1}/${workloads.length}] ${w.name}: ${w.query}, ${options.inputs} inputs on ` +
        `${w.input.kind} ${w.input.selectors.join(' | ')}`);
      let result;
      try {
        result = await latencyWorkload(pages, w, options);
      } catch (err) {
        result = { status: 'error', reason: String(err.message ?? err).split('\n')[0] };
      }
      if (result.status === 'error') failed = true;
      if (result.latency_ms) seenDraw.add(w.query, true);
      report.workloads.push({ name: w.name, query: w.query, measure: w.measure, animated: Boolean(w.animated), ...result });
      log(result.latency_ms
        ? `  median ${ms(result.latency_ms.median)} ms, p95 ${ms(result.latency_ms.p95)} ms, max ${ms(result.latency_ms.max)} ms`
        : `  ${result.status}: ${result.reason}`);
    }

    if (!options.filters.length || options.filters.some((f) => 'training'.includes(f) || f.includes('training'))) {
      log('[training] ?view=training&bench=1: the fixed workload in the training worker' +
        (options.nativeTrainRate ? `; native ${options.nativeTrainRate.toFixed(0)} steps/s` : ''));
      try {
        report.training = await trainingBench(pages, options.nativeTrainRate);
      } catch (err) {
        failed = true;
        report.training = { status: 'error', reason: String(err.message ?? err).split('\n')[0] };
      }
      log(report.training.status === 'ok'
        ? `  browser ${report.training.browser_steps_per_second.toFixed(0)} steps/s`
        : `  ${report.training.status}: ${report.training.reason}`);
    }

    const queries = [...new Set(workloads.map((w) => w.query))];
    for (const [index, query] of queries.entries()) {
      log(`[cold load ${index + 1}/${queries.length}] ${query}: ${options.coldRuns} fresh pages`);
      let result;
      if (!seenDraw.queries.has(query)) {
        result = { status: 'skipped', reason: 'no draw:* measure seen on this view' };
        report.cold_load.push({ query, ...result });
        log(`  ${result.status}: ${result.reason}`);
        continue;
      }
      try {
        result = await coldLoad(pages, query, options.coldRuns, options.dist);
      } catch (err) {
        failed = true;
        result = { status: 'error', reason: String(err.message ?? err).split('\n')[0] };
      }
      report.cold_load.push({ query, ...result });
      log(result.first_plot_ms
        ? `  median ${ms(result.first_plot_ms.median)} ms (${result.first_measure})`
        : `  ${result.status}: ${result.reason}`);
    }

    for (const w of workloads.filter((x) => x.memory !== false)) {
      log(`[memory] ${w.name}: ${w.query}, 100 timed inputs then up to ${options.memoryInputs}`);
      let result;
      try {
        result = await memoryWorkload(pages, w, options);
      } catch (err) {
        failed = true;
        result = { status: 'error', reason: String(err.message ?? err).split('\n')[0] };
      }
      report.memory.push({ workload: w.name, query: w.query, ...result });
      if (!result.growth) log(`  ${result.status}: ${result.reason}`);
    }
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }

  report.meta.load_average_at_end = os.loadavg();
  report.budgets = checkBudgets(report, budgets);
  await mkdir(path.dirname(options.out), { recursive: true });
  await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
  printReport(report);
  const over = report.budgets.filter((c) => c.ok === false).length;
  log(`report written to ${path.relative(ROOT, options.out)}; ${over} figure(s) over budget` +
    (failed ? '; some parts FAILED to run (see above)' : ''));
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(`bench: runner error: ${err.stack ?? err}`);
  process.exit(1);
});
