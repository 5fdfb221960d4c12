// The first screen without the module: `./build.sh build` prerenders the default state into the
// served page (lr-anneal prerender). What it writes is what the CLI computes (the hooks' values
// are `lr-anneal run`'s, the inline panels are `lr-anneal svg --panel`'s, byte for byte), it reads
// without script, and the module then takes over in place: the same boxes, no layout shift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { baseUrl, cli, run, assertClose, fileBrowser, settled, nextFrame } from './helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const shared = fileBrowser();

/** `report` at a dotted path (`a.b.0`). */
const at = (report, path) => path.split('.').reduce((v, k) => (v == null ? v : v[k]), report);

test('the served page holds the CLI\'s numbers and panels for the default state', async () => {
  const html = await (await fetch(baseUrl())).text();
  const report = run('');
  // Every prerendered hook's exact value is the CLI's (String(number), as the module writes it).
  const hooks = [...html.matchAll(/data-key="([^"]+)"[^>]*?data-value="([^"]*)"/g)];
  assert.ok(hooks.length >= 3, `${hooks.length} prerendered hooks`);
  for (const [, key, value] of hooks) {
    const want = at(report, key);
    assert.equal(value, want === null || want === undefined ? '' : String(want), key);
  }
  for (const key of ['gradient_flow.test_loss', 'annealed.test_loss', 'ratio']) {
    assert.ok(hooks.some(([, k]) => k === key), `${key} is prerendered`);
  }
  // Each panel of Figure 1, at both sizes, is `lr-anneal svg --panel` of the same state.
  for (const panel of ['a', 'b', 'c']) {
    for (const size of ['wide', 'narrow']) {
      const svg = cli(['svg', '--panel', size, '--show', panel, '']).trim()
        .replace('<svg ', `<svg class="pre ${size}" aria-hidden="true" `);
      assert.ok(html.includes(svg), `panel (${panel}), ${size}: not the CLI's SVG`);
    }
  }
  // The figures' names, for screen readers, are the CLI's descriptions.
  for (const panel of ['a', 'b', 'c']) {
    assert.ok(html.includes(`aria-label="${report.descriptions[panel]}"`), `(${panel}) description`);
  }
});

/** The boxes of the first screen's parts, and their texts. */
const firstScreen = (page) => page.evaluate(() => {
  const parts = [...document.querySelectorAll(
    '#claim .stat-value, #claim .stat-sub, #verdict-text, #fig1 .panel, #fig1 .plot, #fig1 .cap, #fig1 .legend, .masthead, #controls')];
  // The texts of the parameters panel that are on screen (the panel scrolls on its own).
  const onScreen = (el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.bottom > 0 && r.top < innerHeight;
  };
  const panel = [...document.querySelectorAll('#controls *')]
    .filter((el) => el.childElementCount === 0 && onScreen(el) && el.textContent.trim())
    .map((el) => ({ name: 'controls text', box: [], text: el.textContent.trim() }));
  return panel.concat(parts.filter((el) => el.getClientRects().length > 0).map((el) => {
    const r = el.getBoundingClientRect();
    const name = el.id || `${el.className} ${el.closest('[data-part]')?.getAttribute('data-part') ?? ''}`;
    return { name, box: [r.x, r.y + scrollY, r.width, r.height].map(Math.round), text: el.matches('.stat-value, .stat-sub, .cap, #verdict-text') ? el.innerText : '' };
  }));
});

/** Records in the page every layout shift from navigation on. @param {import('playwright-core').Page} page */
const recordShifts = (page) => page.addInitScript(() => {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value), (window.__why ??= []).push(e.sources.map((s) => `${s.node?.id || s.node?.className || s.node?.nodeName} ${JSON.stringify(s.previousRect)} -> ${JSON.stringify(s.currentRect)}`).join('; ') + ` at ${Math.round(e.startTime)}`);
  }).observe({ type: 'layout-shift', buffered: true });
});

/** No layout shift was recorded (the shifts and what moved, if any). @param {import('playwright-core').Page} page */
async function assertNoShift(page) {
  const shift = await page.evaluate(() => window.__shifts.reduce((a, b) => a + b, 0));
  assert.equal(shift, 0, `layout shift ${shift}: ${await page.evaluate(() => (window.__why ?? []).join(' | '))}`);
}

for (const [width, height] of [[1280, 900], [375, 812]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`at ${width}x${height} (${colorScheme}) the module takes over the prerendered first screen in place`, async (t) => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const options = { viewport: { width, height }, colorScheme };
      // The page as it paints before the module runs: its script held back until measured (the
      // inline boot script has run; nothing else has).
      const context = await shared.browser.newContext(options);
      t.after(() => context.close());
      const page = await context.newPage();
      let release;
      const held = new Promise((r) => { release = r; });
      await page.route('**/app.js', async (route) => { await held; await route.continue(); });
      await recordShifts(page);
      const loading = page.goto(baseUrl());
      await page.waitForSelector('#fig1 svg.pre.wide', { state: 'attached' });
      await nextFrame(page);
      assert.equal(await page.evaluate(() => document.body.dataset.ready), undefined, 'the module has not run');
      await page.screenshot({ path: `${ARTIFACTS}first-screen-${width}-${colorScheme}-before.png` });
      const prerendered = await firstScreen(page);
      // Then the module, until ready: every layout shift since navigation is recorded in the page.
      release();
      await loading;
      await settled(page);
      await nextFrame(page);
      await page.screenshot({ path: `${ARTIFACTS}first-screen-${width}-${colorScheme}-after.png` });
      const after = await firstScreen(page);
      assert.deepEqual(after, prerendered, 'the same boxes and the same texts');
      await assertNoShift(page);
      // The prerendered panels made way for the live canvases.
      assert.equal(await page.locator('#fig1 svg.pre').count(), 0);
    });
  }
}

for (const [width, height] of [[1280, 900], [375, 812]]) {
  test(`at ${width}x${height} a link to another state: its placeholders give way to its numbers without a layout shift`, async (t) => {
    const context = await shared.browser.newContext({ viewport: { width, height } });
    t.after(() => context.close());
    const page = await context.newPage();
    await recordShifts(page);
    await page.goto(`${baseUrl()}?eps=0.05&k=6`);
    await settled(page);
    await nextFrame(page);
    const want = run('eps=0.05&k=6');
    assertClose(await page.getAttribute('#claim [data-key="annealed.test_loss"]', 'data-value'), want.annealed.test_loss, '(B) of the state linked');
    await assertNoShift(page);
  });
}
