// The guided walk and the honest comparison: every step's link renders its state with the
// core's sentence (the CLI's, for the same query), Back walks back, N and P step; `comparable`
// is the CLI's, and gd_stop=cut lands the annealed run on eps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, assertClose, shownQuery, waitForQuery, settled, fileBrowser, caughtUp } from './helpers.mjs';

const shared = fileBrowser();

const { open } = shared;
const value = (page, sel) => page.getAttribute(sel, 'data-value');

test('every step of the walk is a link to its state, with the sentence the core writes for it', async (t) => {
  const { page, errors } = await open(t, 'preset=paper');
  const steps = page.locator('[data-story-step] a');
  const n = await steps.count();
  assert.ok(n >= 5 && n <= 7, `${n} steps`);
  assert.equal(await page.isVisible('#walk-sentence'), false, 'no sentence before the walk starts');
  for (let i = 0; i < n; i++) {
    const href = await steps.nth(i).getAttribute('href');
    const query = href.replace(/^\?/, '');
    await steps.nth(i).click();
    await waitForQuery(page, query);
    const cli = run(query);
    assert.equal(cli.story.step, i + 1);
    assert.equal(await page.textContent('#walk-sentence'), cli.story.sentence, `step ${i + 1}`);
    assertClose(await value(page, '#claim [data-key="gradient_flow.test_loss"]'), cli.gradient_flow.test_loss, `step ${i + 1}: (A)`);
    assertClose(await value(page, '#claim [data-key="annealed.test_loss"]'), cli.annealed.test_loss, `step ${i + 1}: (B)`);
    assert.equal(await steps.nth(i).getAttribute('aria-current'), 'step');
  }
  // Back returns to the step before; the keys step too.
  await page.evaluate(() => history.back());
  const back = run((await steps.nth(n - 2).getAttribute('href')).slice(1)).params.query;
  await waitForQuery(page, back);
  await page.locator('body').press('n');
  await waitForQuery(page, { step: n });
  await page.locator('body').press('p');
  await waitForQuery(page, { step: n - 1 });
  assert.deepEqual(errors, []);
});

test('a link or an embed opens the walk at its step', async (t) => {
  const { page, errors } = await open(t, 'preset=paper&lr=1.4&k=8&step=3');
  assert.equal(await page.getAttribute('[data-story-step="3"] a', 'aria-current'), 'step');
  assert.equal(await page.textContent('#walk-sentence'), run('preset=paper&lr=1.4&k=8&step=3').story.sentence);
  const embed = await open(t, 'preset=paper&embed=1&show=c&step=2');
  assert.equal(await embed.page.isVisible('#walk'), true);
  assert.equal(await embed.page.getAttribute('[data-story-step="2"] a', 'aria-current'), 'step');
  const plain = await open(t, 'preset=paper&embed=1&show=c');
  assert.equal(await plain.page.isVisible('#walk'), false, 'an embed without a step has no walk');
  assert.deepEqual([...errors, ...embed.errors, ...plain.errors], []);
});

test('comparable is the CLI\'s: a run that stops below eps says so, and gd_stop=cut lands on eps', async (t) => {
  for (const query of ['preset=paper', 'lr=1.08', 'lr=0.9', 'n=1000&seed=5', 'lr=1.08&gd_stop=cut', 'lr=0.9&gd_stop=cut']) {
    const { page, errors } = await open(t, query);
    const cli = run(query);
    assert.equal(await value(page, '#claim [data-key="comparable"]'), String(cli.comparable), query);
    assert.equal(await page.getAttribute('#verdict-text', 'data-kind'), cli.verdict.kind, query);
    assert.equal(await page.textContent('#verdict-text'), cli.verdict.text, query);
    if (query.includes('gd_stop=cut')) {
      assert.equal(cli.comparable, true, query);
      await caughtUp(page); // the table is below the first screen
      const shown = Number(await value(page, '#results [data-key="annealed.train_loss"]'));
      assert.ok(Math.abs(shown - cli.params.eps) <= 1e-12 * cli.params.eps, `${query}: train loss ${shown}`);
    } else if (query !== 'preset=paper') {
      assert.equal(cli.comparable, false, query);
      assert.match(await page.textContent('#verdict-text'), /not the paper's like-for-like comparison/);
    }
    assert.deepEqual(errors, []);
  }
  // The control: choosing cut sets the key.
  const { page } = await open(t, 'lr=1.08');
  await page.check('#gd_stop-cut');
  await waitForQuery(page, { gd_stop: 'cut' });
  assert.equal(await value(page, '#claim [data-key="comparable"]'), 'true');
  assert.equal(await shownQuery(page), 'v=1&preset=paper&lr=1.08&gd_stop=cut');
  await settled(page);
});

// Where the reader looks: after Start and each Next, the step's sentence and the panel of
// Figure 1 it speaks of (the core's story.steps[i].figure) are on screen together, above the
// phones' parameter bar; opened near the top of a phone's page, the parameter sheet leaves a
// figure in view above it.
const onScreen = (page, figure) => page.evaluate((fig) => {
  const sheet = document.getElementById('controls');
  const covered = getComputedStyle(sheet).position === 'fixed' ? innerHeight - sheet.getBoundingClientRect().top : 0;
  const room = innerHeight - covered;
  const inView = (el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= -1 && r.bottom <= room + 1;
  };
  // What covers the plot (the docked walk) counts against it: the plot must show above it.
  const walk = document.getElementById('walk').getBoundingClientRect();
  const plot = document.querySelector(`#fig1 .panel[data-part="${fig}"] .plot`).getBoundingClientRect();
  const docked = document.getElementById('walk').classList.contains('is-docked');
  return {
    plot: plot.height > 0 && plot.top >= -1 && plot.bottom <= (docked ? walk.top : room) + 1,
    sentence: inView(document.getElementById('walk-sentence')),
    next: inView(document.getElementById('walk-next')),
  };
}, figure);

for (const [w, h] of [[1280, 900], [375, 812]]) {
  test(`at ${w}x${h} each step of the walk shows its sentence and its figure together`, async (t) => {
    const { page, errors } = await open(t, '', { viewport: { width: w, height: h } });
    const figures = run('').story.steps.map((s) => s.figure);
    assert.deepEqual(figures, ['c', 'a', 'b', 'c', 'c', 'b']);
    await page.locator('#walk-next').scrollIntoViewIfNeeded();
    for (let i = 0; i < figures.length; i++) {
      const before = await shownQuery(page);
      await page.click('#walk-next');
      const q = await waitForQuery(page, { step: i + 1 });
      assert.notEqual(q, before);
      await page.waitForFunction((s) => document.querySelector('[data-slot="walk"]').dataset.shown === s, q);
      assert.deepEqual(await onScreen(page, figures[i]), { plot: true, sentence: true, next: true },
        `step ${i + 1}: panel (${figures[i]}) and the sentence on screen`);
    }
    assert.deepEqual(errors, []);
  });
}

test('on a phone, the parameter sheet opened at the top of the page leaves a figure in view', async (t) => {
  const { page } = await open(t, '', { viewport: { width: 375, height: 812 } });
  await page.click('#controls-toggle');
  await page.waitForSelector('#controls.open');
  const seen = await page.evaluate(() => {
    const room = document.getElementById('controls').getBoundingClientRect().top;
    return [...document.querySelectorAll('#fig1 .plot')].some((p) => {
      const r = p.getBoundingClientRect();
      return r.height > 200 && r.top >= 0 && r.bottom <= room + 1;
    });
  });
  assert.equal(seen, true, 'a whole plot of Figure 1 is above the open sheet');
});
