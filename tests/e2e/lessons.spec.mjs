// Lessons (`?lesson=<name>`, files in lessons/) and presenter mode (`present=1`), used as a student
// and a lecturer would: every step of the built-in lessons walked with Next (its state applied,
// its figure drawn, no notice, axe clean in each), a clicker's keys, Back and Forward, a shared step link
// with the student's changes, Reset step, a lecturer's file with broken steps, a lesson in an
// embed and on a phone, and presenter mode on a 1920×1080 projector (and a 1280×720 one: every
// view's first figure whole on the screen, with the step's text hidden or beside it).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, waitForInk } from './lib/harness.mjs';
import { serveDir } from './lib/server.mjs';
import { runAxe, describe } from './lib/axe.mjs';
import { VIEWS } from './lib/views.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LESSON = '[data-testid="lesson"]';

/** The steps of a built-in lesson, read from its file as a lecturer wrote it. */
async function stepsOf(name) {
  const text = await readFile(path.join(HERE, '..', '..', 'lessons', `${name}.md`), 'utf8');
  return text.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim());
}

/** Where the lesson is: step number, count, view key, the step's heading. */
async function where(page) {
  return page.evaluate(() => ({
    progress: document.querySelector('[data-testid="lesson-progress"]')?.textContent,
    step: Number(document.querySelector('[data-testid="lesson-step"]')?.dataset.step),
    title: document.querySelector('[data-testid="lesson-step"] h3')?.textContent,
    view: document.querySelector('[data-testid^="view-"]')?.dataset.testid.slice('view-'.length),
    query: Object.fromEntries(new URLSearchParams(location.search)),
    search: location.search,
  }));
}

const draws = (page) => page.evaluate(() =>
  performance.getEntriesByType('measure').filter((e) => e.name.startsWith('draw:')).length);

async function waitForStep(page, n) {
  await page.waitForFunction((n) =>
    document.querySelector('[data-testid="lesson-progress"]')?.textContent.startsWith(`Step ${n} of`) &&
    new URLSearchParams(location.search).get('step') === String(n), n, { timeout: 10_000 });
}

/** The view's figure has ink (the first canvas of the view, whichever figure the step shows). */
async function figureDrawn(page) {
  const id = await page.evaluate(() => document.querySelector('main canvas[data-testid]')?.dataset.testid);
  assert.ok(id, 'the step shows no figure');
  await waitForInk(page, `[data-testid="${id}"]`);
}

async function walk(t, name) {
  const titles = await stepsOf(name);
  const { page } = await t.open(`?lesson=${name}`, { contextOptions: { bypassCSP: true } });
  await page.locator(LESSON).waitFor();
  const failures = [];
  for (let n = 1; n <= titles.length; n++) {
    await waitForStep(page, n);
    await page.waitForTimeout(250); // the view writes its state back 150 ms after mounting
    const at = await where(page);
    assert.equal(at.progress, `Step ${n} of ${titles.length}`);
    assert.equal(at.title, titles[n - 1], `${name} step ${n}`);
    assert.equal(at.view, at.query.view ?? 'activations', `${name} step ${n}: the step's view`);
    await figureDrawn(page);
    // Every notice says the step's state was not taken as written; the training lab's slow-step
    // warning (train-slow) says how fast this machine trains, not something about the step.
    const notices = await page.locator('main .notice:not([data-testid="train-slow"])').allTextContents();
    assert.deepEqual(notices, [], `${name} step ${n} “${at.title}”: notices`);
    const serious = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (serious.length) failures.push(`${name} step ${n}:\n${describe(serious)}`);
    if (n < titles.length) await page.getByTestId('lesson-next').click();
  }
  assert.ok(await page.getByTestId('lesson-next').isDisabled(), 'Next is disabled on the last step');
  assert.deepEqual(failures, [], 'axe: serious or critical violations');
  await t.screenshot(page, `lesson-${name}-last`);
}

export async function every_step_of_the_activations_lesson(t) {
  await walk(t, 'activations');
}
every_step_of_the_activations_lesson.timeoutMs = 120_000;

export async function every_step_of_the_losses_lesson(t) {
  await walk(t, 'losses');
}
every_step_of_the_losses_lesson.timeoutMs = 120_000;

