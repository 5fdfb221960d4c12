// End-to-end tests of the "beyond Figure 1" panels (www/views/explore.js, www/mc-worker.js): the
// probability panel's numbers equal `lr-anneal mc` for a seeded run, a long run streams, can be
// cancelled and leaves the sliders responsive, clicking a sweep sets the parameter and the URL;
// what loads only when it is needed (the sections' scripts, the extras module, the worker).
// Screenshots of both panels go to tests/artifacts/. One browser for the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { baseUrl, openPage, showSection, mc, run, assertClose, waitForQuery, shownQuery, fileBrowser, caughtUp } from './helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

const shared = fileBrowser();

/** Opens the page and scrolls to this section, which loads when it comes near the screen. */
const open = async (t, query = '', options = {}) => {
  const opened = await openPage(shared.browser, t, query, options);
  await showSection(opened.page, 'explore');
  return opened;
};

/** The page's own files requested so far (paths under the base URL, in order). */
function requests(page) {
  const seen = [];
  page.on('request', (r) => {
    if (r.url().startsWith(baseUrl())) seen.push(r.url().slice(baseUrl().length).split('?')[0] || '(page)');
  });
  return seen;
}

test('the first render loads the one wasm module; the rest loads when a reader gets to it', async (t) => {
  const LATER = ['views/lemma2.js', 'views/explore.js', 'views/beyond.js', 'views/export.js', 'views/embed-dialog.js', 'mc-worker.js'];
  const later = (seen) => LATER.filter((f) => seen.includes(f));
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const seen = requests(page);
  // Every response of the page's origin, each URL once (the HTTP cache serves repeats).
  const bodies = new Map();
  page.on('response', (r) => {
    const url = r.url().split('?')[0];
    if (url.startsWith(baseUrl()) && !bodies.has(url)) bodies.set(url, r.body().catch(() => Buffer.alloc(0)));
  });
  const weigh = async () => (await Promise.all(bodies.values())).reduce((sum, b) => sum + zlib.gzipSync(b, { level: 9 }).length, 0);
  await page.goto(`${baseUrl()}?preset=paper`);
  await page.waitForSelector('body[data-ready="1"]');
  await page.waitForLoadState('networkidle');
  assert.ok(seen.includes('pkg/lr_anneal_bg.wasm'), seen.join(' '));
  assert.deepEqual(later(seen), [], 'nothing below the fold loads with the first render');
  // What the page loads by itself, gzip (-9), file by file (./build.sh bench prints the list).
  // The one module holds everything (nothing is shipped twice), so the first render loads it
  // all: about 314 KB today (the wasm module is 235 KB of it since the core writes every text
  // and label the page shows), against the target of 250 KB (not met; see the README's
  // Performance section). This bound catches growth.
  const gzip = await weigh();
  t.diagnostic(`first load: ${gzip} B gzip`);
  assert.ok(gzip < 322_000, `first load ${gzip} B gzip, over the 322 KB bound`);
  // Until then the panels say they are loading, and Run waits.
  assert.match(await page.textContent('#mc-status'), /^Loading the Monte Carlo panel/);
  assert.equal(await page.isDisabled('#mc-run'), true);
  assert.equal(await page.textContent('#sweep-loading'), 'Loading the sweeps…');
  assert.equal(await page.textContent('#l2-status'), 'Loading the explorer…');
  // The Lemma 2 explorer, on the way down (the next section may start loading too: it is near).
  await showSection(page, 'lemma2');
  assert.ok(seen.includes('views/lemma2.js'));
  assert.ok(Number(await page.locator('#l2-body tr').count()) > 0, 'the explorer is filled in');
  // The probability panel and the sweeps: their script and the worker, which instantiates the
  // page's compiled module (no second wasm download).
  await showSection(page, 'explore');
  await waitDone(page);
  assert.deepEqual(later(seen).sort(), ['views/explore.js', 'views/lemma2.js', 'mc-worker.js'].sort());
  assert.equal(seen.filter((f) => f.endsWith('.wasm')).length, 1, seen.join(' '));
  assert.equal(await page.textContent('#exact-prob'), '3/4');
  assert.equal(await page.isDisabled('#mc-run'), false);
  await page.locator('#sweeps').scrollIntoViewIfNeeded(); // drawn only near the screen
  await page.waitForSelector('#sweep-loading', { state: 'hidden' });
  assert.equal(await page.textContent('#l2-status'), '');
  // Beyond the paper: its script as its section opens.
  await showSection(page, 'beyond');
  assert.ok(seen.includes('views/beyond.js'));
  assert.ok(Number(await page.locator('#schedule-rows tr').count()) === 6, 'gradient flow and five schedules');
  // Every text hook of every section, opened and scrolled to, is filled by its view.
  await caughtUp(page);
  const empty = await page.$$eval('[data-key], [data-len], [data-of-eps]', (els) => els
    .filter((el) => !el.closest('template, [hidden]') && el.getClientRects().length > 0)
    .filter((el) => el.textContent === '' && !('value' in el.dataset))
    .map((el) => `${el.closest('[data-slot]')?.dataset.slot}: ${el.outerHTML.slice(0, 80)}`));
  assert.deepEqual(empty, [], 'hooks no view fills');
  // The Download menu's script, as it opens; the Embed dialog's, as it opens.
  await page.click('#download-menu > summary');
  await page.waitForSelector('[data-download="table.csv"]');
  assert.ok(seen.includes('views/export.js'));
  await page.keyboard.press('Escape');
  await page.click('#embed-open');
  await page.waitForSelector('#embed-dialog[open]');
  assert.ok(seen.includes('views/embed-dialog.js'));
  await page.keyboard.press('Escape');
  // Everything a reader can load, each file once. The budget is 250 KB gzip; it is about
  // 331 KB, over it (see the README's Performance section). This bound catches growth.
  const all = await weigh();
  t.diagnostic(`everything: ${all} B gzip`);
  assert.ok(all <= 340_000, `everything ${all} B gzip, over the 340 KB bound`);

  // An embed loads none of them, even scrolled to the end.
  const embed = await context.newPage();
  const embedSeen = requests(embed);
  await embed.goto(`${baseUrl()}?preset=paper&embed=1&show=a,b,c,loss,table`);
  await embed.waitForSelector('body[data-ready="1"]');
  await embed.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await embed.waitForLoadState('networkidle');
  assert.deepEqual(later(embedSeen), []);
});

