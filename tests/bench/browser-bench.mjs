// What a reader waits for, measured inside the page beside a blank page in the same run. Run by
// `./build.sh bench`: it builds the site as `./build.sh build` does (the module, the prerendered
// www/index.html, the compressed files), serves www/ and a blank page (tests/bench/blank/) with two
// static servers of the same kind and flags, and exports BASE_URL, BLANK_URL and LR_ANNEAL_BIN.
//
// Nothing is timed from outside the page: no request is intercepted, and the harness does not poll
// the page while it times. An init script (added before the page's own scripts) records times with
// performance.now() (ms since the navigation started) or the input event's timeStamp, and calls a
// Playwright binding once the measurement is over; the harness reads the rest afterwards.
//
// "Painted (frame end)": a requestAnimationFrame callback, then a task posted from it
// (scheduler.postTask at user-blocking priority, so that it does not queue behind the page's
// tasks; MessageChannel where that is missing). Chromium runs a frame's rAF callbacks, then its
// style, layout, paint and commit in the same task, so the posted task runs when the main thread
// has finished that frame. Raster and display follow off the main thread: "presented" is when the
// frame reached the screen, as Paint Timing (first contentful paint) and Element Timing report it.
//
//  1. Navigation to the first screen (the three headline numbers and a panel of Figure 1): a
//     MutationObserver sees the DOM hold them (numbers written, a panel complete with its SVG or its
//     drawn canvas, no placeholder class on <html>); the end of the next frame is taken. No style
//     or layout is read while the page loads (a forced layout of this long page costs tens of ms);
//     elements in the DOM when a frame starts are laid out and painted in it. Also "presented": the
//     latest Element Timing renderTime of the three numbers and of panel (a)'s caption (the script
//     marks them with the elementtiming attribute, which no selector reads, as they are parsed).
//     For the default link the first screen is in the prerendered HTML; a link to another state
//     (?eps=0.01) shows boot.js's placeholders until the module renders. Beside them the blank page,
//     whose first screen is its one paragraph. First contentful paint, largest contentful paint and
//     layout shifts (PerformanceObserver) are recorded too. Fresh browser context each time (no
//     cache), the three links in turn, after one untimed load of each.
//  2. Navigation to the end of the first frame after `body[data-ready="1"]` (www/app.js: no state
//     queued, every visible part shows the state): ready for input.
//  3. Key press to painted frame on each visible slider of the Parameters panel: a real key press
//     (page.keyboard.press: CDP Input.dispatchKeyEvent, the browser's input pipeline), ArrowRight and
//     ArrowLeft in turn, from the keydown's timeStamp to the end of the first frame in which the
//     page shows the new state (app.js renders in a rAF and writes body[data-query] there). Beside
//     each, the same key on a bare <input type=range> added to the blank page. A press waits for
//     the page to be ready again, then 250 ms (so each update writes the address bar at once, as a
//     single press does, rather than on app.js's 200 ms throttle). In a browser with the frame rate
//     limit off: an update is timed to its painted frame, not to the next vsync. At full speed and
//     at 4x CPU throttling (CDP Emulation.setCPUThrottlingRate), after two untimed presses.
//  4. Bytes (untimed passes). Before the first screen: a load under Lighthouse's slow 4G as DevTools
//     applies it (562.5 ms latency, 1474.56 kbit/s down), the resources whose responseEnd (Resource
//     Timing) came before the first screen's frame end, and among them the render-blocking ones.
//     Everything a reader can load: every folded section open, every part scrolled into view, the
//     Monte Carlo run, the Download menu and the Embed dialog (with its live preview) open; each path
//     once, including the worker's. Sizes per file: gzip and brotli as a static host sends them (the
//     .gz/.br beside it in www/, what the server sends; the raw size where there is none) and the
//     bytes this run transferred (brotli: Chromium accepts it from this server).
//  5. Lighthouse 12.2.3 with its mobile settings (simulated slow 4G, 4x CPU), the page and the blank
//     page in turn: performance, LCP, FCP, TBT, CLS, accessibility, DOM size; medians.
//  6. Monte Carlo draws per second in the paper's setting: natively (`lr-anneal mc`), in wasm (the
//     page's module), and the vectorized NumPy peer (tests/bench/mc_numpy.py).
//
// BENCH_TRACE=1 also records Chrome traces (CDP Tracing, devtools.timeline categories) of a first
// load of the default link and of one key press on the first slider (at 1x and 4x CPU), writes them
// to tests/artifacts/trace-*.json (DevTools' Performance panel opens them) and prints the
// renderer main thread's time by kind over each: script and wasm, loading (HTML and CSS parsing),
// style, layout, paint and composite, other (task and IPC overhead), idle; and raster and the
// display compositor off the main thread.
//
// Knobs (environment): BENCH_NAVIGATIONS (20 of each link), BENCH_UPDATES (key presses per slider
// and speed, 40), BENCH_LIGHTHOUSE_RUNS (3; 0 skips), BENCH_MC (0 skips the Monte Carlo),
// BENCH_TRACE. Prints a table (medians, p95, the blank page's, ratios, the targets of issue 16
// marked met or not) and writes everything to tests/artifacts/bench.json.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { launch, baseUrl, cliBin, settled, showSection, caughtUp, CHROMIUM_ARGS } from '../e2e/helpers.mjs';

const NAVIGATIONS = Number(process.env.BENCH_NAVIGATIONS ?? 20);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 40);
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const RUN_MC = process.env.BENCH_MC !== '0';
const TRACE = process.env.BENCH_TRACE === '1';
const KEY_GAP_MS = 250;
const MC_TRIALS = 10_000_000;
const MC_REPEATS = 5;
const VIEWPORT = { width: 1280, height: 900 };
const OTHER = '?eps=0.01'; // a link to another state than the prerendered one
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WWW = join(ROOT, 'www');
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const NUMPY = fileURLToPath(new URL('./mc_numpy.py', import.meta.url));
const LIGHTHOUSE = fileURLToPath(new URL('../node_modules/lighthouse/cli/index.js', import.meta.url));
const CHROME = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Lighthouse's mobile slow 4G (150 ms RTT, 1638.4 kbit/s) as DevTools applies it.
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1474.56 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };

