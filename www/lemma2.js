// The Lemma 2 explorer: where the spectra come from (the samples, or gamma/lambda given in the
// link), the small block S, the plane the figures show, and the table of conditions and bounds
// next to both simulated runs. It holds no maths and no schema: values go through the core
// (app.set / core.drop_keys) and everything shown comes from the report.
//
// app.js calls init(store, actions) once; this module then subscribes to the store.

import { fillReport, lemma2Rows } from './report.js';
import { $, fmtNum, setText, sig3 } from './ui.js';

const l2 = {
  core: null,
  store: null, // app.js's store: the query and report on screen
  app: null, // app.js's actions: set(pairs) -> error or null, load(query), query()
  query: '', // the query this section shows (it is filled only while near the screen)
  report: null,
  splits: { key: '', list: [] }, // every split of the spectrum, for the query without `small`
  near: false, // the section is on or near the screen
};

/** A split as the reader sees it: {2, 3}. */
const setLabel = (small) => `{${small.join(', ')}}`;

/** Every split of the spectrum: the report lists them when the query has no `small`; otherwise
 * ask the core once for the query without it (cached by that query). */
function allSplits(query, report) {
  if (report.params.small === null || report.bounds.small_note) {
    return (report.bounds.lemma2 ?? []).map((l) => l.small);
  }
  const key = l2.core.drop_keys(query, 'small');
  if (l2.splits.key !== key) {
    const view = new l2.core.View(key);
    try {
      const r = view.report();
      l2.splits = { key, list: (r.bounds.lemma2 ?? []).map((l) => l.small) };
    } finally {
      view.free();
    }
  }
  return l2.splits.list;
}

function apply(pairs, errId) {
  const err = l2.app.set(pairs);
  setText($(errId), err ?? '');
  return err;
}

// ---- spectra -----------------------------------------------------------------------------------

function given(report) {
  return report.params.gamma !== null && report.params.gamma !== undefined;
}

function buildSpectra(report) {
  const body = $('l2-spectra-body');
  const d = report.params.d;
  if (body.children.length !== d) {
    body.textContent = '';
    for (let j = 0; j < d; j++) {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = String(j + 1);
      tr.append(th);
      for (const key of ['gamma', 'lambda']) {
        const td = document.createElement('td');
        const input = document.createElement('input');
        input.type = 'text';
        input.className = 'num';
        input.inputMode = 'decimal';
        input.autocomplete = 'off';
        input.spellcheck = false;
        input.id = `l2-${key}-${j + 1}`;
        input.dataset.spec = key;
        input.dataset.j = String(j);
        input.setAttribute('aria-label', `${key === 'gamma' ? 'γ' : 'λ'}${j + 1}`);
        td.append(input);
        tr.append(td);
      }
      body.append(tr);
    }
  }
  const on = given(report);
  const gamma = report.samples.gamma;
  const lambda = report.samples.lambda;
  for (const input of body.querySelectorAll('input')) {
    const j = Number(input.dataset.j);
    const v = (input.dataset.spec === 'gamma' ? gamma : lambda)[j];
    input.disabled = !on;
    input.dataset.value = String(v);
    // Don't overwrite what the reader is typing.
    if (document.activeElement !== input) input.value = fmtNum(v).replace(/−/g, '-');
    input.removeAttribute('aria-invalid');
  }
  $('l2-mode-samples').checked = !on;
  $('l2-mode-given').checked = on;
  const gaussian = report.params.inputs === 'gaussian';
  setText($('l2-spectra-hint'), on
    ? 'Type a value and press Enter. Each must be positive; the largest γ is the top direction.'
    : gaussian
      ? 'Gaussian inputs: γ are the empirical covariance\'s eigenvalues and λ the population variance along each of its eigenvectors. Switch to “Set the spectra” to type your own (back to basis inputs).'
      : 'γ counts how often each coordinate was sampled (count / n); λ is the uniform population. Switch to “Set the spectra” to type your own.');
}

/** The list the inputs of one spectrum hold, with the edited one replaced. */
function listOf(spec) {
  return [...$('l2-spectra-body').querySelectorAll(`input[data-spec="${spec}"]`)]
    .map((el) => el.value.trim()).join(',');
}

function onSpectrumChange(e) {
  const input = e.target;
  if (!input.dataset?.spec) return;
  const err = apply([[input.dataset.spec, listOf(input.dataset.spec)]], 'l2-spectra-err');
  if (err) input.setAttribute('aria-invalid', 'true');
}

function setMode(mode) {
  const report = l2.report;
  if (!report) return;
  if (mode === 'given' && !given(report)) {
    // Start from the samples' spectrum; unobserved coordinates (gamma 0) get a small positive value.
    const gamma = report.samples.gamma;
    const low = Math.min(...gamma.filter((g) => g > 0), 1);
    const values = gamma.map((g) => sig3(g > 0 ? g : low / 4));
    // Given spectra replace the samples (the core goes back to basis inputs and full batches).
    apply([['gamma', values.join(',')]], 'l2-spectra-err');
  } else if (mode === 'samples' && given(report)) {
    setText($('l2-spectra-err'), '');
    l2.app.load(l2.core.drop_keys(l2.app.query(), 'gamma,lambda'));
  }
}

