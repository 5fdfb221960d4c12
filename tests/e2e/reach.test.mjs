// Reach (issue 18): the page where its readers are. A sandboxed embed on another origin loads,
// draws and sizes itself; on a host without CORS it says so in one line with a link; the header
// files for static hosts (www/_headers, www/.htaccess) are enough for it; the page reads without
// its script and prints without its controls, light in any theme; sliders speak their values;
// the Embed dialog keeps the focus; Lighthouse's accessibility audit passes.
// One browser for the file; each test opens its own context. Every wait is on the page's state
// (data-ready, attributes, messages), never on time.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fileBrowser, CHROMIUM_ARGS, baseUrl, run, assertClose, collectConsoleErrors, settled, shownQuery, waitForNewQuery,
} from './helpers.mjs';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const LIGHTHOUSE = fileURLToPath(new URL('../node_modules/.bin/lighthouse', import.meta.url));
/** The keys that say how a state is shown, not which state (the link to the full page drops them). */
const VIEW_KEYS = ['embed', 'show', 'controls', 'theme'];
/** The Okabe–Ito blue of run (B), as the core draws it in the light theme (src/plot/style.rs). */
const AN_BLUE = [0x00, 0x72, 0xb2];

const shared = fileBrowser();
before(() => mkdirSync(ARTIFACTS, { recursive: true }));

// ---- servers on other origins ---------------------------------------------------------------------

/** Starts `handler` on a free port of 127.0.0.1 (closed after test `t`); its base URL. */
async function listen(t, handler) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  }));
  return `http://127.0.0.1:${server.address().port}/`;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * Serves www/ as a plain static host does (the right MIME types, no compression) with the headers
 * `headersFor(pathname)` gives for each file: nothing, by default, so no CORS header at all.
 */
function staticSite(t, headersFor = () => ({})) {
  return listen(t, async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(WWW, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(WWW)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...headersFor(path) });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
}

/** The resize script the Embed dialog hands out (the blog-post example carries it as handed out:
 * share.test.mjs checks that). */
function resizeScript() {
  const blog = readFileSync(join(WWW, 'examples/blog-post.html'), 'utf8');
  const start = blog.indexOf('<script>\n/* lr-anneal embeds');
  assert.ok(start >= 0, 'the blog-post example carries the snippet\'s script');
  return blog.slice(start, blog.indexOf('</script>', start) + '</script>'.length);
}

const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * A host page on its own origin (another port) that embeds `src` as hosts that do not trust an
 * embed do (`sandbox="allow-scripts"`: an opaque origin), with the snippet's resize script, and
 * records every message it receives in `window.msgs`. Returns the page and the embed's frame.
 */
