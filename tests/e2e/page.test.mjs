// End-to-end tests of the page (www/): it renders, its numbers equal the command line's, the
// controls drive the URL and the figures, bad links are reported safely, and it fits a phone.
// One browser for the whole file; each test opens its own context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { baseUrl, collectConsoleErrors, showSection, cli, run, nextFrame, shownQuery, waitForNewQuery, assertClose, waitForQuery, fileBrowser, caughtUp } from './helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

const shared = fileBrowser();

/** Opens the page at `query` in a fresh context; waits for the first complete render. */
const { open } = shared;

/** The CLI value at a data-key path as the page must show it (String(number), "" for null). */
function expected(report, key) {
  let v = report;
  // `discrete` (with flow_lr) is left out of the CLI's JSON when it is off.
  if (key.startsWith('discrete.') && !('discrete' in report)) return '';
  for (const part of key.split('.')) {
    if (v === null) return '';
    assert.ok(v !== undefined && typeof v === 'object' && part in v, `data-key "${key}" is not a path of the CLI JSON`);
    v = v[part];
  }
  return v === null ? '' : String(v);
}

/** Every [data-key] on the page with its data-value, but in the sections whose script has not
 * loaded yet (the folded "go deeper" ones, until a reader opens them: they show no number). */
const pageValues = (page) => page.$$eval('[data-key]', (els) => els
  .filter((e) => !e.closest('[data-slot]:not([data-loaded])'))
  .map((e) => [e.dataset.key, e.dataset.value]));

/** Checks every data-key on the page against `lr-anneal run` for the page's own query (every
 * part brought up to date first: a part off screen catches up when it comes near). */
async function assertMatchesCli(t, page) {
  await caughtUp(page);
  const query = await shownQuery(page);
  const report = run(query);
  assert.equal(report.params.query, query, 'the URL holds the canonical query');
  const values = await pageValues(page);
  assert.ok(values.length >= 40, `expected many data-key hooks, found ${values.length}`);
  // The sections not loaded yet show no number at all.
  const unloaded = await page.$$eval('[data-slot]:not([data-loaded]) [data-key]', (els) => els.map((e) => e.dataset.value ?? ''));
  assert.deepEqual(unloaded.filter((v) => v !== ''), [], 'a section not loaded shows no number');
  for (const [key, value] of values) {
    const want = expected(report, key);
    if (value === want) continue;
    const [a, b] = [Number(value), Number(want)];
    assert.ok(
      value !== '' && want !== '' && Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)),
      `${query}: data-key ${key} shows ${JSON.stringify(value)}, the CLI says ${JSON.stringify(want)}`,
    );
    t.diagnostic(`${key}: ${value} vs ${want} (within 1e-12)`);
  }
  return { query, report, keys: new Set(values.map(([k]) => k)) };
}

const canvasData = (page) => page.$$eval('#figures canvas', (cs) => cs.map((c) => c.toDataURL()));


test('default page renders with no console errors, sharp on HiDPI', async (t) => {
  const { page, errors } = await open(t, '', { deviceScaleFactor: 2 });
  assert.equal(await shownQuery(page), 'v=1&preset=paper', 'the URL is rewritten to the canonical query');
  // The loss chart is below the first screen: drawn as it comes near.
  await caughtUp(page);
  assert.match(await page.title(), /annealing/i);
  const sizes = await page.$$eval('#figures canvas', (cs) => cs.map((c) => [c.id, c.width, c.height, c.clientWidth, c.clientHeight]));
  assert.equal(sizes.length, 4);
  for (const [id, w, h, cw, ch] of sizes) {
    assert.ok(cw > 100 && ch > 100, `${id} is laid out (${cw}x${ch})`);
    assert.equal(w, Math.round(cw * 2), `${id}: pixel width = CSS width x devicePixelRatio`);
    assert.equal(h, Math.round(ch * 2), `${id}: pixel height = CSS height x devicePixelRatio`);
  }
  // The canvases are drawn: more than a handful of colours in each.
  const colours = await page.$$eval('#figures canvas', (cs) => cs.map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }));
  for (const n of colours) assert.ok(n > 10, `a canvas looks blank (${n} colours)`);
  assert.equal(await page.isVisible('#banner'), false, 'no warnings banner for a clean URL');
  // Every control has a label, and every label points at a control.
  const unlabelled = await page.$$eval('input, select, button', (els) => els
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())))
    .map((el) => el.id || el.outerHTML.slice(0, 60)));
  assert.deepEqual(unlabelled, []);
  const dangling = await page.$$eval('label[for]', (ls) => ls.filter((l) => !document.getElementById(l.htmlFor)).map((l) => l.htmlFor));
  assert.deepEqual(dangling, []);
  const ms = Number(await page.evaluate(() => document.body.dataset.renderMs));
  assert.ok(ms > 0, 'the page reports its update time');
  t.diagnostic(`first full render: ${ms} ms`);
  assert.deepEqual(errors, []);
});

