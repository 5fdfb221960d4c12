// End-to-end tests of the Lemma 2 explorer (www/views/lemma2.js) and playback (www/views/playback.js): the
// explorer's numbers equal `lr-anneal run`, its controls write gamma, lambda, small and plane into
// the link, playback moves the markers and the readout, and nothing plays by itself (reduced
// motion or not). Screenshots go to tests/artifacts/. One browser for the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { baseUrl, showSection, run, assertClose, waitForQuery, shownQuery, nextFrame, fileBrowser } from './helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const Q = 'beta=1,1,1&gamma=1,0.5,0.25&lambda=0.2,0.3,0.5&lr=1&k=10&eps=0.01';

const shared = fileBrowser();

const { open } = shared;

const value = (page, key) => page.getAttribute(`#lemma2 [data-key="${key}"]`, 'data-value');
const pixels = (page, id = 'fig-a') => page.evaluate((i) => document.getElementById(i).toDataURL(), id);
const playT = async (page) => Number(await page.getAttribute('#pb-t', 'data-value'));

const FIELDS = ['p', 'alpha', 'condition1', 'condition1_value', 'condition2', 'lr_is_inverse_gamma_max',
  'gradient_flow_lower', 'gradient_flow_lower_applies', 'gradient_flow_lower_holds',
  'annealed_upper', 'annealed_upper_applies', 'annealed_upper_holds'];

test('the explorer shows the numbers of `lr-anneal run`, for every split and for a chosen one', async (t) => {
  const { page, errors } = await open(t, Q);
  for (const query of [Q, `${Q}&small=3`]) {
    await page.goto(`${baseUrl()}?${query}`);
    await page.waitForSelector('body[data-ready="1"]');
    await showSection(page, 'lemma2');
    const cli = run(query);
    assert.equal(await shownQuery(page), cli.params.query);
    const rows = cli.bounds.lemma2;
    assert.ok(rows.length > 0);
    assert.equal(await page.locator('#l2-body tr').count(), rows.length, `${query}: one row per split`);
    for (const [i, row] of rows.entries()) {
      for (const f of FIELDS) assertClose(await value(page, `bounds.lemma2.${i}.${f}`), row[f], `${query}: ${i}.${f}`);
      for (const [j, s] of row.small.entries()) assert.equal(await value(page, `bounds.lemma2.${i}.small.${j}`), String(s));
    }
    // The simulated runs next to the bounds.
    for (const key of ['gradient_flow.test_loss', 'annealed.test_loss']) {
      const shown = await page.$$eval(`#l2-body [data-key="${key}"]`, (els) => els.map((e) => e.dataset.value));
      assert.equal(shown.length, rows.length);
      for (const v of shown) assertClose(v, key.split('.').reduce((o, k) => o[k], cli), key);
    }
    // The spectra as given, in the inputs.
    for (const [j, g] of cli.samples.gamma.entries()) {
      assert.equal(await page.getAttribute(`#l2-gamma-${j + 1}`, 'data-value'), String(g));
      assert.equal(await page.getAttribute(`#l2-lambda-${j + 1}`, 'data-value'), String(cli.samples.lambda[j]));
    }
    assert.equal(await page.isChecked('#l2-mode-given'), true);
    // Every split stays on offer, with the chosen one checked.
    assert.deepEqual(await page.$$eval('#l2-splits input', (els) => els.map((e) => e.value)), ['all', '2,3', '3']);
    assert.equal(await page.inputValue('#l2-splits input:checked'), query.includes('small') ? '3' : 'all');
  }
  assert.equal(await page.textContent('#l2-body th'), '3'); // the braces are CSS
  assert.deepEqual(errors, []);
});

test('changed while off screen, the explorer shows the new state when it comes back', async (t) => {
  const { page, errors } = await open(t, Q);
  await showSection(page, 'lemma2');
  assert.equal(await page.locator('#l2-body tr').count(), 2);
  // Back at the top, load the paper's preset: two dimensions, one split, spectra from the samples.
  // Off screen the explorer's rows are rebuilt only when it comes back.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForSelector('#lemma2[data-near="0"]', { state: 'attached' });
  await page.selectOption('#preset', 'paper');
  await waitForQuery(page, /^\?v=1&preset=paper$/);
  await page.locator('#lemma2').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelectorAll('#l2-body tr').length === 1);
  const cli = run('preset=paper');
  for (const f of FIELDS) assertClose(await value(page, `bounds.lemma2.0.${f}`), cli.bounds.lemma2[0][f], f);
  assert.equal(await page.isChecked('#l2-mode-samples'), true);
  assert.equal(await page.locator('#l2-spectra-body tr').count(), 2);
  assert.deepEqual(errors, []);
});

