// End-to-end test of `flow_lr` (issue 5's "gradient descent with a small step in place of the
// flow"): the readout equals `lr-anneal run`, the field writes the link, and the thin
// small-step path changes figure (a).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileBrowser, run, waitForQuery } from './helpers.mjs';

const shared = fileBrowser();

const pixels = (page) => page.evaluate(() => document.getElementById('fig-a').toDataURL());

test('small steps in place of the flow: numbers, link and picture', async (t) => {
  const { page, errors } = await shared.open(t, 'flow_lr=0.01');
  const cli = run('flow_lr=0.01');
  assert.ok(await page.isVisible('.discrete-readout'));
  for (const optimizer of ['gradient_flow', 'annealed']) {
    for (const field of ['steps', 'distance', 'test_loss']) {
      const key = `discrete.${optimizer}.${field}`;
      const shown = Number(await page.getAttribute(`[data-key="${key}"]`, 'data-value'));
      const want = cli.discrete[optimizer][field];
      assert.ok(Math.abs(shown - want) <= 1e-12 * Math.abs(want), `${key}: ${shown} vs ${want}`);
    }
  }
  const before = await pixels(page);
  await page.fill('#flow_lr-text', '0.2');
  await waitForQuery(page, { flow_lr: '0.2' });
  await page.waitForFunction((old) => document.getElementById('fig-a').toDataURL() !== old, before);
  // Back to the exact flow only: the readout hides.
  await page.fill('#flow_lr-text', '0');
  await waitForQuery(page, { flow_lr: null });
  assert.equal(await page.isVisible('.discrete-readout'), false);
  assert.deepEqual(errors, []);
});