test("the table's data-values equal `lr-anneal run`, for every preset and hand-made URLs", async (t) => {
  const schema = JSON.parse(cli(['schema']));
  const queries = [
    ...schema.presets.map((p) => `preset=${p.name}`),
    'preset=paper&eps=0.001&lr=auto',
    'beta=2,-1,0.5&x=1,1,2,3,3,3&k=7&eps=0.05',
    'n=50&seed=12&noise=0.2&eps=0.5',
    'lr=3.2&k=40', // past every stability threshold: the large steps grow
    'noise=0.3&eps=0.000001', // below the reachable train loss: no level set
    'beta=1,1,1,1,1,1,1,1&n=40&seed=3',
  ];
  const { page, errors } = await open(t);
  const seen = new Set();
  for (const q of queries) {
    await page.goto(`${baseUrl()}?${q}`);
    await page.waitForSelector('body[data-ready="1"]');
    const { query, keys } = await assertMatchesCli(t, page);
    // A valid hand-made query means the same state to the CLI and the page.
    assert.equal(run(q).params.query, query, `${q} is canonicalised alike`);
    keys.forEach((k) => seen.add(k));
  }
  for (const key of ['annealed.test_loss', 'gradient_flow.time', 'level_set.bad_test_loss', 'ratio',
    'level_set.good_residual.0', 'level_set.bad_residual.1', 'params.eps', 'gradient_flow.beta.0',
    'annealed.beta.1', 'bounds.lemma2.0.gradient_flow_lower', 'bounds.lemma2.0.annealed_upper_holds',
    'bounds.proposition1.probability', 'bounds.proposition1.lemma2.gradient_flow_lower_holds',
    'bounds.proposition1.identical_test_loss', 'stability.lr_auto', 'stability.all_unstable_above']) {
    assert.ok(seen.has(key), `the page shows ${key}`);
  }
  assert.deepEqual(errors, []);
});