async function sandboxedEmbed(t, src, { width = 900 } = {}) {
  const host = await listen(t, (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A host</title>
<link rel="icon" href="data:,"></head><body style="margin:0">
<script>window.msgs = []; addEventListener('message', function (e) { window.msgs.push(e.data); });</script>
<iframe id="embed" class="lr-anneal-embed" sandbox="allow-scripts" src="${escapeAttr(src)}" title="lr-anneal"
  style="display:block;width:${width}px;height:520px;border:0"></iframe>
${resizeScript()}
</body></html>`);
  });
  const context = await shared.browser.newContext({ viewport: { width: width + 40, height: 900 }, colorScheme: 'light' });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  await page.goto(host);
  assert.notEqual(new URL(host).origin, new URL(src).origin, 'the host is another origin');
  const frame = await (await page.$('#embed')).contentFrame();
  return { page, frame, errors };
}

/**
 * Waits until the host has sized the iframe from the embed's last height messages (pym.js and
 * AMP) and they carry the embed's document height; returns the messages, that height and the
 * iframe's.
 */
async function heightSettled(page, frame) {
  let seen = 0;
  for (;;) {
    // The host has sized the iframe from the embed's latest pair of messages (newer than the
    // last pair looked at).
    const handle = await page.waitForFunction((n) => {
      const amp = window.msgs.filter((m) => m && m.sentinel === 'amp').at(-1);
      const pym = window.msgs.filter((m) => typeof m === 'string').at(-1);
      const outer = document.getElementById('embed').getBoundingClientRect().height;
      return window.msgs.length > n && amp?.height > 0 && pym?.endsWith(`xPYMx${amp.height}`)
        && outer === amp.height && { msgs: window.msgs, outer };
    }, seen);
    const { msgs, outer } = await handle.jsonValue();
    const inner = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    if (inner === outer) return { msgs, outer, inner };
    // The embed's document has changed height since: it says so in its next messages.
    seen = msgs.length;
  }
}

/** Pixels of canvas `id` in `frame` within 40 (summed over r, g, b) of `rgb`. */
const pixelsNear = (frame, id, rgb) => frame.evaluate(([id, rgb]) => {
  const c = /** @type {HTMLCanvasElement} */ (document.getElementById(id));
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]) < 40) n++;
  }
  return { n, w: c.width, h: c.height };
}, [id, rgb]);

// ---- embeds where bloggers paste them --------------------------------------------------------------

test('a sandboxed embed on another origin loads, draws its figure and sizes its iframe with its height messages', async (t) => {
  const query = 'preset=paper&eps=0.02&embed=1&show=a,b,c,table&controls=minimal';
  const { page, frame, errors } = await sandboxedEmbed(t, `${baseUrl()}?${query}`);
  await settled(frame);
  // The frame's origin is opaque: its module scripts and the wasm were fetched with CORS.
  assert.equal(await frame.evaluate(() => window.origin), 'null');
  assert.equal(await frame.evaluate(() => document.documentElement.classList.contains('live')), true);
  // Its numbers are the command line's for this state (not the prerendered paper state's).
  const want = run(query);
  for (const [key, value] of [['gradient_flow.test_loss', want.gradient_flow.test_loss],
    ['annealed.test_loss', want.annealed.test_loss], ['ratio', want.ratio]]) {
    assertClose(await frame.getAttribute(`#claim [data-key="${key}"]`, 'data-value'), value, key);
  }
  // The figure is the module's drawing: the prerendered SVG is gone, and (b) holds run (B)'s path
  // in its colour, which (a), gradient flow alone, does not.
  assert.equal(await frame.locator('#fig1 svg.pre').count(), 0);
  const b = await pixelsNear(frame, 'fig-b', AN_BLUE);
  const a = await pixelsNear(frame, 'fig-a', AN_BLUE);
  assert.ok(b.w > 100 && b.h > 100, `(b) is drawn at its size: ${b.w}x${b.h}`);
  assert.ok(b.n > 200, `(b) draws run (B)'s path: ${b.n} pixels of its blue`);
  assert.ok(a.n < b.n / 10, `(a) draws gradient flow only: ${a.n} pixels of (B)'s blue`);
  // Its height messages reach the host in both formats, and the snippet's script sizes the
  // sandboxed iframe to its document.
  const { msgs, inner, outer } = await heightSettled(page, frame);
  assert.ok(inner > 600 && inner < 4000, `a plausible height for three panels, sliders and the table: ${inner}`);
  assert.equal(outer, inner);
  for (const m of msgs) {
    if (typeof m === 'string') assert.match(m, /^pymxPYMxlr-annealxPYMxheightxPYMx\d+$/);
    else assert.deepEqual(Object.keys(m).sort(), ['height', 'sentinel', 'type']);
  }
  // It answers its sliders: a key press moves ε, the iframe follows the embed's new height.
  const before = await shownQuery(frame);
  await frame.focus('#eps-range');
  await page.keyboard.press('PageUp');
  const q = await waitForNewQuery(frame, before);
  assert.equal(new URLSearchParams(q).get('eps'), '0.1');
  assertClose(await frame.getAttribute('#claim [data-key="annealed.test_loss"]', 'data-value'), run(q).annealed.test_loss, 'after a key press');
  await heightSettled(page, frame);
  await page.screenshot({ path: `${ARTIFACTS}reach-sandboxed-embed.png`, fullPage: true });
  assert.deepEqual(errors, []);
});

/**
 * The embed at `src` could not load its module: one line, visible, with a link to the same
 * state on the embed's own host, no animation left running, and the host sized to it.
 */
