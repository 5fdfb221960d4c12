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