test('when the Monte Carlo worker cannot start, the panel says so and the rest of the page works', async (t) => {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  await context.route('**/mc-worker.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const page = await context.newPage();
  await page.goto(`${baseUrl()}?preset=paper`);
  await page.waitForSelector('body[data-ready="1"]');
  await showSection(page, 'explore');
  await page.waitForFunction(() => /^The Monte Carlo worker failed/.test(document.getElementById('mc-status').textContent));
  // The figures still follow the sliders.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.fill('#eps-text', '0.02');
  await page.press('#eps-text', 'Enter');
  await waitForQuery(page, { eps: '0.02' });
  // The downloads need only the page's module.
  await page.click('#download-menu > summary');
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-download="fig-a.png"]')]);
  assert.match(png.suggestedFilename(), /^lr-anneal_paper_eps0\.02_.*_fig-a\.png$/);
  if (!(await page.isVisible('[data-download="fig-a.svg"]'))) await page.click('#download-menu > summary');
  const [svg] = await Promise.all([page.waitForEvent('download'), page.click('[data-download="fig-a.svg"]')]);
  assert.match(svg.suggestedFilename(), /^lr-anneal_paper_eps0\.02_.*_fig-a\.svg$/);
});

/** Waits until the run for the current settings has finished and the exact value is in. */
async function waitDone(page, timeout = 30000) {
  await page.waitForSelector('#prob[data-state="done"][data-fresh="1"][data-exact="ready"]', { timeout });
}

