// "Beyond Figure 1": the probability panel (Proposition 1 over many draws) and the sweeps. Like
// the rest of the page it holds no maths and writes no number: the Monte Carlo runs in a Web
// Worker with its own instance of the page's wasm module (mc-worker.js, handed the module app.js
// compiled), the exact probability and a run's texts come from the core, and each sweep is
// computed once per state by the View on screen (View.sweep) and drawn from that data
// (View.draw_sweep says where it put each point, so a click maps to a swept value). app.js loads
// this script when the section first comes near the screen.
// @ts-check

import { $, dismissable, dpr, fitCanvas, isDark, message, setAttr, setText, show } from '../ui.js';
import { hooks } from './hooks.js';

/** @typedef {import('../pkg/lr_anneal.js').Summary} Summary */
/** @typedef {import('../pkg/lr_anneal.js').SweepHit} SweepHit */
/** @typedef {import('../pkg/lr_anneal.js').ExactView} ExactView */

const AUTO_DELAY_MS = 300;
const PAINT_EVERY_MS = 150;
const AXES = ['lr', 'k', 'eps'];

/**
 * @typedef {object} Job  a Monte Carlo run of the worker
 * @property {number} id
 * @property {string} key  the settings it runs (monte_carlo_key's `run`)
 * @property {number} total
 * @property {string} state  running, cancelling, done, cancelled, failed
 * @property {number} done
 * @property {number} ms
 * @property {Summary | null} summary
 */

