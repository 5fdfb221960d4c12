// End-to-end tests of sharing, embedding and exporting (www/share.js, embed.js, export.js): the
// copied link reproduces the page, the preset cards load their presets, embed=1 shows exactly the
// parts asked for, embeds size their iframes (the blog-post example), the Embed dialog builds a
// working snippet, and downloads are valid files whose contents match the command line.
// One browser for the whole file; each test opens its own context.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  fileBrowser, baseUrl, collectConsoleErrors, cli, run, assertClose, nextFrame, shownQuery, waitForQuery, waitForNewQuery, settled, showPart, caughtUp,
} from './helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const BLOG = fileURLToPath(new URL('../../www/examples/blog-post.html', import.meta.url));

const shared = fileBrowser();
before(() => mkdirSync(ARTIFACTS, { recursive: true }));

async function context(t, options = {}) {
  const ctx = await shared.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', ...options });
  t.after(() => ctx.close());
  return ctx;
}

/** Opens `url` (relative to BASE_URL) in a new page of `ctx`; waits for the first render. */
async function openIn(ctx, url) {
  const page = await ctx.newPage();
  const errors = collectConsoleErrors(page);
  await page.goto(new URL(url, baseUrl()).href);
  await page.waitForSelector('body[data-ready="1"]');
  return { page, errors };
}

async function open(t, query = '', options = {}) {
  return openIn(await context(t, options), query ? `?${query}` : '');
}

/** Every [data-key] of the page with its data-value, in document order. */
const pageValues = (page) => page.$$eval('[data-key]', (els) => els.map((e) => [e.dataset.key, e.dataset.value]));
/** Types `value` into a text field as a person would, and waits for the page to show it. */
async function typeInto(page, selector, value) {
  const before = await shownQuery(page);
  await page.fill(selector, value);
  await waitForNewQuery(page, before);
}

/** Serves www/ under `sub` (a path ending in /) of the BASE_URL origin, and nothing elsewhere. */
async function serveUnder(ctx, sub) {
  const base = new URL(baseUrl());
  const root = new URL(sub, base).href;
  await ctx.route(`${base.origin}/**`, async (route) => {
    const url = route.request().url();
    if (!url.startsWith(root)) return route.fulfill({ status: 404, body: 'not here' });
    const response = await route.fetch({ url: new URL(url.slice(root.length), base).href });
    return route.fulfill({ response });
  });
  return root;
}

test('Copy link: the copied URL, opened in a fresh page, reproduces the same values', async (t) => {
  const ctx = await context(t);
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl()).origin });
  const { page, errors } = await openIn(ctx, '?preset=prop1');
  await typeInto(page, '#eps-text', '0.2');
  await typeInto(page, '#k-text', '7');
  const query = await shownQuery(page);
  assert.equal(query, 'v=1&preset=prop1&eps=0.2&k=7');
  await page.click('#share-copy');
  await page.waitForFunction(() => document.getElementById('share-status').textContent === 'Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, `${new URL(baseUrl()).origin}${new URL(baseUrl()).pathname}?${query}`);
  assert.equal(await page.isVisible('#share-url'), false, 'no fallback field when the clipboard works');

  const fresh = await context(t);
  const other = await fresh.newPage();
  const otherErrors = collectConsoleErrors(other);
  await other.goto(link);
  await other.waitForSelector('body[data-ready="1"]');
  // Parts off screen catch up when they come near it: bring every part of both pages up to date.
  await caughtUp(page);
  await caughtUp(other);
  const [mine, theirs] = [await pageValues(page), await pageValues(other)];
  assert.ok(mine.length >= 40);
  assert.deepEqual(theirs, mine, 'the link reproduces every value on the page');
  assert.equal(await shownQuery(other), query);
  assert.deepEqual(errors, []);
  assert.deepEqual(otherErrors, []);
});