const attr = (page, sel, name) => page.getAttribute(sel, name);

test('the probability panel equals `lr-anneal mc` for seeded runs', async (t) => {
  const { page, errors } = await open(t, 'preset=paper&seed=7&trials=20000');
  // The paper; three coordinates and six samples (exact 50/81); label noise (no exact value, and
  // draws where a run cannot stop).
  for (const query of ['v=1&preset=paper&seed=7&trials=20000', 'v=1&preset=paper&beta=1,1,1&n=6&seed=3&lr=auto&k=10&trials=15000',
    'v=1&preset=paper&seed=5&noise=0.1&trials=8000',
    // Beyond the paper: mini-batches drawn per draw, and Gaussian inputs (no exact value either).
    'v=1&preset=sgd&trials=3000', 'v=1&preset=gaussian&trials=3000']) {
    await page.goto(`${baseUrl()}?${query}`);
    await page.waitForSelector('body[data-ready="1"]');
    await showSection(page, 'explore');
    await waitDone(page);
    await waitForQuery(page, query);
    const cli = mc(query);
    assert.equal(cli.params.query, query, 'a canonical query');
    assert.equal(await attr(page, '#mc-count', 'data-value'), String(cli.trials));
    assert.equal(await attr(page, '#mc-fraction', 'data-value'), String(cli.fraction_ratio_ge_1_5), `${query}: fraction`);
    assert.equal(await attr(page, '#mc-ci', 'data-lo'), String(cli.ci95[0]), `${query}: ci95 low`);
    assert.equal(await attr(page, '#mc-ci', 'data-hi'), String(cli.ci95[1]), `${query}: ci95 high`);
    const counts = JSON.parse(await attr(page, '#mc-hist', 'data-counts'));
    assert.deepEqual(counts, [...cli.histogram.counts, cli.histogram.overflow], `${query}: histogram`);
    // The same counts in the histogram's table (for screen readers).
    const table = await page.$$eval('#mc-table-body td', (tds) => tds.map((td) => Number(td.textContent.replace(/,/g, ''))));
    assert.deepEqual(table, counts);
    // The exact probability and its patterns.
    assertClose(await attr(page, '#exact-prob', 'data-value'), cli.exact_probability, `${query}: exact`);
    const rows = await page.$$eval('#pattern-body tr', (trs) => trs.map((tr) => ({
      counts: tr.querySelector('th').textContent,
      probability: tr.children[1].dataset.value,
      ratio: tr.children[2].dataset.value,
    })));
    const patterns = cli.patterns ?? [];
    assert.equal(rows.length, patterns.length, `${query}: patterns`);
    patterns.forEach((p, i) => {
      assert.equal(rows[i].counts, `(${p.counts.join(', ')})`);
      assertClose(rows[i].probability, p.probability, `${query}: pattern ${i} probability`);
      assertClose(rows[i].ratio, p.ratio, `${query}: pattern ${i} ratio`);
    });
    assert.equal(await page.isVisible('#pattern-wrap'), cli.patterns !== null);
    // Without an exact value the panel says why, in the core's words.
    if (cli.exact_probability === null) {
      assert.ok(cli.exact_note, `${query}: the CLI says why there is no exact value`);
      assert.ok((await page.textContent('#pattern-note')).includes(cli.exact_note), `${query}: the reason`);
    }
    // Monte Carlo agrees with the exact value within its interval.
    if (cli.exact_probability !== null) {
      assert.ok(cli.ci95[0] <= cli.exact_probability && cli.exact_probability <= cli.ci95[1]);
    }
    t.diagnostic(`${query}: ${await page.textContent('#mc-status')}`);
  }
  // The paper's setting at a glance: 3/4, and about twice.
  await page.goto(`${baseUrl()}?preset=paper&seed=7&trials=20000`);
  await page.waitForSelector('body[data-ready="1"]');
  await showSection(page, 'explore');
  await waitDone(page);
  assert.equal(await page.textContent('#exact-prob'), '3/4');
  // The lede states this state's draws: n = 3 samples, from seed 7.
  assert.equal(await page.textContent('#prob .lede [data-len="samples.labels"]'), '3');
  assert.equal(await page.textContent('#prob .lede [data-key="params.seed"]'), '7');
  assert.match(await page.textContent('#mc-fraction'), /^7\d\.\d%$/);
  assert.match(await page.textContent('#exact-ratio'), /^1\.9\d*×$/);
  assert.deepEqual(await page.$$eval('#pattern-body th', (ths) => ths.map((th) => th.textContent)),
    ['(2, 1)', '(1, 2)', '(3, 0)', '(0, 3)']);
  // Its headline is green (annealing helps in most draws); one where no draw has a ratio (every
  // large-step run diverges) says so in words and in the text's colour.
  const headline = () => page.evaluate(() => ({
    kind: document.getElementById('mc-stat').dataset.kind,
    text: document.getElementById('mc-fraction').textContent,
    color: getComputedStyle(document.getElementById('mc-fraction')).color,
    plain: getComputedStyle(document.querySelector('#figures .s-gf .stat-value')).color,
  }));
  const green = await headline();
  assert.equal(green.kind, 'helps');
  assert.notEqual(green.color, green.plain, 'the share where annealing helps reads green');
  await page.goto(`${baseUrl()}?lr=1000&k=200&trials=1000`);
  await page.waitForSelector('body[data-ready="1"]');
  await showSection(page, 'explore');
  await waitDone(page);
  const none = await headline();
  assert.deepEqual([none.kind, none.text], ['neutral', 'no ratio']);
  assert.equal(none.color, none.plain, 'a headline without a ratio is not green');
  assert.match(await page.textContent('#mc-undefined'), /^None of the 1,000 draws has a ratio/);
  assert.deepEqual(errors, []);
});