/** @type {import('../app.js').Mount} */
export function mount(root, app) {
  const core = app.core;
  const text = hooks(root, core); // the lede's numbers (samples, seed)
  /** @type {Worker | null} */
  let worker = null;
  /** @type {string | null} */
  let workerError = null;
  /** @type {Job | null} */
  let job = null;
  let nextId = 1;
  /** What the current state's results depend on (monte_carlo_key). */
  let keys = { exact: '', run: '', no_exact: /** @type {string | null | undefined} */ (null), no_exact_text: /** @type {string[] | null | undefined} */ (null) };
  /** @type {{key: string, view: ExactView | null} | null} */
  let exact = null;
  /** Draws per second of the current settings, measured before a run. @type {{key: string, rate: number} | null} */
  let calibrated = null;
  let autoTimer = 0;
  let paintTimer = 0;
  let lastPaint = 0;
  /** Where each sweep's points were drawn, per axis. @type {Record<string, SweepHit>} */
  const hits = {};
  /** The index under the pointer or the keyboard, per axis. @type {Record<string, number>} */
  const cursor = {};
  const state = () => /** @type {import('../app.js').State} */ (app.state());

  // ---- the worker ---------------------------------------------------------------------------------
  const startWorker = () => {
    try {
      worker = new Worker(new URL('../mc-worker.js', import.meta.url), { type: 'module' });
      worker.postMessage({ type: 'init', module: app.module });
    } catch (e) {
      workerError = message(e);
      return;
    }
    worker.onmessage = (event) => onWorker(event.data);
    worker.onerror = (event) => {
      workerError = event.message || 'its script could not be loaded (reload the page to try again)';
      if (job && job.state === 'running') job.state = 'failed';
      paint();
    };
  };

  /** @param {any} m */
  const onWorker = (m) => {
    if (m.type === 'exact') {
      if (m.key === keys.exact) exact = { key: m.key, view: m.exact };
    } else if (m.type === 'rate') {
      if (m.key === keys.run) calibrated = { key: m.key, rate: m.rate };
    } else if (m.type === 'progress' || m.type === 'end') {
      if (!job || job.id !== m.id) return;
      Object.assign(job, { done: m.done, ms: m.ms, summary: m.summary, state: m.state });
    } else if (m.type === 'error') {
      workerError = m.message;
      if (job && job.state === 'running') job.state = 'failed';
    }
    paint();
  };

  /** Starts `trials` draws of the state on screen (cancelling a run in progress). */
  const run = () => {
    if (!worker) return;
    cancel();
    job = { id: nextId++, key: keys.run, total: state().report.params.trials, state: 'running', done: 0, ms: 0, summary: null };
    worker.postMessage({ type: 'run', id: job.id, query: state().query });
    paint();
  };
  const cancel = () => {
    if (job && job.state === 'running') {
      worker?.postMessage({ type: 'cancel', id: job.id });
      job.state = 'cancelling';
    }
  };

  // ---- painting the panel (on a frame; while a run streams, at most every PAINT_EVERY_MS) -------
  const paint = () => {
    if (paintTimer) return;
    const running = job?.state === 'running';
    const wait = running ? lastPaint + PAINT_EVERY_MS - performance.now() : 0;
    paintTimer = window.setTimeout(() => requestAnimationFrame(() => {
      paintTimer = 0;
      lastPaint = performance.now();
      paintRun();
      paintExact();
    }), Math.max(0, wait));
  };

  const paintRun = () => {
    const panel = $('prob');
    const fresh = !!job && job.key === keys.run;
    const running = !!job && (job.state === 'running' || job.state === 'cancelling');
    const s = job?.summary ?? null;
    const t = core.monte_carlo_text_of(s, {
      state: job?.state ?? 'idle',
      done: job?.done ?? 0,
      total: job?.total ?? 0,
      ms: job?.ms ?? 0,
      fresh,
      trials: state().report.params.trials,
      calibrated_rate: calibrated?.key === keys.run ? calibrated.rate : undefined,
      error: workerError ?? undefined,
    });
    panel.dataset.state = job ? job.state : 'idle';
    panel.classList.toggle('is-stale', !!job && !fresh);
    panel.dataset.fresh = fresh ? '1' : '0';
    const runBtn = /** @type {HTMLButtonElement} */ ($('mc-run'));
    runBtn.hidden = running && fresh;
    setText(runBtn, t.run_label);
    const cancelBtn = /** @type {HTMLButtonElement} */ ($('mc-cancel'));
    cancelBtn.hidden = !running;
    cancelBtn.disabled = job?.state === 'cancelling';
    const bar = $('mc-progress');
    const frac = job ? job.done / Math.max(1, job.total) : 0;
    bar.style.setProperty('--p', String(frac));
    setAttr(bar, 'aria-valuenow', String(Math.round(frac * 100)));
    bar.classList.toggle('is-running', running);
    setText($('mc-status'), t.status);
    if (job && job.ms > 0) panel.dataset.rate = String(Math.round(job.done / (job.ms / 1000)));
    const f = $('mc-fraction');
    setText(f, t.headline);
    f.dataset.value = s && s.trials > 0 ? String(s.fraction_ratio_ge_1_5) : '';
    $('mc-stat').dataset.kind = t.headline_kind;
    const ci = $('mc-ci');
    setText(ci, t.interval);
    ci.dataset.lo = s?.ci95 ? String(s.ci95[0]) : '';
    ci.dataset.hi = s?.ci95 ? String(s.ci95[1]) : '';
    setText($('mc-count'), t.count);
    $('mc-count').dataset.value = s ? String(s.trials) : '';
    setText($('mc-undefined'), t.undefined);
    drawHistogram(s);
    // The histogram's table, for screen readers.
    const body = $('mc-table-body');
    if (body.children.length !== t.rows.length) {
      body.textContent = '';
      for (let i = 0; i < t.rows.length; i++) {
        const tr = document.createElement('tr');
        const th = document.createElement('th');
        th.scope = 'row';
        tr.append(th, document.createElement('td'));
        body.append(tr);
      }
    }
    t.rows.forEach(([label, count], i) => {
      const tr = body.children[i];
      setText(tr.firstElementChild, label);
      setText(tr.lastElementChild, count);
    });
  };

  /** @param {Summary | null} s */
  const drawHistogram = (s) => {
    const canvas = /** @type {HTMLCanvasElement} */ ($('mc-hist'));
    if (!fitCanvas(canvas, dpr())) return;
    try {
      core.draw_histogram(s, canvas, isDark(), dpr());
    } catch (e) {
      console.error(e);
    }
    canvas.dataset.counts = s ? JSON.stringify([...s.histogram.counts, s.histogram.overflow]) : '';
  };

  const paintExact = () => {
    // While a new value is computed, the last one stays, dimmed.
    const pending = !exact || exact.key !== keys.exact;
    $('exact-stat').classList.toggle('is-pending', pending);
    $('ratio-stat').classList.toggle('is-pending', pending);
    $('prob').dataset.exact = pending ? 'pending' : 'ready';
    if (pending) setText($('exact-sub'), 'computing…');
    if (!exact) return;
    const v = exact.view;
    const prob = $('exact-prob');
    const ratio = $('exact-ratio');
    // Without an exact table the ratio card and the patterns' intro would speak of one.
    show($('exact-ratio-sub'), !!v);
    show($('pattern-intro'), !!v);
    if (!v) {
      setText(prob, '—');
      prob.dataset.value = '';
      setText(ratio, '—');
      ratio.dataset.value = '';
      const [none, note] = keys.no_exact_text ?? ['none', ''];
      if (!pending) setText($('exact-sub'), none);
      $('pattern-body').textContent = '';
      show($('pattern-wrap'), false);
      setText($('pattern-note'), note);
      return;
    }
    setText(prob, v.probability_text);
    prob.dataset.value = String(v.probability);
    if (!pending) setText($('exact-sub'), v.probability_sub);
    setText(ratio, v.ratio_text);
    ratio.dataset.value = v.ratio_when_helps === null || v.ratio_when_helps === undefined ? '' : String(v.ratio_when_helps);
    show($('pattern-wrap'), true);
    const body = $('pattern-body');
    const built = JSON.stringify(v.patterns.map((p) => p.counts));
    if (body.dataset.built !== built) {
      body.dataset.built = built;
      body.textContent = '';
      for (const p of v.patterns) {
        const tr = document.createElement('tr');
        const counts = document.createElement('th');
        counts.scope = 'row';
        counts.className = 'mono';
        counts.textContent = p.counts_text;
        const pr = document.createElement('td');
        pr.dataset.label = 'Probability';
        pr.dataset.value = String(p.probability);
        pr.textContent = p.probability_text;
        const rt = document.createElement('td');
        rt.dataset.label = 'Ratio (A) / (B)';
        rt.dataset.value = p.ratio === null || p.ratio === undefined ? '' : String(p.ratio);
        rt.textContent = p.ratio_text;
        const helps = document.createElement('td');
        helps.dataset.label = 'Annealing helps';
        helps.className = p.helps ? 'is-yes' : 'is-no';
        helps.textContent = p.helps ? '✓ yes' : '✗ no';
        tr.append(counts, pr, rt, helps);
        body.append(tr);
      }
    }
    setText($('pattern-note'), v.listed_note);
  };

  // ---- sweeps ----------------------------------------------------------------------------------------
  const sweepsRoot = $('sweeps');
  /** @param {string} axis */
  const figureOf = (axis) => /** @type {HTMLElement} */ (root.querySelector(`.sweep[data-axis="${axis}"]`));
  const drawSweeps = () => {
    const s = state();
    const start = performance.now();
    for (const axis of AXES) {
      const canvas = /** @type {HTMLCanvasElement} */ ($(`sweep-${axis}`));
      if (!fitCanvas(canvas, dpr())) continue;
      try {
        hits[axis] = s.view.draw_sweep(axis, canvas, isDark(), dpr());
      } catch (e) {
        console.error(e);
        continue;
      }
      canvas.dataset.plot = hits[axis].plot.join(',');
      if (cursor[axis] !== undefined) showCursor(axis, cursor[axis]);
    }
    setText($('sweep-marks'), s.view.sweep('lr').text.marks);
    document.body.dataset.sweepQuery = s.query;
    $('sweep-loading').hidden = true;
    // How long the three sweeps took (compute and draw), for benchmarks.
    document.body.dataset.sweepMs = String(performance.now() - start);
  };

  /** The index of the swept value nearest to `x` (CSS pixels in the canvas), or -1 off the plot.
   * @param {SweepHit} hit @param {number} x */
  const nearest = (hit, x) => {
    const [left, , right] = hit.plot;
    if (x < left - 8 || x > right + 8) return -1;
    let best = -1;
    let dist = Infinity;
    hit.x.forEach((px, i) => {
      const dd = Math.abs(px - x);
      if (dd < dist) {
        dist = dd;
        best = i;
      }
    });
    return best;
  };

  /** @param {string} axis @param {number} i */
  const showCursor = (axis, i) => {
    const hit = hits[axis];
    const fig = figureOf(axis);
    const line = /** @type {HTMLElement} */ (fig.querySelector('.sweep-cursor'));
    const tip = /** @type {HTMLElement} */ (fig.querySelector('.sweep-tip'));
    const dots = /** @type {NodeListOf<HTMLElement>} */ (fig.querySelectorAll('.sweep-dot'));
    if (!hit || i < 0 || i >= hit.x.length) {
      line.hidden = true;
      tip.hidden = true;
      dots.forEach((dot) => { dot.hidden = true; });
      return;
    }
    cursor[axis] = i;
    const { sweep, text } = state().view.sweep(axis);
    const x = hit.x[i];
    const [, top, , bottom] = hit.plot;
    line.style.left = `${x}px`;
    line.style.top = `${top}px`;
    line.style.height = `${bottom - top}px`;
    line.hidden = false;
    [hit.gradient_flow[i], hit.annealed[i]].forEach((y, j) => {
      dots[j].hidden = y === null || y === undefined;
      if (y !== null && y !== undefined) {
        dots[j].style.left = `${x}px`;
        dots[j].style.top = `${y}px`;
      }
    });
    tip.textContent = '';
    const head = document.createElement('b');
    head.textContent = text.values[i];
    const a = document.createElement('span');
    a.className = 'c-gf';
    a.textContent = text.gradient_flow[i];
    const b = document.createElement('span');
    b.className = 'c-an';
    b.textContent = text.annealed[i];
    tip.append(head, a, b);
    if (!sweep.comparable[i] && sweep.annealed[i] !== null) {
      const unlike = document.createElement('span');
      unlike.textContent = 'a run stops below ε: not like-for-like';
      tip.append(unlike);
    }
    const hint = document.createElement('span');
    hint.className = 'muted';
    hint.textContent = 'click to use';
    tip.append(hint);
    tip.hidden = false;
    // Keep the tip inside the chart: left of the cursor past the middle.
    tip.classList.toggle('left', x > (hit.plot[0] + hit.plot[2]) / 2);
    tip.style.left = `${x}px`;
    tip.style.top = `${top + 4}px`;
  };
  /** @param {string} axis */
  const hideCursor = (axis) => {
    delete cursor[axis];
    showCursor(axis, -1);
  };
  /** @param {string} axis @param {number} i */
  const apply = (axis, i) => {
    if (!hits[axis] || i < 0) return;
    const value = state().view.sweep(axis).text.apply[i];
    setText($('sweep-err'), app.set([[axis, value]]) ?? '');
  };

  for (const axis of AXES) {
    const canvas = /** @type {HTMLCanvasElement} */ ($(`sweep-${axis}`));
    // The points under the cursor: gradient flow, annealed.
    for (const cls of ['c-gf', 'c-an']) {
      const dot = document.createElement('span');
      dot.className = `sweep-dot ${cls}`;
      dot.hidden = true;
      canvas.parentElement?.append(dot);
    }
    /** @param {MouseEvent} e */
    const at = (e) => {
      const hit = hits[axis];
      if (!hit) return -1;
      const rect = canvas.getBoundingClientRect();
      return nearest(hit, e.clientX - rect.left);
    };
    canvas.addEventListener('pointermove', (e) => {
      const i = at(e);
      if (i < 0) hideCursor(axis);
      else showCursor(axis, i);
    });
    canvas.addEventListener('pointerleave', () => hideCursor(axis));
    canvas.addEventListener('click', (e) => apply(axis, at(e)));
    canvas.addEventListener('keydown', (e) => {
      const hit = hits[axis];
      if (!hit) return;
      const n = hit.x.length;
      let i = cursor[axis];
      // The first key press starts at the current value.
      if (i === undefined) {
        const { sweep } = state().view.sweep(axis);
        i = 0;
        sweep.values.forEach((v, j) => {
          if (Math.abs(v - sweep.current) < Math.abs(sweep.values[i] - sweep.current)) i = j;
        });
      }
      const size = e.shiftKey ? 10 : 1;
      if (e.key === 'ArrowRight' || e.key === 'ArrowUp') i = Math.min(n - 1, i + size);
      else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') i = Math.max(0, i - size);
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
  // Escape hides a sweep's cursor (after a dialog or a menu, before the phones' sheet).
  dismissable({
    name: 'cursor',
    open: () => Object.keys(cursor).length > 0,
    close: () => AXES.forEach(hideCursor),
  });

  // ---- the hooks -----------------------------------------------------------------------------------
  /** @type {HTMLButtonElement} */ ($('mc-run')).disabled = false;
  $('mc-run').addEventListener('click', run);
  $('mc-cancel').addEventListener('click', () => {
    cancel();
    paint();
  });
  $('mc-trials').addEventListener('change', (e) => {
    const err = app.set([['trials', /** @type {HTMLSelectElement} */ (e.target).value]]);
    if (err) setText($('mc-status'), err);
  });
  setText($('mc-status'), '');
  startWorker();
  /** The sweeps are drawn on a frame of their own, while they are near the screen. */
  let sweepsNear = false;
  let sweepsDirty = true;
  let sweepFrame = 0;
  const scheduleSweeps = () => {
    sweepsDirty = true;
    if (sweepsNear && !sweepFrame) {
      app.busy('sweeps', true);
      sweepFrame = requestAnimationFrame(() => {
        sweepFrame = 0;
        sweepsDirty = false;
        try {
          drawSweeps();
        } finally {
          app.busy('sweeps', false);
        }
      });
    }
  };
  new IntersectionObserver((entries) => {
    sweepsNear = entries.some((e) => e.isIntersecting);
    if (sweepsNear && sweepsDirty) scheduleSweeps();
  }, { rootMargin: '200px 0px' }).observe(sweepsRoot);

  return {
    shows: ['data', 'eps', 'steps', 'trials', 'theme', 'size'],
    update(s, changed) {
      // Embeds hide this section (style.css): it is never near there, so never updated.
      if (['all', 'data', 'eps', 'steps', 'trials'].some((a) => changed.has(a))) {
        text.fill(s.report);
        const k = core.monte_carlo_key(s.query);
        const newExact = k.exact !== keys.exact;
        const newRun = k.run !== keys.run;
        keys = { exact: k.exact, run: k.run, no_exact: k.no_exact, no_exact_text: k.no_exact_text };
        if (newExact) worker?.postMessage({ type: 'exact', key: k.exact, query: s.query });
        if (newRun) {
          const select = /** @type {HTMLSelectElement} */ ($('mc-trials'));
          const trials = String(s.report.params.trials);
          if (![...select.options].some((o) => o.value === trials)) {
            const opt = document.createElement('option');
            opt.value = trials;
            opt.textContent = k.trials_text;
            select.append(opt);
          }
          select.value = trials;
          worker?.postMessage({ type: 'rate', key: k.run, query: s.query });
          window.clearTimeout(autoTimer);
          autoTimer = window.setTimeout(() => {
            if (job && job.key === keys.run && job.state !== 'cancelled' && job.state !== 'failed') return;
            if (k.auto_run) run();
          }, changed.has('all') ? 0 : AUTO_DELAY_MS);
        }
      }
      if (['all', 'data', 'eps', 'steps', 'theme', 'size'].some((a) => changed.has(a))) scheduleSweeps();
      paint();
    },
  };
}
