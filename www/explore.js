// "Beyond Figure 1": the probability panel (Proposition 1 over many draws) and the sweeps.
// Like the rest of the page it holds no maths: the Monte Carlo runs in a Web Worker with its own
// instance of the page's wasm module (mc-worker.js, handed the module app.js compiled), the exact
// probability comes from the worker too, and the sweeps from the View on screen, which also draws
// them and says where it put each point (so a click maps to a swept value). app.js loads this
// script when the section first comes near the screen: the first render needs none of it.
//
// app.js calls init(store, actions) once; this module then subscribes to the store.

import { $, dismissable, dpr, fitCanvas, fmtNum, isDark, message, observeCanvas, onThemeChange, setText, sig3, canvasSize } from './ui.js';

/** Runs of at most this many draws start by themselves when the settings change. */
const AUTO_MAX = 20000;
const AUTO_DELAY_MS = 300;
const TRIAL_CHOICES = [10000, 100000, 1000000, 10000000];
const SWEEP_POINTS = 161;
const PAINT_EVERY_MS = 150;
const AXES = ['lr', 'k', 'eps'];
const SYMBOL = { lr: 'η', k: 'K', eps: 'ε' };

const ex = {
  core: null, // the wasm module's exports (app.js's store.core)
  store: null, // app.js's store (view: the View on screen)
  app: null, // app.js's actions: set(pairs) -> error or null
  query: '', // the query shown here
  report: null,
  keys: { exact: '', run: '' }, // what the current query's results depend on
  worker: null,
  workerError: null,
  job: null, // { id, key, total, state, done, ms, summary }
  nextId: 1,
  exact: null, // { key, view }
  noExact: null, // why the current setup has no exact probability, if it has none
  autoTimer: 0,
  paintFrame: 0, // a pending repaint (timer or frame)
  lastPaint: 0,
  views: {}, // axis -> the core's SweepView (numbers and where they were drawn)
  cursor: {}, // axis -> index under the pointer / keyboard
  sweepsDirty: true,
  sweepsVisible: false,
  sweepFrame: 0,
};

const int = new Intl.NumberFormat('en-US');
const pct = (v, digits = 1) => `${(v * 100).toFixed(digits)}%`;

// ---- the probability panel ---------------------------------------------------------------------

function startWorker() {
  try {
    ex.worker = new Worker(new URL('./mc-worker.js', import.meta.url), { type: 'module' });
    ex.worker.postMessage({ type: 'init', module: ex.store.module });
  } catch (e) {
    ex.workerError = message(e);
    return;
  }
  ex.worker.onmessage = (event) => onWorker(event.data);
  ex.worker.onerror = (event) => {
    ex.workerError = event.message || 'its script could not be loaded (reload the page to try again)';
    if (ex.job && ex.job.state === 'running') ex.job.state = 'failed';
    paint();
  };
}

function onWorker(m) {
  if (m.type === 'exact') {
    if (m.key === ex.keys.exact) ex.exact = { key: m.key, view: m.exact };
  } else if (m.type === 'progress' || m.type === 'end') {
    const job = ex.job;
    if (!job || job.id !== m.id) return;
    job.done = m.done;
    job.ms = m.ms;
    job.summary = m.summary;
    job.state = m.state;
  } else if (m.type === 'error') {
    ex.workerError = m.message;
    if (ex.job && ex.job.state === 'running') ex.job.state = 'failed';
  }
  paint();
}

/** Starts `trials` draws of the current query (cancelling a run in progress). */
function run() {
  if (!ex.worker) return;
  cancel();
  const total = ex.report.params.trials;
  ex.job = { id: ex.nextId++, key: ex.keys.run, total, state: 'running', done: 0, ms: 0, summary: null };
  ex.worker.postMessage({ type: 'run', id: ex.job.id, query: ex.query });
  paint();
}

function cancel() {
  if (ex.job && ex.job.state === 'running') {
    ex.worker.postMessage({ type: 'cancel', id: ex.job.id });
    ex.job.state = 'cancelling';
  }
}

