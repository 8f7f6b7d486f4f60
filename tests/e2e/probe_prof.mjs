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
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
for (let i = 0; i < 200; i++) {
  await page.evaluate(async ([i, m]) => window.__bench.step(i, m, 5000), [i, w.measure]);
}
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; let total = 0;
profile.samples.forEach((id, k) => { const n = byId.get(id); const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`; self.set(name, (self.get(name) ?? 0) + (dt[k] ?? 0)); total += dt[k] ?? 0; });
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[4] ?? 40));
for (const [name, us] of top) console.log((us / 1000).toFixed(1).padStart(8), 'ms', name);
console.log('total', (total / 1000).toFixed(0), 'ms');
await browser.close(); process.exit(0);
