// "Beyond the paper": the large steps' learning-rate schedule (the schema keys schedule and
// lr_end), every schedule's run of the state side by side, and the chart of the rates in use;
// then mini-batch steps and Gaussian inputs (batch, inputs, cov), with what the report says of
// them (the batches drawn, the inputs, why Lemma 2 does or does not apply).
// Like the rest of the page it holds no maths: the rows come from the View on screen
// (View.schedules(), each row what `lr-anneal run` prints for the state with that schedule),
// the chart is drawn by the core, and every change goes through the store's actions.
// app.js loads this script when the section first comes near the screen.

import { $, dpr, fitCanvas, fmtNum, isDark, observeCanvas, onThemeChange, radios, setText } from './ui.js';

/** What the choices say. */
const WORDS = {
  constant: 'constant (the paper)',
  linear: 'linear',
  cosine: 'cosine',
  exp: 'exponential',
  step: 'step (η, then η_end)',
};

/** What the input choices say. */
const INPUT_WORDS = {
  basis: 'basis vectors (the paper)',
  gaussian: 'Gaussian',
};

const bx = {
  store: null,
  app: null,
  query: '', // the state the section shows
  near: false,
  lrEndError: false, // a rejected lr_end stays in its field, with its message, until the next edit
  fieldError: {}, // the same for batch and cov, by key
};

/** `v` (a loss over eps) as the page writes it. */
const overEps = (v) => (v === null ? 'no stop' : `${fmtNum(v)} ε`);

export function init(store, app) {
  bx.store = store;
  bx.app = app;
  radios($('schedule-choices'), 'schedule', store.core.schema().schedules, WORDS, choose);
  $('schedule-rows').addEventListener('click', (e) => {
    const button = e.target.closest('button[data-use]');
    if (button) choose(button.dataset.use);
  });
  const lrEnd = $('lr_end-text');
  lrEnd.addEventListener('input', () => {
    bx.lrEndError = false;
    setText($('lr_end-err'), '');
  });
  lrEnd.addEventListener('change', () => {
    const err = bx.app.set([['lr_end', lrEnd.value.trim()]]);
    bx.lrEndError = err !== null;
    setText($('lr_end-err'), err ? `${err}. Kept the value from before this edit.` : '');
  });
  radios($('inputs-choices'), 'inputs', store.core.schema().inputs, INPUT_WORDS, (name) => {
    setText($('inputs-err'), bx.app.set([['inputs', name]]) ?? '');
  });
  for (const key of ['batch', 'cov']) textField(key);
  for (const b of document.querySelectorAll('#beyond-noise button[data-preset]')) {
    b.addEventListener('click', () => {
      const preset = store.core.schema().presets.find((p) => p.name === b.dataset.preset);
      if (preset) bx.app.open(preset.query);
    });
  }
  $('beyond-cut').addEventListener('click', () => {
    const rule = bx.store.report.params.gd_stop === 'cut' ? 'check' : 'cut';
    bx.app.set([['gd_stop', rule]]);
  });
  observeCanvas($('fig-rates'), drawRates);
  onThemeChange(drawRates);
  new IntersectionObserver((entries) => {
    bx.near = entries.some((e) => e.isIntersecting);
    if (bx.near) show();
  }, { rootMargin: '400px 0px' }).observe($('beyond'));
  bx.near = true; // app.js loaded this script because the section came near
  app.subscribe(() => {
    if (bx.near) show();
  });
}

/** The text field of `key` (#KEY-text, its message in #KEY-err): applied on change through the
 * schema; a rejected value stays in the field with its message until the next edit. */
function textField(key) {
  const input = $(`${key}-text`);
  input.addEventListener('input', () => {
    bx.fieldError[key] = false;
    setText($(`${key}-err`), '');
  });
  input.addEventListener('change', () => {
    const err = bx.app.set([[key, input.value.trim()]]);
    bx.fieldError[key] = err !== null;
    setText($(`${key}-err`), err ? `${err}. Kept the value from before this edit.` : '');
  });
}

/** Writes `value` into the field of `key` unless the reader is editing it or it shows an error. */
function fillField(key, value) {
  const input = $(`${key}-text`);
  if (!bx.fieldError[key] && document.activeElement !== input) input.value = value;
}