async function assertFallback(page, frame, src, shot) {
  await frame.waitForSelector('#offline', { state: 'visible' });
  const line = await frame.locator('#offline').evaluate((el) => {
    const s = getComputedStyle(el);
    const inner = el.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
    return { text: el.innerText, lines: inner / parseFloat(s.lineHeight), href: el.querySelector('a').href };
  });
  assert.match(line.text, /could not load/);
  assert.ok(!line.text.includes('\n') && Math.round(line.lines) === 1, `one line: ${JSON.stringify(line)}`);
  // The link: the same state, on the embed's host, without the keys of the embed's view.
  const link = new URL(line.href);
  const asked = new URL(src);
  assert.equal(link.origin + link.pathname, asked.origin + asked.pathname);
  const state = new URLSearchParams(asked.search);
  for (const k of VIEW_KEYS) state.delete(k);
  assert.deepEqual([...link.searchParams].sort(), [...state].sort());
  // Nothing waits for a module that will not come: no placeholder left shimmering.
  assert.deepEqual(await frame.evaluate(() => document.getAnimations().map((a) => a.animationName ?? String(a))), []);
  assert.equal(await frame.evaluate(() => document.documentElement.classList.contains('is-failed')), true);
  const { inner, outer } = await heightSettled(page, frame);
  assert.equal(outer, inner);
  await page.screenshot({ path: `${ARTIFACTS}${shot}`, fullPage: true });
  return { inner };
}

test('a sandboxed embed on a host without CORS says so in one line, with a link to the same state', async (t) => {
  const site = await staticSite(t);
  // The prerendered state: its figure stays, without the sliders that cannot move it.
  const paper = `${site}?v=1&preset=paper&embed=1&show=a,b,c&controls=minimal`;
  {
    const { page, frame } = await sandboxedEmbed(t, paper);
    await assertFallback(page, frame, paper, 'reach-fallback-paper.png');
    for (const id of ['a', 'b', 'c']) {
      const box = await frame.locator(`.plot[data-svg="${id}"] > svg.pre.wide`).boundingBox();
      assert.ok(box && box.width > 100 && box.height > 100, `the prerendered (${id}) stays: ${JSON.stringify(box)}`);
    }
    assert.equal(await frame.isVisible('#eps-range'), false, 'no slider that cannot move anything');
  }
  // Another state: no placeholder of it is left, only the line (and the host sizes the frame to it).
  const other = `${site}?v=1&preset=paper&eps=0.02&k=6&embed=1&show=a,b,c,table&controls=all&theme=dark`;
  {
    const { page, frame } = await sandboxedEmbed(t, other);
    const { inner } = await assertFallback(page, frame, other, 'reach-fallback-other.png');
    assert.equal(await frame.isVisible('#fig1'), false);
    assert.equal(await frame.isVisible('#claim'), false);
    assert.ok(inner < 200, `the embed is the line: ${inner}px`);
  }
});

/** The rules of a Netlify / Cloudflare Pages `_headers` file: `(pathname) => headers`. */
function netlifyRules(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/:\w+/g, '[^/]+');
      rules.push({ re: new RegExp(`^${pattern}$`), headers: [] });
    } else {
      const m = /^\s+([^:\s]+):\s*(.*?)\s*$/.exec(line);
      assert.ok(m && rules.length, `a header line under a path: ${line}`);
      rules.at(-1).headers.push([m[1], m[2]]);
    }
  }
  return (path) => Object.fromEntries(rules.filter((r) => r.re.test(path)).flatMap((r) => r.headers));
}

/** The headers an Apache `.htaccess` sends (`Header [always] set`, `AddType`, inside `<IfModule>`
 * and `<FilesMatch>`), as `(pathname) => headers`; every module taken as present. */
function apacheRules(text) {
  const rules = [];
  let files = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let m;
    if ((m = /^<FilesMatch\s+"([^"]+)">$/i.exec(line))) files = new RegExp(m[1]);
    else if (/^<\/FilesMatch>$/i.test(line)) files = null;
    else if ((m = /^Header\s+(?:always\s+)?set\s+(\S+)\s+"?([^"]*)"?$/i.exec(line))) rules.push({ files, headers: [[m[1], m[2]]] });
    else if ((m = /^AddType\s+(\S+)\s+(.+)$/i.exec(line))) {
      for (const ext of m[2].split(/\s+/)) rules.push({ files: new RegExp(`\\${ext}$`), headers: [['Content-Type', m[1]]] });
    }
  }
  return (path) => Object.fromEntries(rules.filter((r) => !r.files || r.files.test(path.split('/').pop() || 'index.html')).flatMap((r) => r.headers));
}