test('a slider changes the URL, the table and the canvases, without history entries; reload restores', async (t) => {
  const { page, errors } = await open(t, 'preset=paper');
  const q0 = await shownQuery(page);
  const v0 = await page.getAttribute('[data-key="gradient_flow.time"]', 'data-value');
  await caughtUp(page); // the loss chart, below the first screen, too
  const c0 = await canvasData(page);
  const h0 = await page.evaluate(() => window.history.length);

  // Keyboard: the eps slider, five steps to the right, a tenth of a decade each (presses
  // between two frames add up): 10^-2 to 10^-1.5.
  await page.focus('#eps-range');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  const q1 = await waitForQuery(page, { eps: '0.0316' });
  assert.match(q1, /(^|&)eps=0\.0316(&|$)/, `eps moved up half a decade: ${q1}`);
  assert.notEqual(await page.getAttribute('[data-key="gradient_flow.time"]', 'data-value'), v0);
  await caughtUp(page);
  const c1 = await canvasData(page);
  for (let i = 0; i < c0.length; i++) assert.notEqual(c1[i], c0[i], `canvas ${i} was redrawn`);
  assert.equal(await page.inputValue('#eps-text'), '0.0316');

  // Dragging the lr slider (logarithmic): an input event per position.
  await page.$eval('#lr-range', (el) => {
    for (const v of [1.2, 1.1, 1]) {
      el.value = String(Math.log10(v));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
  await waitForNewQuery(page, q1);
  const q2 = await shownQuery(page);
  assert.match(q2, /(^|&)lr=1(&|$)/, q2);
  assert.equal(await page.evaluate(() => window.history.length), h0, 'replaceState, not pushState');
  const { report } = await assertMatchesCli(t, page);
  assert.equal(report.annealed.lr, 1);

  // Reload: the same state, the same numbers, the same controls.
  const before = await pageValues(page);
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]');
  assert.equal(await shownQuery(page), q2);
  await caughtUp(page);
  assert.deepEqual(await pageValues(page), before);
  assert.equal(await page.inputValue('#eps-text'), '0.0316');
  assert.equal(await page.inputValue('#lr-text'), '1');
  assert.deepEqual(errors, []);
});

test('the controls: preset, lr auto, coordinates, samples, random draws, typed values', async (t) => {
  const schema = JSON.parse(cli(['schema']));
  const { page, errors } = await open(t);
  let q = await shownQuery(page);
  const step = async (action) => {
    await action();
    await waitForNewQuery(page, q);
    q = await shownQuery(page);
    return q;
  };

  const unlucky = schema.presets.find((p) => p.name === 'unlucky');
  assert.equal(await step(() => page.selectOption('#preset', 'unlucky')), unlucky.query);
  assert.equal(await page.textContent('#preset-desc'), unlucky.description);
  assert.equal(await page.textContent('#preset-look'), unlucky.look_for);

  await step(() => page.selectOption('#preset', 'paper'));
  assert.match(await step(() => page.check('#lr-auto')), /(^|&)lr=auto(&|$)/);
  assert.equal(await page.getAttribute('[data-key="annealed.lr"]', 'data-value'),
    await page.getAttribute('[data-key="stability.lr_auto"]', 'data-value'));
  assert.equal(await page.isVisible('#preset-modified'), true, 'a changed preset says so');
  // ... and its reset goes back to the preset, then hides.
  assert.equal(await step(() => page.click('#preset-reset')), schema.presets.find((p) => p.name === 'paper').query);
  assert.equal(await page.isVisible('#preset-modified'), false);
  assert.match(await step(() => page.check('#lr-auto')), /(^|&)lr=auto(&|$)/);

  assert.match(await step(() => page.fill('#beta-1', '2')), /(^|&)beta=2,1(&|$)/);
  await page.locator('#beta-1').blur();
  // A rejected value: the core's message under the field, the state unchanged.
  await page.fill('#beta-1', 'abc');
  await page.waitForSelector('#beta-err:has-text("not a number")');
  assert.equal(await shownQuery(page), q);

  assert.match(await step(() => page.click('#coord-add')), /(^|&)beta=2,1,1(&|$)/);
  assert.equal(await page.isVisible('#beta-3'), true);
  assert.match(await step(() => page.selectOption('#x-3', '3')), /(^|&)x=1,1,3(&|$)/);
  assert.match(await step(() => page.click('#sample-add')), /(^|&)x=1,1,3,1(&|$)/);
  assert.match(await step(() => page.click('#sample-list .chip:nth-child(2) .chip-x')), /(^|&)x=1,3,1(&|$)/);
  // The list was rebuilt; the focus is on the chip that took the removed one's place.
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Remove sample 2');
  const xBox = await page.locator('#sample-list .chip-x').first().boundingBox();
  assert.ok(xBox.width >= 24 && xBox.height >= 24, `a 24 px target: ${xBox.width} x ${xBox.height}`);
  // Removing coordinate 3 drops its sample.
  const afterRemove = await step(() => page.click('#coord-remove'));
  assert.match(afterRemove, /(^|&)beta=2,1(&|$)/);
  assert.match(afterRemove, /(^|&)x=1,1(&|$)/);

  // Random draws: n replaces x; "Draw again" moves the seed.
  const random = await step(() => page.check('#xmode-random'));
  assert.match(random, /(^|&)n=2(&|$)/);
  assert.doesNotMatch(random, /(^|&)x=/);
  assert.match(await step(() => page.click('#seed-next')), /(^|&)seed=2(&|$)/);
  assert.match(await step(() => page.fill('#k-text', '12')), /(^|&)k=12(&|$)/);
  assert.match(await step(() => page.fill('#noise-text', '0.1')), /(^|&)noise=0\.1(&|$)/);
  await assertMatchesCli(t, page);

  // Typing key by key applies each valid prefix ("1" of "1e9"); left rejected, the field goes
  // back to the state before the edit, not to that prefix.
  const beforeEdit = q;
  await page.click('#eps-text', { clickCount: 3 });
  await page.keyboard.type('1e9');
  await page.waitForSelector('#eps-err:has-text("eps=1e9: must be between")');
  assert.equal(await page.getAttribute('#eps-text', 'aria-invalid'), 'true');
  await page.keyboard.press('Enter');
  await page.waitForFunction((want) => document.body.dataset.query === want, beforeEdit);
  await nextFrame(page);
  assert.equal(await page.evaluate(() => document.body.dataset.query), beforeEdit, 'no eps=1 rendered after it');
  assert.equal(await page.inputValue('#eps-text'), '0.01');
  // The message stays until the next edit, and says what is shown instead.
  assert.match(await page.textContent('#eps-err'), /^eps=1e9: must be between .* Kept the value from before this edit\.$/);
  assert.equal(await page.getAttribute('#eps-text', 'aria-invalid'), null);
  // A valid edit stays.
  await page.click('#k-text', { clickCount: 3 });
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /(^|&)k=7(&|$)/.test(document.body.dataset.query));
  assert.equal(await page.inputValue('#k-text'), '7');
  // The next edit of eps clears its message.
  await page.click('#eps-text', { clickCount: 3 });
  await page.keyboard.type('0.02');
  await page.waitForFunction(() => /(^|&)eps=0\.02(&|$)/.test(document.body.dataset.query));
  assert.equal(await page.textContent('#eps-err'), '', 'the next edit clears the message');
  // A rejected edit left by clicking another control: that control acts on the restored state.
  await page.click('#beta-1', { clickCount: 3 });
  await page.keyboard.type('3x');
  await page.waitForSelector('#beta-err:has-text("not a number")');
  await page.click('#coord-add');
  await page.waitForFunction(() => /(^|&)beta=2,1,1(&|$)/.test(document.body.dataset.query));
  assert.deepEqual(errors, []);
});

test('a bad URL shows the banner with keys, values and fallbacks, and injects nothing', async (t) => {
  const hostile = '<img src=x onerror=alert(1)>';
  const { page, dialogs } = await open(t, `eps=abc&lr=-1&bogus=${encodeURIComponent(hostile)}`);
  const banner = page.locator('#banner[role="alert"]');
  assert.equal(await banner.isVisible(), true);
  const text = await banner.textContent();
  for (const s of ['eps', 'abc', 'lr', '-1', 'bogus', hostile, 'unknown key', '0.01', '1.5']) {
    assert.ok(text.includes(s), `the banner mentions ${s}: ${text}`);
  }
  assert.equal(await page.locator('#banner li').count(), 3);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0, 'no injected element');
  assert.deepEqual(dialogs, []);
  // The page runs on the fallbacks, and the URL now holds them.
  assert.equal(await shownQuery(page), 'v=1&preset=paper');
  await caughtUp(page);
  assert.equal(await page.getAttribute('[data-key="params.eps"]', 'data-value'), '0.01');
  await page.click('#banner-close');
  assert.equal(await banner.isVisible(), false);
});