test('changing the settings reruns small runs by themselves, and the trials menu sets the link', async (t) => {
  const { page, errors } = await open(t, 'preset=paper&trials=5000');
  await waitDone(page);
  const before = await attr(page, '#mc-fraction', 'data-value');
  // K = 0: no large steps, annealing is gradient flow: it never helps.
  await page.fill('#k-text', '0');
  await page.waitForFunction(() => document.querySelector('#mc-fraction').dataset.value === '0', null);
  await waitDone(page);
  assert.notEqual(before, '0');
  assert.equal(await page.textContent('#exact-prob'), '0');
  // A large run waits for the button.
  await page.selectOption('#mc-trials', '1000000');
  await waitForQuery(page, { trials: 1000000 });
  await page.waitForSelector('#prob[data-fresh="0"]');
  assert.match(await page.textContent('#mc-run'), /Run 1,000,000 draws/);
  assert.equal(await page.inputValue('#trials-text'), '1000000');
  assert.deepEqual(errors, []);
});

test('a long run streams, can be cancelled, and the sliders stay responsive', async (t) => {
  // With label noise every draw is simulated (no outcome cache per count pattern): a long run.
  const { page, errors } = await open(t, 'preset=paper&noise=0.01&trials=10000000');
  // The panel paints on the next frame after it loads.
  await page.waitForFunction(() => /Press Run/.test(document.getElementById('mc-status').textContent));
  await page.click('#mc-run');
  await page.waitForFunction(() => Number(document.querySelector('#mc-count').dataset.value) > 0, null);
  assert.equal(await attr(page, '#prob', 'data-state'), 'running');
  assert.equal(await page.isVisible('#mc-cancel'), true);

  // Input-to-redraw latency while the worker runs: move the eps slider and time until the page
  // has re-rendered (app.js writes body[data-render-ms] at the end of every update).
  const latencies = [];
  for (let i = 0; i < 9; i++) {
    const ms = await page.evaluate(async (step) => {
      const el = document.getElementById('eps-range');
      const rendered = new Promise((resolve) => {
        const mo = new MutationObserver(() => {
          mo.disconnect();
          resolve();
        });
        mo.observe(document.body, { attributes: true, attributeFilter: ['data-query'] });
      });
      const t0 = performance.now();
      el.value = String(-2 + 0.05 * step);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      await rendered;
      await new Promise((r) => requestAnimationFrame(() => r()));
      return performance.now() - t0;
    }, i + 1);
    latencies.push(ms);
  }
  latencies.sort((a, b) => a - b);
  const median = latencies[Math.floor(latencies.length / 2)];
  t.diagnostic(`input-to-redraw during a run: median ${median.toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms`);
  // Not a speed test (see ./build.sh bench): the page keeps responding while the worker runs.
  assert.ok(median < 1500, `median latency ${median} ms`);
  const eps = await page.inputValue('#eps-text');
  assert.notEqual(eps, '0.01');
  await waitForQuery(page, { eps });
  // The run went on meanwhile (for the earlier settings, and the page says so).
  const d1 = Number(await attr(page, '#mc-count', 'data-value'));
  await page.waitForFunction((d) => Number(document.querySelector('#mc-count').dataset.value) > d, d1);
  assert.equal(await attr(page, '#prob', 'data-fresh'), '0');
  assert.match(await page.textContent('#mc-status'), /For earlier settings/);
  const rate = Number(await attr(page, '#prob', 'data-rate'));

  await page.click('#mc-cancel');
  await page.waitForSelector('#prob[data-state="cancelled"]');
  const stopped = Number(await attr(page, '#mc-count', 'data-value'));
  assert.ok(stopped > 0 && stopped < 10000000, `${stopped} draws`);
  // The worker's last message for a run is its 'end' (nothing follows it): what the page shows is
  // that message's count.
  assert.equal(Number(await attr(page, '#mc-count', 'data-value')), stopped, 'nothing after the cancel');
  assert.match(await page.textContent('#mc-status'), /Cancelled after/);
  assert.equal(await page.isVisible('#mc-cancel'), false);
  // The numbers so far are those of the first `stopped` draws of the seeded run.
  const cli = mc(`preset=paper&noise=0.01&trials=${stopped}`);
  assert.equal(await attr(page, '#mc-fraction', 'data-value'), String(cli.fraction_ratio_ge_1_5));
  const native = cli.trials / (cli.elapsed_ms / 1000);
  t.diagnostic(`Monte Carlo: ${Math.round(rate)} draws/s in the browser's worker, ${Math.round(native)} draws/s natively`);
  assert.deepEqual(errors, []);
});

