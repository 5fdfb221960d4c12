// End-to-end tests of "Beyond the paper" (www/views/beyond.js): the schedule comparison's numbers equal
// `lr-anneal run` of the state with each schedule, a click on a schedule selects it, gd_stop is
// one click away, lr_end goes through the schema (a rejected value keeps its message), the new
// keys round-trip, and the section looks finished (screenshots in tests/artifacts/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { showSection, run, assertClose, waitForQuery, shownQuery, fileBrowser, caughtUp } from './helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

const shared = fileBrowser();

const { open } = shared;

/** The table's schedule rows: name, test loss over eps (null: no stop), like-for-like, current. */
const rows = (page) => page.$$eval('#schedule-rows tr[data-schedule]', (trs) => trs.map((tr) => {
  const tds = tr.querySelectorAll('td');
  const v = tds[1].dataset.value;
  return {
    schedule: tr.dataset.schedule,
    testOverEps: v === 'null' ? null : Number(v),
    comparable: tds[3].dataset.comparable === 'true',
    current: tr.getAttribute('aria-current') === 'true',
  };
}));

test('every schedule row is `lr-anneal run` of the state with that schedule', async (t) => {
  for (const query of ['preset=cosine', 'preset=paper', 'preset=large-lr&gd_stop=cut&lr_end=0.5']) {
    const { page, errors } = await open(t, query);
    await showSection(page, 'beyond');
    const shown = await shownQuery(page);
    const cli = run(query);
    assert.equal(shown, cli.params.query);
    const got = await rows(page);
    assert.deepEqual(got.map((r) => r.schedule), ['constant', 'linear', 'cosine', 'exp', 'step']);
    for (const r of got) {
      const want = run(`${shown}&schedule=${r.schedule}`);
      const eps = want.params.eps;
      if (want.annealed.test_loss === null) assert.equal(r.testOverEps, null, `${query}: ${r.schedule}`);
      else assertClose(r.testOverEps, want.annealed.test_loss / eps, `${query}: ${r.schedule}`);
      assert.equal(r.comparable, want.comparable, `${query}: ${r.schedule} like-for-like`);
      assert.equal(r.current, r.schedule === cli.params.schedule, `${query}: ${r.schedule} current`);
    }
    // Gradient flow's row is the state's own.
    const gf = Number(await page.getAttribute('#schedule-rows tr[data-run="gradient_flow"] td:nth-of-type(2)', 'data-value'));
    assertClose(gf, cli.gradient_flow.test_loss / cli.params.eps, `${query}: gradient flow`);
    assert.deepEqual(errors, []);
  }
});

test('clicking a schedule selects it; gd_stop is one click away; lr_end goes through the schema', async (t) => {
  const { page, errors } = await open(t, 'preset=paper');
  await showSection(page, 'beyond');
  assert.equal(await page.isDisabled('#lr_end-text'), true, 'a constant rate has no end');
  await page.click('#schedule-rows button[data-use="cosine"]');
  await waitForQuery(page, 'v=1&preset=paper&schedule=cosine&lr_end=0.01');
  assert.equal(await page.isChecked('#schedule-cosine'), true);
  assert.equal(await page.getAttribute('#schedule-rows tr[data-schedule="cosine"]', 'aria-current'), 'true');
  assert.equal(await page.inputValue('#lr_end-text'), '0.01');
  // The paper's check stops this cosine run below eps: the table says so, and one click cuts.
  assert.equal((await rows(page)).find((r) => r.schedule === 'cosine').comparable, false);
  await page.click('#beyond-cut');
  await waitForQuery(page, { gd_stop: 'cut', schedule: 'cosine' });
  assert.equal((await rows(page)).find((r) => r.schedule === 'cosine').comparable, true);
  assert.match(await page.textContent('#beyond-cut'), /gd_stop=check/);
  // lr_end: a value the schema takes, then one it rejects (its message stays, the link does not move).
  await page.fill('#lr_end-text', '0.2');
  await page.press('#lr_end-text', 'Enter');
  await waitForQuery(page, { lr_end: '0.2' });
  const before = await shownQuery(page);
  await page.fill('#lr_end-text', '0');
  await page.press('#lr_end-text', 'Enter');
  await page.waitForFunction(() => document.getElementById('lr_end-err').textContent.includes('lr_end'));
  assert.equal(await shownQuery(page), before);
  assert.equal(await page.inputValue('#lr_end-text'), '0', 'the rejected value stays to be fixed');
  // The radio buttons set the schedule too; back to constant drops lr_end from the link.
  await page.check('#schedule-constant');
  await waitForQuery(page, 'v=1&preset=paper&gd_stop=cut');
  assert.deepEqual(errors, []);
});