test('phone width: panels stack and nothing scrolls sideways', async (t) => {
  const { page, errors } = await open(t, '', { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
  for (const q of ['preset=paper', 'preset=lemma2-3d', 'beta=-123.456,1,1,1,1,1,1,1&n=40&noise=0.5']) {
    await page.goto(`${baseUrl()}?${q}`);
    await page.waitForSelector('body[data-ready="1"]');
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw, `${q}: scrollWidth ${sw} > clientWidth ${cw}`);
  }
  const a = await page.locator('#fig-a').boundingBox();
  const b = await page.locator('#fig-b').boundingBox();
  assert.ok(b.y >= a.y + a.height - 1, 'figure (b) is below (a)');
  assert.ok(a.width > 300, `the figure fills the width (${a.width})`);
  assert.deepEqual(errors, []);
});

test('phone width: the parameters are a sheet docked at the bottom, a figure stays in view while a slider moves', async (t) => {
  const { page, errors } = await open(t, 'preset=paper', { viewport: { width: 375, height: 812 } });
  const bar = page.locator('#controls-toggle');
  const inView = async (sel) => {
    const box = await page.locator(sel).boundingBox();
    return box !== null && box.y >= -1 && box.y + box.height <= 813;
  };
  // Closed: a bar at the bottom of the screen with the main values; the controls are hidden.
  assert.equal(await bar.getAttribute('aria-expanded'), 'false');
  const barBox = await bar.boundingBox();
  assert.ok(barBox.y + barBox.height > 790 && barBox.y > 700, `the bar is at the bottom: ${JSON.stringify(barBox)}`);
  assert.equal(await page.textContent('#controls-sum'), 'ε 0.01 · η 1.5 · K 4');
  assert.equal(await page.isVisible('#eps-range'), false);
  // Open, with figure (b) scrolled to the top: the sheet starts with the eps and lr sliders, and
  // the figure is on screen with them.
  await bar.click();
  assert.equal(await bar.getAttribute('aria-expanded'), 'true');
  await page.evaluate(() => document.getElementById('fig-b').scrollIntoView({ block: 'start' }));
  assert.ok(await inView('#eps-range'), 'the eps slider is on screen');
  assert.ok(await inView('#lr-range'), 'the lr slider is on screen');
  assert.ok(await inView('#fig-b'), 'figure (b) is on screen with it');
  const before = await page.$eval('#fig-b', (c) => c.toDataURL());
  await page.focus('#eps-range');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /(^|&)eps=0\.01\d+(&|$)/.test(document.body.dataset.query));
  const eps = await page.evaluate(() => new URLSearchParams(document.body.dataset.query).get('eps'));
  assert.notEqual(await page.$eval('#fig-b', (c) => c.toDataURL()), before, 'the figure in view was redrawn');
  assert.equal(await page.textContent('#controls-sum'), `ε ${eps} · η 1.5 · K 4`);
  // Escape closes it and gives the focus back to the bar.
  await page.keyboard.press('Escape');
  assert.equal(await bar.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'controls-toggle');
  assert.equal(await page.isVisible('#eps-range'), false);
  // ... also when the focus is elsewhere on the page (a tap on a figure).
  await bar.click();
  await page.click('#figures .cap');
  await page.keyboard.press('Escape');
  assert.equal(await bar.getAttribute('aria-expanded'), 'false');
  // An Escape that closes the Download menu leaves the sheet open.
  await bar.click();
  await page.click('#download-menu > summary');
  await page.waitForSelector('#download-menu[open]');
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('#download-menu', 'open'), null);
  assert.equal(await bar.getAttribute('aria-expanded'), 'true');
  await bar.click();
  // Tab onto a control that sits under the bar brings it above the bar.
  await page.focus('#pb-back');
  await page.evaluate(() => window.scrollBy(0, document.getElementById('pb-play').getBoundingClientRect().top - 775));
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pb-play');
  const play = await page.locator('#pb-play').boundingBox();
  assert.ok(play.y + play.height <= (await bar.boundingBox()).y, `the focused button is above the bar: ${play.y}`);
  // A short landscape screen: the sheet opens as a panel on the right, sliders first.
  await page.setViewportSize({ width: 812, height: 375 });
  await bar.click();
  const side = await page.locator('#controls').boundingBox();
  assert.ok(side.x >= 812 / 2 - 1 && side.height > 300, `a panel on the right: ${JSON.stringify(side)}`);
  const epsBox = await page.locator('#eps-range').boundingBox();
  assert.ok(epsBox.y >= 0 && epsBox.y + epsBox.height <= 375, `the eps slider is on screen: ${epsBox.y}`);
  await bar.click();
  await page.setViewportSize({ width: 375, height: 812 });
  // The end of the page is not hidden behind the bar.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const footer = await page.locator('footer').boundingBox();
  const bar2 = await bar.boundingBox();
  assert.ok(footer.y + footer.height <= bar2.y + 1, `the footer ends above the bar: ${footer.y + footer.height} vs ${bar2.y}`);
  // Desktop and embeds have no sheet.
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.equal(await bar.isVisible(), false);
  assert.equal(await page.isVisible('#eps-range'), true);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(`${baseUrl()}?preset=paper&embed=1&show=a,b&controls=minimal`);
  await page.waitForSelector('body[data-ready="1"]');
  assert.equal(await bar.isVisible(), false);
  assert.equal(await page.isVisible('#eps-range'), true);
  assert.deepEqual(errors, []);
});

