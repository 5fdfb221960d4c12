// Browser benchmark, run by `./build.sh bench` (it builds, serves www/ and exports BASE_URL):
// medians, in headless Chromium, of
//   - navigation to the first complete render (fresh browser context each time, no cache),
//   - one full update: simulate + draw all four figures + fill the table (window.lrAnneal.render),
//     the same followed by the browser's layout pass, and, measured side by side in the same
//     loop, the simulation alone and the drawing alone,
//   - the gzip weight of everything the page loads.
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

const browser = await launch();
try {
  const base = baseUrl();

  // Navigation to first complete render, and the bytes loaded on the way.
  const firstRender = [];
  let raw = 0;
  let gzip = 0;
  const files = [];
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
      const seen = new Set();
      for (const entry of await Promise.all(bodies)) {
        if (!entry) continue;
        const [url, body] = entry;
        // The Monte Carlo worker loads the same wasm again (from the HTTP cache): count each file once.
        if (seen.has(url)) continue;
        seen.add(url);
        const z = zlib.gzipSync(body, { level: 9 }).length;
        raw += body.length;
        gzip += z;
        files.push(`${url.slice(base.length) || '(page)'} ${body.length} B, ${z} B gzip`);
      }
    }
    await context.close();
  }

  // Full updates, alternating queries so every update really changes the picture.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForSelector('body[data-ready="1"]');
  const timings = await page.evaluate(async (n) => {
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
    // Monte Carlo draws per second in the browser: the paper's setting, as the native criterion
    // benchmark `monte_carlo/paper_draws/0` runs it (100,000 draws per sample).
    const mc = [];
    for (let i = 0; i < 7; i++) {
      const run = new core.MonteCarloRun('preset=paper&trials=100000');
      const t0 = performance.now();
      run.step(100000);
      mc.push(100000 / ((performance.now() - t0) / 1000));
      run.free();
    }
    return { full, withLayout, simulate, draw, mc };
  }, UPDATES);
  await context.close();

  console.log(`navigation to first complete render: median ${fmt(median(firstRender))} over ${NAVIGATIONS} fresh loads`);
  console.log(`full update (simulate + draw 4 figures + table): median ${fmt(median(timings.full))} over ${UPDATES}`);
  console.log(`full update followed by style and layout: median ${fmt(median(timings.withLayout))}`);
  console.log(`  of which simulate (new View + json): median ${fmt(median(timings.simulate))}`);
  console.log(`  of which draw (4 canvases): median ${fmt(median(timings.draw))}`);
  console.log(`Monte Carlo in the browser (main thread): median ${(median(timings.mc) / 1e6).toFixed(2)} million draws/s`);
  console.log(`page weight: ${raw} B raw, ${gzip} B gzip (-9), ${files.length} files`);
  for (const f of files) console.log(`  ${f}`);
} finally {
  await browser.close();
}