test('Copy link without a clipboard: selects a read-only field with the link, under a sub-path', async (t) => {
  const ctx = await context(t);
  await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  const root = await serveUnder(ctx, '/notes/2020/lr-anneal/');
  const { page, errors } = await openIn(ctx, `${root}index.html?preset=small-lr&k=30`);
  await page.click('#share-copy');
  const field = page.locator('#share-url');
  await field.waitFor({ state: 'visible' });
  const link = `${root}index.html?v=1&preset=small-lr&k=30`;
  assert.equal(await field.inputValue(), link);
  assert.equal(await field.getAttribute('readonly'), '');
  const selected = await page.evaluate(() => {
    const f = document.getElementById('share-url');
    return document.activeElement === f && f.selectionStart === 0 && f.selectionEnd === f.value.length;
  });
  assert.ok(selected, 'the whole link is selected, ready for Ctrl+C');
  assert.match(await page.textContent('#share-status'), /Ctrl\+C/);
  assert.deepEqual(errors, []);
});

test('every preset card loads its preset (keeping the theme), and says what it shows', async (t) => {
  const schema = JSON.parse(cli(['schema']));
  const { page, errors } = await open(t, 'eps=0.002&theme=dark');
  const cards = page.locator('#gallery-list .preset-card');
  assert.equal(await cards.count(), schema.presets.length);
  for (const [i, p] of schema.presets.entries()) {
    const card = cards.nth(i);
    assert.equal(await card.getAttribute('href'), `?v=1&preset=${p.name}`);
    const text = await card.textContent();
    assert.ok(text.includes(p.name) && text.includes(p.description) && text.includes(p.look_for), `card ${p.name}`);
    await card.click();
    await waitForQuery(page, `v=1&preset=${p.name}&theme=dark`);
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    // The parameters panel may be off screen (a phone's sheet, or scrolled away): it shows the
    // preset once it has caught up.
    await showPart(page, 'controls');
    assert.equal(await page.inputValue('#preset'), p.name);
    await showPart(page, 'gallery');
    assert.equal(await card.getAttribute('aria-current'), 'true');
    assert.equal(await page.locator('#gallery-list [aria-current]').count(), 1);
    assert.equal(await page.isVisible('#preset-modified'), false, 'a theme alone is not a modification');
    const report = run(`preset=${p.name}`);
    // The click scrolls to the figures: the claim and Figure 1 show the preset as they arrive.
    await showPart(page, 'claim');
    await showPart(page, 'figures');
    for (const key of ['annealed.test_loss', 'gradient_flow.test_loss']) {
      const [head, tail] = key.split('.');
      const got = await page.getAttribute(`#figures [data-key="${key}"]`, 'data-value');
      assertClose(got, report[head][tail], `${p.name}: ${key}`);
    }
    // The captions are the core's sentences for this state (they state eps, eta and K); the loss
    // chart's below the first screen catches up as it comes near.
    await showPart(page, 'loss');
    for (const fig of ['a', 'b', 'c', 'loss']) {
      assert.equal(await page.textContent(`#figures [data-key="captions.${fig}"]`), report.captions[fig], `${p.name}: caption ${fig}`);
    }
  }
  assert.deepEqual(errors, []);
});

/** What an embed shows: each part's visibility, chrome and the controls. */
async function embedState(page) {
  return page.evaluate(() => {
    const seen = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const q = (s) => document.querySelector(s);
    const parts = {
      a: seen(q('#fig-a')), b: seen(q('#fig-b')), c: seen(q('#fig-c')), loss: seen(q('#fig-loss')),
      table: seen(q('#results')),
    };
    const chrome = ['.masthead', '.intro', '.footer', '#gallery', '#explore', '#share-bar', '.skip', '#embed-dialog']
      .filter((s) => seen(q(s)));
    const controls = {
      panel: seen(q('#controls')), eps: seen(q('#eps-range')), lr: seen(q('#lr-range')), k: seen(q('#k-range')),
      preset: seen(q('#preset')), beta: seen(q('#beta-list')), noise: seen(q('#noise-range')),
    };
    const doc = document.documentElement;
    return {
      parts, chrome, controls, lemma2: seen(q('#lemma2-table')),
      sideways: doc.scrollWidth > doc.clientWidth,
      drawn: [...document.querySelectorAll('canvas')].filter(seen).map((c) => c.width > 0 && c.height > 0),
    };
  });
}