test('dark scheme: the page and the canvases are dark', async (t) => {
  const { page, errors } = await open(t, '', { colorScheme: 'dark' });
  const luminance = (rgb) => rgb.slice(0, 3).reduce((s, v) => s + v, 0) / 3;
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.ok(luminance(bg.match(/\d+/g).map(Number)) < 60, `dark body background: ${bg}`);
  const pixel = () => page.$eval('#fig-a', (c) => Array.from(c.getContext('2d').getImageData(2, 2, 1, 1).data));
  assert.ok(luminance(await pixel()) < 60, 'dark canvas background');
  // Switching the scheme redraws.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => {
    const d = document.getElementById('fig-a').getContext('2d').getImageData(2, 2, 1, 1).data;
    return d[0] > 200;
  });
  assert.deepEqual(errors, []);
});

test('works from a sub-path (relative URLs only)', async (t) => {
  const context = await shared.browser.newContext();
  t.after(() => context.close());
  const base = new URL(baseUrl());
  const sub = new URL('/some/blog/lr-anneal/', base).href;
  // Serve www/ under /some/blog/lr-anneal/ and nothing at the root.
  await context.route(`${base.origin}/**`, async (route) => {
    const url = route.request().url();
    if (!url.startsWith(sub)) return route.fulfill({ status: 404, body: 'not here' });
    const response = await route.fetch({ url: new URL(url.slice(sub.length), base).href });
    return route.fulfill({ response });
  });
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  await page.goto(`${sub}index.html?preset=unlucky`);
  await page.waitForSelector('body[data-ready="1"]');
  await caughtUp(page); // the table with Proposition 1's case is below the first screen
  assert.equal(page.url(), `${sub}index.html?v=1&preset=unlucky`, 'the URL keeps its path');
  assert.equal(await page.getAttribute('[data-key="bounds.proposition1.case"]', 'data-value'), 'unlucky');
  assert.deepEqual(errors, []);
});

