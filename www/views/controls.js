// The parameter panel. It holds no maths, no number format and no copy of the URL schema: the
// sliders' ranges, positions, key steps, landmarks and the words a screen reader speaks come
// from the core (View.controls), every value goes through the core (app.set), and the presets,
// choices and help were written into the page from the schema at build time.
//
// The panel's lists (β*'s coordinates, the picked samples) are rebuilt only when their length
// changes; everything else is updated in place, only where it differs.
// @ts-check

import { $, bindField, coveredBelow, dismissable, reveal, setAttr, setText, setValue, show } from '../ui.js';
import { hooks } from './hooks.js';

/** @typedef {import('../pkg/lr_anneal.js').Slider} Slider */
/** @typedef {import('../pkg/lr_anneal.js').Report} Report */

const SLIDERS = ['eps', 'lr', 'k', 'noise', 'n'];

/** @type {import('../app.js').Mount} */
export function mount(root, app) {
  /** @type {() => import('../app.js').State} */
  const now = () => /** @type {import('../app.js').State} */ (app.state());
  const report = () => now().report;
  /** @param {string} id */
  const field = (id) => /** @type {HTMLInputElement} */ ($(id));
  const text = hooks(root, app.core);
  let d = -1;
  let n = -1;
  /** Where the focus goes when the sample list is rebuilt after a removal. @type {number | undefined} */
  let refocusChip;

  /** Sends pairs; a message goes under the field (for buttons and selects, which have no edit to
   * cancel). @param {[string, string][]} pairs @param {string} errId */
  const send = (pairs, errId) => setText($(errId), app.set(pairs) ?? '');

  // ---- the sheet (below 980 px, style.css) ------------------------------------------------------
  const bar = $('controls-toggle');
  const openSheet = (/** @type {boolean} */ yes) => {
    root.classList.toggle('open', yes);
    bar.setAttribute('aria-expanded', String(yes));
    if (yes) keepFigureInView();
  };
  /** Opened near Figure 1, the sheet leaves one of its panels on screen above it (scrolled to
   * the nearest when none is). */
  const keepFigureInView = () => {
    const fig = document.getElementById('fig1');
    const box = fig?.getBoundingClientRect();
    if (!fig || !box || box.bottom <= 0 || box.top >= 2 * innerHeight) return;
    const covered = coveredBelow();
    const room = innerHeight - covered;
    const plots = [...fig.querySelectorAll('.panel .plot')].filter((p) => p.getClientRects().length > 0);
    const rects = plots.map((p) => p.getBoundingClientRect());
    if (rects.some((r) => r.top >= 0 && r.bottom <= room)) return;
    const distance = (/** @type {DOMRect} */ r) => Math.abs(r.top + r.height / 2 - room / 2);
    let best = 0;
    rects.forEach((r, i) => { if (distance(r) < distance(rects[best])) best = i; });
    if (plots[best]) reveal(plots[best], plots[best], covered);
  };
  bar.addEventListener('click', () => openSheet(!root.classList.contains('open')));
  // Escape closes it, wherever the focus is (after a dialog, a menu or a sweep cursor).
  dismissable({
    name: 'sheet',
    open: () => root.classList.contains('open') && getComputedStyle(bar).display !== 'none',
    close: () => {
      const inside = root.contains(document.activeElement);
      openSheet(false);
      if (inside || document.activeElement === document.body) bar.focus();
    },
  });

  // ---- preset ---------------------------------------------------------------------------------
  const presets = /** @type {HTMLSelectElement} */ ($('preset'));
  const loadPreset = () => {
    const q = presets.selectedOptions[0]?.dataset.query;
    if (q) app.open(q);
  };
  presets.addEventListener('change', loadPreset);
  $('preset-reset').addEventListener('click', loadPreset);

  // ---- sliders and their fields -----------------------------------------------------------------
  for (const key of SLIDERS) {
    const range = field(`${key}-range`);
    const err = key === 'n' ? 'x-err' : `${key}-err`;
    range.addEventListener('input', () => {
      const v = app.core.slider_value(key, Number(range.value));
      if (v !== undefined) send([[key, v]], err);
    });
    // Arrow keys, Page Up / Down, Home and End move by the core's readable steps.
    range.addEventListener('keydown', (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (!['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'].includes(e.key)) return;
      e.preventDefault();
      // From the state queued, not the one on screen: key presses between two frames add up.
      const v = app.core.slider_key(app.query(), key, e.key);
      if (v !== undefined) send([[key, v]], err);
    });
    bindField(field(`${key}-text`), $(err), app, (v) => [[key, v]]);
  }
  for (const key of ['seed', 'trials', 'flow_lr']) {
    bindField(field(`${key}-text`), $(key === 'seed' ? 'x-err' : `${key}-err`), app, (v) => [[key, v]]);
  }
  const auto = field('lr-auto');
  auto.addEventListener('change', () => send([['lr', auto.checked ? 'auto' : String(report().annealed.lr)]], 'lr-err'));
  for (const radio of /** @type {NodeListOf<HTMLInputElement>} */ (root.querySelectorAll('#gd_stop-choices input'))) {
    radio.addEventListener('change', () => send([['gd_stop', radio.value]], 'gd_stop-err'));
  }

  // ---- beta* ------------------------------------------------------------------------------------
  $('coord-add').addEventListener('click', () => send([['beta', [...report().params.beta, 1].join(',')]], 'beta-err'));
  // The core decides what happens to samples on a removed coordinate (Params::with("beta")).
  $('coord-remove').addEventListener('click', () => {
    const beta = report().params.beta;
    if (beta.length > 1) send([['beta', beta.slice(0, -1).join(',')]], 'beta-err');
  });
  /** @param {number} count */
  const buildBeta = (count) => {
    const list = $('beta-list');
    list.textContent = '';
    for (let j = 0; j < count; j++) {
      const row = document.createElement('div');
      row.className = 'beta-row';
      const label = document.createElement('label');
      label.htmlFor = `beta-${j + 1}`;
      const v = document.createElement('var');
      v.textContent = 'β';
      const sub = document.createElement('sub');
      sub.textContent = String(j + 1);
      label.append(v, '*', sub);
      const box = document.createElement('input');
      box.id = `beta-${j + 1}`;
      box.className = 'num';
      box.type = 'text';
      box.inputMode = 'decimal';
      box.autocomplete = 'off';
      box.spellcheck = false;
      bindField(box, $('beta-err'), app, (text) => {
        const beta = report().params.beta.map(String);
        beta[j] = text;
        return [['beta', beta.join(',')]];
      });
      row.append(label, box);
      list.append(row);
    }
  };

  // ---- training inputs ----------------------------------------------------------------------------
  $('xmode-pick').addEventListener('change', () => send([['x', report().samples.x.join(',')]], 'x-err'));
  $('xmode-random').addEventListener('change', () => send([['n', String(report().samples.labels.length)]], 'x-err'));
  $('sample-add').addEventListener('click', () => {
    const x = report().params.x ?? report().samples.x;
    send([['x', [...x, 1].join(',')]], 'x-err');
  });
  $('seed-next').addEventListener('click', () => send([['seed', now().view.controls().next_seed]], 'x-err'));
  /** @param {number} dims @param {number} count */
  const buildSamples = (dims, count) => {
    const list = $('sample-list');
    list.textContent = '';
    for (let i = 0; i < count; i++) {
      const chip = document.createElement('span');
      chip.className = 'chip';
      const label = document.createElement('label');
      label.className = 'sr-only';
      label.htmlFor = `x-${i + 1}`;
      label.textContent = `Sample ${i + 1} input`;
      const select = document.createElement('select');
      select.id = `x-${i + 1}`;
      for (let j = 1; j <= dims; j++) {
        const opt = document.createElement('option');
        opt.value = String(j);
        opt.textContent = `e${j}`;
        select.append(opt);
      }
      select.addEventListener('change', () => {
        const x = [...(report().params.x ?? [])];
        x[i] = Number(select.value);
        send([['x', x.join(',')]], 'x-err');
      });
      const rm = document.createElement('button');
      rm.type = 'button';
      rm.className = 'chip-x';
      rm.textContent = '×';
      rm.setAttribute('aria-label', `Remove sample ${i + 1}`);
      rm.addEventListener('click', () => {
        const x = [...(report().params.x ?? [])];
        x.splice(i, 1);
        // The list is rebuilt: the focus goes to the chip that takes this one's place.
        if (document.activeElement === rm) refocusChip = i;
        send([['x', x.join(',')]], 'x-err');
      });
      chip.append(label, select, rm);
      list.append(chip);
    }
  };

  /** A slider's thumb, range and words. @param {Slider} s */
  const syncSlider = (s) => {
    const range = field(`${s.key}-range`);
    setAttr(range, 'min', String(s.min));
    setAttr(range, 'max', String(s.max));
    // The thumb moves even while the slider has the focus (its keys step through the core).
    if (range.value !== String(s.position)) range.value = String(s.position);
    setAttr(range, 'aria-valuetext', s.valuetext);
    setValue(field(`${s.key}-text`), s.text);
  };

  return {
    shows: ['all'],
    update({ report: r, view }, changed) {
      const p = r.params;
      if (!(changed.has('all') || ['preset', 'data', 'eps', 'steps', 'trials', 'flow_lr'].some((a) => changed.has(a)))) return;
      const c = view.controls();
      // Preset.
      if (presets.value !== p.preset) presets.value = p.preset;
      const opt = presets.selectedOptions[0];
      setText($('preset-desc'), opt?.dataset.desc ?? '');
      setText($('preset-look'), opt?.dataset.look ?? '');
      show($('preset-modified'), p.modified);
      // beta*.
      if (p.beta.length !== d) {
        buildBeta(p.beta.length);
        d = p.beta.length;
        n = -1;
      }
      p.beta.forEach((b, j) => setValue(field(`beta-${j + 1}`), String(b)));
      /** @type {HTMLButtonElement} */ ($('coord-add')).disabled = !c.can_add_coordinate;
      /** @type {HTMLButtonElement} */ ($('coord-remove')).disabled = p.beta.length <= 1;
      // Training inputs.
      const pick = Array.isArray(p.x);
      const gaussian = p.inputs === 'gaussian';
      const pickBox = field('xmode-pick');
      pickBox.disabled = gaussian;
      pickBox.title = gaussian ? 'Gaussian inputs are drawn at random (inputs=gaussian)' : '';
      pickBox.checked = pick;
      field('xmode-random').checked = !pick;
      show($('pick-panel'), pick);
      show($('random-panel'), !pick);
      if (pick && p.x) {
        if (p.x.length !== n) {
          buildSamples(p.beta.length, p.x.length);
          n = p.x.length;
        }
        p.x.forEach((i, k) => setValue(/** @type {HTMLSelectElement} */ ($(`x-${k + 1}`)), String(i)));
        const lone = p.x.length <= 1;
        for (const b of /** @type {NodeListOf<HTMLButtonElement>} */ (root.querySelectorAll('#sample-list .chip-x'))) b.disabled = lone;
        /** @type {HTMLButtonElement} */ ($('sample-add')).disabled = !c.can_add_sample;
        if (refocusChip !== undefined) {
          const xs = [...root.querySelectorAll('#sample-list .chip-x')].filter((b) => !(/** @type {HTMLButtonElement} */ (b)).disabled);
          /** @type {HTMLElement} */ (xs[Math.min(refocusChip, xs.length - 1)] ?? $('sample-add')).focus();
          refocusChip = undefined;
        }
      } else {
        n = -1;
        setText($('drawn-x'), c.drawn);
      }
      setValue(field('seed-text'), String(p.seed));
      // Optimizers.
      for (const s of [c.eps, c.lr, c.k, c.noise, c.n]) syncSlider(s);
      setText($('eps-hint'), c.eps_hint);
      field('lr-auto').checked = p.lr === 'auto';
      const track = /** @type {HTMLElement} */ (field('lr-range').parentElement);
      track.style.setProperty('--f1', String(c.lr_zones[0]));
      track.style.setProperty('--f2', String(c.lr_zones[1]));
      const marks = $('lr-marks');
      if (marks.dataset.html !== c.lr_marks_html) {
        marks.dataset.html = c.lr_marks_html;
        marks.innerHTML = c.lr_marks_html; // written by the core (src/controls.rs), escaped there
      }
      for (const el of /** @type {NodeListOf<HTMLInputElement>} */ (root.querySelectorAll('#gd_stop-choices input'))) {
        el.checked = el.value === p.gd_stop;
      }
      setValue(field('trials-text'), String(p.trials));
      setValue(field('flow_lr-text'), String(p.flow_lr));
      // The sheet's bar (phones): the values a reader moves most.
      setText($('controls-sum'), c.summary);
      text.fill(r);
    },
  };
}