test('embed=1&show=...: exactly the asked parts, no page chrome, the chosen controls', async (t) => {
  const ctx = await context(t, { viewport: { width: 760, height: 700 } });
  const cases = [
    ['a', 'none'], ['a,table', 'minimal'], ['b,c', 'none'], ['loss', 'minimal'], ['table', 'none'],
    ['c,loss,table', 'all'], ['a,b,c,loss,table', 'minimal'],
  ];
  for (const [show, controls] of cases) {
    const q = `preset=paper&eps=0.004&embed=1&show=${show}&controls=${controls}`;
    const { page, errors } = await openIn(ctx, `?${q}`);
    const all = show === 'a,b,c,loss,table'; // the default: not written
    assert.equal(await shownQuery(page), `v=1&preset=paper&eps=0.004&embed=1${all ? '' : `&show=${show}`}${controls === 'none' ? '' : `&controls=${controls}`}`);
    const s = await embedState(page);
    const want = new Set(show.split(','));
    for (const part of ['a', 'b', 'c', 'loss', 'table']) {
      assert.equal(s.parts[part], want.has(part), `${q}: part ${part}`);
    }
    assert.deepEqual(s.chrome, [], `${q}: no chrome`);
    assert.equal(s.lemma2, false, `${q}: the table part is the paper's table, not the bounds`);
    assert.equal(s.sideways, false, `${q}: nothing scrolls sideways`);
    assert.ok(s.drawn.length === [...want].filter((p) => p !== 'table').length && s.drawn.every(Boolean), `${q}: figures drawn`);
    const c = s.controls;
    if (controls === 'none') assert.equal(c.panel, false, q);
    if (controls === 'minimal') {
      assert.deepEqual([c.panel, c.eps, c.lr, c.k, c.preset, c.beta, c.noise], [true, true, true, true, false, false, false], q);
    }
    if (controls === 'all') assert.ok(c.eps && c.preset && c.beta && c.noise, q);
    // The numbers are the command line's.
    const report = run(q);
    for (const key of ['annealed.test_loss', 'gradient_flow.test_loss']) {
      const [head, tail] = key.split('.');
      // Every one shown (a part the embed does not show holds no number of another state).
      const shown = await page.$$eval(`[data-key="${key}"]`, (els) => els.filter((e) => e.getClientRects().length > 0).map((e) => e.dataset.value));
      const hidden = await page.$$eval(`[data-key="${key}"]`, (els) => els.filter((e) => e.getClientRects().length === 0).map((e) => e.dataset.value ?? ''));
      assert.ok(hidden.every((v) => v === '' || Math.abs(Number(v) - report[head][tail]) <= 1e-12 * Math.abs(report[head][tail])), `${q}: ${key} hidden: ${hidden}`);
      for (const v of shown) {
        assertClose(v, report[head][tail], `${q}: ${key}`);
      }
    }
    assert.deepEqual(errors, [], q);
    await page.close();
  }
});

test('inside an embed, the controls keep it an embed: a slider, a preset', async (t) => {
  const { page, errors } = await open(t, 'embed=1&show=a,table&controls=all&theme=dark', { viewport: { width: 1000, height: 700 } });
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(14, 16, 20)', 'the dark theme wins over a light system');
  await typeInto(page, '#k-text', '9');
  assert.equal(await shownQuery(page), 'v=1&preset=paper&k=9&embed=1&show=a,table&controls=all&theme=dark');
  await page.selectOption('#preset', 'large-lr');
  await waitForQuery(page, 'v=1&preset=large-lr&embed=1&show=a,table&controls=all&theme=dark');
  assert.equal(await page.isVisible('#preset-modified'), false);
  assert.deepEqual((await embedState(page)).chrome, []);
  // The credit link opens the same state on the full page, without the view keys.
  const href = await page.getAttribute('#embed-credit-link', 'href');
  assert.equal(href, `${new URL(baseUrl()).origin}${new URL(baseUrl()).pathname}?v=1&preset=large-lr`);
  assert.deepEqual(errors, []);
});