test('the header files for static hosts (www/_headers, www/.htaccess) send what the README says a host must send, and a sandboxed embed loads with them', async (t) => {
  const readme = readFileSync(README, 'utf8');
  const section = readme.slice(readme.indexOf('## Embed in your blog'), readme.indexOf('\n## ', readme.indexOf('## Embed in your blog') + 3));
  assert.match(section, /Access-Control-Allow-Origin: \*/);
  const files = { '_headers': netlifyRules, '.htaccess': apacheRules };
  // Every file an embed loads (the page, its module graph, the wasm, the example).
  const loaded = ['/', '/index.html', '/boot.js', '/app.js', '/ui.js', '/views/figures.js', '/views/embed-dialog.js',
    '/pkg/lr_anneal.js', '/pkg/lr_anneal_bg.wasm', '/style.css', '/examples/blog-post.html'];
  for (const [name, parse] of Object.entries(files)) {
    assert.ok(section.includes(`www/${name}`), `the README's embedding section names www/${name}`);
    const rules = parse(readFileSync(join(WWW, name), 'utf8'));
    for (const path of loaded) {
      assert.equal(rules(path)['Access-Control-Allow-Origin'], '*', `${name}: ${path}`);
    }
    const wasmType = rules('/pkg/lr_anneal_bg.wasm')['Content-Type'];
    assert.ok(wasmType === undefined || wasmType === 'application/wasm', `${name}: the wasm's type ${wasmType}`);
    // A host that sends what the file says: the sandboxed embed loads and shows the state.
    const site = await staticSite(t, rules);
    const query = 'v=1&preset=unlucky&embed=1&show=c,table';
    const { frame } = await sandboxedEmbed(t, `${site}?${query}`);
    await settled(frame);
    assertClose(await frame.getAttribute('#claim [data-key="annealed.test_loss"]', 'data-value'), run(query).annealed.test_loss, name);
    assert.equal(await frame.isVisible('#offline'), false, name);
  }
});

/** The Embed dialog's snippet for `query` with `parts` and `controls` (the theme left as it
 * starts: the page's own, auto). */
async function dialogSnippet(t, query, parts, controls) {
  const { page } = await shared.open(t, query);
  await page.click('#embed-open');
  await page.waitForSelector('#embed-dialog[open]');
  for (const v of await page.$$eval('input[name="embed-part"]', (els) => els.map((e) => e.value))) {
    await page.setChecked(`input[name="embed-part"][value="${v}"]`, parts.includes(v));
  }
  await page.check(`input[name="embed-controls"][value="${controls}"]`);
  return page.inputValue('#embed-code');
}

test('the blog-post example pastes the Embed dialog\'s snippets as handed out, at the heights its embeds have there', async (t) => {
  const blogHtml = readFileSync(join(WWW, 'examples/blog-post.html'), 'utf8');
  const pasted = [...blogHtml.matchAll(/<figure class="lr-anneal-figure"[\s\S]*?<\/script>/g)].map((m) => m[0]);
  assert.equal(pasted.length, 2);
  const origin = `${new URL(baseUrl()).origin}${new URL(baseUrl()).pathname}`;
  const heights = [];
  for (const [i, [query, parts, controls]] of [['preset=paper', ['a', 'b', 'c'], 'minimal'], ['preset=unlucky', ['c', 'table'], 'none']].entries()) {
    // The same snippet, up to the page's address (the example links to ../index.html) and the
    // height (measured in the dialog's preview, at the preview's width; the example's at its own).
    const handed = (await dialogSnippet(t, query, parts, controls)).replaceAll(`"${origin}?`, '"../index.html?');
    const height = Number(/height:(\d+)px/.exec(pasted[i])[1]);
    heights.push(height);
    assert.equal(pasted[i], handed.replace(/height:\d+px/, `height:${height}px`), `embed ${i + 1}`);
  }
  // On a desktop, each iframe starts at the height its embed has in the post: the page around it
  // does not jump when the embeds report their heights.
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  t.after(() => context.close());
  const blog = await context.newPage();
  await blog.goto(new URL('examples/blog-post.html', baseUrl()).href);
  for (const [i, declared] of heights.entries()) {
    const el = blog.locator('iframe').nth(i);
    await el.scrollIntoViewIfNeeded();
    await settled(await (await el.elementHandle()).contentFrame());
    const fitted = await (await blog.waitForFunction((i) => {
      const f = document.querySelectorAll('iframe')[i];
      const inner = f.contentDocument.documentElement.getBoundingClientRect().height;
      return Math.abs(f.getBoundingClientRect().height - Math.ceil(inner)) <= 1 && Math.ceil(inner);
    }, i)).jsonValue();
    assert.ok(Math.abs(fitted - declared) <= 0.02 * declared, `embed ${i + 1}: starts at ${declared}px, fits at ${fitted}px`);
  }
});