test('clicking a sweep sets the parameter and the URL; so do the arrow keys and Enter', async (t) => {
  const { page, errors } = await open(t, 'preset=paper');
  await page.locator('#sweeps').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !!document.body.dataset.sweepQuery);
  for (const [axis, key, frac, symbol] of [['lr', 'lr', 0.3, 'η'], ['k', 'k', 0.62, 'K'], ['eps', 'eps', 0.2, 'ε']]) {
    const canvas = page.locator(`#sweep-${axis}`);
    const box = await canvas.boundingBox();
    const [l, top, r, b] = (await canvas.getAttribute('data-plot')).split(',').map(Number);
    const x = box.x + l + frac * (r - l);
    const y = box.y + (top + b) / 2;
    await page.mouse.move(x, y);
    const tip = page.locator(`.sweep[data-axis="${axis}"] .sweep-tip`);
    await tip.waitFor({ state: 'visible' });
    const head = await tip.locator('b').textContent();
    const m = head.match(new RegExp(`^${symbol} = (.+)$`));
    assert.ok(m, head);
    const value = m[1];
    const q0 = await shownQuery(page);
    await page.mouse.click(x, y);
    await waitForQuery(page, { [key]: value });
    assert.equal(await page.inputValue(`#${key}-text`), value, `${axis}: the control shows ${value}`);
    assert.notEqual(await shownQuery(page), q0);
    t.diagnostic(`${axis}: clicked ${value}`);
  }
  assert.equal(await page.isChecked('#lr-auto'), false);
  // Keyboard: from the current K, two steps right and Enter.
  const k0 = Number(await page.inputValue('#k-text'));
  await page.focus('#sweep-k');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await waitForQuery(page, { k: k0 + 2 });
  // The sweeps follow the sliders.
  await page.waitForFunction((k) => new URLSearchParams(document.body.dataset.sweepQuery).get('k') === String(k), k0 + 2);
  const before = await page.$eval('#sweep-k', (c) => c.toDataURL());
  await page.fill('#eps-text', '0.05');
  await page.waitForFunction((d) => document.getElementById('sweep-k').toDataURL() !== d, before);
  assert.deepEqual(errors, []);
});