test('a narrow embed keeps its figures in one row beside the controls; a wide one in columns', async (t) => {
  /** Where the figures are: each shown panel's box, the row's scroll width, the controls' bottom. */
  const layout = (page) => page.evaluate(() => {
    const row = document.querySelector('.fig1 .panels');
    const boxes = [...row.querySelectorAll(':scope > .panel:not(.part-off)')].map((p) => {
      const c = p.querySelector('canvas').getBoundingClientRect();
      return { part: p.dataset.part, panelTop: p.getBoundingClientRect().top, top: c.top, bottom: c.bottom, left: c.left, width: c.width };
    });
    return {
      boxes,
      scrolls: row.scrollWidth > row.clientWidth,
      pageScrollsSideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      controlsBottom: document.querySelector('#controls').getBoundingClientRect().bottom,
      focusable: row.tabIndex === 0,
    };
  });
  const narrow = await open(t, 'embed=1&show=a,b,c&controls=minimal', { viewport: { width: 360, height: 740 } });
  const n = await layout(narrow.page);
  assert.equal(n.boxes.length, 3);
  assert.ok(n.boxes.every((b) => Math.abs(b.panelTop - n.boxes[0].panelTop) < 1), `one row: ${JSON.stringify(n.boxes)}`);
  assert.ok(n.scrolls && n.focusable && !n.pageScrollsSideways, JSON.stringify(n));
  const first = n.boxes.reduce((a, b) => (b.left < a.left ? b : a));
  assert.ok(first.top >= n.controlsBottom && first.bottom <= 740, `the first figure is on screen under the controls: ${JSON.stringify(n)}`);
  // Moving a slider keeps that figure where it was.
  const before = await shownQuery(narrow.page);
  await narrow.page.fill('#k-text', '7');
  await waitForNewQuery(narrow.page, before);
  const after = await layout(narrow.page);
  assert.deepEqual(after.boxes.map((b) => Math.round(b.top)), n.boxes.map((b) => Math.round(b.top)));
  // Scrolling the row shows the next figure.
  const second = n.boxes.filter((b) => b !== first).reduce((a, b) => (b.left < a.left ? b : a));
  await narrow.page.locator(`.fig1 .panel[data-part="${second.part}"]`).scrollIntoViewIfNeeded();
  await narrow.page.waitForFunction((part) => {
    const c = document.querySelector(`.fig1 .panel[data-part="${part}"] canvas`).getBoundingClientRect();
    return c.left >= 0 && c.right <= window.innerWidth;
  }, second.part);
  assert.deepEqual(narrow.errors, []);

  const wide = await open(t, 'embed=1&show=a,b,c&controls=minimal', { viewport: { width: 700, height: 900 } });
  const w = await layout(wide.page);
  assert.ok(!w.scrolls && !w.focusable, JSON.stringify(w));
  assert.ok(w.boxes.every((b) => b.left + b.width <= 700), `three columns: ${JSON.stringify(w.boxes)}`);
  assert.deepEqual(wide.errors, []);
});

