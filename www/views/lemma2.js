// The Lemma 2 explorer: where the spectra come from (the samples, or gamma/lambda given in the
// link), the small block S, the plane the figures show, and the table of conditions and bounds
// next to both simulated runs. It holds no maths and no schema: values go through the core
// (app.set, core.drop_keys), the spectra's fields and notes are the core's (View.lemma2_text),
// and every split comes from the report (bounds.splits). app.js loads this script when the
// section first comes near the screen.
// @ts-check

import { $, bindField, setText, show } from '../ui.js';
import { hooks, lemma2Rows } from './hooks.js';

/** @type {import('../app.js').Mount} */
export function mount(root, app) {
  const text = hooks(root, app.core);
  const report = () => /** @type {import('../app.js').State} */ (app.state()).report;
  /** @param {[string, string][]} pairs @param {string} errId */
  const send = (pairs, errId) => setText($(errId), app.set(pairs) ?? '');
  setText($('l2-status'), ''); // "Loading the explorer…" until now
  let d = -1;

  // ---- spectra ----------------------------------------------------------------------------------
  const body = $('l2-spectra-body');
  /** The list one spectrum's fields hold, with the edited one's text. @param {string} spec */
  const listOf = (spec) => [...body.querySelectorAll(`input[data-spec="${spec}"]`)]
    .map((el) => /** @type {HTMLInputElement} */ (el).value.trim()).join(',');
  /** @param {number} count */
  const buildSpectra = (count) => {
    body.textContent = '';
    for (let j = 0; j < count; j++) {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = String(j + 1);
      tr.append(th);
      for (const spec of ['gamma', 'lambda']) {
        const td = document.createElement('td');
        const field = document.createElement('input');
        field.type = 'text';
        field.className = 'num';
        field.inputMode = 'decimal';
        field.autocomplete = 'off';
        field.spellcheck = false;
        field.id = `l2-${spec}-${j + 1}`;
        field.dataset.spec = spec;
        field.setAttribute('aria-label', `${spec === 'gamma' ? 'γ' : 'λ'}${j + 1}`);
        bindField(field, $('l2-spectra-err'), app, () => [[spec, listOf(spec)]], { on: 'change' });
        td.append(field);
        tr.append(td);
      }
      body.append(tr);
    }
  };
  const given = () => report().params.gamma != null;
  $('l2-mode-samples').addEventListener('change', () => {
    if (!given()) return;
    setText($('l2-spectra-err'), '');
    app.load(app.core.drop_keys(app.query(), 'gamma,lambda'));
  });
  $('l2-mode-given').addEventListener('change', () => {
    // Start from the samples' spectrum (the core's: unobserved coordinates get a small value);
    // given spectra replace the samples (the core goes back to basis inputs and full batches).
    if (!given()) send([['gamma', /** @type {import('../app.js').State} */ (app.state()).view.lemma2_text().start]], 'l2-spectra-err');
  });

  // ---- the small block and the plane ------------------------------------------------------------
  const splits = $('l2-splits');
  splits.addEventListener('change', (e) => {
    const value = /** @type {HTMLInputElement} */ (e.target).value;
    if (!value) return;
    if (value === 'all') {
      setText($('l2-small-err'), '');
      app.load(app.core.drop_keys(app.query(), 'small'));
    } else {
      send([['small', value]], 'l2-small-err');
    }
  });
  const planeX = /** @type {HTMLSelectElement} */ ($('l2-plane-x'));
  const planeY = /** @type {HTMLSelectElement} */ ($('l2-plane-y'));
  /** @param {Event} e */
  const onPlane = (e) => {
    const [i, j] = report().params.plane;
    let x = Number(planeX.value);
    let y = Number(planeY.value);
    // The same coordinate twice: swap, so the other axis takes the old value.
    if (x === y) {
      if (e.target === planeX) y = i;
      else x = j;
    }
    send([['plane', `${x},${y}`]], 'l2-plane-err');
  };
  planeX.addEventListener('change', onPlane);
  planeY.addEventListener('change', onPlane);

  return {
    shows: ['all'],
    update({ report: r, view }) {
      const t = view.lemma2_text();
      const p = r.params;
      // Spectra.
      if (p.d !== d) {
        buildSpectra(p.d);
        d = p.d;
      }
      const on = p.gamma != null;
      for (const el of /** @type {NodeListOf<HTMLInputElement>} */ (body.querySelectorAll('input'))) {
        const j = Number(el.id.split('-').pop()) - 1;
        const spec = el.dataset.spec;
        el.disabled = !on;
        const exact = (spec === 'gamma' ? r.samples.gamma : r.samples.lambda)[j];
        el.dataset.value = String(exact);
        // Don't overwrite what the reader is typing, nor a rejected value on show.
        if (document.activeElement !== el && !el.dataset.stale) el.value = (spec === 'gamma' ? t.gamma : t.lambda)[j];
      }
      /** @type {HTMLInputElement} */ ($('l2-mode-samples')).checked = !on;
      /** @type {HTMLInputElement} */ ($('l2-mode-given')).checked = on;
      setText($('l2-spectra-hint'), t.hint);
      // Splits: every one the report lists, and "all".
      const want = ['all', ...r.bounds.splits.map((s) => s.join(','))];
      const have = [...splits.querySelectorAll('input')].map((el) => el.value);
      if (want.join('|') !== have.join('|')) {
        splits.textContent = '';
        want.forEach((value, i) => {
          const label = document.createElement('label');
          label.className = 'l2-split';
          const radio = document.createElement('input');
          radio.type = 'radio';
          radio.name = 'l2-small';
          radio.value = value;
          const span = document.createElement('span');
          if (i === 0) span.textContent = 'All splits';
          else {
            span.className = 'mono';
            span.textContent = `S = {${r.bounds.splits[i - 1].join(', ')}}`;
          }
          label.append(radio, span);
          splits.append(label);
        });
      }
      const current = r.bounds.small_note || !p.small ? 'all' : p.small.join(',');
      for (const el of /** @type {NodeListOf<HTMLInputElement>} */ (splits.querySelectorAll('input'))) el.checked = el.value === current;
      setText($('l2-small-note'), t.splits_note);
      show($('l2-small-note'), t.splits_note !== '');
      // The plane.
      const top = Math.max(p.d, 2);
      for (const [sel, v] of /** @type {[HTMLSelectElement, number][]} */ ([[planeX, p.plane[0]], [planeY, p.plane[1]]])) {
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
      }
      // The table.
      const rowsBefore = $('l2-body').dataset.splits;
      const rows = lemma2Rows($('l2-body'), r);
      if ($('l2-body').dataset.splits !== rowsBefore) text.restructure();
      setText($('l2-empty'), t.table_note);
      show($('l2-empty'), rows === 0);
      show($('l2-table-wrap'), rows > 0);
      text.fill(r);
    },
  };
}
