import { chromium } from 'playwright-core';
import { serveDir } from './lib/server.mjs';
import { pageHelpers, WORKLOADS } from './lib/page_helpers.mjs';
const w = WORKLOADS.find((x) => x.name === (process.argv[2] ?? 'draw:activation'));
const server = await serveDir(process.argv[3] ?? '/work/main/dist');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1280, height: 900 } });
await context.addInitScript(pageHelpers);
const page = await context.newPage();
await page.goto(server.url + w.query);
await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0 || window.__bench?.drawNames?.has(m), w.measure, { timeout: 20000 });
await page.evaluate((input) => window.__bench.prepare(input), w.input);
const rows = [];
for (let i = 0; i < 210; i++) {
  const r = await page.evaluate(async ([i, m]) => {
    const t0 = performance.now();
    const s = await window.__bench.step(i, m, 5000);
    const parts = {}; for (const e of performance.getEntriesByType('measure')) if (e.startTime >= t0 && e.name.startsWith(m + ':')) parts[e.name] = e.duration;
    return { ...s, parts, mesh: 0 };
  }, [i, w.measure]);
  if (i >= 10) rows.push(r);
}
const lat = rows.map((r) => r.latency).sort((a, b) => a - b);
const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
const meshRows = rows.filter((r) => r.mesh > 0);
console.log(`median ${q(0.5)} p95 ${q(0.95)} max ${lat[lat.length - 1]}; mesh redraws ${meshRows.length}/${rows.length}, mesh ms median ${meshRows.map((r) => r.mesh).sort((a, b) => a - b)[Math.floor(meshRows.length / 2)]}`);
console.log('slow (>3ms):', rows.filter((r) => r.latency > 3).map((r) => `${r.latency.toFixed(1)}/${r.duration.toFixed(1)}/mesh ${r.mesh.toFixed(1)}`).join(' '));
const names = new Set(rows.flatMap((r) => Object.keys(r.parts)));
for (const n of names) { const v = rows.map((r) => r.parts[n] ?? 0).sort((a, b) => a - b); console.log(n, 'median', v[v.length >> 1].toFixed(2), 'p95', v[Math.floor(v.length * 0.95)].toFixed(2)); }
await browser.close(); server.close?.();
process.exit(0);