test('an embed reports its height to the parent in the pym.js and AMP formats', async (t) => {
  const ctx = await context(t, { viewport: { width: 900, height: 700 } });
  const parent = new URL('examples/test-parent.html', baseUrl()).href;
  await ctx.route(parent, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html><head><link rel="icon" href="data:,"></head><body style="margin:0">
      <script>window.msgs = []; addEventListener('message', (e) => window.msgs.push(e.data));</script>
      <iframe id="f" src="../index.html?preset=paper&embed=1&show=b,loss" style="width:600px;height:200px;border:0"></iframe>
      </body></html>`,
  }));
  const page = await ctx.newPage();
  const errors = collectConsoleErrors(page);
  await page.goto(parent);
  await page.waitForFunction(() => window.msgs.some((m) => m && m.sentinel === 'amp'));
  const frame = page.frame({ url: /index\.html/ });
  await frame.waitForSelector('body[data-ready="1"]');
  // One snapshot of the messages and the document's height, once the last messages carry it.
  const { msgs, inner } = await (await page.waitForFunction(() => {
    const d = document.getElementById('f').contentDocument?.documentElement;
    if (!d) return false;
    const inner = Math.ceil(d.getBoundingClientRect().height);
    const amp = window.msgs.filter((m) => m && m.sentinel === 'amp').at(-1);
    const pym = window.msgs.filter((m) => typeof m === 'string').at(-1);
    return amp?.height === inner && pym?.endsWith(`xPYMx${inner}`) && { msgs: window.msgs, inner };
  })).jsonValue();
  const amp = msgs.filter((m) => m && m.sentinel === 'amp');
  const pym = msgs.filter((m) => typeof m === 'string');
  assert.ok(amp.length >= 1 && pym.length >= 1, JSON.stringify(msgs));
  for (const m of amp) assert.equal(m.type, 'embed-size');
  for (const m of pym) assert.match(m, /^pymxPYMx[^\s]+xPYMxheightxPYMx\d+$/);
  assert.equal(amp.at(-1).height, inner, 'the last AMP message is the document height');
  assert.equal(Number(pym.at(-1).split('xPYMx').at(-1)), inner, 'the last pym message is the document height');
  assert.deepEqual(errors, []);
});

/** Waits until every iframe of `page` has the height of its document; returns the sizes. */
async function fitted(page) {
  const frames = page.locator('iframe');
  const n = await frames.count();
  const sizes = [];
  for (let i = 0; i < n; i++) {
    const el = frames.nth(i);
    await el.scrollIntoViewIfNeeded();
    const frame = await (await el.elementHandle()).contentFrame();
    await frame.waitForSelector('body[data-ready="1"]');
    // The iframes are same-origin: wait in the parent until this one has its document's height
    // (the page's default timeout fails with the sizes below if it never does).
    await page
      .waitForFunction((i) => {
        const f = document.querySelectorAll('iframe')[i];
        const d = f.contentDocument?.documentElement;
        return d && Math.abs(f.getBoundingClientRect().height - d.getBoundingClientRect().height) <= 2 && d.scrollHeight <= d.clientHeight + 1;
      }, i)
      .catch(() => {});
    const outer = await el.evaluate((f) => f.getBoundingClientRect().height);
    const inner = await frame.evaluate(() => {
      const d = document.documentElement;
      return { h: d.getBoundingClientRect().height, sh: d.scrollHeight, ch: d.clientHeight, sw: d.scrollWidth, cw: d.clientWidth };
    });
    sizes.push({ outer, ...inner, url: frame.url() });
  }
  return sizes;
}

test('the blog-post example: two presets embedded, each iframe fits its content, no errors', async (t) => {
  const ctx = await context(t);
  const blog = await ctx.newPage();
  const blogErrors = collectConsoleErrors(blog);
  await blog.goto(new URL('examples/blog-post.html', baseUrl()).href);
  for (const width of [1280, 700, 390]) {
    await blog.setViewportSize({ width, height: 900 });
    const sizes = await fitted(blog);
    assert.equal(sizes.length, 2);
    for (const s of sizes) {
      assert.ok(Math.abs(s.outer - s.h) <= 2, `${width}px: the iframe (${s.outer}px) fits its document (${s.h}px): ${s.url}`);
      assert.ok(s.sh <= s.ch + 1, `${width}px: no vertical scrollbar inside ${s.url}`);
      assert.ok(s.sw <= s.cw + 1, `${width}px: no horizontal scrollbar inside ${s.url}`);
      assert.ok(s.h > 300, `${width}px: the embed has content (${s.h}px)`);
    }
    assert.match(sizes[0].url, /preset=paper/);
    assert.match(sizes[1].url, /preset=unlucky/);
    if (width === 1280) await blog.screenshot({ path: `${ARTIFACTS}share-blog-post.png`, fullPage: true });
    if (width === 390) await blog.screenshot({ path: `${ARTIFACTS}share-blog-post-phone.png`, fullPage: true });
  }
  // The embeds show their parts: Figure 1 with sliders, then (c) and the table.
  const [first, second] = await Promise.all([0, 1].map(async (i) => (await blog.locator('iframe').nth(i).elementHandle()).contentFrame()));
  assert.equal(await first.isVisible('#fig-b'), true);
  assert.equal(await first.isVisible('#eps-range'), true);
  assert.equal(await first.isVisible('#results'), false);
  assert.equal(await second.isVisible('#fig-c'), true);
  assert.equal(await second.isVisible('#results'), true);
  assert.equal(await second.isVisible('#fig-a'), false);
  assert.equal(await second.getAttribute('[data-key="bounds.proposition1.case"]', 'data-value'), 'unlucky');
  // A control inside the embed changes its height (a rejected value shows its message under the
  // field); the iframe follows.
  await blog.setViewportSize({ width: 1280, height: 900 });
  const [before] = await fitted(blog);
  await first.fill('#lr-text', '-1');
  await first.waitForSelector('#lr-err:has-text("lr=-1: must be between")');
  await nextFrame(first);
  const after = await fitted(blog);
  assert.ok(after[0].h > before.h + 10, `the message makes the embed taller: ${before.h} -> ${after[0].h}`);
  assert.ok(Math.abs(after[0].outer - after[0].h) <= 2);
  assert.deepEqual(blogErrors, []);
});

test('the Embed dialog builds the snippet for the current state, with a live preview', async (t) => {
  const ctx = await context(t);
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl()).origin });
  const { page, errors } = await openIn(ctx, '?preset=paper&eps=0.003');
  await page.click('#embed-open');
  await page.waitForSelector('#embed-dialog[open]');
  const schema = JSON.parse(cli(['schema']));
  const values = (name) => page.$$eval(`input[name="${name}"]`, (els) => els.map((e) => e.value));
  assert.deepEqual(await values('embed-part'), schema.parts);
  assert.deepEqual(await values('embed-controls'), schema.controls);
  assert.deepEqual(await values('embed-theme'), schema.themes);
  const base = `${new URL(baseUrl()).origin}${new URL(baseUrl()).pathname}`;
  const src = async () => (/src="([^"]*)"/.exec(await page.inputValue('#embed-code')) || [])[1]?.replace(/&amp;/g, '&');
  assert.equal(await src(), `${base}?v=1&preset=paper&eps=0.003&embed=1&show=a,b,c&controls=minimal`);
  await page.uncheck('input[name="embed-part"][value="b"]');
  await page.check('input[name="embed-part"][value="table"]');
  await page.check('input[name="embed-controls"][value="none"]');
  await page.check('input[name="embed-theme"][value="dark"]');
  const url = `${base}?v=1&preset=paper&eps=0.003&embed=1&show=a,c,table&theme=dark`;
  assert.equal(await src(), url);
  const code = await page.inputValue('#embed-code');
  // The snippet's script is the one in the blog-post example, which the test above runs.
  const script = code.slice(code.indexOf('<script>'));
  assert.ok(script.endsWith('</script>') && readFileSync(BLOG, 'utf8').includes(script), 'the blog post uses the snippet as handed out');
  // The live preview shows that URL and fits it.
  // Wait for the document of that URL, not an earlier preview's still showing while it loads.
  await page.waitForFunction((u) => {
    const d = document.getElementById('embed-preview').contentDocument;
    return d?.location.href === u && d.body?.dataset.ready === '1';
  }, url);
  const frame = await (await page.$('#embed-preview')).contentFrame();
  await page.waitForFunction(() => {
    const f = document.getElementById('embed-preview');
    const d = f.contentDocument?.documentElement;
    return d && Math.abs(f.getBoundingClientRect().height - d.getBoundingClientRect().height) <= 2;
  });
  assert.equal(await frame.getAttribute('html', 'data-theme'), 'dark');
  assert.equal(await frame.isVisible('#results'), true);
  assert.equal(await frame.isVisible('#fig-b'), false);
  await page.screenshot({ path: `${ARTIFACTS}share-embed-dialog.png` });
  // The snippet starts the iframe at the height the preview measured for these parts (no jump
  // on the host page), and carries a caption with the link outside the iframe (for feeds).
  const fitted = await page.inputValue('#embed-code');
  const previewHeight = await page.evaluate(() => document.getElementById('embed-preview').dataset.height);
  assert.ok(Number(previewHeight) > 300, `the preview measured ${previewHeight}`);
  assert.match(fitted, new RegExp(`height:${previewHeight}px`));
  assert.match(fitted, /<figcaption><a href="[^"]*\?v=1&amp;preset=paper&amp;eps=0\.003">/);
  // Copy.
  await page.click('#embed-copy');
  await page.waitForFunction(() => document.getElementById('embed-status').textContent === 'Snippet copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), fitted);
  // No part, no snippet.
  for (const v of ['a', 'c', 'table']) await page.uncheck(`input[name="embed-part"][value="${v}"]`);
  assert.equal(await page.isDisabled('#embed-copy'), true);
  assert.equal(await page.isVisible('#embed-note'), true);
  await page.click('#embed-close');
  assert.equal(await page.isVisible('#embed-dialog'), false);
  assert.deepEqual(errors, []);
});

/** Clicks a Download menu entry and returns the file's name and bytes. */
async function download(page, what) {
  if (!(await page.isVisible(`[data-download="${what}"]`))) await page.click('#download-menu > summary');
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-download="${what}"]`)]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

const numbers = (s) => [...s.matchAll(/-?\d+(\.\d+)?(e-?\d+)?/g)].map((m) => Number(m[0]));

/** The legend boxes (x0, y0, x1, y1) of an SVG from plot::svg: its translucent background rects. */
const legendBoxes = (svg) => [...svg.matchAll(/<rect x="(-?\d+)" y="(-?\d+)" width="(\d+)" height="(\d+)" opacity="0\.85"/g)]
  .map((m) => m.slice(1, 5).map(Number)).map(([x, y, w, h]) => [x, y, x + w, y + h]);

/** Whether every point of an SVG element (one line) lies in one of `boxes` (2 px of slack). */
function inLegend(line, boxes) {
  const attr = (n) => Number((new RegExp(`\\b${n}="(-?[\\d.]+)"`).exec(line) || [])[1]);
  let pts = [];
  const poly = /points="([^"]*)"/.exec(line);
  if (poly) pts = poly[1].trim().split(/\s+/).map((p) => p.split(',').map(Number));
  else if (line.startsWith('<rect')) pts = [[attr('x'), attr('y')], [attr('x') + attr('width'), attr('y') + attr('height')]];
  else if (line.startsWith('<circle')) pts = [[attr('cx'), attr('cy')]];
  else if (line.startsWith('<text')) pts = [[attr('x'), attr('y')]];
  else return false;
  return pts.length > 0 && pts.every(([x, y]) => boxes.some(([x0, y0, x1, y1]) => x >= x0 - 2 && x <= x1 + 2 && y >= y0 - 2 && y <= y1 + 2));
}