// ---- a page that reads without its script --------------------------------------------------------

test('without JavaScript the page shows the first screen: Figure 1, its numbers and the noscript line', async (t) => {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false, colorScheme: 'light' });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(baseUrl());
  // boot.js, the page's first script, did not run (it marks <html> with its class `js`).
  assert.doesNotMatch((await page.getAttribute('html', 'class')) ?? '', /\bjs\b/);
  // The prerendered panels, at their size, with their drawing in them.
  for (const id of ['a', 'b', 'c']) {
    const svg = page.locator(`.plot[data-svg="${id}"] > svg.pre.wide`);
    const box = await svg.boundingBox();
    assert.ok(box && box.width > 150 && box.height > 150, `(${id}) is shown: ${JSON.stringify(box)}`);
    assert.ok(await svg.locator('polyline, path, circle').count() > 10, `(${id}) has its drawing`);
  }
  // The three headline numbers, the verdict and the captions: `lr-anneal run` of the default state.
  const want = run('');
  const shown = async (key) => {
    const el = page.locator(`#claim [data-key="${key}"]`);
    assert.equal(await el.isVisible(), true, key);
    return { value: await el.getAttribute('data-value'), text: (await el.innerText()).trim() };
  };
  for (const [key, value, digits] of [['gradient_flow.test_loss', want.gradient_flow.test_loss, 3],
    ['annealed.test_loss', want.annealed.test_loss, 3], ['ratio', want.ratio, 4]]) {
    const s = await shown(key);
    assertClose(s.value, value, key);
    // What a reader sees is that number, rounded.
    assert.equal(Number(s.text.replace(/×$/, '')), Number(value.toPrecision(digits)), `${key}: ${s.text}`);
  }
  assert.equal((await page.innerText('#verdict-text')).trim(), want.verdict.text);
  for (const id of ['a', 'b', 'c']) assert.equal((await page.innerText(`#cap-${id} [data-key]`)).trim(), want.captions[id]);
  // What needs script, said in one line; nothing says it failed.
  const noscript = page.locator('p.fatal', { hasText: 'Without JavaScript' });
  assert.equal(await noscript.isVisible(), true);
  assert.match(await noscript.innerText(), /need JavaScript/);
  assert.equal(await page.isVisible('#offline'), false);
  await page.screenshot({ path: `${ARTIFACTS}reach-no-javascript.png` });
});

// ---- a page that prints ---------------------------------------------------------------------------

/** Text of the PDF (pdftotext, reading order). */
const pdfText = (pdf) => execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });

/** Page `n` of the PDF as 8-bit grey pixels at `dpi` (pdftoppm's PGM). */
function pdfGrey(pdf, n, dpi) {
  const pgm = execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(n), '-l', String(n), pdf], { maxBuffer: 1 << 26 });
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  assert.ok(m, 'pdftoppm wrote a PGM');
  const [w, h] = [Number(m[1]), Number(m[2])];
  return { w, h, px: pgm.subarray(m[0].length, m[0].length + w * h) };
}

/** Controls, buttons and the Parameters panel: none of their words may be on paper. */
const CONTROL_TEXTS = ['Copy link', 'Embed…', 'Download', 'Play', 'Full paths', 'Speed', 'Start the walk', 'Previous',
  'Parameters', 'Preset', 'Stop at train loss', 'Large learning rate', 'When a large step would end', 'Ground truth',
  '+ Coordinate', 'Training inputs', 'Pick each', 'Draw at random', 'Draw again', 'Seed', 'Label noise', 'Noise std. dev.',
  'Small step in place of the flow', 'Monte Carlo', 'Skip to the figures', 'Presets', 'Go deeper', 'Beyond the paper'];