test('the controls write gamma, lambda, small and plane into the link', async (t) => {
  const { page, errors } = await open(t, 'beta=1,1,1&lr=1&k=10');
  await showSection(page, 'lemma2');
  assert.equal(await page.isChecked('#l2-mode-samples'), true);
  assert.equal(await page.isDisabled('#l2-gamma-1'), true);
  // Set the spectra: they start from the samples' (unobserved coordinates get a small value).
  await page.check('#l2-mode-given');
  await waitForQuery(page, /[?&]gamma=/);
  assert.equal(await page.isDisabled('#l2-gamma-1'), false);
  await page.fill('#l2-gamma-2', '0.4');
  await page.press('#l2-gamma-2', 'Enter');
  await waitForQuery(page, /[?&]gamma=[^&]*,0\.4,/);
  await page.fill('#l2-lambda-1', '0.6');
  await page.press('#l2-lambda-1', 'Enter');
  await waitForQuery(page, /[?&]lambda=0\.6,/);
  // A rejected value says why and leaves the link alone.
  const before = await shownQuery(page);
  await page.fill('#l2-gamma-3', '-1');
  await page.press('#l2-gamma-3', 'Enter');
  await page.waitForSelector('#l2-spectra-err:not(:empty)');
  assert.equal(await page.getAttribute('#l2-gamma-3', 'aria-invalid'), 'true');
  assert.equal(await shownQuery(page), before);
  // The small block: a split, then all of them again.
  const last = await page.$$eval('#l2-splits input', (els) => els.at(-1).value);
  assert.notEqual(last, 'all');
  await page.check(`#l2-splits input[value="${last}"]`);
  await waitForQuery(page, new RegExp(`[?&]small=${last}(&|$)`));
  assert.equal(await page.locator('#l2-body tr').count(), 1);
  await page.check('#l2-splits input[value="all"]');
  await waitForQuery(page, { small: null });
  assert.ok(await page.locator('#l2-body tr').count() > 1);
  // The plane: figures (a)-(c) show beta_1 and beta_3; the same coordinate twice swaps.
  const a0 = await pixels(page);
  await page.selectOption('#l2-plane-y', '3');
  await waitForQuery(page, /[?&]plane=1,3(&|$)/);
  // Figure (a) is above, off screen: it is redrawn as it comes back into view.
  await page.locator('#fig-a').scrollIntoViewIfNeeded();
  await page.waitForFunction((p) => document.getElementById('fig-a').toDataURL() !== p, a0);
  await page.locator('#lemma2').scrollIntoViewIfNeeded();
  await page.selectOption('#l2-plane-x', '3');
  await waitForQuery(page, /[?&]plane=3,1(&|$)/);
  // Back to the samples: no spectra in the link, the plane stays.
  await page.check('#l2-mode-samples');
  await waitForQuery(page, { gamma: null, lambda: null });
  assert.match(await shownQuery(page), /plane=3,1/);
  assert.equal(await page.isDisabled('#l2-gamma-1'), true);
  assert.deepEqual(errors, []);
});