test('the new keys round-trip and the preset renders as the CLI says; screenshots', async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const query of ['lr_end=0.02&schedule=exp&k=6', 'preset=cosine']) {
    const { page, errors } = await open(t, query);
    const cli = run(query);
    assert.equal(await shownQuery(page), cli.params.query);
    for (const key of ['annealed.test_loss', 'gradient_flow.test_loss', 'comparable']) {
      const shown = await page.getAttribute(`#claim [data-key="${key}"]`, 'data-value');
      const want = key.split('.').reduce((o, k) => o[k], cli);
      if (typeof want === 'boolean') assert.equal(shown, String(want), key);
      else assertClose(Number(shown), want, `${query}: ${key}`);
    }
    assert.deepEqual(errors, []);
  }
  for (const [name, viewport, colorScheme] of [
    ['desktop-light', { width: 1280, height: 900 }, 'light'],
    ['phone-dark', { width: 375, height: 812 }, 'dark'],
  ]) {
    const { page, errors } = await open(t, 'preset=cosine', { viewport, colorScheme });
    await showSection(page, 'beyond');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scroll (${overflow} px)`);
    await page.locator('#beyond').screenshot({ path: `${ARTIFACTS}beyond-${name}.png` });
    assert.deepEqual(errors, []);
  }
});

// ---- mini-batches and Gaussian inputs ---------------------------------------------------------

test('presets sgd and gaussian render as `lr-anneal run` says, and their section shows the batches, the inputs and why Lemma 2 does not apply', async (t) => {
  for (const name of ['sgd', 'gaussian']) {
    const { page, errors } = await open(t, `preset=${name}`);
    const cli = run(`preset=${name}`);
    assert.equal(await shownQuery(page), cli.params.query);
    for (const key of ['annealed.test_loss', 'gradient_flow.test_loss', 'ratio']) {
      const shown = Number(await page.getAttribute(`#claim [data-key="${key}"]`, 'data-value'));
      assertClose(shown, key.split('.').reduce((o, k) => o[k], cli), `${name}: ${key}`);
    }
    assert.equal(await page.getAttribute('#claim [data-key="comparable"]', 'data-value'), String(cli.comparable));
    await showSection(page, 'beyond');
    assert.equal(await page.inputValue('#batch-text'), String(cli.params.batch));
    assert.equal(await page.isChecked(`#inputs-${cli.params.inputs}`), true);
    const bounds = await page.textContent('#beyond-bounds');
    assert.ok(cli.bounds.does_not_apply, `${name}: the CLI says Lemma 2 does not apply`);
    assert.equal(bounds, `${cli.bounds.does_not_apply}.`);
    const batches = await page.textContent('#beyond-batches');
    if (name === 'sgd') {
      // Every batch the CLI drew, in order, as the page lists them.
      const listed = cli.annealed.batches.map((b) => `{${b.join(', ')}}`).join(', ');
      assert.ok(batches.includes(listed), `${batches} lists ${listed}`);
    } else {
      assert.match(batches, /Full batch/);
      assert.equal(await page.inputValue('#cov-text'), cli.params.cov.join(','));
      assert.equal(await page.isDisabled('#xmode-pick'), true, 'Gaussian inputs cannot be picked');
    }
    assert.deepEqual(errors, []);
  }
});