function blankUrl() {
  const url = process.env.BLANK_URL;
  if (!url) throw new Error('BLANK_URL is not set: run the benchmark through `./build.sh bench`');
  return url.endsWith('/') ? url : `${url}/`;
}

// ---- statistics -------------------------------------------------------------------------------

const quantile = (xs, q) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
};
const median = (xs) => quantile(xs, 0.5);
const stats = (xs) => ({ median: median(xs), p95: quantile(xs, 0.95), n: xs.filter(Number.isFinite).length });
const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

// ---- in the page ---------------------------------------------------------------------------------

/**
 * Injected before either probe (both read it as window.__benchAfterPaint): calls `cb` with the
 * end of the next frame: rAF, then a task posted from it (after style, layout, paint), at
 * user-blocking priority so that it does not wait behind the page's queued tasks.
 */
function paintClock() {
  window.__benchAfterPaint = (cb) => requestAnimationFrame(() => {
    if (window.scheduler?.postTask) {
      window.scheduler.postTask(() => cb(performance.now()), { priority: 'user-blocking' });
      return;
    }
    const ch = new MessageChannel();
    ch.port1.onmessage = () => cb(performance.now());
    ch.port2.postMessage(null);
  });
}

/**
 * Init script of a navigation (runs before the page's scripts). Records, in ms since navigation
 * start: the end of the first frame that shows the first screen and of the first frame after
 * `body[data-ready="1"]`; then calls the binding `__benchDone` with them. `kind`: 'page' or
 * 'blank'; `mark`: also write User Timing marks (for traces).
 *
 * It reads no style and no layout while the page loads (a forced layout of this long page costs
 * tens of ms): elements in the DOM before a frame starts are styled, laid out and painted in it.
 * It marks the first screen's text for Element Timing (an attribute no selector reads), whose
 * renderTime is when the frame holding it was presented (after raster and compositing), as first
 * contentful paint is; readPaint() reads those entries after the measurement.
 */