test('when the wasm cannot load, the page says so', async (t) => {
  const context = await shared.browser.newContext();
  t.after(() => context.close());
  await context.route('**/lr_anneal_bg.wasm', (route) => route.fulfill({ status: 404, body: 'missing' }));
  const page = await context.newPage();
  await page.goto(baseUrl());
  const fatal = page.locator('#fatal');
  await fatal.waitFor({ state: 'visible' });
  assert.match(await fatal.textContent(), /could not be loaded/);
  assert.notEqual(await page.evaluate(() => document.body.dataset.ready), '1', 'never ready');
});

test('screenshots for people (tests/artifacts/)', async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [name, viewport, colorScheme, scale, full] of [
    ['page-desktop-light', { width: 1280, height: 900 }, 'light', 1, true],
    ['page-desktop-dark', { width: 1280, height: 900 }, 'dark', 1, false],
    ['page-phone-light', { width: 375, height: 812 }, 'light', 2, false],
    ['page-phone-dark', { width: 375, height: 812 }, 'dark', 2, false],
  ]) {
    const { page } = await open(t, '', { viewport, colorScheme, deviceScaleFactor: scale });
    if (full) {
      // The whole page as a reader who scrolled down has seen it: the sections below the table
      // load as they come near the screen.
      await showSection(page, 'lemma2');
      await showSection(page, 'explore');
      await page.waitForSelector('#prob[data-state="done"][data-exact="ready"]', { timeout: 30000 });
      await page.locator('#sweeps').scrollIntoViewIfNeeded(); // drawn only near the screen
      await page.waitForFunction(() => !!document.body.dataset.sweepQuery);
      await page.evaluate(() => window.scrollTo(0, 0)); // the sticky Parameters panel at the top
      await nextFrame(page);
      await page.screenshot({ path: `${ARTIFACTS}${name}-full.png`, fullPage: true });
    }
    // The first screen of the live figures.
    await page.locator('#figures').evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
    if (viewport.width < 980) {
      // The parameters sheet, open over the figures.
      await page.click('#controls-toggle');
      await page.locator('#fig-b').evaluate((el) => el.scrollIntoView());
      // The chevron's turn: wait for its transition to end.
      await page.locator('.sheet-chev').evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
      await page.screenshot({ path: `${ARTIFACTS}${name}-sheet.png` });
    }
  }
});