/** The mini-batch and input part of the section for `report`. */
function showNoise(report) {
  const p = report.params;
  const n = report.samples.labels.length;
  fillField('batch', String(p.batch));
  for (const el of document.querySelectorAll('#inputs-choices input')) el.checked = el.value === p.inputs;
  const cov = $('cov-text');
  cov.disabled = p.inputs !== 'gaussian';
  cov.placeholder = cov.disabled ? 'unused' : '';
  if (cov.disabled && bx.fieldError.cov) {
    // A rejected value of a field now unused: its message goes with it.
    bx.fieldError.cov = false;
    setText($('cov-err'), '');
  }
  fillField('cov', p.cov ? p.cov.join(',') : '');
  const batches = report.annealed.batches ?? [];
  let said = '';
  if (p.batch === 0) {
    said = `Full batch: every large step uses all n = ${n} samples.`;
  } else if (p.batch >= n) {
    said = `A mini-batch of all n = ${n} samples is the full batch: the same steps as batch=0.`;
  } else if (batches.length === 0) {
    said = `No large step was taken, so no mini-batch was drawn.`;
  } else {
    const shown = batches.slice(0, 12).map((b) => `{${b.join(', ')}}`).join(', ');
    const more = batches.length > 12 ? `, … (${batches.length} steps)` : '';
    said = `Mini-batches drawn (sample numbers, one per large step taken): ${shown}${more}.`;
  }
  setText($('beyond-batches'), said);
  let inputs = '';
  if (p.inputs === 'gaussian') {
    const v = report.samples.eigenvectors ?? [];
    const vec = (x) => `(${x.map((c) => fmtNum(c)).join(', ')})`;
    inputs = `Gaussian inputs, n = ${n}: the empirical covariance's eigenvalues γ = ${vec(report.samples.gamma)} `
      + `along the eigenvectors ${v.map(vec).join(', ')}; the population variances are ${vec(p.cov ?? [])}.`;
  } else {
    inputs = `Basis inputs: the empirical covariance is diagonal, γ = (${report.samples.gamma.map((c) => fmtNum(c)).join(', ')}).`;
  }
  setText($('beyond-inputs'), inputs);
  const why = report.bounds.does_not_apply;
  setText($('beyond-bounds'), why ? `${why}.` : 'The two covariances share their eigenvectors, the setting of Lemma 2: its conditions and bounds for this state are under “Go deeper” below the figures.');
}

function choose(name) {
  setText($('schedule-err'), bx.app.set([['schedule', name]]) ?? '');
}

/** Fills the section for the state on screen (once per state). */
function show() {
  const { query, report, view } = bx.store;
  if (!report || !view || query === bx.query) return;
  bx.query = query;
  const p = report.params;
  for (const el of document.querySelectorAll('#schedule-choices input')) el.checked = el.value === p.schedule;
  const lrEnd = $('lr_end-text');
  lrEnd.disabled = p.schedule === 'constant';
  lrEnd.placeholder = lrEnd.disabled ? 'unused' : '';
  if (!bx.lrEndError && document.activeElement !== lrEnd) lrEnd.value = p.lr_end ?? '';
  fillRows(report, view.schedules());
  const cut = p.gd_stop === 'cut';
  setText($('beyond-cut-text'), cut
    ? 'A large step that would end below ε is cut to land on it, so every stop is at ε.'
    : 'The paper\'s rule stops before a step once the train loss is at most ε, so a decaying schedule can stop below ε (not like-for-like).');
  setText($('beyond-cut'), cut ? 'Use the paper\'s rule (gd_stop=check)' : 'Cut that step to land on ε (gd_stop=cut)');
  drawRates();
  showNoise(report);
}

/** The columns' names, for the stacked rows of a phone (style.css writes them before each cell). */
const LABELS = ['η₀ → η_(K−1)', 'Test loss at the stop', 'Where it stops', 'Like-for-like'];

function cell(row, text, value) {
  const td = document.createElement('td');
  td.textContent = text;
  td.dataset.label = LABELS[row.querySelectorAll('td').length];
  if (value !== undefined) td.dataset.value = String(value);
  row.append(td);
  return td;
}

/** The table: gradient flow, then every schedule (the one in use marked). */
function fillRows(report, rows) {
  const body = $('schedule-rows');
  body.textContent = '';
  const eps = report.params.eps;
  const gf = report.gradient_flow;
  const tr = document.createElement('tr');
  tr.dataset.run = 'gradient_flow';
  const head = document.createElement('th');
  head.scope = 'row';
  head.className = 'c-gf';
  head.textContent = '(A) gradient flow';
  tr.append(head);
  cell(tr, '—');
  cell(tr, overEps(gf.test_loss === null ? null : gf.test_loss / eps), gf.test_loss === null ? 'null' : gf.test_loss / eps);
  cell(tr, gf.reached ? 'at the end of the flow' : 'never reaches ε');
  cell(tr, '');
  body.append(tr);
  for (const r of rows) {
    const row = document.createElement('tr');
    row.dataset.schedule = r.schedule;
    const current = r.schedule === report.params.schedule;
    if (current) row.setAttribute('aria-current', 'true');
    const th = document.createElement('th');
    th.scope = 'row';
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'link-btn';
    b.dataset.use = r.schedule;
    b.textContent = `(B) ${WORDS[r.schedule] ?? r.schedule}`;
    b.setAttribute('aria-pressed', String(current));
    th.append(b);
    row.append(th);
    cell(row, r.rates ? `${fmtNum(r.rates[0])} → ${fmtNum(r.rates[1])}` : 'no large step');
    cell(row, overEps(r.test_loss_over_eps), r.test_loss_over_eps === null ? 'null' : r.test_loss_over_eps);
    cell(row, r.stop);
    const like = cell(row, r.comparable ? '✓ yes' : '✗ no');
    like.dataset.comparable = String(r.comparable);
    like.className = r.comparable ? 'c-good' : 'c-bad';
    body.append(row);
  }
}

function drawRates() {
  const view = bx.store.view;
  const canvas = $('fig-rates');
  if (!view || !bx.near) return;
  const scale = dpr();
  if (fitCanvas(canvas, scale)) view.draw_rates(canvas, isDark(), scale);
}
