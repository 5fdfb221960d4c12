// Benchmarks of what a reader waits for, run by `./build.sh bench` (it builds, serves www/ and
// exports BASE_URL and LR_ANNEAL_BIN). Medians and p95 over many runs, in headless Chromium:
//   - navigation to the first frame that shows every figure: fresh browser context each time (no
//     cache), from navigation start to a requestAnimationFrame + setTimeout(0) after the page says
//     it is ready (the figures drawn, laid out and painted); beside it, a blank page of the same
//     origin, measured in the same loop;
//   - one full update, from a real input event (a key press on each slider, sent by the browser's
//     input pipeline) to the next painted frame: the page's input handler, its render on the next
//     animation frame, style, layout and paint (frames unthrottled: no vsync wait);
//   - the gzip (-9) bytes the page loads for its first render, and after a reader scrolled through
//     everything, ran the Monte Carlo and opened the Download menu (each URL once);
//   - Monte Carlo draws per second in the paper's setting: natively (`lr-anneal mc`), in wasm (the
//     page's module in the browser, the same draws), and the vectorized NumPy peer
//     (tests/bench/mc_numpy.py), side by side in this one run.
// Results are printed, and written as JSON to tests/artifacts/bench.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { launch, baseUrl, cliBin, settled, showSection } from '../e2e/helpers.mjs';

const NAVIGATIONS = Number(process.env.BENCH_NAVIGATIONS || 30);
const UPDATES_PER_SLIDER = Number(process.env.BENCH_UPDATES || 60);
const MC_TRIALS = 10_000_000;
const MC_REPEATS = 5;
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const NUMPY = fileURLToPath(new URL('./mc_numpy.py', import.meta.url));

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
};
const median = (xs) => quantile(xs, 0.5);
const stats = (xs) => ({ median: median(xs), p95: quantile(xs, 0.95), n: xs.length });
const ms = (s) => `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (n = ${s.n})`;

/** Collects `[url, body]` of every response of the page's own origin, each URL once. */
function recorder(page) {
  const bodies = new Map();
  page.on('response', (r) => {
    const url = r.url().split('?')[0];
    if (!url.startsWith(baseUrl()) || bodies.has(url)) return;
    bodies.set(url, r.body().catch(() => Buffer.alloc(0)));
  });
  return {
    async weigh(skip = new Set()) {
      let gzip = 0;
      const files = [];
      for (const [url, pending] of bodies) {
        if (skip.has(url)) continue;
        const body = await pending;
        const z = zlib.gzipSync(body, { level: 9 }).length;
        gzip += z;
        files.push([url.slice(baseUrl().length) || '(page)', z]);
      }
      return { gzip, files, urls: new Set(bodies.keys()) };
    },
  };
}

/** In the page: resolves after the next frame is painted (rAF, then a task after it). */
const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

async function firstRender(browser) {
  const full = [];
  const blank = [];
  for (let i = 0; i < NAVIGATIONS; i++) {
    for (const kind of ['page', 'blank']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.route('**/__blank.html', (route) => route.fulfill({
        contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>blank</title><p>blank</p>',
      }));
      const page = await context.newPage();
      if (kind === 'page') {
        await page.goto(`${baseUrl()}?preset=paper`, { waitUntil: 'commit' });
        await settled(page);
        full.push(await page.evaluate(async (f) => {
          await new Function(`return (${f})()`)();
          return performance.now();
        }, painted.toString()));
      } else {
        await page.goto(`${baseUrl()}__blank.html`, { waitUntil: 'commit' });
        await page.waitForSelector('p');
        blank.push(await page.evaluate(async (f) => {
          await new Function(`return (${f})()`)();
          return performance.now();
        }, painted.toString()));
      }
      await context.close();
    }
  }
  return { page: stats(full), blank: stats(blank) };
}

/** Input to painted frame: the page records it for each input event (see the init script). */
const INIT = () => {
  window.__updates = [];
  document.addEventListener('input', (e) => {
    const start = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__updates.push(performance.now() - start), 0));
  }, { capture: true });
};