test('the claim on the first screen: the headline numbers and figure (c), at 1280x900 and 375x812', async (t) => {
  const want = run('');
  for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 812 }]) {
    const { page, errors } = await open(t, '', { viewport });
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    const inView = async (selector) => {
      const box = await page.locator(selector).boundingBox();
      assert.ok(box, `${selector} is laid out`);
      return { box, whole: box.y >= 0 && box.y + box.height <= viewport.height };
    };
    for (const [key, value] of [['gradient_flow.test_loss', want.gradient_flow.test_loss],
      ['annealed.test_loss', want.annealed.test_loss], ['ratio', want.ratio]]) {
      const sel = `#claim [data-key="${key}"]`;
      assert.ok((await inView(sel)).whole, `${viewport.width}px: ${key} on the first screen`);
      assertClose(await page.getAttribute(sel, 'data-value'), value, key);
    }
    // Figure (c): the level set with both stops, mostly on the first screen.
    const { box } = await inView('#fig-c');
    const shown = Math.min(box.y + box.height, viewport.height) - Math.max(box.y, 0);
    assert.ok(shown >= 0.6 * box.height, `${viewport.width}px: figure (c) ${shown} of ${box.height} px in view`);
    // eps, eta and K within reach: the sliders (desktop) or the sheet's bar that opens them (phone).
    if (viewport.width >= 980) {
      for (const id of ['#eps-range', '#lr-range']) assert.ok((await inView(id)).whole, `${id} in view`);
    } else {
      assert.ok((await inView('#controls-toggle')).whole, 'the parameters bar in view');
      assert.match(await page.textContent('#controls-sum'), /^ε 0\.01 · η 1\.5 · K 4$/);
    }
    assert.deepEqual(errors, []);
  }
});

test('a key repeated 2,000 times is one banner line with a count', async (t) => {
  const { page, errors } = await open(t, Array(2000).fill('eps=0.5').join('&'));
  const items = page.locator('#banner li');
  assert.equal(await items.count(), 1);
  const line = await items.first().textContent();
  // One line with the count, written by the core.
  assert.equal(line, 'eps = 0.5: given 2,000 times; only the last one, 0.5, counts; using 0.5.');
  assert.equal(await shownQuery(page), 'v=1&preset=paper&eps=0.5');
  assert.deepEqual(errors, []);
});

test('choosing a preset adds a history entry: Back returns to the state before', async (t) => {
  const { page, errors } = await open(t, 'preset=paper&eps=0.02');
  const entries = await page.evaluate(() => history.length);
  await page.selectOption('#preset', 'unlucky');
  await waitForQuery(page, 'v=1&preset=unlucky');
  assert.equal(await page.evaluate(() => history.length), entries + 1);
  await page.evaluate(() => history.back());
  await waitForQuery(page, 'v=1&preset=paper&eps=0.02');
  assert.equal(await page.inputValue('#preset'), 'paper');
  assertClose(await page.getAttribute('#claim [data-key="annealed.test_loss"]', 'data-value'),
    run('preset=paper&eps=0.02').annealed.test_loss, 'the page shows the earlier state');
  await page.evaluate(() => history.forward());
  await waitForQuery(page, 'v=1&preset=unlucky');
  assert.deepEqual(errors, []);
});
