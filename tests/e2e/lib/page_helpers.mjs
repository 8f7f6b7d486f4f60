// Page-side helpers of the benchmark and the long-session tests: install with
// `context.addInitScript(pageHelpers)` before the app's scripts run; they live on `window.__bench`
// (input producers, one timed input, untimed bursts, memory snapshots, the first draw measure).
// ---------------------------------------------------------------------------------------------
// The workloads, as data. A later view adds or adjusts an entry here:
//   name     report name (= the budget key in bench/budgets.json latency_p95_ms)
//   query    URL query of the view
//   measure  the performance.measure name each redraw records
//   input    how to produce one input (page side, see INPUTS in pageHelpers):
//              { kind: 'range', selectors: [...] }  set the first matching <input type=range> to
//                 successive values across its range and dispatch `input` (what on:input sees)
//              { kind: 'drag', selectors: [...], radius: 40 } press the pointer on the first
//                 matching element (a draggable handle), then move it round a circle of `radius`
//                 CSS px about where it started (pointerdown once, one pointermove per input)
//              { kind: 'pointer', selectors: [...], event: 'pointermove', buttons: 0 } move the
//                 pointer along a path over the first matching element
//   required a missing view/measure is reported as such (never a failure) either way; `required`
//            only changes the wording ("no measure (view not instrumented yet)" vs "not yet
//            available")
//   memory   also run the memory workload on it (`cargo xtask bench` runs it on every workload
//            unless `memory: false`)
// ---------------------------------------------------------------------------------------------
import { requireViews } from './views.mjs';

export const WORKLOADS = [
  {
    name: 'draw:activation',
    query: '?view=activations&fn=elu,celu,softplus&deriv=1',
    measure: 'draw:activation',
    input: { kind: 'range', selectors: ['input[name="elu.alpha"]'] },
    required: true,
  },
  {
    name: 'draw:softmax',
    query: '?view=softmax',
    measure: 'draw:softmax',
    input: { kind: 'range', selectors: ['input[name="tau"]', 'input[name="softmax.tau"]'] },
  },
  {
    // The regression family: the residual slider moves the marker on every loss curve.
    name: 'draw:loss',
    query: '?view=losses&family=regression',
    measure: 'draw:loss',
    input: { kind: 'range', selectors: ['input[name="residual"]', '[data-testid="view-losses"] input[type="range"]'] },
  },
  {
    // The robust-regression lab: dragging a data point redraws the scatter and the landscape.
    name: 'draw:landscape',
    query: '?view=losses&family=landscape',
    measure: 'draw:landscape',
    input: { kind: 'drag', selectors: ['[data-testid="point-0"]'], radius: 40 },
  },
  {
    // Dragging the anchor redraws the plane and both (δ₊, δ₋) surfaces.
    name: 'draw:triplet',
    query: '?view=triplet',
    measure: 'draw:triplet',
    input: { kind: 'drag', selectors: ['[data-testid="handle-anchor"]'], radius: 40 },
  },
  {
    // The learning-rate slider while the default run (three networks on the spirals) trains in its
    // worker: the lab redraws every frame with the worker's latest report, so its budget is on
    // input -> the next redraw (`animated`: the first measure, not the last of the frames after).
    // No memory run: the lab keeps training (and its loss history grows to its cap) meanwhile.
    name: 'draw:training',
    query: '?view=training',
    measure: 'draw:training',
    animated: true,
    input: { kind: 'range', selectors: ['input[name="lr"][type="range"]'] },
    memory: false,
  },
];

// A workload names a view by its query; a view that is not registered fails here, loudly.
requireViews(WORKLOADS.map((w) => new URLSearchParams(w.query).get('view')), 'WORKLOADS in lib/page_helpers.mjs');