// ---- the small block and the plane -------------------------------------------------------------

function buildSplits(query, report) {
  const box = $('l2-splits');
  const splits = allSplits(query, report);
  const chosen = report.bounds.small_note ? null : report.params.small;
  const want = ['all', ...splits.map((s) => s.join(','))];
  const have = [...box.querySelectorAll('input')].map((el) => el.value);
  if (want.join('|') !== have.join('|')) {
    box.textContent = '';
    want.forEach((value, i) => {
      const label = document.createElement('label');
      label.className = 'l2-split';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'l2-small';
      input.value = value;
      const text = document.createElement('span');
      if (i === 0) text.textContent = 'All splits';
      else {
        text.className = 'mono';
        text.textContent = `S = ${setLabel(splits[i - 1])}`;
      }
      label.append(input, text);
      box.append(label);
    });
  }
  const current = chosen ? chosen.join(',') : 'all';
  for (const input of box.querySelectorAll('input')) input.checked = input.value === current;
  const note = $('l2-small-note');
  note.hidden = !report.bounds.small_note;
  setText(note, report.bounds.small_note ?? '');
  if (splits.length === 0) {
    setText(note, report.bounds.does_not_apply
      ? `No split: ${report.bounds.does_not_apply}.`
      : 'No split: the spectrum needs at least two distinct values.');
    note.hidden = false;
  }
}

function onSplit(e) {
  const value = e.target.value;
  if (!value) return;
  if (value === 'all') {
    setText($('l2-small-err'), '');
    l2.app.load(l2.core.drop_keys(l2.app.query(), 'small'));
  } else {
    apply([['small', value]], 'l2-small-err');
  }
}

function buildPlane(report) {
  const top = Math.max(report.params.d, 2);
  const [i, j] = report.params.plane;
  [['l2-plane-x', i], ['l2-plane-y', j]].forEach(([id, v]) => {
    const sel = $(id);
    if (sel.options.length !== top) {
      sel.textContent = '';
      for (let k = 1; k <= top; k++) {
        const opt = document.createElement('option');
        opt.value = String(k);
        opt.textContent = `β${k}`;
        sel.append(opt);
      }
    }
    sel.value = String(v);
  });
}

function onPlane(e) {
  const [i, j] = l2.report.params.plane;
  let x = Number($('l2-plane-x').value);
  let y = Number($('l2-plane-y').value);
  // The same coordinate twice: swap, so the other axis takes the old value.
  if (x === y) {
    if (e.target.id === 'l2-plane-x') y = i;
    else x = j;
  }
  apply([['plane', `${x},${y}`]], 'l2-plane-err');
}

// ---- the table ---------------------------------------------------------------------------------

function buildTable(report) {
  const rows = lemma2Rows($('l2-body'), report);
  $('l2-empty').hidden = rows > 0;
  // The core says why when Lemma 2 does not apply at all (Gaussian inputs, mini-batches).
  const why = report.bounds.does_not_apply;
  setText($('l2-empty'), why ? `No split applies: ${why}.`
    : 'No split applies: Lemma 2 needs at least two distinct observed eigenvalues and no label noise.');
  $('l2-table-wrap').hidden = rows === 0;
}

// ---- the hooks ---------------------------------------------------------------------------------

/** Once, after the page's first render, with app.js's store and actions. */
export function init(store, app) {
  l2.core = store.core;
  l2.store = store;
  l2.app = app;
  $('l2-status').textContent = ''; // "Loading the explorer…" until now
  $('l2-mode-samples').addEventListener('change', () => setMode('samples'));
  $('l2-mode-given').addEventListener('change', () => setMode('given'));
  $('l2-spectra-body').addEventListener('change', onSpectrumChange);
  $('l2-splits').addEventListener('change', onSplit);
  $('l2-plane-x').addEventListener('change', onPlane);
  $('l2-plane-y').addEventListener('change', onPlane);
  // app.js loads this script when the section comes within 400 px of the screen: near until the
  // observer says otherwise.
  l2.near = true;
  new IntersectionObserver((entries) => {
    l2.near = entries.some((e) => e.isIntersecting);
    $('lemma2').dataset.near = l2.near ? '1' : '0';
    if (l2.near) show();
  }, { rootMargin: '400px 0px' }).observe($('lemma2'));
  // The section is filled while it is on or near the screen, and when it comes back there: a
  // reader moving the sliders at the top of the page does not pay for rebuilding it.
  app.subscribe(() => {
    if (l2.near) show();
  });
}

function show() {
  const section = $('lemma2');
  const { query, report } = l2.store;
  // Embeds hide this section (app.js): nothing to fill there.
  if (!report || report.params.embed || !l2.core || query === l2.query) return;
  l2.query = query;
  l2.report = report;
  buildSpectra(report);
  buildSplits(query, report);
  buildPlane(report);
  buildTable(report);
  fillReport(section, report);
}