for (const { name, colorScheme, theme } of [
  { name: 'light', colorScheme: 'light', theme: '' },
  { name: 'dark', colorScheme: 'dark', theme: '&theme=dark' },
]) {
  test(`printed in the ${name} theme: no controls, the state's link, the figures on a light page`, async (t) => {
    const { page, errors } = await shared.open(t, `preset=paper&eps=0.02&k=6${theme}`, { colorScheme });
    // On screen, the page is in that theme.
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const lum = bg.match(/\d+/g).slice(0, 3).reduce((a, v) => a + Number(v), 0) / 765;
    assert.ok(name === 'dark' ? lum < 0.2 : lum > 0.8, `the ${name} page on screen: ${bg}`);
    const pdf = `${ARTIFACTS}reach-print-${name}.pdf`;
    await page.pdf({ path: pdf, format: 'A4' });
    execFileSync('pdftoppm', ['-png', '-r', '40', pdf, `${ARTIFACTS}reach-print-${name}`]);
    const text = pdfText(pdf);
    for (const c of CONTROL_TEXTS) assert.ok(!text.includes(c), `"${c}" is not printed`);
    // The state's full link, under the title (a long link may wrap anywhere).
    const flat = text.replace(/\s+/g, '');
    assert.ok(text.includes('This copy shows the state at'));
    assert.ok(flat.includes(page.url()), `the link ${page.url()} is printed`);
    assert.ok(flat.indexOf(page.url()) < flat.indexOf('(a)'), 'the link comes before the figures');
    // The claim's numbers as the page shows them.
    for (const key of ['gradient_flow.test_loss', 'annealed.test_loss', 'ratio']) {
      const s = (await page.innerText(`#claim [data-key="${key}"]`)).trim();
      assert.ok(text.includes(s), `${key} = ${s} is printed`);
    }
    // Figure 1 on a light page, with its drawing: where the print layout puts its canvases (A4 is
    // 794 CSS px wide; page.pdf prints without margins), the page is light, with dark ink in it.
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    const boxes = await page.$$eval('#fig1 canvas', (cs) => cs.map((c) => {
      const r = c.getBoundingClientRect();
      return { x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height };
    }));
    await page.emulateMedia({ media: null });
    const dpi = 48;
    const { w, px } = pdfGrey(pdf, 1, dpi);
    const k = dpi / 96;
    let sum = 0;
    let n = 0;
    let ink = 0;
    for (const b of boxes) {
      assert.ok(b.w > 100 && b.y + b.h < 1123, `a panel on the first page: ${JSON.stringify(b)}`);
      for (let y = Math.ceil(b.y * k); y < Math.floor((b.y + b.h) * k); y++) {
        for (let x = Math.ceil(b.x * k); x < Math.floor((b.x + b.w) * k); x++) {
          const v = px[y * w + x] / 255;
          sum += v;
          n += 1;
          if (v < 0.6) ink += 1;
        }
      }
    }
    assert.ok(n > 1000, `the panels cover ${n} pixels`);
    assert.ok(sum / n > 0.85, `the figures print light: mean luminance ${(sum / n).toFixed(3)}`);
    assert.ok(ink / n > 0.005, `the figures print their drawing: ${(100 * ink / n).toFixed(2)}% dark ink`);
    // After printing, the page is back in its own theme.
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme ?? ''), theme ? 'dark' : '');
    assert.deepEqual(errors, []);
  });
}

// ---- sliders and dialogs a screen reader and a keyboard can use -----------------------------------

/** Every visible slider of `target` with its aria-valuetext and the value shown beside it. */
const sliders = (target) => target.$$eval('input[type="range"]', (els) => els
  .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
  .map((el) => {
    const field = el.closest('.field')?.querySelector('input[data-range]');
    const shown = field ? field.value : document.getElementById('pb-end')?.textContent ?? '';
    return { id: el.id, valuetext: el.getAttribute('aria-valuetext') ?? '', shown: shown.trim() };
  }));

