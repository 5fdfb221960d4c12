// Accessibility: axe-core on the default page (light and dark), with its folded sections open,
// an embed and the blog-post example. No serious or critical violation may remain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileBrowser, baseUrl, run, settled, showPart, showSection, waitForQuery, caughtUp } from './helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core');

const shared = fileBrowser();

/** Serious and critical violations on `target` (a page or a frame), as readable lines. */
async function violations(target) {
  await target.addScriptTag({ path: AXE });
  const result = await target.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`));
}

for (const colorScheme of ['light', 'dark']) {
  test(`the default page has no serious accessibility violation (${colorScheme})`, async (t) => {
    const { page } = await open(t, '', { colorScheme });
    assert.deepEqual(await violations(page), []);
  });
}

test('every folded section, opened, has no serious accessibility violation (light and dark)', async (t) => {
  for (const colorScheme of ['light', 'dark']) {
    const { page } = await open(t, 'preset=cosine', { colorScheme });
    for (const id of ['lemma2', 'explore', 'beyond']) await showSection(page, id);
    assert.deepEqual(await violations(page), [], colorScheme);
  }
});

test('an embed has no serious accessibility violation', async (t) => {
  const { page } = await open(t, 'preset=paper&embed=1&show=a,b,c,loss,table&controls=minimal');
  assert.deepEqual(await violations(page), []);
});

test('the blog-post example and its embeds have no serious accessibility violation', async (t) => {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(`${baseUrl()}examples/blog-post.html`);
  const frames = page.locator('iframe');
  const count = await frames.count();
  assert.ok(count >= 2);
  assert.deepEqual(await violations(page), []);
  for (let i = 0; i < count; i++) {
    const frame = await (await frames.nth(i).elementHandle()).contentFrame();
    await settled(frame);
    assert.deepEqual(await violations(frame), [], `embed ${i + 1}`);
  }
});

test('each figure is named by what it shows for this state, in the core\'s words', async (t) => {
  const names = (page) => page.$$eval('[data-label-key]', (els) => Object.fromEntries(
    els.map((el) => [el.dataset.labelKey.split('.')[1], el.getAttribute('aria-label')])));
  // As served (prerendered for the default state) and once the module runs.
  const { page } = await open(t, '');
  await showPart(page, 'loss');
  assert.deepEqual(await names(page), run('').descriptions);
  // Another state: the names follow it.
  await page.fill('#lr-text', '3');
  const q = await waitForQuery(page, { lr: 3 });
  await caughtUp(page);
  const want = run(q).descriptions;
  assert.deepEqual(await names(page), want);
  assert.match(want.b, /4 large steps from \(β₁, β₂\) = \(0, 0\) to \(β₁, β₂\) = \(−80, 0\)/);
});

function open(t, query, options) {
  return shared.open(t, query, options);
}
