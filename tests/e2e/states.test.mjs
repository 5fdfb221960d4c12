// A sample of the URL space in the browser: 25 seeded random valid links (drawn by
// tests/native/states.rs, which checks every figure of 300 such links natively; the sample is
// tests/native/browser_links.txt). Each loads to ready with no script error, shows the headline
// numbers the CLI computes for it, and has no "NaN" or "undefined" anywhere in its text once
// every part on the page has caught up with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, assertClose, fileBrowser, caughtUp } from './helpers.mjs';

const LINKS = readFileSync(fileURLToPath(new URL('../native/browser_links.txt', import.meta.url)), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#'));
const { open } = fileBrowser();

test('the sample of random valid links is the one the native test draws', () => {
  assert.equal(LINKS.length, 25);
});

for (const [i, link] of LINKS.entries()) {
  test(`random valid link ${i + 1}: ${link}`, async (t) => {
    const { page, errors, dialogs } = await open(t, link);
    await caughtUp(page);
    const cli = run(link);
    assert.deepEqual(await page.evaluate(() => document.body.dataset.query), cli.params.query);
    for (const [key, value] of [['gradient_flow.test_loss', cli.gradient_flow.test_loss],
      ['annealed.test_loss', cli.annealed.test_loss]]) {
      assertClose(await page.getAttribute(`#claim [data-key="${key}"]`, 'data-value'), value, `${key} of ${link}`);
    }
    const text = await page.evaluate(() => document.body.innerText);
    for (const bad of ['NaN', 'undefined', '[object Object]']) {
      const at = text.indexOf(bad);
      assert.equal(at, -1, `"${bad}" in the text: …${text.slice(Math.max(0, at - 80), at + 40)}…`);
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(dialogs, []);
  });
}