test('every visible slider says its value in words (aria-valuetext), on the page and in an embed', async (t) => {
  for (const query of ['', 'preset=paper&embed=1&show=a,b,c,loss&controls=all']) {
    const { page } = await shared.open(t, query);
    const list = await sliders(page);
    const ids = list.map((s) => s.id);
    for (const id of ['eps-range', 'lr-range', 'k-range']) assert.ok(ids.includes(id), `${query}: ${id} is visible`);
    for (const s of list) {
      assert.ok(s.shown !== '' && s.valuetext.includes(s.shown), `${query}: ${s.id} says "${s.valuetext}", shows "${s.shown}"`);
      assert.notEqual(s.valuetext.trim(), s.shown, `${query}: ${s.id} names what it is`);
    }
  }
});

test('arrow keys move the eps slider by a tenth of a decade, Page Up and Down by a decade', async (t) => {
  const { page } = await shared.open(t, 'preset=paper');
  const eps = async () => Number(new URLSearchParams(await shownQuery(page)).get('eps') ?? run('').params.eps);
  await page.focus('#eps-range');
  const presses = [['ArrowRight', 10 ** 0.1], ['ArrowUp', 10 ** 0.1], ['ArrowLeft', 10 ** -0.1], ['PageDown', null], ['PageUp', 10]];
  for (const [key, ratio] of presses) {
    const before = await eps();
    const q = await shownQuery(page);
    await page.keyboard.press(key);
    await waitForNewQuery(page, q);
    const now = await eps();
    // Values are written with three digits: 10^-1.9 is 0.0126.
    if (ratio) assert.ok(Math.abs(now / before / ratio - 1) < 0.006, `${key}: ${before} -> ${now}`);
    else assert.ok(now < before && Math.abs(Math.log10(now) - Math.round(Math.log10(now))) < 1e-9, `${key}: ${before} -> ${now}, the decade below`);
    assert.equal(await page.getAttribute('#eps-range', 'aria-valuetext'), `ε = ${await page.inputValue('#eps-text')}`);
  }
});

test('the Embed dialog: Escape closes it from its live preview, and Tab leaves the preview at once and stays in the dialog', async (t) => {
  const { page, errors } = await shared.open(t, 'preset=paper');
  const preview = async () => {
    await page.click('#embed-open');
    await page.waitForSelector('#embed-dialog[open]');
    await page.waitForFunction(() => {
      const f = /** @type {HTMLIFrameElement | null} */ (document.getElementById('embed-preview'));
      return f?.contentDocument?.body?.dataset.ready === '1' && f.contentDocument.readyState === 'complete';
    });
    // Into the preview, as a reader's click on its caption.
    await page.frameLocator('#embed-preview').locator('#cap-b').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'embed-preview');
  };
  await preview();
  await page.keyboard.press('Escape');
  await page.waitForSelector('#embed-dialog:not([open])', { state: 'attached' });
  await preview();
  let presses = 0;
  while (await page.evaluate(() => document.activeElement?.id) === 'embed-preview') {
    assert.ok(presses < 3, 'the focus leaves the preview within three presses of Tab');
    await page.keyboard.press('Tab');
    presses += 1;
  }
  assert.equal(await page.evaluate(() => document.getElementById('embed-dialog').contains(document.activeElement)), true);
  // And back round: Shift+Tab from the first control of the dialog stays in it too.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.getElementById('embed-dialog').contains(document.activeElement)), true);
  }
  await page.keyboard.press('Escape');
  await page.waitForSelector('#embed-dialog:not([open])', { state: 'attached' });
  assert.deepEqual(errors, []);
});

// Lighthouse's defaults are a phone (its layout folds the Parameters panel into a sheet); the
// desktop preset is the wide layout.
for (const preset of ['mobile', 'desktop']) {
  test(`Lighthouse: accessibility 1.0 on the default page (${preset})`, { timeout: 240_000 }, async () => {
    const out = `${ARTIFACTS}reach-lighthouse-a11y-${preset}.json`;
    await promisify(execFile)(LIGHTHOUSE, [baseUrl(), '--quiet', '--only-categories=accessibility',
      ...(preset === 'desktop' ? ['--preset=desktop'] : []), '--output=json', `--output-path=${out}`,
      `--chrome-flags=--headless ${CHROMIUM_ARGS.join(' ')}`], {
      env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
      maxBuffer: 1 << 26,
    });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const failing = Object.values(report.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => `${a.id}: ${(a.details?.items ?? []).map((i) => i.node?.snippet ?? '').join(' | ').slice(0, 300)}`);
    assert.equal(report.categories.accessibility.score, 1, `failing audits: ${failing.join('; ')}`);
  });
}