test('the lr sweep says where a run stops below eps, as the CLI does', async (t) => {
  const { page, errors } = await open(t, 'preset=paper');
  await page.locator('#sweeps').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !!document.body.dataset.sweepQuery);
  // Home, then Shift+ArrowRight (ten points a press) along the sweep's 161 points: each press
  // moves the tip to the next tenth point.
  const tip = page.locator('.sweep[data-axis="lr"] .sweep-tip');
  await page.focus('#sweep-lr');
  await page.keyboard.press('Home');
  await tip.waitFor({ state: 'visible' });
  const seen = { true: 0, false: 0 };
  for (let press = 0; press <= 16; press += 1) {
    const head = await tip.locator('b').textContent();
    const value = head.replace(/^η = /, '');
    const text = await tip.textContent();
    const cli = run(`preset=paper&lr=${value}`);
    if (cli.annealed.test_loss !== null) { // else no stop: the other band
      assert.equal(text.includes('not like-for-like'), !cli.comparable, `η = ${value}: the tip reads "${text}"`);
      seen[cli.comparable] += 1;
    }
    if (press === 16) break;
    await page.keyboard.press('Shift+ArrowRight');
    await page.waitForFunction((prev) => document.querySelector('.sweep[data-axis="lr"] .sweep-tip b').textContent !== prev, head);
  }
  assert.ok(seen.true > 0 && seen.false > 0, `both kinds seen: ${JSON.stringify(seen)}`);
  assert.deepEqual(errors, []);
});

test('phone width: no sideways scroll; screenshots of both panels (tests/artifacts/)', async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [name, viewport, colorScheme, scale] of [
    ['desktop-light', { width: 1280, height: 900 }, 'light', 1],
    ['desktop-dark', { width: 1280, height: 900 }, 'dark', 1],
    ['phone-light', { width: 375, height: 812 }, 'light', 2],
    ['phone-dark', { width: 375, height: 812 }, 'dark', 2],
  ]) {
    const { page, errors } = await open(t, 'preset=paper', { viewport, colorScheme, deviceScaleFactor: scale });
    await waitDone(page);
    await page.locator('#sweeps').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => !!document.body.dataset.sweepQuery);
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw, `${name}: scrollWidth ${sw} > clientWidth ${cw}`);
    // Hover a point of the lr sweep so that the screenshot shows the tooltip.
    const box = await page.locator('#sweep-lr').boundingBox();
    const [l, top, r, b] = (await page.getAttribute('#sweep-lr', 'data-plot')).split(',').map(Number);
    await page.mouse.move(box.x + l + 0.35 * (r - l), box.y + (top + b) / 2);
    await page.locator('#prob').screenshot({ path: `${ARTIFACTS}explore-prob-${name}.png` });
    await page.locator('#sweeps').screenshot({ path: `${ARTIFACTS}explore-sweeps-${name}.png` });
    assert.deepEqual(errors, [], name);
  }
});