export async function clicker_keys_back_forward_reset_and_a_shared_step(t) {
  const { page } = await t.open('?lesson=activations');
  await waitForStep(page, 1);
  await page.locator('main').focus();
  await page.keyboard.press('PageDown');
  await waitForStep(page, 2);
  await page.keyboard.press('ArrowRight');
  await waitForStep(page, 3);
  await page.keyboard.press('PageUp');
  await waitForStep(page, 2);
  await page.keyboard.press('ArrowLeft');
  await waitForStep(page, 1);
  await page.getByTestId('lesson-steps').selectOption({ index: 4 });
  await waitForStep(page, 5);
  await page.waitForTimeout(300); // the view writes its state back 150 ms after mounting
  const step5 = (await where(page)).search;

  // Keys meant for a control never change the step.
  const slider = page.locator('main input[type="range"]:visible').first();
  await slider.focus();
  const before = await slider.inputValue();
  await slider.press('ArrowRight');
  await slider.press('PageDown');
  assert.notEqual(await slider.inputValue(), before, 'the slider took the keys');
  await page.waitForTimeout(300);
  assert.equal((await where(page)).step, 5, 'a key on a slider moved the lesson');
  const changed = (await where(page)).search;
  assert.notEqual(changed, step5, "the slider's change is in the address");

  // A link to this step with the student's change opens both.
  const other = await page.context().newPage();
  await other.goto(page.url());
  await waitForStep(other, 5);
  await other.waitForTimeout(300);
  assert.equal((await where(other)).search, changed, 'the shared link keeps the change');
  await other.close();

  // Reset step puts back the step's own state.
  await page.getByTestId('lesson-reset').click();
  await page.waitForTimeout(300);
  assert.equal((await where(page)).search, step5, 'Reset step restores the step');

  // Back and Forward walk the steps, with their states.
  await page.goBack();
  await waitForStep(page, 1);
  await page.goForward();
  await waitForStep(page, 5);
  await page.goBack();
  await waitForStep(page, 1);
  const first = await where(page);
  assert.equal(first.query.fn, 'linear', 'Back restored step 1’s state');
}

export async function a_lecturers_file_with_broken_steps(t) {
  // A second server: dist/ with the lecturer's lessons/ folder (tests/e2e/fixtures/lessons).
  const server = await serveDir(path.join(HERE, '..', '..', 'dist'), {
    routes: [{ prefix: '/lessons/', root: path.join(HERE, 'fixtures', 'lessons') }],
  });
  try {
    const { page } = await t.open('?lesson=broken', { baseUrl: server.url });
    await waitForStep(page, 1);
    const problems = await page.getByTestId('lesson-problems').textContent();
    assert.match(problems, /Step 2 “No state”/, problems);
    assert.match(problems, /Step 3 “Question without an answer”/, problems);
    assert.match(problems, /Step 4 “Softmax with a formula”: its HTML has the attribute onerror/, problems);
    // The good steps still work: step 4's state is applied.
    await page.getByTestId('lesson-steps').selectOption({ index: 3 });
    await waitForStep(page, 4);
    await page.waitForTimeout(250);
    const at = await where(page);
    assert.equal(at.view, 'softmax');
    // Its text's HTML is kept to the allowlist: no script, no handler, no javascript: link.
    const kept = await page.locator('[data-testid="lesson-step"]').evaluate((step) => ({
      unsafe: [...step.querySelectorAll('*')].filter((e) => ['SCRIPT', 'IMG'].includes(e.tagName) ||
        [...e.attributes].some((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value))).length,
      math: step.querySelectorAll('math mi').length,
      links: [...step.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
      shown: step.textContent,
    }));
    assert.equal(kept.unsafe, 0, 'no script, image, handler or javascript: link');
    assert.ok(kept.math >= 2, 'MathML is kept');
    assert.deepEqual(kept.links, ['?view=softmax']);
    assert.match(kept.shown, /<img src=x onerror=alert\(1\)>/, 'the handler’s HTML is shown as text');

    // A lesson that does not exist, and a name that is not a file name, say so.
    // (The browser itself logs the missing file's 404.)
    const { page: missing } = await t.open('?lesson=nowhere', { baseUrl: server.url, allowErrors: [/404 \(Not Found\)/] });
    await missing.getByTestId('lesson-notice').waitFor();
    assert.match(await missing.getByTestId('lesson-notice').textContent(), /no lesson file lessons\/nowhere\.md/);
    const { page: hostile } = await t.open('?lesson=..%2Fsecret', { baseUrl: server.url });
    await hostile.getByTestId('lesson-notice').waitFor();
    assert.match(await hostile.getByTestId('lesson-notice').textContent(), /lesson/);
  } finally {
    await server.close();
  }
}

export async function a_lesson_in_an_embed_and_on_a_phone(t) {
  const { page } = await t.open('?lesson=losses&step=2&embed=1', { viewport: { width: 640, height: 480 } });
  await waitForStep(page, 2);
  assert.equal(await page.locator('.site-header, .site-nav').count(), 0, 'no shell in an embed');
  await page.getByTestId('lesson-next').click();
  await waitForStep(page, 3);
  assert.equal((await where(page)).query.embed, '1', 'the embed stays an embed');

  const { page: phone } = await t.open('?lesson=activations&step=3', { viewport: { width: 360, height: 740 } });
  await waitForStep(phone, 3);
  await figureDrawn(phone);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `the lesson overflows a phone by ${overflow} px`);
  await t.screenshot(phone, 'lesson-phone');
}

