// Browser benchmark, run by `./build.sh bench` (it builds, serves www/ and exports BASE_URL):
// medians, in headless Chromium, of
//   - navigation to the first complete render (fresh browser context each time, no cache),
//   - one full update: simulate + draw all four figures + fill the table (window.lrAnneal.render),
//     the same followed by the browser's layout pass, and, measured side by side in the same
//     loop, the simulation alone and the drawing alone,
//   - the gzip weight of everything the page loads: by itself (the first load), and what a reader
//     who scrolls to the end and opens the Download menu loads on top (the extras module).
import zlib from 'node:zlib';
import { launch, baseUrl } from '../e2e/helpers.mjs';

const NAVIGATIONS = 15;
const UPDATES = 300;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => `${ms.toFixed(2)} ms`;

/** Raw and gzip (-9) bytes of the responses, each URL once (and none already in `before`). */
async function weigh(pending, before = null) {
  const seen = new Set(before ? before.urls : []);
  const out = { raw: 0, gzip: 0, files: [], urls: [...seen] };
  for (const entry of await Promise.all(pending)) {
    if (!entry) continue;
    const [url, body] = entry;
    // The Monte Carlo worker loads the extras module again (from the HTTP cache): count it once.
    if (seen.has(url)) continue;
    seen.add(url);
    out.urls.push(url);
    const z = zlib.gzipSync(body, { level: 9 }).length;
    out.raw += body.length;
    out.gzip += z;
    out.files.push(`${url.slice(baseUrl().length) || '(page)'} ${body.length} B, ${z} B gzip`);
  }
  return out;
}

/** In the page: `n` full updates, the same followed by layout, and the simulation and drawing
 * alone, in one loop (times in ms). */
async function updates(n) {
  const core = await import('./pkg/lr_anneal.js');
  const canvases = ['a', 'b', 'c', 'loss'].map((f) => [f, document.getElementById(`fig-${f}`)]);
  const full = [];
  const withLayout = [];
  const simulate = [];
  const draw = [];
  for (let i = 0; i < n; i++) {
    const q = `preset=paper&eps=${(0.005 + 0.0001 * (i % 50)).toFixed(4)}&lr=${1 + 0.01 * (i % 40)}`;
    let t = performance.now();
    window.lrAnneal.render(q);
    full.push(performance.now() - t);
    // The same update followed by the browser's style and layout pass (forced here; on the
    // page it runs once per frame after the script).
    t = performance.now();
    window.lrAnneal.render(q.replace('preset=paper', 'preset=paper&k=5'));
    void document.body.offsetHeight;
    withLayout.push(performance.now() - t);
    t = performance.now();
    const view = new core.View(q);
    JSON.parse(view.json());
    simulate.push(performance.now() - t);
    t = performance.now();
    for (const [f, c] of canvases) view.draw(f, c, false, window.devicePixelRatio || 1);
    draw.push(performance.now() - t);
    view.free();
  }
  return { full, withLayout, simulate, draw };
}

const browser = await launch();
try {
  const base = baseUrl();

  // Navigation to first complete render; on the first load, the bytes loaded on the way.
  const firstRender = [];
  let initial = null;
  let everything = null;
  for (let i = 0; i < NAVIGATIONS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const bodies = [];
    if (i === 0) {
      page.on('response', (r) => bodies.push(r.body().then((b) => [r.url(), b]).catch(() => null)));
    }
    await page.goto(base);
    await page.waitForSelector('body[data-ready="1"]');
    firstRender.push(await page.evaluate(() => Number(document.body.dataset.firstRenderMs)));
    if (i === 0) {
      // What the page loads by itself: until the network is idle, without scrolling.
      await page.waitForLoadState('networkidle');
      initial = await weigh(bodies.splice(0));
      // Then what a reader who sees everything loads on top: scroll to the Lemma 2 explorer, then
      // to the probability panel and the sweeps (the extras module and the Monte Carlo worker),
      // and open the Download menu.
      await page.locator('#lemma2').scrollIntoViewIfNeeded();
      await page.waitForSelector('#l2-title');
      await page.waitForLoadState('networkidle');
      await page.locator('#sweeps').scrollIntoViewIfNeeded();
      await page.waitForSelector('body[data-sweep-query]');
      await page.locator('#download-menu summary').click();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
      everything = await weigh(bodies.splice(0), initial);
    }
    await context.close();
  }

  // Full updates, alternating queries so every update really changes the picture.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForSelector('body[data-ready="1"]');
  const timings = await page.evaluate(updates, UPDATES);
  // The same with every section loaded (as after scrolling through the page): each update then
  // also refills the Lemma 2 explorer and the probability panel. Measured back at the top, as a
  // reader moving the sliders sees it (the sweeps redraw only while on screen).
  for (const id of ['lemma2', 'explore']) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    await page.waitForSelector(`#${id}[data-loaded="1"]`, { state: 'attached' });
  }
  await page.waitForSelector('#prob[data-state="done"]');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  const loaded = await page.evaluate(updates, UPDATES / 3);
  // Monte Carlo draws per second in the browser: the paper's setting, as the native criterion
  // benchmark `monte_carlo/paper_draws/0` runs it (100,000 draws per sample).
  const mc = await page.evaluate(async () => {
    const extras = await import('./pkg/lr_anneal_extras.js');
    await extras.default();
    const rates = [];
    for (let i = 0; i < 7; i++) {
      const run = new extras.MonteCarloRun('preset=paper&trials=100000');
      const t0 = performance.now();
      run.step(100000);
      rates.push(100000 / ((performance.now() - t0) / 1000));
      run.free();
    }
    return rates;
  });
  await context.close();

  console.log(`navigation to first complete render: median ${fmt(median(firstRender))} over ${NAVIGATIONS} fresh loads`);
  console.log(`full update (simulate + draw 4 figures + table): median ${fmt(median(timings.full))} over ${UPDATES}`);
  console.log(`full update followed by style and layout: median ${fmt(median(timings.withLayout))}`);
  console.log(`  of which simulate (new View + json): median ${fmt(median(timings.simulate))}`);
  console.log(`  of which draw (4 canvases): median ${fmt(median(timings.draw))}`);
  console.log(`with every section loaded (after scrolling through the page), over ${UPDATES / 3}:`);
  console.log(`  full update: median ${fmt(median(loaded.full))}; followed by style and layout: median ${fmt(median(loaded.withLayout))}`);
  console.log(`Monte Carlo in the browser (main thread): median ${(median(mc) / 1e6).toFixed(2)} million draws/s`);
  console.log(`page weight, first load (until the network is idle, no scrolling): ${initial.raw} B raw, ${initial.gzip} B gzip (-9), ${initial.files.length} files`);
  for (const f of initial.files) console.log(`  ${f}`);
  console.log(`loaded later, by scrolling to the sections below the table and opening Download: ${everything.raw} B raw, ${everything.gzip} B gzip (-9), ${everything.files.length} files`);
  for (const f of everything.files) console.log(`  ${f}`);
  console.log(`page weight, everything: ${initial.raw + everything.raw} B raw, ${initial.gzip + everything.gzip} B gzip (-9)`);
} finally {
  await browser.close();
}