async function updates(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(INIT);
  const page = await context.newPage();
  await page.goto(`${baseUrl()}?preset=paper`);
  await settled(page);
  const out = {};
  const every = [];
  for (const id of ['eps-range', 'lr-range', 'k-range', 'noise-range']) {
    await page.focus(`#${id}`);
    await page.evaluate(() => { window.__updates = []; });
    for (let i = 0; i < UPDATES_PER_SLIDER; i++) {
      // Back and forth, so the state stays near the preset's.
      await page.keyboard.press(i % 4 < 2 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForFunction((n) => window.__updates.length >= n, i + 1);
      await settled(page);
    }
    const samples = await page.evaluate(() => window.__updates);
    every.push(...samples);
    out[id] = stats(samples);
  }
  out.all = stats(every);
  await context.close();
  return out;
}

async function weights(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const rec = recorder(page);
  await page.goto(`${baseUrl()}?preset=paper`);
  await settled(page);
  await page.waitForLoadState('networkidle');
  const first = await rec.weigh();
  // A reader who reads to the end: the Lemma 2 explorer, the Monte Carlo panel, the sweeps,
  // beyond the paper, the gallery, the Download menu and the Embed dialog.
  await showSection(page, 'lemma2');
  await showSection(page, 'explore');
  await showSection(page, 'beyond');
  await page.waitForSelector('#prob[data-state="done"][data-exact="ready"]', { timeout: 60000 });
  await page.locator('#sweeps').scrollIntoViewIfNeeded();
  await settled(page);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click('#download-menu > summary');
  await page.waitForSelector('[data-download="table.csv"]');
  await page.keyboard.press('Escape');
  await page.click('#embed-open');
  await page.waitForSelector('#embed-dialog[open]');
  const all = await rec.weigh();
  await context.close();
  return { first, all };
}

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

const browser = await launch();
// For updates, frames as soon as they are ready, not at the display's 60 Hz: an update is timed to
// its painted frame, not to the next vsync (up to 16.7 ms of waiting). A browser of its own: with
// unthrottled frames Chromium keeps a core busy, which would slow the other measurements.
const unthrottled = await launch({ args: ['--disable-frame-rate-limit', '--disable-gpu-vsync'] });
try {
  const nav = await firstRender(browser);
  console.log(`first complete render (figures painted): ${ms(nav.page)}; blank page: ${ms(nav.blank)}`);
  const upd = await updates(unthrottled);
  await unthrottled.close();
  for (const [id, s] of Object.entries(upd)) console.log(`update, input to painted frame, ${id}: ${ms(s)}`);
  const w = await weights(browser);
  console.log(`bytes at first render: ${w.first.gzip} B gzip (${w.first.files.map(([f, z]) => `${f} ${z}`).join(', ')})`);
  console.log(`everything a reader can load: ${w.all.gzip} B gzip`);
  const mc = await monteCarlo(browser);
  const rate = (v) => `${(v / 1e6).toFixed(2)} M draws/s`;
  const np = mc.numpy?.draws_per_s;
  console.log(`Monte Carlo (paper, ${MC_TRIALS} draws, median of ${MC_REPEATS}): native ${rate(mc.native)}, wasm ${rate(mc.wasm)}`
    + `${np ? `, NumPy ${rate(np)}; native/NumPy ${(mc.native / np).toFixed(1)}x` : ` (NumPy peer: ${mc.numpy?.error ?? 'no result'})`}`
    + `; native/wasm ${(mc.native / mc.wasm).toFixed(2)}x`);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(`${ARTIFACTS}bench.json`, `${JSON.stringify({ nav, updates: upd, bytes: { first: w.first.gzip, all: w.all.gzip, files: w.all.files }, mc }, null, 2)}\n`);
} finally {
  await browser.close();
  await unthrottled.close().catch(() => {});
}