function navProbe({ kind, mark }) {
  if (window.top !== window) return;
  const afterPaint = window.__benchAfterPaint;
  // The checks run in a MutationObserver callback while the page is parsed: each is a few
  // lookups by id, scoped below it.
  const byId = (id) => document.getElementById(id);
  const filled = (el) => !!el && el.textContent.trim() !== '';
  const stats = () => [...(byId('claim')?.querySelectorAll('.stat-value[data-key]') ?? [])];
  // The first screen in the DOM: the three numbers written and a panel of Figure 1 complete (its
  // caption written after it) with its prerendered SVG or a drawn canvas (fitCanvas sets its width
  // just before the core draws it), without the placeholders of a link to another state.
  const inDom = kind === 'blank'
    ? () => filled(document.body?.querySelector(':scope > p'))
    : () => !document.documentElement.classList.contains('is-other')
      && stats().length === 3 && stats().every(filled)
      && [...(byId('fig1')?.querySelectorAll('.panel') ?? [])].some((p) => filled(p.querySelector('.cap [data-key]'))
        && !!p.querySelector('.plot > svg.pre, .plot > canvas[width]'));
  // Element Timing: the numbers, and the block after panel (a) (the caption: painted, the panel
  // before it was in the same frame or an earlier one).
  const TIMED = kind === 'blank' ? 'body > p' : '#claim .stat-value[data-key], #cap-a';
  const timed = kind === 'blank'
    ? () => [document.body?.querySelector(':scope > p')].filter(Boolean)
    : () => [...stats(), byId('cap-a')].filter(Boolean);
  let tagged = 0;
  const tag = () => {
    if (tagged >= (kind === 'blank' ? 1 : 4)) return;
    for (const el of timed()) {
      if (el.hasAttribute('elementtiming')) continue;
      el.setAttribute('elementtiming', 'bench');
      tagged += 1;
    }
  };
  const ready = kind === 'blank' ? inDom : () => document.body?.dataset.ready === '1';
  const out = { firstScreen: null, ready: null };
  let finished = false;
  let observer = null;
  const finish = () => {
    if (finished) return;
    finished = true;
    observer?.disconnect();
    window.__benchDone?.(out);
  };
  /** Takes the end of the next frame as `name`'s time. */
  const time = (name) => afterPaint((t) => {
    out[name] = t;
    if (mark) performance.mark(`bench:${name}`);
    if (out.firstScreen !== null && out.ready !== null) finish();
  });
  // Until the first screen is in the DOM, every change of the document is looked at; then only
  // body[data-ready] (far fewer mutation records while the module writes the page).
  const watchReady = () => {
    if (ready()) { time('ready'); return; }
    observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      time('ready');
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ['data-ready'] });
  };
  observer = new MutationObserver(() => {
    tag();
    if (!inDom()) return;
    observer.disconnect();
    tag();
    time('firstScreen');
    watchReady();
  });
  observer.observe(document, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ['class', 'width'],
  });
  setTimeout(finish, 60_000);
  // Paint timing, for the record (read after the measurement).
  const paint = { lcp: [], shifts: [], element: [], timed: TIMED };
  window.__benchPaint = paint;
  const describe = (el) => (el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}` : null);
  const observe = (type, f) => {
    try {
      new PerformanceObserver((l) => l.getEntries().forEach(f)).observe({ type, buffered: true });
    } catch { /* an entry type this browser lacks: left empty */ }
  };
  observe('largest-contentful-paint', (e) => paint.lcp.push({ t: e.startTime, size: e.size, el: describe(e.element) ?? e.url }));
  observe('layout-shift', (e) => { if (!e.hadRecentInput) paint.shifts.push({ t: e.startTime, value: e.value }); });
  observe('element', (e) => { if (e.identifier === 'bench') paint.element.push({ t: e.renderTime || e.loadTime, el: e.element }); });
}

/**
 * Read after a navigation's measurement: paint timing (first contentful paint, largest contentful
 * paint, the first screen presented: the latest Element Timing renderTime of its marked text),
 * layout shifts, and whether the first screen is visible (a layout read, now harmless).
 * Waits up to 2 s for the entries, which arrive once the frame is presented.
 */
const readPaint = async () => {
  const p = window.__benchPaint;
  const timed = () => [...document.querySelectorAll(p.timed)];
  const complete = () => performance.getEntriesByName('first-contentful-paint').length > 0
    && timed().every((el) => p.element.some((e) => e.el === el));
  for (let i = 0; i < 40 && !complete(); i++) await new Promise((r) => { setTimeout(r, 50); });
  const times = timed().map((el) => p.element.find((e) => e.el === el)?.t ?? null);
  const nav = performance.getEntriesByType('navigation')[0];
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible';
  return {
    presented: times.length && times.every((t) => t !== null) ? Math.max(...times) : null,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    lcp: p.lcp.at(-1)?.t ?? null,
    lcpElement: p.lcp.at(-1)?.el ?? null,
    cls: p.shifts.reduce((s, e) => s + e.value, 0),
    responseEnd: nav?.responseEnd ?? null,
    domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
    visible: timed().length > 0 && timed().every(shown),
  };
};

/**
 * Init script of the update measurements. For each keydown on a range input: from its timeStamp to
 * the end of the first frame in which the page shows another state (body[data-query], written by
 * the page's render) or the input another value (the blank page's bare slider); then, once the
 * page is ready again, calls the binding `__benchKey` with the sample.
 */
function keyProbe({ mark }) {
  if (window.top !== window) return;
  const afterPaint = window.__benchAfterPaint;
  const snapshot = (el) => `${document.body.dataset.query ?? ''}|${el.value}`;
  /** Calls `cb` once the page is ready (a page without the flag always is). */
  const whenReady = (cb) => {
    const ok = () => document.body.dataset.ready === undefined || document.body.dataset.ready === '1';
    if (ok()) { cb(); return; }
    const mo = new MutationObserver(() => {
      if (!ok()) return;
      mo.disconnect();
      cb();
    });
    mo.observe(document.body, { attributes: true, attributeFilter: ['data-ready'] });
  };
  addEventListener('keydown', (e) => {
    const el = e.target;
    if (!(el instanceof HTMLInputElement) || el.type !== 'range') return;
    const start = e.timeStamp;
    const before = snapshot(el);
    const frame = (n) => afterPaint((t) => {
      let sample;
      if (snapshot(el) !== before) sample = { ms: t - start, frames: n, key: e.key, id: el.id };
      else if (n < 10) { frame(n + 1); return; } else sample = { ms: null, frames: n, key: e.key, id: el.id };
      if (mark) performance.mark('bench:painted');
      whenReady(() => window.__benchKey?.(sample));
    });
    frame(1);
  }, true);
}

// ---- 1 and 2: navigations ------------------------------------------------------------------------

/** One navigation in a fresh context (no cache): the probe's times and paint timing. */
async function navigate(browser, url, kind, { mark = false, beforeGoto = null } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    let resolve;
    const done = new Promise((r) => { resolve = r; });
    await context.exposeBinding('__benchDone', (_source, out) => resolve(out));
    await context.addInitScript(paintClock);
    await context.addInitScript(navProbe, { kind, mark });
    const page = await context.newPage();
    if (beforeGoto) await beforeGoto(page, context);
    await page.goto(url, { waitUntil: 'commit' });
    const out = await done;
    const paint = await page.evaluate(readPaint);
    return { ...out, ...paint, page, context };
  } catch (e) {
    await context.close();
    throw e;
  }
}

async function navigations(browser) {
  const kinds = [
    ['blank', () => blankUrl(), 'blank'],
    ['default', () => baseUrl(), 'page'],
    ['other', () => `${baseUrl()}${OTHER}`, 'page'],
  ];
  const runs = Object.fromEntries(kinds.map(([k]) => [k, []]));
  // One untimed load of each first: the browser's first renderer and the servers' first answers.
  for (const [, url, kind] of kinds) await (await navigate(browser, url(), kind)).context.close();
  for (let i = 0; i < NAVIGATIONS; i++) {
    // The three in turn, starting with another each time (no position in the loop is favoured).
    for (let j = 0; j < kinds.length; j++) {
      const [name, url, kind] = kinds[(i + j) % kinds.length];
      const r = await navigate(browser, url(), kind);
      await r.context.close();
      delete r.page;
      delete r.context;
      runs[name].push(r);
    }
  }
  const pick = (name, key) => stats(runs[name].map((r) => r[key]));
  const summary = {};
  for (const [name] of kinds) {
    summary[name] = {
      firstScreen: pick(name, 'firstScreen'),
      presented: pick(name, 'presented'),
      ready: pick(name, 'ready'),
      fcp: pick(name, 'fcp'),
      lcp: pick(name, 'lcp'),
      cls: pick(name, 'cls'),
      lcpElement: runs[name].at(-1)?.lcpElement ?? null,
      invisible: runs[name].filter((r) => !r.visible).length, // runs whose first screen was not visible at the end
    };
  }
  return { summary, runs };
}

// ---- 3: key press to painted frame ---------------------------------------------------------------

/** A page in its own context with the key probe; `next()` resolves with the next sample. */
async function keyPage(browser, url, mark = false) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  let waiting = null;
  await context.exposeBinding('__benchKey', (_source, sample) => {
    const w = waiting;
    waiting = null;
    w?.(sample);
  });
  await context.addInitScript(paintClock);
  await context.addInitScript(keyProbe, { mark });
  const page = await context.newPage();
  await page.goto(url);
  const cdp = await context.newCDPSession(page);
  return {
    page,
    context,
    throttle: (rate) => cdp.send('Emulation.setCPUThrottlingRate', { rate }),
    /** Presses `key` on the focused element; the sample, once the page is ready again. */
    async press(key) {
      const sample = new Promise((r) => { waiting = r; });
      await page.keyboard.press(key);
      const s = await Promise.race([sample, sleep(30_000).then(() => ({ ms: null, timeout: true, key }))]);
      await sleep(KEY_GAP_MS);
      return s;
    },
  };
}

/** The sliders of the Parameters panel a reader sees on the first screen (the default link). */
const visibleSliders = (page) => page.$$eval('#controls input[type="range"]', (els) => els
  .filter((e) => e.getClientRects().length > 0 && !e.disabled && !e.closest('[hidden], details:not([open])'))
  .map((e) => e.id));

async function updates(browser) {
  const site = await keyPage(browser, baseUrl());
  await settled(site.page);
  const blank = await keyPage(browser, blankUrl());
  await blank.page.evaluate(() => {
    const r = document.createElement('input');
    Object.assign(r, { type: 'range', id: 'bare', min: '0', max: '100', step: '1', value: '50' });
    r.setAttribute('aria-label', 'bare slider');
    document.body.append(r);
  });
  const sliders = await visibleSliders(site.page);
  const out = { sliders, rates: {} };
  // Two untimed presses on each page first (the handlers' first runs).
  await site.page.focus(`#${sliders[0]}`);
  await blank.page.focus('#bare');
  for (const key of ['ArrowRight', 'ArrowLeft']) {
    await site.press(key);
    await blank.press(key);
  }
  try {
    for (const rate of [1, 4]) {
      await site.throttle(rate);
      await blank.throttle(rate);
      const per = {};
      const every = [];
      const bare = [];
      let noChange = 0;
      let later = 0; // updates that showed only in a later frame than the first after the key
      for (const id of sliders) {
        await site.page.focus(`#${id}`);
        await settled(site.page);
        await blank.page.focus('#bare');
        await sleep(KEY_GAP_MS);
        const samples = [];
        for (let i = 0; i < UPDATES; i++) {
          const key = i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft';
          const s = await site.press(key);
          if (s.ms === null) noChange += 1;
          else samples.push(s.ms);
          if (s.frames > 1) later += 1;
          const b = await blank.press(key);
          if (b.ms !== null) bare.push(b.ms);
        }
        per[id] = stats(samples);
        every.push(...samples);
      }
      out.rates[rate] = { perSlider: per, all: stats(every), blank: stats(bare), noChange, later };
    }
  } finally {
    await site.throttle(1).catch(() => {});
    await site.context.close();
    await blank.context.close();
  }
  return out;
}