function scheduleAutoRun(delay) {
  clearTimeout(ex.autoTimer);
  ex.autoTimer = setTimeout(() => {
    const job = ex.job;
    if (job && job.key === ex.keys.run && job.state !== 'cancelled' && job.state !== 'failed') return;
    if (ex.report.params.trials <= AUTO_MAX) run();
  }, delay);
}

/** Repaints the panel on a frame; while a run streams, at most every PAINT_EVERY_MS (the page's
 * own updates come first). */
function paint() {
  if (ex.paintFrame || !ex.report) return; // nothing to show yet (or an embed)
  const running = ex.job?.state === 'running';
  const wait = running ? ex.lastPaint + PAINT_EVERY_MS - performance.now() : 0;
  if (wait > 0) {
    ex.paintFrame = setTimeout(() => {
      ex.paintFrame = requestAnimationFrame(paintNow);
    }, wait);
  } else {
    ex.paintFrame = requestAnimationFrame(paintNow);
  }
}

function paintNow() {
  ex.paintFrame = 0;
  ex.lastPaint = performance.now();
  const start = performance.now();
  paintRun();
  paintExact();
  document.body.dataset.probMs = (performance.now() - start).toFixed(2);
}

/** Draws per second of a run (for the status line). */
function rate(job) {
  return job.ms > 0 ? job.done / (job.ms / 1000) : null;
}

