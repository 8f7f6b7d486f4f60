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

// The first screen shows the plot: on a phone every page's main figure starts within FIRST_SCREEN
// CSS px of the top (the header, navigation, title and a closed introduction above it, the
// controls below), and on a laptop it is whole on the first screen. Measured with the page at its
// top, light and dark; screenshots of that first screen: target/e2e/first-<device>-<scheme>-<page>.png.
const FIRST_SCREEN = 320;
const LAPTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

/** The main figure's top and bottom (CSS px from the top of the page), once it has drawn. */
async function figureBox(page, view) {
  await page.locator(view.plot).waitFor();
  await waitForInk(page, view.plot);
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => window.scrollTo(0, 0));
  return page.locator(view.plot).evaluate((el) => {
    const box = el.getBoundingClientRect();
    return { top: Math.round(box.top + window.scrollY), bottom: Math.round(box.bottom + window.scrollY) };
  });
}

export async function every_figure_is_on_the_first_screen(t) {
  const problems = [];
  const measured = [];
  for (const view of VIEWS) {
    for (const colorScheme of ['light', 'dark']) {
      const devices = [
        ['phone', { ...PHONE, contextOptions: { ...PHONE.contextOptions, colorScheme } }],
        ['laptop', { ...LAPTOP, contextOptions: { colorScheme } }],
      ];
      const row = { page: view.name, scheme: colorScheme };
      for (const [device, options] of devices) {
        const { page } = await t.open(view.query, options);
        const box = await figureBox(page, view);
        // Introductions start closed on a phone, open on a laptop.
        const intros = await page.locator('details.intro').evaluateAll((all) => all.map((d) => d.open));
        if (intros.some((open) => open !== (device === 'laptop'))) {
          problems.push(`${view.name} (${colorScheme}) on a ${device}: introductions open ${JSON.stringify(intros)}`);
        }
        await t.screenshot(page, `first-${device}-${colorScheme}-${view.name}`);
        await page.context().close();
        if (device === 'phone') {
          row.phoneTop = box.top;
          if (box.top > FIRST_SCREEN) {
            problems.push(`${view.name} (${colorScheme}) at 360×740: ${view.plot} starts at ${box.top} px (> ${FIRST_SCREEN})`);
          }
        } else {
          row.laptopBottom = box.bottom;
          if (box.bottom > LAPTOP.viewport.height) {
            problems.push(`${view.name} (${colorScheme}) at 1280×800: ${view.plot} ends at ${box.bottom} px (> ${LAPTOP.viewport.height})`);
          }
        }
      }
      measured.push(row);
    }
  }
  console.log(measured.map((r) => `    ${r.page} ${r.scheme}: phone top ${r.phoneTop}, laptop bottom ${r.laptopBottom}`).join('\n'));
  assert.deepEqual(problems, []);
}
every_figure_is_on_the_first_screen.timeoutMs = 300_000;

// The shell on a phone: the navigation is one line, and the tools (theme, Share, export) are one
// menu that opens from its summary (mouse or keyboard), stays on the screen, works from inside
// (the Share dialog gives the focus back to Share), and closes with Escape or a press outside it.
// Screenshots:
// target/e2e/phone-tools-menu-<scheme>.png.
export async function the_phone_shell_is_one_line_and_a_menu(t) {
  for (const colorScheme of ['light', 'dark']) {
    const { page } = await t.open('?view=losses&family=ranking',
      { ...PHONE, contextOptions: { ...PHONE.contextOptions, colorScheme } });
    await page.getByTestId('plot-cosine').waitFor();
    const tops = await page.locator('.site-nav a').evaluateAll((links) =>
      links.map((a) => Math.round(a.getBoundingClientRect().top)));
    assert.equal(new Set(tops).size, 1, `navigation on one line (link tops ${tops})`);
    const tools = ['theme-select', 'share-open', 'png-scale', 'save-png', 'save-svg', 'save-csv'];
    for (const id of tools) {
      assert.equal(await page.getByTestId(id).isVisible(), false, `${id} is in the closed menu`);
    }
    const summary = page.getByTestId('tools-menu');
    await summary.click();
    for (const id of tools) {
      const box = await page.getByTestId(id).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 360 && box.y >= 0 && box.y + box.height <= 740,
        `${id} on the screen in the open menu: ${JSON.stringify(box)}`);
    }
    await t.screenshot(page, `phone-tools-menu-${colorScheme}`);
    await page.getByTestId('share-open').click();
    await page.getByTestId('share-dialog').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.getByTestId('share-dialog').waitFor({ state: 'hidden' });
    const focused = () => page.evaluate(() => document.activeElement?.dataset.testid);
    assert.equal(await focused(), 'share-open', 'closing the dialog gives the focus back to Share');
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('save-png').isVisible(), false, 'Escape closes the menu');
    assert.equal(await focused(), 'tools-menu', 'and focuses its summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.getByTestId('save-png').isVisible(), true, 'Enter on the summary opens it');
    await page.mouse.click(4, 700); // the page's margin, outside the menu
    assert.equal(await page.getByTestId('save-png').isVisible(), false, 'a press outside closes it');
    await page.context().close();
  }
}