// ---- 4: bytes ------------------------------------------------------------------------------------

const sizeOf = (path) => (existsSync(path) ? statSync(path).size : null);

/** The file of www/ a URL of the site names, and the sizes a static host sends for it. */
function served(url) {
  let path = decodeURIComponent(new URL(url).pathname).replace(/^\//, '');
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const file = join(WWW, path);
  const raw = sizeOf(file);
  return { path, raw, gzip: sizeOf(`${file}.gz`) ?? raw, brotli: sizeOf(`${file}.br`) ?? raw };
}

const sum = (files, key) => files.reduce((s, f) => s + (f[key] ?? 0), 0);

/** A load under slow 4G: what arrived (Resource Timing's responseEnd) before the first screen. */
async function bytesBeforeFirstScreen(browser, url) {
  const r = await navigate(browser, url, 'page', {
    beforeGoto: async (page, context) => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    },
  });
  try {
    const entries = await r.page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .map((e) => ({ name: e.name, responseEnd: e.responseEnd, transferred: e.encodedBodySize, blocking: e.renderBlockingStatus ?? null, type: e.initiatorType })));
    const files = entries.filter((e) => e.name.startsWith(baseUrl())).map((e) => ({ ...served(e.name), at: e.responseEnd, transferred: e.transferred, blocking: e.blocking, type: e.type }));
    const before = files.filter((f) => f.at <= r.firstScreen);
    const blocking = files.filter((f) => f.type === 'navigation' || f.blocking === 'blocking');
    return {
      firstScreen: r.firstScreen,
      before: { gzip: sum(before, 'gzip'), brotli: sum(before, 'brotli'), transferred: sum(before, 'transferred'), files: before.map((f) => f.path) },
      renderBlocking: { gzip: sum(blocking, 'gzip'), brotli: sum(blocking, 'brotli'), files: blocking.map((f) => f.path) },
      files,
    };
  } finally {
    await r.context.close();
  }
}

/** Everything a reader can load, each path once. */
async function bytesAll(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const seen = new Map();
  page.on('response', (res) => {
    const url = res.url();
    if (!url.startsWith(baseUrl())) return;
    const key = new URL(url).pathname;
    if (seen.has(key)) return;
    // The body's bytes as sent (the server gives each file's Content-Length; Playwright's sizes()
    // where it does not, which reads 0 for a worker's script).
    const headers = res.headers();
    const length = headers['content-length'] === undefined ? null : Number(headers['content-length']);
    const encoding = headers['content-encoding'] ?? 'identity';
    seen.set(key, (length !== null ? Promise.resolve(length) : res.request().sizes().then((s) => s.responseBodySize, () => null))
      .then((transferred) => ({ ...served(url), transferred, encoding })));
  });
  try {
    await page.goto(baseUrl());
    await settled(page);
    // Every folded section open (as a reader's clicks would), the lazy sections loaded (the Monte
    // Carlo panel runs once by itself), every part scrolled into view and caught up with the state.
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details')) if (d.id !== 'download-menu') d.open = true;
    });
    for (const id of ['lemma2', 'explore', 'beyond']) await showSection(page, id);
    await page.waitForSelector('#prob[data-state="done"][data-exact="ready"]', { timeout: 120_000 });
    await caughtUp(page);
    await page.click('#download-menu > summary');
    await page.waitForSelector('[data-download="table.csv"]');
    await page.keyboard.press('Escape');
    await page.click('#embed-open');
    await page.waitForSelector('#embed-dialog[open]');
    // Its live preview: the page as an embed, in an iframe.
    const preview = await (await page.waitForSelector('#embed-preview')).contentFrame();
    if (preview) await settled(preview);
    const files = await Promise.all(seen.values());
    return { gzip: sum(files, 'gzip'), brotli: sum(files, 'brotli'), transferred: sum(files, 'transferred'), files };
  } finally {
    await context.close();
  }
}

// ---- 5: Lighthouse -------------------------------------------------------------------------------

