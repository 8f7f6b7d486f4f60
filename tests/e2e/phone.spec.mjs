// Every view on a phone in portrait (360×740 CSS px, DPR 2, touch): no horizontal scrolling, the
// main figure visible and drawn. Screenshots: target/e2e/phone-<view>.png (look at them).
import { assert, waitForInk } from './lib/harness.mjs';
import { VIEWS } from './lib/views.mjs';

const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  contextOptions: { isMobile: true, hasTouch: true },
};

export async function every_view_fits_a_360px_phone(t) {
  const problems = [];
  for (const view of VIEWS) {
    for (const embed of ['', '&embed=1']) {
      const name = `phone-${view.name}${embed ? '-embed' : ''}`;
      const { page } = await t.open(`${view.query}${embed}`, PHONE);
      const plot = page.locator(view.plot);
      await plot.waitFor();
      await waitForInk(page, view.plot);
      await plot.scrollIntoViewIfNeeded();
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
      if (width > 361) {
        const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > 361 && e.offsetParent !== null)
          .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}` +
            `[${e.dataset.testid ?? ''}] right=${Math.round(e.getBoundingClientRect().right)}`));
        problems.push(`${name}: scrollWidth ${width} > 360 (${wide.join(', ')})`);
      }
      const box = await plot.boundingBox();
      if (!box || box.width < 200 || box.height < 120 || box.x < 0 || box.x + box.width > 361) {
        problems.push(`${name}: main figure ${JSON.stringify(box)} not fully visible`);
      }
      if (!(await plot.isVisible())) problems.push(`${name}: main figure hidden`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await t.screenshot(page, name, embed ? {} : { fullPage: true });
      await page.context().close();
    }
  }
  assert.deepEqual(problems, []);
}