export async function presenter_mode_on_a_projector(t) {
  const { page } = await t.open('?lesson=activations&step=2', {
    viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1,
  });
  await waitForStep(page, 2);
  await page.locator('[data-testid="present"]:visible').click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('present') === '1');
  assert.equal(await page.locator('.site-header').isVisible(), false, 'the header is hidden');
  const zoom = await page.evaluate(() => document.getElementById('main').currentCSSZoom);
  // The charts' tick labels are 13 CSS px: 26 px on the projector.
  assert.ok(zoom >= 24 / 13, `zoom ${zoom}`);
  await page.waitForTimeout(400);
  // The canvas keeps one backing pixel per screen pixel (sharp, not a blurred upscale).
  const sharp = await page.evaluate(() => {
    const c = document.querySelector('[data-testid="plot-main"]');
    return { backing: c.width, shown: c.getBoundingClientRect().width };
  });
  assert.ok(Math.abs(sharp.backing - sharp.shown) <= 2, JSON.stringify(sharp));
  // The step's text starts hidden while presenting: the figure fills the screen's width and is
  // whole on it.
  assert.equal(await page.locator('[data-testid="lesson-step"]').count(), 0, 'the text is hidden');
  const figure = await page.evaluate(() => {
    const r = document.querySelector('[data-testid="plot-main"]').getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, width: r.width, height: innerHeight };
  });
  assert.ok(figure.top >= 0 && figure.bottom <= figure.height && figure.width > 900, JSON.stringify(figure));
  await t.screenshot(page, 'present-1920');
  // The clicker works; Text shows the step's text for the students and hides it again.
  await page.keyboard.press('PageDown');
  await waitForStep(page, 3);
  await page.getByTestId('lesson-text').click();
  await page.locator('[data-testid="lesson-step"]').waitFor();
  await t.screenshot(page, 'present-1920-text');
  await page.getByTestId('lesson-text').click();
  assert.equal(await page.locator('[data-testid="lesson-step"]').count(), 0, 'the text is hidden again');
  // Stop presenting: the shell is back.
  await page.locator('[data-testid="present"]:visible').click();
  await page.locator('.site-header').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('present'), null);
  // present=1 in a link opens in presenter mode.
  const { page: linked } = await t.open('?view=losses&family=regression&present=1', { viewport: { width: 1920, height: 1080 } });
  assert.equal(await linked.locator('.site-header').isVisible(), false);
  await waitForInk(linked, '[data-testid="plot-loss"]');
  await t.screenshot(linked, 'present-losses-1920');
}

/** The view's first figure (the first canvas in <main> wider than a control) on the screen. */
const firstFigure = (page) => page.evaluate(() => {
  const canvas = [...document.querySelectorAll('main canvas')].find((c) => c.getBoundingClientRect().width > 100);
  const r = canvas?.getBoundingClientRect();
  return r && { id: canvas.dataset.testid, top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width,
    height: r.height, screenWidth: innerWidth, screenHeight: innerHeight };
});

/** Whole on the screen, and large: at least `share` of the screen's area. */
function assertFills(figure, where, share = 0.12) {
  const text = `${where}: ${JSON.stringify(figure)}`;
  assert.ok(figure, `${where}: no figure`);
  assert.ok(figure.top >= 0 && figure.bottom <= figure.screenHeight + 0.5, `not whole on the screen, ${text}`);
  assert.ok(figure.width * figure.height >= share * figure.screenWidth * figure.screenHeight, `small, ${text}`);
}

/** Opens `query` as Back and Forward do (the shell mounts the view afresh from the address). */
async function follow(page, query, plot) {
  await page.evaluate((q) => {
    history.pushState(null, '', q);
    dispatchEvent(new PopStateEvent('popstate'));
  }, query);
  await waitForInk(page, plot, { timeout: 10_000 });
  await page.waitForTimeout(150);
}

export async function presenter_mode_fits_every_view_on_the_screen(t) {
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
    const size = `${viewport.width}×${viewport.height}`;
    const { page } = await t.open(`${VIEWS[0].query}&present=1`, { viewport, deviceScaleFactor: 1 });
    for (const view of VIEWS) {
      await follow(page, `${view.query}&present=1`, view.plot);
      assertFills(await firstFigure(page), `${view.name} at ${size}`);
    }
    // A lesson's step with its text shown: the text beside the figure, both on the screen.
    for (const [query, plot] of [['?lesson=activations&step=3', 'plot-main'], ['?lesson=losses&step=12', 'plane']]) {
      const { page: lesson } = await t.open(`${query}&present=1`, { viewport, deviceScaleFactor: 1 });
      await waitForInk(lesson, `[data-testid="${plot}"]`);
      assertFills(await firstFigure(lesson), `${query}, text hidden, at ${size}`);
      await lesson.getByTestId('lesson-text').click();
      await lesson.locator('[data-testid="lesson-step"]').waitFor();
      await lesson.waitForTimeout(300);
      const figure = await firstFigure(lesson);
      assertFills(figure, `${query}, text shown, at ${size}`);
      const text = await lesson.locator('[data-testid="lesson-step"]').boundingBox();
      assert.ok(text.x >= figure.right && text.y < viewport.height / 2, `the text is not beside the figure: ${JSON.stringify(text)}`);
      if (viewport.width === 1920 && plot === 'plane') await t.screenshot(lesson, 'present-1920-triplet-text');
    }
  }
}