function fmtRate(r) {
  if (r === null) return '';
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} million draws/s` : `${int.format(Math.round(r))} draws/s`;
}

function paintRun() {
  const panel = $('prob');
  const job = ex.job;
  const trials = ex.report.params.trials;
  const running = !!job && (job.state === 'running' || job.state === 'cancelling');
  const fresh = !!job && job.key === ex.keys.run;
  panel.dataset.state = job ? job.state : 'idle';
  panel.classList.toggle('is-stale', !!job && !fresh);
  panel.dataset.fresh = fresh ? '1' : '0';

  // Buttons: Run (for the current settings) unless the current settings are running.
  const runBtn = $('mc-run');
  runBtn.hidden = running && fresh;
  setText(runBtn, fresh && job.state === 'done' ? 'Run again' : `Run ${int.format(trials)} draws`);
  $('mc-cancel').hidden = !running;
  $('mc-cancel').disabled = job?.state === 'cancelling';

  const bar = $('mc-progress');
  const frac = job ? job.done / Math.max(1, job.total) : 0;
  bar.style.setProperty('--p', String(frac));
  bar.setAttribute('aria-valuenow', String(Math.round(frac * 100)));
  bar.classList.toggle('is-running', running);

  // The status line.
  let status = '';
  const r = job ? rate(job) : null;
  if (ex.workerError) status = `The Monte Carlo worker failed: ${ex.workerError}`;
  else if (!job) status = trials <= AUTO_MAX ? 'Starting…' : `Press Run to draw ${int.format(trials)} training sets.`;
  else if (running) {
    status = `Drawing… ${int.format(job.done)} of ${int.format(job.total)} (${pct(frac, 0)})`
      + `${r ? ` · ${fmtRate(r)}` : ''}`;
  } else if (job.state === 'done') {
    status = `${int.format(job.done)} draws in ${job.ms < 1000 ? `${Math.round(job.ms)} ms` : `${(job.ms / 1000).toFixed(1)} s`}`
      + `${r ? ` (${fmtRate(r)})` : ''}, seed ${job.summary ? job.summary.seed : ''}.`;
  } else if (job.state === 'cancelled') {
    status = `Cancelled after ${int.format(job.done)} of ${int.format(job.total)} draws.`;
  } else if (job.state === 'failed') status = 'The run failed.';
  if (job && !fresh) status = `For earlier settings: ${status} Run again for these.`;
  setText($('mc-status'), status);
  if (r) panel.dataset.rate = String(Math.round(r));

  // The numbers.
  const s = job?.summary ?? null;
  const fEl = $('mc-fraction');
  if (s && s.trials > 0) {
    setText(fEl, pct(s.fraction_ratio_ge_1_5));
    fEl.dataset.value = String(s.fraction_ratio_ge_1_5);
    const ci = $('mc-ci');
    setText(ci, `95% interval ${pct(s.ci95[0])} to ${pct(s.ci95[1])}`);
    ci.dataset.lo = String(s.ci95[0]);
    ci.dataset.hi = String(s.ci95[1]);
    const helped = Math.round(s.fraction_ratio_ge_1_5 * s.trials);
    setText($('mc-count'), `${int.format(helped)} of ${int.format(s.trials)} draws`);
    $('mc-count').dataset.value = String(s.trials);
    const h = s.histogram;
    setText($('mc-undefined'), h.undefined > 0
      ? `${int.format(h.undefined)} draws (${pct(h.undefined / s.trials)}) have no ratio: a run did not stop or diverged.`
      : '');
  } else {
    setText(fEl, '—');
    fEl.dataset.value = '';
    setText($('mc-ci'), '95% interval —');
    setText($('mc-count'), 'no draws yet');
    setText($('mc-undefined'), '');
  }
  drawHistogram(s);
  fillHistogramTable(s);
}

function drawHistogram(s) {
  const canvas = $('mc-hist');
  const scale = dpr();
  if (!fitCanvas(canvas, scale)) return;
  try {
    ex.core.draw_histogram(s, canvas, isDark(), scale);
  } catch (e) {
    console.error(e);
  }
  canvas.dataset.counts = s ? JSON.stringify([...s.histogram.counts, s.histogram.overflow]) : '';
}

function fillHistogramTable(s) {
  const body = $('mc-table-body');
  if (!s) {
    body.textContent = '';
    return;
  }
  const h = s.histogram;
  const rows = [...h.bin_centers.map((c, i) => [fmtNum(c), h.counts[i]]), [`over ${fmtNum(h.bin_centers.at(-1))}`, h.overflow]];
  if (body.children.length !== rows.length) {
    body.textContent = '';
    for (let i = 0; i < rows.length; i++) {
      const tr = document.createElement('tr');
      tr.append(document.createElement('th'), document.createElement('td'));
      tr.firstChild.scope = 'row';
      body.append(tr);
    }
  }
  rows.forEach(([label, count], i) => {
    const tr = body.children[i];
    setText(tr.firstChild, label);
    setText(tr.lastChild, String(count));
  });
}

function paintExact() {
  // While a new value is computed, the last one stays, dimmed.
  const pending = !ex.exact || ex.exact.key !== ex.keys.exact;
  $('exact-stat').classList.toggle('is-pending', pending);
  $('ratio-stat').classList.toggle('is-pending', pending);
  $('prob').dataset.exact = pending ? 'pending' : 'ready';
  if (pending) setText($('exact-sub'), 'computing…');
  if (!ex.exact) return;
  const v = ex.exact.view;
  const prob = $('exact-prob');
  const ratio = $('exact-ratio');
  // Without an exact table the ratio card and the patterns' intro would speak of one.
  $('exact-ratio-sub').hidden = !v;
  $('pattern-intro').hidden = !v;
  if (!v) {
    setText(prob, '—');
    prob.dataset.value = '';
    setText(ratio, '—');
    ratio.dataset.value = '';
    if (!pending) setText($('exact-sub'), `none: ${ex.noExact ?? 'not enumerable'}`);
    fillPatterns(null);
    return;
  }
  setText(prob, v.fraction ?? pct(v.probability, 2));
  prob.dataset.value = String(v.probability);
  if (!pending) {
    const patterns = `${int.format(v.pattern_count)} pattern${v.pattern_count === 1 ? '' : 's'}`;
    setText($('exact-sub'), v.fraction ? `= ${pct(v.probability, 2)}, summed over ${patterns}` : `summed over ${patterns}`);
  }
  setText(ratio, v.ratio_when_helps === null ? '—' : `${fmtNum(v.ratio_when_helps)}×`);
  ratio.dataset.value = v.ratio_when_helps === null ? '' : String(v.ratio_when_helps);
  fillPatterns(v);
}

function fillPatterns(view) {
  const body = $('pattern-body');
  const wrap = $('pattern-wrap');
  const note = $('pattern-note');
  if (!view) {
    body.textContent = '';
    wrap.hidden = true;
    // The core says why (Gaussian inputs, mini-batches, label noise, too many patterns).
    setText(note, `No finite table for this state (${ex.noExact ?? 'not enumerable'}), so no exact probability: only the Monte Carlo applies.`)
    return;
  }
  wrap.hidden = false;
  const key = JSON.stringify(view.patterns);
  if (body.dataset.built !== key) {
    body.dataset.built = key;
    body.textContent = '';
    for (const p of view.patterns) {
      const tr = document.createElement('tr');
      const counts = document.createElement('th');
      counts.scope = 'row';
      counts.className = 'mono';
      counts.textContent = `(${p.counts.join(', ')})`;
      const prob = document.createElement('td');
      prob.dataset.label = 'Probability';
      prob.dataset.value = String(p.probability);
      prob.textContent = p.fraction ? `${p.fraction} = ${fmtNum(p.probability)}` : fmtNum(p.probability);
      const ratio = document.createElement('td');
      ratio.dataset.label = 'Ratio (A) / (B)';
      ratio.dataset.value = p.ratio === null ? '' : String(p.ratio);
      ratio.textContent = p.ratio === null ? 'undefined' : `${fmtNum(p.ratio)}×`;
      const helps = document.createElement('td');
      helps.dataset.label = 'Annealing helps';
      helps.className = p.helps ? 'is-yes' : 'is-no';
      helps.textContent = p.helps ? '✓ yes' : '✗ no';
      tr.append(counts, prob, ratio, helps);
      body.append(tr);
    }
  }
  const listed = view.patterns.length;
  setText(note, listed < view.pattern_count
    ? `The ${int.format(listed)} most likely of ${int.format(view.pattern_count)} patterns.`
    : '');
}

/** The trials choices: the usual ones, and the link's value when it is another. */
function syncTrials(trials) {
  const select = $('mc-trials');
  const values = TRIAL_CHOICES.includes(trials) ? TRIAL_CHOICES : [...TRIAL_CHOICES, trials].sort((a, b) => a - b);
  const key = values.join(',');
  if (select.dataset.built !== key) {
    select.dataset.built = key;
    select.textContent = '';
    for (const v of values) {
      const opt = document.createElement('option');
      opt.value = String(v);
      opt.textContent = int.format(v);
      select.append(opt);
    }
  }
  if (select.value !== String(trials)) select.value = String(trials);
}

// ---- sweeps ---------------------------------------------------------------------------------------

function drawSweeps() {
  ex.sweepFrame = 0;
  ex.app.busyPart('sweeps', false);
  const view = ex.store.view;
  if (!ex.sweepsVisible || !ex.query || !view) return;
  ex.sweepsDirty = false;
  const start = performance.now();
  const scale = dpr();
  const dark = isDark();
  for (const axis of AXES) {
    const canvas = $(`sweep-${axis}`);
    if (!fitCanvas(canvas, scale)) continue;
    try {
      ex.views[axis] = view.sweep(axis, SWEEP_POINTS, canvas, dark, scale);
    } catch (e) {
      console.error(e);
      continue;
    }
    canvas.dataset.plot = ex.views[axis].hit.plot.join(',');
    if (ex.cursor[axis] !== undefined) showCursor(axis, ex.cursor[axis]);
  }
  const lr = ex.views.lr;
  if (lr) {
    const marks = lr.sweep.marks.map((m) => `${m.symbol} = ${fmtNum(m.value)} (${m.note})`);
    setText($('sweep-marks'), marks.length ? `Thresholds on η: ${marks.join('; ')}.` : '');
  }
  document.body.dataset.sweepQuery = ex.query;
  $('sweep-loading').hidden = true;
  // How long the three sweeps took (compute and draw), for benchmarks.
  document.body.dataset.sweepMs = (performance.now() - start).toFixed(2);
}

function scheduleSweeps() {
  ex.sweepsDirty = true;
  if (ex.sweepsVisible && !ex.sweepFrame) {
    ex.app.busyPart('sweeps', true); // on screen and behind the state until drawn
    ex.sweepFrame = requestAnimationFrame(drawSweeps);
  }
}

/** The index of the swept value nearest to `x` (CSS pixels in the canvas), or -1 off the plot. */
function nearest(view, x) {
  const [left, , right] = view.hit.plot;
  if (x < left - 8 || x > right + 8) return -1;
  let best = -1;
  let dist = Infinity;
  view.hit.x.forEach((px, i) => {
    const d = Math.abs(px - x);
    if (d < dist) {
      dist = d;
      best = i;
    }
  });
  return best;
}

/** The index of the entry of `values` closest to `v`. */
function closest(values, v) {
  let best = 0;
  values.forEach((x, j) => {
    if (Math.abs(x - v) < Math.abs(values[best] - v)) best = j;
  });
  return best;
}

function fmtEps(v) {
  return v === null ? 'no stop' : `${fmtNum(v)} ε`;
}

function showCursor(axis, i) {
  const view = ex.views[axis];
  const fig = document.querySelector(`.sweep[data-axis="${axis}"]`);
  const cursor = fig.querySelector('.sweep-cursor');
  const tip = fig.querySelector('.sweep-tip');
  const dots = fig.querySelectorAll('.sweep-dot');
  if (!view || i < 0 || i >= view.hit.x.length) {
    cursor.hidden = true;
    tip.hidden = true;
    dots.forEach((d) => { d.hidden = true; });
    return;
  }
  ex.cursor[axis] = i;
  const x = view.hit.x[i];
  const [, top, , bottom] = view.hit.plot;
  cursor.style.left = `${x}px`;
  cursor.style.top = `${top}px`;
  cursor.style.height = `${bottom - top}px`;
  cursor.hidden = false;
  [view.hit.gradient_flow[i], view.hit.annealed[i]].forEach((y, j) => {
    dots[j].hidden = y === null;
    if (y !== null) {
      dots[j].style.left = `${x}px`;
      dots[j].style.top = `${y}px`;
    }
  });
  const v = view.sweep.values[i];
  const shown = axis === 'k' ? String(Math.round(v)) : sig3(v);
  tip.textContent = '';
  const head = document.createElement('b');
  head.textContent = `${SYMBOL[axis]} = ${shown}`;
  const a = document.createElement('span');
  a.className = 'c-gf';
  a.textContent = `(A) ${fmtEps(view.sweep.gradient_flow[i])}`;
  const b = document.createElement('span');
  b.className = 'c-an';
  b.textContent = `(B) ${fmtEps(view.sweep.annealed[i])}`;
  const hint = document.createElement('span');
  hint.className = 'muted';
  hint.textContent = 'click to use';
  tip.append(head, a, b);
  if (!view.sweep.comparable[i] && view.sweep.annealed[i] !== null) {
    const unlike = document.createElement('span');
    unlike.textContent = 'a run stops below ε: not like-for-like';
    tip.append(unlike);
  }
  tip.append(hint);
  tip.hidden = false;
  // Keep the tip inside the chart: left of the cursor past the middle.
  const width = canvasSize(fig.querySelector('canvas')).w;
  tip.classList.toggle('left', x > width / 2);
  tip.style.left = `${x}px`;
  tip.style.top = `${top + 4}px`;
}

function hideCursor(axis) {
  delete ex.cursor[axis];
  showCursor(axis, -1);
}

function apply(axis, i) {
  const view = ex.views[axis];
  if (!view || i < 0) return;
  const v = view.sweep.values[i];
  const value = axis === 'k' ? String(Math.round(v)) : sig3(v);
  const err = ex.app.set([[axis, value]]);
  setText($('sweep-err'), err ?? '');
}

function bindSweep(axis) {
  const canvas = $(`sweep-${axis}`);
  // The points under the cursor: gradient flow, annealed.
  for (const cls of ['c-gf', 'c-an']) {
    const dot = document.createElement('span');
    dot.className = `sweep-dot ${cls}`;
    dot.hidden = true;
    canvas.parentElement.append(dot);
  }
  const at = (e) => {
    const view = ex.views[axis];
    if (!view) return -1;
    const rect = canvas.getBoundingClientRect();
    return nearest(view, e.clientX - rect.left);
  };
  canvas.addEventListener('pointermove', (e) => {
    const i = at(e);
    if (i < 0) hideCursor(axis);
    else showCursor(axis, i);
  });
  canvas.addEventListener('pointerleave', () => hideCursor(axis));
  canvas.addEventListener('click', (e) => apply(axis, at(e)));
  canvas.addEventListener('keydown', (e) => {
    const view = ex.views[axis];
    if (!view) return;
    const n = view.hit.x.length;
    let i = ex.cursor[axis];
    // The first key press starts at the current value.
    if (i === undefined) i = closest(view.sweep.values, view.sweep.current);
    const stepSize = e.shiftKey ? 10 : 1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') i = Math.min(n - 1, i + stepSize);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') i = Math.max(0, i - stepSize);
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = n - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      apply(axis, i);
      return;
    } else return;
    e.preventDefault();
    showCursor(axis, i);
  });
  canvas.addEventListener('blur', () => hideCursor(axis));
}

// ---- the hooks -------------------------------------------------------------------------------------

/** Once, after the page's first render, with app.js's store and actions. */
export function init(store, app) {
  ex.store = store;
  ex.core = store.core;
  ex.app = app;
  $('mc-run').addEventListener('click', run);
  $('mc-run').disabled = false;
  $('mc-cancel').addEventListener('click', () => {
    cancel();
    paint();
  });
  $('mc-trials').addEventListener('change', (e) => {
    const err = ex.app.set([['trials', e.target.value]]);
    if (err) setText($('mc-status'), err);
  });
  AXES.forEach(bindSweep);
  // Escape hides a sweep's cursor (after a dialog or a menu, before the phones' sheet).
  dismissable({
    name: 'cursor',
    open: () => Object.keys(ex.cursor).length > 0,
    close: () => AXES.forEach(hideCursor),
  });
  // Sweeps are drawn only while near the screen (they cost three runs of the core per point).
  const io = new IntersectionObserver((entries) => {
    ex.sweepsVisible = entries.some((en) => en.isIntersecting);
    if (ex.sweepsVisible && ex.sweepsDirty) scheduleSweeps();
  }, { rootMargin: '200px 0px' });
  io.observe($('sweeps'));
  const redraw = () => {
    scheduleSweeps();
    paint();
  };
  for (const id of ['mc-hist', 'sweep-lr', 'sweep-k', 'sweep-eps']) observeCanvas($(id), redraw);
  onThemeChange(redraw);
  setText($('mc-status'), '');
  app.subscribe(onStore);
}

/** After each render of the page. Cheap when nothing changed here. */
function onStore({ query, report }) {
  // Embeds hide this section (style.css): no worker, no runs, no sweeps there.
  if (report.params.embed || query === ex.query) return;
  const first = !ex.query;
  if (first) startWorker();
  ex.query = query;
  ex.report = report;
  const keys = ex.core.monte_carlo_key(query);
  ex.noExact = keys.no_exact;
  if (keys.exact !== ex.keys.exact) {
    ex.keys.exact = keys.exact;
    ex.worker?.postMessage({ type: 'exact', key: keys.exact, query });
  }
  if (keys.run !== ex.keys.run) {
    ex.keys.run = keys.run;
    syncTrials(report.params.trials);
    scheduleAutoRun(first ? 0 : AUTO_DELAY_MS);
  }
  scheduleSweeps();
  paint();
}