/** The <text> elements of an SVG document, in order. */
const svgTexts = (svg) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

test('downloads: SVG as `lr-anneal svg` writes it, PNG at twice the resolution, CSV and JSON', async (t) => {
  const query = 'preset=paper&eps=0.003&k=6';
  const { page, errors } = await open(t, query, { deviceScaleFactor: 1 });
  const stem = 'lr-anneal_paper_eps0.003_lr1.5_k6';
  // SVG: the same document as the command line's, for one figure and for all four.
  for (const [what, show] of [['fig-a', 'a'], ['fig-loss', 'loss'], ['figures', 'a,b,c,loss']]) {
    const { name, bytes } = await download(page, `${what}.svg`);
    assert.equal(name, `${stem}_${what}.svg`);
    const svg = bytes.toString('utf8');
    const want = cli(['svg', '--show', show, query]);
    assert.ok(svg.startsWith('<svg') && svg.trim().endsWith('</svg>'), 'an SVG document');
    const parsed = await page.evaluate((s) => {
      const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
      return { error: !!doc.querySelector('parsererror'), root: doc.documentElement.nodeName };
    }, svg);
    assert.deepEqual(parsed, { error: false, root: 'svg' }, 'the SVG parses');
    assert.deepEqual(svgTexts(svg), svgTexts(want), `${what}: the same labels and numbers as lr-anneal svg`);
    assert.ok(svgTexts(svg).length > 8);
    // The same drawing: the same elements in the same order, every coordinate within a pixel of
    // the command line's (floating point may round the other way), except inside the legend
    // boxes, which plotters sizes from the font's metrics: the browser's real ones here, an
    // estimate natively.
    const shape = (x) => x.replace(/-?\d+(\.\d+)?(e-?\d+)?/g, '#');
    assert.equal(shape(svg), shape(want), `${what}: the same elements and attributes as lr-anneal svg`);
    const boxes = [...legendBoxes(svg), ...legendBoxes(want)];
    const [mine, theirs] = [svg.split('\n'), want.split('\n')];
    const far = [];
    mine.forEach((line, i) => {
      if (line === theirs[i]) return;
      const [a, b] = [numbers(line), numbers(theirs[i])];
      if (a.every((v, j) => Math.abs(v - b[j]) <= 1)) return;
      if ([line, theirs[i]].every((l) => inLegend(l, boxes))) return;
      far.push(`${line}  vs  ${theirs[i]}`);
    });
    assert.deepEqual(far, [], `${what}: outside the legend, every coordinate within a pixel of lr-anneal svg's`);
    t.diagnostic(`${what}: ${mine.filter((l, i) => l !== theirs[i]).length} of ${mine.length} lines differ from lr-anneal svg`);
  }
  // PNG: a valid image, drawn as the SVG export (legend, caption line) at twice its size.
  const svgB = cli(['svg', '--show', 'b', query]);
  const css = ['width', 'height'].map((a) => Number(new RegExp(`<svg[^>]* ${a}="(\\d+)"`).exec(svgB)[1]));
  const { name: png, bytes } = await download(page, 'fig-b.png');
  assert.equal(png, `${stem}_fig-b.png`);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
  assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], css.map((v) => Math.round(v * 2)), "twice the SVG export's size");
  assert.ok(bytes.length > 10000, `a drawn image (${bytes.length} bytes)`);
  // The table as CSV: the same numbers as lr-anneal run.
  const report = run(query);
  const { name: csvName, bytes: csv } = await download(page, 'table.csv');
  assert.equal(csvName, `${stem}_table.csv`);
  const rows = csv.toString('utf8').trim().split('\n').map((l) => l.split(','));
  const col = (n) => rows[0].indexOf(n);
  const row = (n) => rows.find((r) => r[0] === n);
  assert.equal(Number(row('gradient_flow')[col('test_loss')]), report.gradient_flow.test_loss);
  assert.equal(Number(row('annealed')[col('test_loss')]), report.annealed.test_loss);
  assert.equal(Number(row('level_set_bad')[col('test_loss')]), report.level_set.bad_test_loss);
  assert.equal(Number(row('annealed')[col('time')]), report.annealed.time);
  // The report as JSON: what lr-anneal run prints.
  const { name: jsonName, bytes: json } = await download(page, 'report.json');
  assert.equal(jsonName, `${stem}_report.json`);
  assert.deepEqual(JSON.parse(json.toString('utf8')), report);
  // The trajectories, as JSON and CSV: every point of every run.
  const traj = JSON.parse(cli(['run', '--trajectory', query])).trajectory;
  const { name: tjName, bytes: tj } = await download(page, 'trajectories.json');
  assert.equal(tjName, `${stem}_trajectories.json`);
  const got = JSON.parse(tj.toString('utf8'));
  assert.deepEqual(Object.keys(got).sort(), Object.keys(traj).sort());
  for (const k of Object.keys(traj)) assert.equal(got[k].length, traj[k].length, k);
  const { bytes: tc } = await download(page, 'trajectories.csv');
  const lines = tc.toString('utf8').trim().split('\n');
  assert.equal(lines[0], 'run,t,beta_1,beta_2,train_loss,test_loss');
  assert.equal(lines.length - 1, Object.values(traj).reduce((n, v) => n + v.length, 0));
  // A state of one's own is marked in the name.
  await typeInto(page, '#noise-text', '0.1');
  const { name: custom } = await download(page, 'fig-c.svg');
  assert.equal(custom, `${stem}_custom_fig-c.svg`);
  assert.deepEqual(errors, []);
});

test('screenshots (tests/artifacts/): an embed in dark theme, light theme, the share bar', async (t) => {
  const { page } = await open(t, 'preset=paper&embed=1&show=a,b,c,table&controls=minimal&theme=dark', { viewport: { width: 900, height: 900 } });
  await page.screenshot({ path: `${ARTIFACTS}share-embed-dark.png`, fullPage: true });
  const light = await open(t, 'preset=large-lr&embed=1&show=b,loss&theme=light', { viewport: { width: 700, height: 700 }, colorScheme: 'dark' });
  await light.page.screenshot({ path: `${ARTIFACTS}share-embed-light.png`, fullPage: true });
  const full = await open(t, '');
  await full.page.click('#download-menu > summary');
  await full.page.waitForSelector('[data-download="fig-a.svg"]'); // export.js loads as it opens
  await full.page.locator('#figures').screenshot({ path: `${ARTIFACTS}share-download-menu.png` });
  await full.page.locator('#gallery').screenshot({ path: `${ARTIFACTS}share-gallery.png` });
});
