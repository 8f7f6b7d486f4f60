// Long sessions: 10,000 inputs on every benchmark workload with a memory run (a slider dragged or a point moved for a
// whole lecture). Memory must not grow beyond the budget (bench/budgets.json memory_growth_bytes,
// JS heap after GC and wasm linear memory, from input 1,000 to input 10,000: the allocator takes
// its working set, up to one 1 MiB step of linear memory, in the first few hundred), the performance
// timeline must stay bounded, and the last 200 inputs must not be slower than the first 200.
// Latency on a shared CI machine is noisy, so "not slower" allows 1.5x + 2 ms on the median; the
// real figures come from `cargo xtask bench`. LONG_SESSION_INPUTS overrides the 10,000.
import { readFile } from 'node:fs/promises';
import { assert } from './lib/harness.mjs';
import { pageHelpers, WORKLOADS } from './lib/page_helpers.mjs';

const INPUTS = Number(process.env.LONG_SESSION_INPUTS ?? 10_000);
const TIMED = 200;
const MEASURE_TIMEOUT_MS = 5_000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

async function longSession(t, workload) {
  const budgets = JSON.parse(await readFile(new URL('../../bench/budgets.json', import.meta.url), 'utf8'));
  const { page } = await t.open(workload.query, { initScript: pageHelpers });
  const selector = workload.input.selectors.join(', ');
  await page.waitForSelector(selector, { timeout: 15_000 });
  assert.ok(await page.evaluate((input) => window.__bench.prepare(input), workload.input), `no ${selector}`);
  const cdp = await page.context().newCDPSession(page);
  const memory = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    return { js: heap.usedSize, ...(await page.evaluate(() => window.__bench.memorySnapshot())) };
  };
  const timed = async (from) => {
    const latencies = [];
    for (let i = from; i < from + TIMED; i++) {
      const r = await page.evaluate(([i, m, ms]) => window.__bench.step(i, m, ms), [i, workload.measure, MEASURE_TIMEOUT_MS]);
      if (r.ok) latencies.push(r.latency);
    }
    return latencies;
  };

  const burst = async (from, to) => {
    for (let done = from; done < to;) {
      const count = Math.min(1_000, to - done);
      await page.evaluate(([f, n, m]) => window.__bench.burst(f, n, m), [done, count, workload.measure]);
      done += count;
    }
  };
  const WARM = Math.min(1_000, INPUTS - 2 * TIMED);
  const first = await timed(0);
  await burst(TIMED, WARM);
  const before = await memory();
  await burst(Math.max(TIMED, WARM), INPUTS - TIMED);
  const last = await timed(INPUTS - TIMED);
  const after = await memory();

  const name = workload.name;
  assert.equal(await page.locator('[data-testid="panic-banner"]').count(), 0, `${name}: panicked`);
  assert.ok(first.length >= TIMED * 0.95 && last.length >= TIMED * 0.95,
    `${name}: only ${first.length} and ${last.length} of ${TIMED} inputs redrew`);
  const limit = budgets.memory_growth_bytes;
  const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
  const growth = { js: after.js - before.js, wasm: after.wasmBytes - before.wasmBytes };
  // (from input WARM to INPUTS)
  console.log(`    ${name}: ${INPUTS} inputs; median latency first ${TIMED} ${median(first).toFixed(2)} ms, ` +
    `last ${TIMED} ${median(last).toFixed(2)} ms; JS heap ${kib(growth.js)}, wasm ${kib(growth.wasm)}; ` +
    `${after.measureEntries} measures, ${after.markEntries} marks in the timeline`);
  assert.ok(growth.js < limit, `${name}: JS heap grew ${kib(growth.js)} (budget ${kib(limit)})`);
  assert.ok(growth.wasm < limit, `${name}: wasm memory grew ${kib(growth.wasm)} (budget ${kib(limit)})`);
  assert.ok(after.measureEntries < 5_000 && after.markEntries < 100,
    `${name}: the performance timeline keeps ${after.measureEntries} measures and ${after.markEntries} marks`);
  assert.ok(median(last) <= 1.5 * median(first) + 2,
    `${name}: the last ${TIMED} inputs are slower (median ${median(last).toFixed(2)} ms vs ${median(first).toFixed(2)} ms)`);
}

// One test per workload with a memory run (`draw:activation` -> activation_long_session).
export const long_sessions = Object.fromEntries(WORKLOADS.filter((w) => w.memory !== false).map((workload) => {
  const test = (t) => longSession(t, workload);
  test.timeoutMs = 10 * 60_000;
  return [`${workload.name.replace(/^draw:/, '')}_long_session`, test];
}));