async function lighthouseOnce(url) {
  const dir = mkdtempSync(join(tmpdir(), 'lh-'));
  const out = join(dir, 'report.json');
  try {
    await promisify(execFile)(process.execPath, [LIGHTHOUSE, url, '--quiet', '--output=json', `--output-path=${out}`,
      '--only-categories=performance,accessibility',
      `--chrome-flags=--headless ${CHROMIUM_ARGS.join(' ')}`], { env: { ...process.env, CHROME_PATH: CHROME }, maxBuffer: 1 << 26 });
    const lhr = JSON.parse(readFileSync(out, 'utf8'));
    const num = (id) => lhr.audits[id]?.numericValue ?? null;
    return {
      performance: lhr.categories.performance?.score ?? null,
      accessibility: lhr.categories.accessibility?.score ?? null,
      lcp: num('largest-contentful-paint'),
      fcp: num('first-contentful-paint'),
      tbt: num('total-blocking-time'),
      cls: num('cumulative-layout-shift'),
      si: num('speed-index'),
      domSize: num('dom-size'),
      // What shifted (Lighthouse's layout-shifts audit: the element and its share of the score).
      shifts: (lhr.audits['layout-shifts']?.details?.items ?? []).map((i) => ({ node: i.node?.selector ?? i.node?.snippet ?? null, score: i.score })),
      version: lhr.lighthouseVersion,
      warnings: lhr.runWarnings ?? [],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function lighthouse() {
  const runs = { page: [], blank: [] };
  for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
    runs.page.push(await lighthouseOnce(baseUrl()));
    runs.blank.push(await lighthouseOnce(blankUrl()));
  }
  const med = (list) => Object.fromEntries(['performance', 'accessibility', 'lcp', 'fcp', 'tbt', 'cls', 'si', 'domSize']
    .map((k) => [k, median(list.map((r) => r[k]))]));
  return { page: med(runs.page), blank: med(runs.blank), runs, version: runs.page[0]?.version };
}

// ---- 6: Monte Carlo ------------------------------------------------------------------------------

async function monteCarlo(browser) {
  const q = `preset=paper&trials=${MC_TRIALS}`;
  const native = [];
  for (let i = 0; i < MC_REPEATS; i++) {
    const out = JSON.parse(execFileSync(cliBin(), ['mc', q], { encoding: 'utf8' }));
    native.push(out.trials / (out.elapsed_ms / 1000));
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl()}?preset=paper`);
  await settled(page);
  const wasm = await page.evaluate(async ({ query, repeats }) => {
    const core = await import('./pkg/lr_anneal.js'); // the page's instance, already initialised
    const rates = [];
    for (let i = 0; i < repeats; i++) {
      const run = new core.MonteCarloRun(query);
      const t0 = performance.now();
      run.step(run.total());
      const dt = performance.now() - t0;
      rates.push(run.total() / (dt / 1000));
      run.free();
    }
    return rates;
  }, { query: q, repeats: MC_REPEATS });
  await context.close();
  let numpy = null;
  try {
    const env = { ...process.env };
    delete env.OPENBLAS_CORETYPE; // see the machine notes: they slow a current NumPy
    delete env.OPENBLAS_L2_SIZE;
    const out = execFileSync('python3', [NUMPY, '--draws', String(MC_TRIALS), '--reps', String(MC_REPEATS)], { encoding: 'utf8', env });
    numpy = JSON.parse(out.trim().split('\n').at(-1));
  } catch (e) {
    numpy = { error: String(e.message || e).split('\n')[0] };
  }
  return { native: median(native), wasm: median(wasm), numpy };
}

// ---- traces --------------------------------------------------------------------------------------

const TRACE_CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame',
  'toplevel', 'blink.user_timing', 'v8.execute', 'v8', 'loading',
];

/** Records a browser-wide trace around `action`; the trace events. */
async function traced(browser, action) {
  const cdp = await browser.newBrowserCDPSession();
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordAsMuchAsPossible' }, transferMode: 'ReturnAsStream' });
  let result;
  try {
    result = await action();
  } finally {
    await cdp.send('Tracing.end');
  }
  const { stream } = await complete;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  await cdp.detach();
  const parsed = JSON.parse(text);
  return { events: Array.isArray(parsed) ? parsed : parsed.traceEvents, result };
}

// Main-thread time by kind, from event names (self time; an unnamed kind inherits its parent's),
// as DevTools' Performance panel groups them.
const KINDS = [
  ['loading', /^(ParseHTML|ParseAuthorStyleSheet|HTMLDocumentParser::|DecodedDataDocumentParser::|DocumentLoader::|NavigationBodyLoader::|Resource[A-Z]|PreloadRequest|ScriptStreamer)/],
  ['script', /wasm|WebAssembly|^(FunctionCall|EvaluateScript|TimerFire|TimerInstall|TimerRemove|FireAnimationFrame|RequestAnimationFrame|CancelAnimationFrame|EventDispatch|RunMicrotasks|BlinkScheduler_PerformMicrotaskCheckpoint|FireIdleCallback|XHR|v8\.|V8\.|v8::|V8PerIsolateData|LocalWindowProxy|ContextCreatedNotification|InstallConditionalFeatures|MinorGC|MajorGC|GCEvent|BlinkGC|CppGC|ScriptCompile|CompileScript|CompileCode|CacheScript|CompileModule|EvaluateModule|ProfileCall|ModuleScript|ScheduledAction|V8Console|BindingCall|TimeStamp|ConsoleTime|Worker)/],
  ['style', /^(UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|StyleRecalc|StyleInvalidator|SelectorStats|Document::updateStyle|InvalidateStyle)/],
  ['layout', /^(Layout|UpdateLayerTree|ComputeIntersections|IntersectionObserverController|HitTest|InvalidateLayout|ScrollLayer|LocalFrameView::|LayoutShift)/],
  ['paint', /^(Paint|PrePaint|PaintImage|PaintSetup|Layerize|CompositeLayers|Commit|UpdateLayer|Decode Image|ImageDecode|DecodeImage|Rasterize|RasterTask|Canvas|ProxyMain::|LayerTreeHost|BeginMainThreadFrame|ActivateLayerTree|RequestMainThreadFrame|BeginMainFrame)/],
];
const TASK = /^(RunTask|ThreadControllerImpl::RunTask|ThreadPool_RunTask|TaskGraphRunner::RunTask)$/;
const kindOf = (name) => KINDS.find(([, re]) => re.test(name))?.[0] ?? null;

/**
 * The renderer main thread's time in [start, end] (trace µs) by kind: self times of its events
 * (complete 'X' and begin/end pairs, nested by time), and idle (no task running).
 */
function mainThreadTime(events, { pid, tid }, start, end) {
  const mine = events.filter((e) => e.pid === pid && e.tid === tid);
  const spans = [];
  const open = [];
  for (const e of mine.sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X' && typeof e.dur === 'number') spans.push({ name: e.name, ts: e.ts, end: e.ts + e.dur });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const i = open.map((o) => o.name).lastIndexOf(e.name);
      const b = i >= 0 ? open.splice(i, 1)[0] : open.pop();
      if (b) spans.push({ name: b.name, ts: b.ts, end: e.ts });
    }
  }
  const clip = (s) => Math.max(0, Math.min(s.end, end) - Math.max(s.ts, start));
  spans.sort((a, b) => a.ts - b.ts || b.end - a.end);
  const roots = [];
  const stack = [];
  for (const s of spans) {
    if (s.end < start || s.ts > end) continue;
    while (stack.length && s.ts >= stack.at(-1).end) stack.pop();
    s.children = [];
    const parent = stack.at(-1);
    s.kind = kindOf(s.name) ?? parent?.kind ?? null;
    if (parent) {
      s.end = Math.min(s.end, parent.end); // an event that outlives its parent ends with it
      parent.children.push(s);
    } else {
      roots.push(s);
    }
    stack.push(s);
  }
  const byKind = { script: 0, wasmCompile: 0, loading: 0, style: 0, layout: 0, paint: 0, other: 0 };
  const byName = new Map();
  const walk = (s) => {
    const self = clip(s) - s.children.reduce((t, c) => t + clip(c), 0);
    const kind = s.kind ?? 'other';
    byKind[kind] += self;
    if (kind === 'script' && /wasm/i.test(s.name) && /compile|stream/i.test(s.name)) byKind.wasmCompile += self;
    if (!TASK.test(s.name)) byName.set(`${s.name} (${kind})`, (byName.get(`${s.name} (${kind})`) ?? 0) + self);
    for (const c of s.children) walk(c);
  };
  for (const r of roots) walk(r);
  const busy = roots.reduce((t, r) => t + clip(r), 0);
  const ms = (us) => us / 1000;
  const window = end - start;
  return {
    windowMs: ms(window),
    busyMs: ms(busy),
    idleMs: ms(Math.max(0, window - busy)),
    kinds: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, ms(v)])),
    top: [...byName].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, v]) => ({ name, ms: ms(v) })),
  };
}

/** Union of the time of `spans` ([start, end] pairs) inside [start, end]. */
function covered(spans, start, end) {
  let total = 0;
  let reach = -Infinity;
  for (const [a, b] of spans.map(([x, y]) => [Math.max(x, start), Math.min(y, end)]).filter(([x, y]) => y > x).sort((u, v) => u[0] - v[0])) {
    if (b <= reach) continue;
    total += b - Math.max(a, reach);
    reach = b;
  }
  return total;
}

/** Time off the renderer's main thread in [start, end], for the record: raster (RasterTask, in
 * software here: --disable-gpu) in the page's renderer, and the display compositor (the GPU
 * process's VizCompositorThread). Each as the time during which at least one ran, in ms. */
function offMain(events, pid, start, end) {
  const threadName = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name]));
  const gpu = events.find((e) => e.ph === 'M' && e.name === 'process_name' && e.args?.name === 'GPU Process')?.pid;
  const raster = events.filter((e) => e.pid === pid && e.ph === 'X' && e.name === 'RasterTask').map((e) => [e.ts, e.ts + e.dur]);
  const viz = events.filter((e) => e.pid === gpu && e.ph === 'X' && TASK.test(e.name)
    && threadName.get(`${e.pid}:${e.tid}`) === 'VizCompositorThread').map((e) => [e.ts, e.ts + e.dur]);
  return { rasterMs: covered(raster, start, end) / 1000, displayCompositorMs: covered(viz, start, end) / 1000 };
}

/** The thread that wrote mark `name` (the page's main thread) and the mark's time. */
function markOf(events, name) {
  const m = events.filter((e) => e.name === name && e.cat?.includes('blink.user_timing')).at(-1);
  if (!m) throw new Error(`trace: no ${name} mark`);
  return { pid: m.pid, tid: m.tid, ts: m.ts };
}

async function traces(browser, unthrottled) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const out = {};
  // A first load of the default link, to the first screen and to ready.
  {
    const { events, result } = await traced(browser, async () => {
      const r = await navigate(browser, baseUrl(), 'page', { mark: true });
      await r.context.close();
      return r;
    });
    writeFileSync(join(ARTIFACTS, 'trace-load.json'), JSON.stringify({ traceEvents: events }));
    const ready = markOf(events, 'bench:ready');
    const origin = ready.ts - result.ready * 1000;
    out.load = {
      firstScreenMs: result.firstScreen,
      readyMs: result.ready,
      toFirstScreen: mainThreadTime(events, ready, origin, origin + result.firstScreen * 1000),
      toReady: mainThreadTime(events, ready, origin, ready.ts),
      offMain: offMain(events, ready.pid, origin, ready.ts),
    };
  }
  // One key press on the eps slider, at full speed and at 4x.
  const site = await keyPage(unthrottled, baseUrl(), true);
  try {
    await settled(site.page);
    const [id] = await visibleSliders(site.page);
    await site.page.focus(`#${id}`);
    for (const key of ['ArrowRight', 'ArrowLeft']) await site.press(key); // warm
    for (const rate of [1, 4]) {
      await site.throttle(rate);
      const { events, result } = await traced(unthrottled, () => site.press('ArrowRight'));
      await site.throttle(1);
      await site.press('ArrowLeft');
      writeFileSync(join(ARTIFACTS, `trace-update-${rate}x.json`), JSON.stringify({ traceEvents: events }));
      const painted = markOf(events, 'bench:painted');
      const start = painted.ts - result.ms * 1000;
      out[`update${rate}x`] = { slider: id, ms: result.ms, ...mainThreadTime(events, painted, start, painted.ts), offMain: offMain(events, painted.pid, start, painted.ts) };
    }
  } finally {
    await site.context.close();
  }
  return out;
}

// ---- the report ----------------------------------------------------------------------------------

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const kb = (b) => (Number.isFinite(b) ? `${(b / 1000).toFixed(1)} KB` : '–'); // KB = 1000 bytes
const msS = (s) => (s ? `${f1(s.median)} ms (p95 ${f1(s.p95)})` : '–');

function table(rows) {
  const head = ['what', 'this page', 'blank page', 'ratio', 'target', ''];
  const all = [head, ...rows.map((r) => [r.what, r.page, r.blank ?? '', r.ratio ?? '', r.target ?? '', r.met === undefined ? '' : (r.met ? 'met' : 'NOT MET')])];
  const widths = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  return all.map((r, k) => {
    const line = r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
    return k === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

function rowsOf(r) {
  const rows = [];
  const nav = r.navigation?.summary;
  if (nav) {
    const blank = nav.blank;
    const ratio = (a, b) => a / b;
    const navRow = (what, s, b, limit, label) => {
      const x = ratio(s.median, b.median);
      return { what, page: msS(s), blank: msS(b), ratio: `${x.toFixed(2)}x`, target: label, met: limit ? x <= limit : undefined };
    };
    rows.push(navRow('first screen painted (frame end), default link (prerendered)', nav.default.firstScreen, blank.firstScreen, 2.5, '≤ 2.5x blank'));
    rows.push(navRow('first screen presented (Element Timing), default link', nav.default.presented, blank.presented, 2.5, '≤ 2.5x blank'));
    rows.push(navRow(`first screen painted (frame end), ${OTHER} (module renders)`, nav.other.firstScreen, blank.firstScreen, 2.5, '≤ 2.5x blank'));
    rows.push(navRow(`first screen presented (Element Timing), ${OTHER}`, nav.other.presented, blank.presented, 2.5, '≤ 2.5x blank'));
    rows.push(navRow('ready for input, painted, default link', nav.default.ready, blank.firstScreen, 5, '≤ 5x blank'));
    rows.push(navRow(`ready for input, painted, ${OTHER}`, nav.other.ready, blank.firstScreen, 5, '≤ 5x blank'));
    rows.push(navRow('first contentful paint, default link', nav.default.fcp, blank.fcp, null, '(record)'));
    rows.push(navRow(`first contentful paint, ${OTHER} (placeholders)`, nav.other.fcp, blank.fcp, null, '(record)'));
    rows.push(navRow('largest contentful paint, default link', nav.default.lcp, blank.lcp, null, `(record: ${nav.default.lcpElement ?? '?'})`));
    rows.push({ what: 'layout shift during load (sum), default / other', page: `${nav.default.cls.median.toFixed(4)} / ${nav.other.cls.median.toFixed(4)}`, blank: blank.cls.median.toFixed(4), target: '(record)' });
  }
  for (const [rate, u] of Object.entries(r.updates?.rates ?? {})) {
    const x = rate === '1' ? '' : ` at ${rate}x CPU`;
    for (const [id, s] of Object.entries(u.perSlider)) {
      rows.push({ what: `key → painted frame${x}, ${id}`, page: msS(s), blank: msS(u.blank), ratio: `${(s.median / u.blank.median).toFixed(1)}x`, target: rate === '1' ? '≤ 6 / p95 ≤ 10 ms' : '≤ 25 ms', met: rate === '1' ? s.median <= 6 && s.p95 <= 10 : s.median <= 25 });
    }
    rows.push({ what: `key → painted frame${x}, all sliders`, page: msS(u.all), blank: msS(u.blank), ratio: `${(u.all.median / u.blank.median).toFixed(1)}x`, target: rate === '1' ? '≤ 6 / p95 ≤ 10 ms' : '≤ 25 ms', met: rate === '1' ? u.all.median <= 6 && u.all.p95 <= 10 : u.all.median <= 25 });
  }
  const b = r.bytes;
  if (b) {
    const both = (x) => `${kb(x.gzip)} gzip, ${kb(x.brotli)} br`;
    rows.push({ what: 'bytes before the first screen (slow 4G), default link', page: both(b.first.before), target: '≤ 60 KB gzip', met: b.first.before.gzip <= 60_000 });
    rows.push({ what: '  of which render-blocking', page: both(b.first.renderBlocking) });
    rows.push({ what: `bytes before the first screen (slow 4G), ${OTHER}`, page: both(b.other.before), target: '≤ 60 KB gzip', met: b.other.before.gzip <= 60_000 });
    rows.push({ what: 'everything a reader can load', page: `${both(b.all)} (${kb(b.all.transferred)} transferred)`, target: '≤ 250 KB gzip', met: b.all.gzip <= 250_000 });
  }
  const lh = r.lighthouse;
  if (lh) {
    const s = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');
    rows.push({ what: `Lighthouse ${lh.version} mobile: performance`, page: s(lh.page.performance), blank: s(lh.blank.performance), target: '≥ 0.95', met: lh.page.performance >= 0.95 });
    rows.push({ what: 'Lighthouse: largest contentful paint', page: `${s(lh.page.lcp, 0)} ms`, blank: `${s(lh.blank.lcp, 0)} ms`, ratio: `${(lh.page.lcp / lh.blank.lcp).toFixed(2)}x` });
    rows.push({ what: 'Lighthouse: first contentful paint', page: `${s(lh.page.fcp, 0)} ms`, blank: `${s(lh.blank.fcp, 0)} ms`, ratio: `${(lh.page.fcp / lh.blank.fcp).toFixed(2)}x` });
    rows.push({ what: 'Lighthouse: total blocking time', page: `${s(lh.page.tbt, 0)} ms`, blank: `${s(lh.blank.tbt, 0)} ms` });
    rows.push({ what: 'Lighthouse: cumulative layout shift', page: `${s(lh.page.cls, 3)} (runs: ${lh.runs.page.map((x) => s(x.cls, 3)).join(', ')})`, blank: s(lh.blank.cls, 3), target: '≤ 0.02', met: lh.page.cls <= 0.02 });
    rows.push({ what: 'Lighthouse: accessibility; DOM elements', page: `${s(lh.page.accessibility)}; ${s(lh.page.domSize, 0)}`, blank: `${s(lh.blank.accessibility)}; ${s(lh.blank.domSize, 0)}`, target: '(unchanged or better)' });
  }
  return rows;
}

function printTraces(t) {
  const line = (label, m) => {
    const k = m.kinds;
    return `  ${label}\n    main thread ${f1(m.windowMs)} ms: script/wasm ${f1(k.script)} (of which wasm compilation ${f1(k.wasmCompile)}), `
      + `loading (HTML/CSS parse) ${f1(k.loading)}, style ${f1(k.style)}, layout ${f1(k.layout)}, paint/composite ${f1(k.paint)}, `
      + `other (tasks, IPC) ${f1(k.other)}, idle ${f1(m.idleMs)}\n`
      + `    top: ${m.top.slice(0, 8).map((x) => `${x.name} ${f1(x.ms)}`).join('; ')}`;
  };
  const off = (o) => `off the main thread: raster ${f1(o.rasterMs)} ms, display compositor ${f1(o.displayCompositorMs)} ms`;
  console.log('\nWhere the time goes (BENCH_TRACE=1; the traces are tests/artifacts/trace-*.json, for DevTools\' Performance panel):');
  console.log(line(`first load of the default link, navigation → first screen painted (frame end ${f1(t.load.firstScreenMs)} ms)`, t.load.toFirstScreen));
  console.log(line(`first load of the default link, navigation → ready, painted (${f1(t.load.readyMs)} ms; ${off(t.load.offMain)})`, t.load.toReady));
  for (const rate of [1, 4]) {
    const u = t[`update${rate}x`];
    if (u) console.log(line(`one key press on ${u.slider} at ${rate}x CPU, keydown → painted (${f1(u.ms)} ms; ${off(u.offMain)})`, u));
  }
}

// ---- main ----------------------------------------------------------------------------------------

const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavgAtStart: loadavg() },
  config: { navigations: NAVIGATIONS, updatesPerSlider: UPDATES, lighthouseRuns: LIGHTHOUSE_RUNS, viewport: VIEWPORT, other: OTHER, keyGapMs: KEY_GAP_MS },
};
const browser = await launch();
// For updates, frames as soon as they are ready, not at the display's 60 Hz: an update is timed to
// its painted frame, not to the next vsync (up to 16.7 ms of waiting). A browser of its own: with
// unthrottled frames Chromium keeps a core busy, which would slow the other measurements.
let unthrottled = null;
try {
  result.browser = browser.version();
  console.log(`Chromium ${result.browser}; ${result.machine.cpus} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`navigations: ${NAVIGATIONS} each of blank, default, ${OTHER} (fresh contexts, in turn)...`);
  result.navigation = await navigations(browser);
  unthrottled = await launch({ args: ['--disable-frame-rate-limit', '--disable-gpu-vsync'] });
  console.log(`key presses: ${UPDATES} per slider at 1x and 4x CPU, each beside one on the blank page's bare slider...`);
  result.updates = await updates(unthrottled);
  if (TRACE) result.trace = await traces(browser, unthrottled);
  await unthrottled.close();
  unthrottled = null;
  console.log('bytes (slow-4G load; a reader who opens everything)...');
  result.bytes = {
    first: await bytesBeforeFirstScreen(browser, baseUrl()),
    other: await bytesBeforeFirstScreen(browser, `${baseUrl()}${OTHER}`),
    all: await bytesAll(browser),
  };
  if (LIGHTHOUSE_RUNS > 0) {
    console.log(`Lighthouse: ${LIGHTHOUSE_RUNS} runs each of the page and the blank page...`);
    result.lighthouse = await lighthouse();
  }
  if (RUN_MC) result.mc = await monteCarlo(browser);
} finally {
  await unthrottled?.close().catch(() => {});
  await browser.close();
}
result.machine.loadavgAtEnd = loadavg();

console.log(`\nlr-anneal in the page, beside a blank page (medians and p95; ${VIEWPORT.width}x${VIEWPORT.height}; `
  + `load average at start ${result.machine.loadavgAtStart.map((x) => x.toFixed(2)).join(' ')}, at end ${result.machine.loadavgAtEnd.map((x) => x.toFixed(2)).join(' ')}):\n`);
const rows = rowsOf(result);
console.log(table(rows));
result.targets = rows.filter((r) => r.met !== undefined).map(({ what, page, target, met }) => ({ what, page, target, met }));
for (const [name, n] of Object.entries(result.navigation?.summary ?? {})) {
  if (n.invisible) console.log(`(${name}: in ${n.invisible} loads the first screen was not visible once ready: check the probe's selectors)`);
}
if (result.updates) {
  for (const [rate, u] of Object.entries(result.updates.rates)) {
    if (u.noChange) console.log(`(${rate}x: ${u.noChange} key presses changed nothing within 10 frames and were left out)`);
    if (u.later) console.log(`(${rate}x: ${u.later} updates showed in a later frame than the first after their key press)`);
  }
}
if (result.bytes) {
  const b = result.bytes;
  console.log(`\nbefore the first screen (slow 4G), default link: ${b.first.before.files.join(', ')}; render-blocking: ${b.first.renderBlocking.files.join(', ')}`);
  console.log(`before the first screen (slow 4G), ${OTHER}: ${b.other.before.files.join(', ')}`);
  console.log(`\neverything a reader can load, file by file (gzip / br / transferred):\n${result.bytes.all.files
    .sort((a, b) => (b.gzip ?? 0) - (a.gzip ?? 0))
    .map((f) => `  ${f.path}: ${kb(f.gzip)} / ${kb(f.brotli)} / ${kb(f.transferred)}${f.encoding ? ` (${f.encoding})` : ''}`).join('\n')}`);
}
if (result.lighthouse) {
  const moved = result.lighthouse.runs.page.flatMap((x, i) => x.shifts.map((sh) => `run ${i + 1}: ${sh.node} ${sh.score.toFixed(3)}`));
  if (moved.length) console.log(`\nLighthouse's layout shifts on the page: ${moved.join('; ')}`);
}
if (result.mc) {
  const mc = result.mc;
  const rate = (v) => `${(v / 1e6).toFixed(2)} M draws/s`;
  const np = mc.numpy?.draws_per_s;
  console.log(`\nMonte Carlo (paper, ${MC_TRIALS} draws, median of ${MC_REPEATS}): native ${rate(mc.native)}, wasm ${rate(mc.wasm)}`
    + `${np ? `, NumPy ${rate(np)}; native/NumPy ${(mc.native / np).toFixed(1)}x` : ` (NumPy peer: ${mc.numpy?.error ?? 'no result'})`}`
    + `; native/wasm ${(mc.native / mc.wasm).toFixed(2)}x`);
}
if (result.trace) printTraces(result.trace);
mkdirSync(ARTIFACTS, { recursive: true });
writeFileSync(join(ARTIFACTS, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log('\nwritten: tests/artifacts/bench.json');