test('batch, inputs and cov go through the schema: links round-trip, rejected values keep their message', async (t) => {
  const { page, errors } = await open(t, 'preset=paper');
  await showSection(page, 'beyond');
  assert.equal(await page.isDisabled('#cov-text'), true, 'basis inputs have no cov');
  await page.fill('#batch-text', '2');
  await page.press('#batch-text', 'Enter');
  await waitForQuery(page, 'v=1&preset=paper&batch=2');
  await caughtUp(page); // the claim, off screen while the section is read, catches up
  let cli = run('preset=paper&batch=2');
  assertClose(Number(await page.getAttribute('#claim [data-key="annealed.test_loss"]', 'data-value')), cli.annealed.test_loss, 'batch=2');
  // A batch above n: the schema's message, the link unchanged.
  await page.fill('#batch-text', '5');
  await page.press('#batch-text', 'Enter');
  await page.waitForFunction(() => document.getElementById('batch-err').textContent.includes('batch'));
  assert.match(await page.textContent('#batch-err'), /at most the n = 3 samples/);
  assert.equal(await shownQuery(page), 'v=1&preset=paper&batch=2');
  // Gaussian inputs: the picked x becomes n random draws, cov opens.
  await page.check('#inputs-gaussian');
  await waitForQuery(page, 'v=1&preset=paper&n=3&batch=2&inputs=gaussian');
  assert.equal(await page.isDisabled('#cov-text'), false);
  await page.fill('#cov-text', '0.9,0.1');
  await page.press('#cov-text', 'Enter');
  const q = 'v=1&preset=paper&n=3&batch=2&inputs=gaussian&cov=0.9,0.1';
  await waitForQuery(page, q);
  await caughtUp(page);
  cli = run(q);
  assert.equal(cli.params.query, q);
  assertClose(Number(await page.getAttribute('#claim [data-key="annealed.test_loss"]', 'data-value')), cli.annealed.test_loss, q);
  await showSection(page, 'beyond');
  await page.fill('#cov-text', '1,2,3');
  await page.press('#cov-text', 'Enter');
  await page.waitForFunction(() => document.getElementById('cov-err').textContent.includes('cov'));
  assert.equal(await shownQuery(page), q);
  // Reloading the link shows the same state.
  const again = await open(t, q);
  assert.equal(await shownQuery(again.page), q);
  assertClose(Number(await again.page.getAttribute('#claim [data-key="annealed.test_loss"]', 'data-value')), cli.annealed.test_loss, 'reloaded');
  assert.deepEqual(errors, []);
  assert.deepEqual(again.errors, []);
});

test('Gaussian inputs: screenshots of Figure 1 and the section, desktop and phone', async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [name, viewport, colorScheme] of [
    ['desktop-light', { width: 1280, height: 900 }, 'light'],
    ['phone-dark', { width: 375, height: 812 }, 'dark'],
  ]) {
    const { page, errors } = await open(t, 'preset=gaussian', { viewport, colorScheme });
    await page.locator('#figures').screenshot({ path: `${ARTIFACTS}gaussian-figures-${name}.png` });
    await showSection(page, 'beyond');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scroll (${overflow} px)`);
    await page.locator('#beyond-noise').screenshot({ path: `${ARTIFACTS}beyond-noise-${name}.png` });
    assert.deepEqual(errors, []);
  }
});

test('the Lemma 2 explorer with Gaussian inputs says why no split applies, and typing spectra goes back to basis inputs', async (t) => {
  const query = 'preset=gaussian';
  const { page, errors } = await open(t, query);
  const cli = run(query);
  await showSection(page, 'lemma2');
  await page.waitForFunction(() => !document.getElementById('l2-small-note').hidden);
  assert.equal(await page.textContent('#l2-small-note'), `No split: ${cli.bounds.does_not_apply}.`);
  assert.match(await page.textContent('#l2-spectra-hint'), /eigenvalues/);
  await page.check('#l2-mode-given');
  await page.waitForFunction(() => new URLSearchParams(window.location.search).has('gamma'));
  await page.waitForSelector('body[data-ready="1"]');
  const shown = new URLSearchParams(await shownQuery(page));
  // Basis inputs again: the preset's are Gaussian, so the link says inputs=basis.
  assert.equal(shown.get('inputs'), 'basis');
  assert.equal(run(await shownQuery(page)).params.inputs, 'basis');
  assert.equal(await page.textContent('#l2-spectra-err'), '');
  assert.deepEqual(errors, []);
});