test('playback moves the markers, the cursor and the readout; keys and the slider drive it', async (t) => {
  const { page, errors } = await open(t, 'preset=paper');
  assert.equal(await page.getAttribute('#playback', 'data-state'), 'stopped');
  const end = Number(await page.getAttribute('#pb-end', 'data-value'));
  assert.ok(end > 0);
  assert.equal(await playT(page), end, 'stopped: the readout shows the end');
  const a0 = await pixels(page);
  const l0 = await pixels(page, 'fig-loss');
  // A quarter speed (a run takes 32 s) so that it is still playing when Space pauses it.
  await page.selectOption('#pb-speed', '0.25');
  await page.click('#pb-play');
  await page.waitForFunction(() => Number(document.getElementById('pb-t').dataset.value) > 0.05);
  assert.equal(await page.getAttribute('#playback', 'data-state'), 'playing');
  const t1 = await playT(page);
  assert.ok(t1 < end, `playing from the start: ${t1}`);
  await page.waitForFunction((v) => Number(document.getElementById('pb-t').dataset.value) > v, t1);
  assert.notEqual(await pixels(page), a0, 'figure a shows the markers');
  assert.notEqual(await pixels(page, 'fig-loss'), l0, 'the loss chart shows the cursor');
  // Space on the figure pauses; arrows step.
  await page.focus('#figures .fig1');
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('#playback', 'data-state'), 'paused');
  const t2 = await playT(page);
  await page.keyboard.press('ArrowRight');
  const t3 = await playT(page);
  assert.ok(t3 > t2 && t3 - t2 <= end / 100 + 1e-9, `a step forward: ${t2} -> ${t3}`);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const t4 = await playT(page);
  assert.ok(t4 < t3, `two steps back: ${t3} -> ${t4}`);
  // Typing a space in a field does not play.
  await page.focus('#eps-text');
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('#playback', 'data-state'), 'paused');
  // Scrubbing to the middle.
  const a1 = await pixels(page);
  await page.$eval('#pb-scrub', (el) => {
    el.value = '500';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const mid = await playT(page);
  assert.ok(Math.abs(mid - end / 2) < 1e-9 * end, `scrubbed to ${mid} of ${end}`);
  assert.notEqual(await pixels(page), a1);
  // From the start, stepping forward stops at each large step (lr = 1.5): 1.5, 3, 4.5, 6, and
  // at most end / 100 apart.
  await page.$eval('#pb-scrub', (el) => {
    el.value = '0';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.focus('#figures .fig1');
  const seen = [0];
  while (seen.at(-1) < 6.2) {
    await page.keyboard.press('ArrowRight');
    const v = await playT(page);
    assert.ok(v > seen.at(-1) && v - seen.at(-1) <= end / 100 + 1e-9, `a step forward: ${seen.at(-1)} -> ${v}`);
    seen.push(v);
  }
  for (const s of [1.5, 3, 4.5, 6]) assert.ok(seen.includes(s), `a stop at the large step t = ${s}: ${seen.join(', ')}`);
  // A parameter change keeps the playhead, clamped to the new run.
  await page.fill('#k-text', '2');
  await waitForQuery(page, { k: 2 });
  const end2 = Number(await page.getAttribute('#pb-end', 'data-value'));
  assert.ok(await playT(page) <= end2);
  assert.equal(await page.getAttribute('#playback', 'data-state'), 'paused');
  // Full paths again.
  await page.click('#pb-stop');
  assert.equal(await page.getAttribute('#playback', 'data-state'), 'stopped');
  assert.deepEqual(errors, []);
});

test('nothing plays by itself: reduced motion, and embeds hide both panels', async (t) => {
  const { page, errors } = await open(t, 'preset=paper', { reducedMotion: 'reduce' });
  assert.equal(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
  const a0 = await pixels(page);
  // Playback moves only on animation frames: after a few, it is still stopped.
  for (let i = 0; i < 5; i++) await nextFrame(page);
  assert.equal(await page.getAttribute('#playback', 'data-state'), 'stopped');
  assert.equal(await pixels(page), a0);
  // It plays when asked.
  await page.click('#pb-play');
  await page.waitForFunction(() => document.getElementById('playback').dataset.state !== 'stopped');
  await page.goto(`${baseUrl()}?preset=paper&embed=1`);
  await page.waitForSelector('body[data-ready="1"]');
  assert.equal(await page.isVisible('#lemma2'), false);
  assert.equal(await page.isVisible('#playback'), false);
  assert.deepEqual(errors, []);
});

test('screenshots of the explorer and playback, desktop and phone, light and dark', async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [name, width] of [['desktop', 1280], ['phone', 375]]) {
    for (const scheme of ['light', 'dark']) {
      const { page, errors } = await open(t, `${Q}&small=3&plane=1,3`, { viewport: { width, height: 900 }, colorScheme: scheme });
      await showSection(page, 'lemma2');
      await page.$eval('#pb-scrub', (el) => {
        el.value = '300';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await page.locator('#lemma2').screenshot({ path: `${ARTIFACTS}lemma2-${name}-${scheme}.png` });
      await page.locator('#figures').screenshot({ path: `${ARTIFACTS}playback-${name}-${scheme}.png` });
      assert.deepEqual(errors, []);
    }
  }
});