// ---------------------------------------------------------------------------------------------
// Page side: installed with addInitScript before the app's scripts run.
// ---------------------------------------------------------------------------------------------
export function pageHelpers() {
  const bench = (window.__bench = { memory: null });

  // The wasm module's linear memory: trunk's loader dispatches TrunkApplicationStarted with the
  // wasm exports; wrapping instantiate(Streaming) also catches a loader that does not.
  const keep = (exports) => {
    if (!bench.memory && exports?.memory instanceof WebAssembly.Memory) bench.memory = exports.memory;
  };
  for (const fn of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[fn];
    if (typeof original !== 'function') continue;
    WebAssembly[fn] = function (...args) {
      return original.apply(this, args).then((result) => {
        keep(result?.instance?.exports ?? result?.exports);
        return result;
      });
    };
  }
  // The first top-level `draw:<view>` measure (its parts, `draw:<view>:<part>`, are not plots)
  // and the draw:* names seen: an observer, so an app that clears its measures is still seen.
  bench.firstDraw = null;
  bench.drawNames = new Set();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.name.startsWith('draw:')) continue;
      bench.drawNames.add(e.name);
      const end = e.startTime + e.duration;
      if (/^draw:[^:]+$/.test(e.name) && (!bench.firstDraw || end < bench.firstDraw.end)) {
        bench.firstDraw = { name: e.name, startTime: e.startTime, duration: e.duration, end };
      }
    }
  }).observe({ type: 'measure', buffered: true });
  addEventListener('TrunkApplicationStarted', (e) => {
    bench.startedAt = performance.now();
    keep(e.detail?.wasm);
  });

  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

  const first = (selectors) => {
    for (const selector of selectors) {
      const el = document.querySelector(selector);
      if (el) return { el, selector };
    }
    return null;
  };

  // Input producers: prepare(el) once, then apply(el, state, i) per input.
  const INPUTS = {
    range: {
      prepare(el) {
        const min = Number(el.min || 0);
        const max = Number(el.max || 100);
        const step = el.step === 'any' || !Number(el.step) ? (max - min) / 500 : Number(el.step);
        const steps = Math.max(1, Math.round((max - min) / step));
        // An odd stride of about 1/50 of the range: a triangle wave over the steps never repeats
        // the previous value (even at the ends), so every input changes the value.
        let stride = Math.max(1, Math.round(steps / 50));
        if (stride % 2 === 0) stride += 1;
        const decimals = (String(step).split('.')[1] ?? '').length;
        const start = Math.round((Number(el.value) - min) / step);
        return { min, max, step, steps, stride, decimals, start };
      },
      apply(el, s, i) {
        const period = 2 * s.steps;
        const raw = (((s.start + (i + 1) * s.stride) % period) + period) % period;
        const k = raw <= s.steps ? raw : period - raw;
        el.value = (s.min + k * s.step).toFixed(s.decimals);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      },
    },
    drag: {
      prepare(el, input) {
        const r = el.getBoundingClientRect();
        const s = { x: r.left + r.width / 2, y: r.top + r.height / 2, radius: input.radius ?? 40 };
        el.dispatchEvent(new PointerEvent('pointerdown', {
          bubbles: true, cancelable: true, composed: true, clientX: s.x, clientY: s.y, button: 0,
          buttons: 1, pointerId: 1, pointerType: 'mouse', isPrimary: true,
        }));
        return s;
      },
      apply(el, s, i) {
        // 24 positions round the circle: consecutive inputs always move the pointer.
        const angle = ((i % 24) / 24) * 2 * Math.PI;
        el.dispatchEvent(new PointerEvent('pointermove', {
          bubbles: true, cancelable: true, composed: true, clientX: s.x + s.radius * Math.cos(angle),
          clientY: s.y + s.radius * Math.sin(angle), button: -1, buttons: 1, pointerId: 1,
          pointerType: 'mouse', isPrimary: true,
        }));
      },
    },
    pointer: {
      prepare(el, input) {
        return { event: input.event ?? 'pointermove', buttons: input.buttons ?? 0 };
      },
      apply(el, s, i) {
        const r = el.getBoundingClientRect();
        const x = r.left + r.width * (0.5 + 0.4 * Math.sin(i * 0.13));
        const y = r.top + r.height * (0.5 + 0.4 * Math.sin(i * 0.29 + 1));
        el.dispatchEvent(new PointerEvent(s.event, {
          bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y,
          buttons: s.buttons, pointerId: 1, pointerType: 'mouse', isPrimary: true,
        }));
      },
    },
  };

  /** What the page offers for a workload: the view's state, the control, the measures so far. */
  bench.probe = (input, measure) => {
    const found = first(input.selectors);
    return {
      comingSoon: !!document.querySelector('.coming-soon'),
      panic: !!document.querySelector('[data-testid="panic-banner"]'),
      control: found?.selector ?? null,
      measures: performance.getEntriesByName(measure, 'measure').length + (bench.drawNames.has(measure) ? 1 : 0),
      drawMeasures: bench.drawNames.size,
      views: [...document.querySelectorAll('[data-testid^="view-"]')].map((e) => e.dataset.testid),
    };
  };

  bench.prepare = (input) => {
    const found = first(input.selectors);
    if (!found) return false;
    bench.control = found.el;
    bench.input = INPUTS[input.kind];
    bench.state = bench.input.prepare(found.el, input);
    return true;
  };

  /**
   * The `name` measures that started at or after t0: from the performance timeline
   * (getEntriesByName) and, in case the app clears its measures, from `observed` (what a
   * PerformanceObserver delivered), without duplicates, in time order.
   */
  const measuresSince = (name, t0, observed = []) => {
    const byStart = new Map();
    for (const e of [...performance.getEntriesByName(name, 'measure'), ...observed]) {
      if (e.name === name && e.startTime >= t0) byStart.set(e.startTime, e);
    }
    return [...byStart.values()].sort((a, b) => a.startTime - b.startTime);
  };

  /**
   * One timed input: dispatch, wait for the view's measure (up to timeoutMs), then two frames (so
   * the redraw is painted and a second redraw of the same input would be seen). Page clock.
   */
  bench.step = async (i, measure, timeoutMs) => {
    const observed = [];
    let wake = () => {};
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntriesByName(measure)) {
        observed.push({ name: e.name, startTime: e.startTime, duration: e.duration });
      }
      wake();
    });
    observer.observe({ type: 'measure' });
    const t0 = performance.now();
    bench.input.apply(bench.control, bench.state, i);
    const until = t0 + timeoutMs;
    while (!measuresSince(measure, t0, observed).length && performance.now() < until) {
      // Woken by the observer, or every 50 ms at the latest.
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 50);
        wake = () => { clearTimeout(timer); resolve(); };
      });
    }
    if (measuresSince(measure, t0, observed).length) {
      await frame();
      await frame();
    }
    const entries = measuresSince(measure, t0, observed);
    observer.disconnect();
    if (!entries.length) return { ok: false };
    const last = entries[entries.length - 1];
    return {
      ok: true,
      latency: last.startTime + last.duration - t0,
      firstLatency: entries[0].startTime + entries[0].duration - t0,
      duration: last.duration,
      measures: entries.length,
    };
  };

  /**
   * Untimed inputs as fast as the app takes them: a few microtask turns after each (Leptos runs
   * its effects there), a frame every 8. (Yielding a macrotask instead lets Chromium render a
   * frame after nearly every input: ~20 ms each at DPR 2 without a GPU.)
   */
  bench.burst = async (from, count, measure) => {
    let redraws = 0;
    const observer = new PerformanceObserver((list) => {
      redraws += list.getEntriesByName(measure).length;
    });
    observer.observe({ type: 'measure' });
    for (let i = from; i < from + count; i++) {
      bench.input.apply(bench.control, bench.state, i);
      for (let turn = 0; turn < 4; turn++) await null;
      if (i % 8 === 7) await frame();
    }
    await frame();
    await frame();
    await new Promise((resolve) => setTimeout(resolve, 0));
    observer.disconnect();
    return { redraws };
  };

  bench.memorySnapshot = () => ({
    wasmBytes: bench.memory ? bench.memory.buffer.byteLength : null,
    usedJSHeapSize: performance.memory?.usedJSHeapSize ?? null,
    measureEntries: performance.getEntriesByType('measure').length,
    markEntries: performance.getEntriesByType('mark').length,
  });
}

