// The parameter panel. It holds no maths and no copy of the URL schema: ranges come from the
// core's schema().limits, every value goes through the core's set_param (which validates it and
// returns the new canonical query), and everything shown comes from the last report.
//
// The panel is built once; sync() updates values in place (lists are rebuilt only when their
// length changes), so a slider tick costs a few property writes.

import { $, dismissable, fmtNum, radios, setText, sig3 } from './ui.js';

/** A round number at least `v` (1, 2, 2.5, 5 times a power of ten). */
function niceCeil(v) {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v * (1 - 1e-12)) return m * p;
  return 10 * p;
}

function setValue(el, v) {
  const s = String(v);
  if (el.value !== s && document.activeElement !== el) el.value = s;
}

function setRange(el, min, max, step) {
  const [a, b, c] = [String(min), String(max), String(step)];
  if (el.min !== a) el.min = a;
  if (el.max !== b) el.max = b;
  if (el.step !== c) el.step = c;
}

/** Where `v` sits on a range input, as a fraction of its span (clamped). */
function fraction(el, v) {
  const min = Number(el.min);
  const max = Number(el.max);
  if (!(max > min) || typeof v !== 'number') return null;
  return Math.min(1, Math.max(0, (v - min) / (max - min)));
}

export class Controls {
  /**
   * @param schema  the core's schema()
   * @param app     app.js's actions: set(pairs) -> error message or null, load(query), open(query),
   *                query() (the state queued or on screen), flush() (render a queued state now)
   * @param store   app.js's store (store.report: the report on screen)
   */
  constructor(schema, app, store) {
    this.schema = schema;
    this.app = app;
    this.store = store;
    this.limits = schema.limits;
    this.d = -1;
    this.n = -1;
    // The text field being edited and the state before the edit (see revert).
    this.editStart = null;
    // Where the focus goes when the sample list is rebuilt after a removal.
    this.refocusChip = undefined;
    $('controls').addEventListener('focusin', (e) => {
      if (e.target.matches('input[type="text"]')) this.editStart = { input: e.target, query: this.app.query() };
    });
    this.buildPresets();
    this.buildHelp();
    this.bindBeta();
    this.bindSamples();
    this.bindNumbers();
    this.bindLr();
    this.bindGdStop();
    this.bindSheet();
  }

  /** Below 980px (style.css) the panel is a sheet docked at the bottom: its bar opens it. */
  bindSheet() {
    const panel = $('controls');
    const bar = $('controls-toggle');
    const open = (yes) => {
      panel.classList.toggle('open', yes);
      bar.setAttribute('aria-expanded', String(yes));
    };
    bar.addEventListener('click', () => open(!panel.classList.contains('open')));
    // Escape closes it, wherever the focus is (after a dialog, a menu or a sweep cursor).
    dismissable({
      name: 'sheet',
      open: () => panel.classList.contains('open') && getComputedStyle(bar).display !== 'none',
      close: () => {
        const inside = panel.contains(document.activeElement);
        open(false);
        if (inside || document.activeElement === document.body) bar.focus();
      },
    });
  }

  /** Runs `pairs` through the core; shows its message under the field on a rejection (scrolled
   * into view when it appears) and marks the field being typed in as invalid, described by it. */
  set(pairs, errId) {
    const err = this.app.set(pairs);
    const el = errId && $(errId);
    if (el) {
      const was = el.textContent;
      el.textContent = err ?? '';
      if (err && !was) el.scrollIntoView({ block: 'nearest' });
    }
    const field = document.activeElement;
    if (field?.matches?.('#controls input[type="text"]')) {
      if (err) field.setAttribute('aria-invalid', 'true');
      else field.removeAttribute('aria-invalid');
      const ids = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      if (el && !ids.includes(errId)) field.setAttribute('aria-describedby', [...ids, errId].join(' '));
    }
    return err;
  }

  buildPresets() {
    const select = $('preset');
    for (const p of this.schema.presets) {
      const opt = document.createElement('option');
      opt.value = p.name;
      opt.textContent = `${p.name} · ${p.description}`;
      select.append(opt);
    }
    select.addEventListener('change', () => this.loadPreset(select.value));
    $('preset-reset').addEventListener('click', () => this.loadPreset(select.value));
  }

  loadPreset(name) {
    const p = this.schema.presets.find((q) => q.name === name);
    if (p) this.app.open(p.query);
  }

  buildHelp() {
    for (const el of document.querySelectorAll('[data-help]')) {
      const spec = this.schema.keys.find((k) => k.key === el.dataset.help);
      if (spec) el.textContent = `${spec.help[0].toUpperCase()}${spec.help.slice(1)}.`;
    }
    const range = (key) => this.schema.keys.find((k) => k.key === key)?.range ?? '';
    for (const key of ['eps', 'lr', 'k', 'noise', 'n', 'seed', 'trials', 'flow_lr']) {
      const el = $(`${key}-text`);
      if (el) el.title = `${key}: ${range(key)}`;
    }
  }

  // ---- beta* ----------------------------------------------------------------------------
  bindBeta() {
    $('coord-add').addEventListener('click', () => {
      const beta = this.store.report.params.beta;
      this.set([['beta', [...beta, 1].join(',')]], 'beta-err');
    });
    // The core decides what happens to samples on a removed coordinate (Params::with("beta")).
    $('coord-remove').addEventListener('click', () => {
      const beta = this.store.report.params.beta;
      if (beta.length > 1) this.set([['beta', beta.slice(0, -1).join(',')]], 'beta-err');
    });
  }

  buildBetaRows(d) {
    const list = $('beta-list');
    list.textContent = '';
    for (let j = 0; j < d; j++) {
      const row = document.createElement('div');
      row.className = 'beta-row';
      const label = document.createElement('label');
      label.htmlFor = `beta-${j + 1}`;
      label.innerHTML = `<var>β</var>*<sub>${j + 1}</sub>`;
      const input = document.createElement('input');
      input.id = `beta-${j + 1}`;
      input.className = 'num';
      input.type = 'text';
      input.inputMode = 'decimal';
      input.autocomplete = 'off';
      input.spellcheck = false;
      input.dataset.step = '0.1';
      input.addEventListener('input', () => this.setBeta(j, input.value));
      input.addEventListener('keydown', (e) => this.stepKey(e, input, (v) => this.setBeta(j, v)));
      input.addEventListener('blur', () => this.revert(input, 'beta-err'));
      row.append(label, input);
      list.append(row);
    }
  }

  setBeta(j, value) {
    const beta = this.store.report.params.beta.map(String);
    beta[j] = value;
    this.set([['beta', beta.join(',')]], 'beta-err');
  }

  /** Arrow keys step a numeric text field by its data-step. */
  stepKey(e, input, apply) {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    const v = Number(input.value);
    if (!Number.isFinite(v)) return;
    e.preventDefault();
    const step = Number(input.dataset.step || 1) * (e.shiftKey ? 10 : 1);
    const next = Number((v + (e.key === 'ArrowUp' ? step : -step)).toPrecision(12));
    input.value = String(next === 0 ? 0 : next);
    apply(input.value);
  }

  /**
   * On leaving a field, shows the value in use, canonical. Left with a value the core rejects,
   * the edit is cancelled: the state goes back to what it was when the field took the focus, not
   * to the last valid prefix (typing 1e9 for eps passes through eps=1).
   */
  revert(input, errId) {
    // The window losing the focus blurs the field but leaves it the active element: not left.
    if (document.activeElement === input) return;
    const err = $(errId);
    const rejected = Boolean(err?.textContent) && input.getAttribute('aria-invalid') === 'true';
    // A rejected value keeps its message (saying what is shown instead) until the next edit.
    if (err && rejected) err.textContent = `${err.textContent.replace(/\.?$/, '.')} Kept the value from before this edit.`;
    input.removeAttribute('aria-invalid');
    const start = this.editStart;
    this.editStart = null;
    if (rejected && start?.input === input && start.query != null && start.query !== this.app.query()) {
      this.app.load(start.query);
      // Now, not on the next frame: a click that took the focus reads the state next.
      this.app.flush();
      return;
    }
    const report = this.store.report;
    if (report) this.sync(report);
  }

  // ---- training inputs --------------------------------------------------------------------
  bindSamples() {
    $('xmode-pick').addEventListener('change', () => {
      const x = this.store.report.samples.x;
      this.set([['x', x.join(',')]], 'x-err');
    });
    $('xmode-random').addEventListener('change', () => {
      const n = this.store.report.samples.labels.length;
      this.set([['n', String(n)]], 'x-err');
    });
    $('sample-add').addEventListener('click', () => {
      const x = this.store.report.params.x ?? this.store.report.samples.x;
      this.set([['x', [...x, 1].join(',')]], 'x-err');
    });
    $('seed-next').addEventListener('click', () => {
      const seed = this.store.report.params.seed;
      const next = seed + 1 > this.limits.max_seed ? 0 : seed + 1;
      this.set([['seed', String(next)]], 'x-err');
    });
  }

  buildSamples(d, n) {
    const list = $('sample-list');
    list.textContent = '';
    for (let i = 0; i < n; i++) {
      const chip = document.createElement('span');
      chip.className = 'chip';
      const label = document.createElement('label');
      label.className = 'sr-only';
      label.htmlFor = `x-${i + 1}`;
      label.textContent = `Sample ${i + 1} input`;
      const select = document.createElement('select');
      select.id = `x-${i + 1}`;
      for (let j = 1; j <= d; j++) {
        const opt = document.createElement('option');
        opt.value = String(j);
        opt.textContent = `e${j}`;
        select.append(opt);
      }
      select.addEventListener('change', () => this.setSample(i, select.value));
      const rm = document.createElement('button');
      rm.type = 'button';
      rm.className = 'chip-x';
      rm.textContent = '×';
      rm.setAttribute('aria-label', `Remove sample ${i + 1}`);
      rm.addEventListener('click', () => {
        const x = [...this.store.report.params.x];
        x.splice(i, 1);
        // The list is rebuilt: the focus goes to the chip that takes this one's place.
        if (document.activeElement === rm) this.refocusChip = i;
        this.set([['x', x.join(',')]], 'x-err');
      });
      chip.append(label, select, rm);
      list.append(chip);
    }
  }

  setSample(i, value) {
    const x = [...this.store.report.params.x];
    x[i] = value;
    this.set([['x', x.join(',')]], 'x-err');
  }

  // ---- sliders with a text field ----------------------------------------------------------
  /** A range input and a text field for `key`; `fromPos` turns a slider position into a value. */
  slider(key, fromPos, { err = `${key}-err`, before } = {}) {
    const range = $(`${key}-range`);
    const text = $(`${key}-text`);
    if (range) {
      range.addEventListener('input', () => {
        const pairs = before ? before() : [];
        this.set([...pairs, [key, fromPos(Number(range.value))]], err);
      });
    }
    text.addEventListener('input', () => this.set([[key, text.value.trim()]], err));
    text.addEventListener('blur', () => this.revert(text, err));
    text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') text.blur();
    });
  }

  bindNumbers() {
    const L = this.limits;
    // eps: a log slider over the schema's range.
    setRange($('eps-range'), Math.log10(L.eps[0]), Math.log10(L.eps[1]), 0.01);
    this.slider('eps', (pos) => sig3(10 ** pos));
    this.slider('k', (pos) => String(Math.round(pos)));
    setRange($('k-range'), 0, Math.min(L.max_k, 100), 1);
    this.slider('noise', (pos) => sig3(pos));
    // n: a log slider from 1 to the schema's largest n.
    this.slider('n', (pos) => String(Math.round(10 ** pos)), { err: 'x-err' });
    setRange($('n-range'), 0, Math.log10(L.max_n), 0.01);
    const seed = $('seed-text');
    seed.addEventListener('input', () => this.set([['seed', seed.value.trim()]], 'x-err'));
    seed.addEventListener('blur', () => this.revert(seed, 'x-err'));
    const flow = $('flow_lr-text');
    flow.addEventListener('input', () => this.set([['flow_lr', flow.value.trim()]], 'flow_lr-err'));
    flow.addEventListener('blur', () => this.revert(flow, 'flow_lr-err'));
    const trials = $('trials-text');
    trials.addEventListener('input', () => this.set([['trials', trials.value.trim()]], 'trials-err'));
    trials.addEventListener('blur', () => this.revert(trials, 'trials-err'));
    $('eps-hint').textContent = `Log scale, ${fmtNum(L.eps[0])} to ${fmtNum(L.eps[1])}.`;
  }

  // ---- learning rate ----------------------------------------------------------------------
  /** gd_stop: one radio button per choice the schema lists. */
  bindGdStop() {
    const words = { check: 'stop before it (the paper)', cut: 'shorten it to land on ε' };
    radios($('gd_stop-choices'), 'gd_stop', this.schema.gd_stops, words,
      (name) => this.set([['gd_stop', name]], 'gd_stop-err'));
  }

  bindLr() {
    this.slider('lr', (pos) => sig3(10 ** pos));
    const auto = $('lr-auto');
    auto.addEventListener('change', () => {
      const r = this.store.report;
      this.set([['lr', auto.checked ? 'auto' : String(r.annealed.lr)]], 'lr-err');
    });
  }

  /** The lr slider is logarithmic, up to twice the largest divergence threshold, so the marks
   * sit apart. */
  syncLr(r) {
    const range = $('lr-range');
    const s = r.stability;
    const top = Number.isFinite(s.all_unstable_above) ? s.all_unstable_above : s.lr_auto;
    // A log slider over three decades below a round number past twice the top threshold: the
    // range where the learning rate changes what happens gets most of the track.
    const max = niceCeil(2 * (top ?? 2));
    const [lo, hi] = [Math.log10(max / 1000), Math.log10(max)];
    setRange(range, lo, hi, (hi - lo) / 1000);
    setValue(range, Math.log10(r.annealed.lr));
    const at = (v) => (typeof v === 'number' && v > 0 ? fraction(range, Math.log10(v)) : null);
    setValue($('lr-text'), r.params.lr);
    $('lr-auto').checked = r.params.lr === 'auto';
    const f1 = at(s.lr_auto) ?? 0.5;
    const f2 = at(s.all_unstable_above) ?? 1;
    const track = range.parentElement;
    track.style.setProperty('--f1', String(f1));
    track.style.setProperty('--f2', String(f2));
    // Marks: one per coordinate threshold, labelled at 1/gamma_max and at the top one.
    const marks = $('lr-marks');
    const key = JSON.stringify([max, s.unstable_above]);
    if (marks.dataset.built !== key) {
      marks.dataset.built = key;
      marks.textContent = '';
      const seen = new Set();
      for (const v of s.unstable_above) {
        if (v === null || seen.has(v)) continue;
        seen.add(v);
        const f = at(v);
        if (f === null) continue;
        const tick = document.createElement('span');
        tick.className = 'tick';
        tick.style.setProperty('--f', String(f));
        marks.append(tick);
      }
      const label = (v, text, row) => {
        const f = at(v);
        if (f === null) return;
        const el = document.createElement('span');
        el.className = `mark-label row${row}${f > 0.7 ? ' right' : ''}`;
        el.style.setProperty('--f', String(f));
        el.append(...text);
        marks.append(el);
      };
      const sub = document.createElement('sub');
      sub.textContent = 'max';
      label(s.lr_auto, ['1/γ', sub, ` = ${fmtNum(s.lr_auto)}`], 1);
      if (s.all_unstable_above !== s.lr_auto) {
        label(s.all_unstable_above, [`all grow > ${fmtNum(s.all_unstable_above)}`], 2);
      }
    }
  }

  // ---- everything, from a report ------------------------------------------------------------
  sync(r) {
    const p = r.params;
    const d = p.beta.length;
    // Preset.
    const select = $('preset');
    if (select.value !== p.preset) select.value = p.preset;
    const preset = this.schema.presets.find((q) => q.name === p.preset);
    if (preset) {
      $('preset-desc').textContent = preset.description;
      $('preset-look').textContent = preset.look_for;
      $('preset-modified').hidden = !p.modified;
    }
    // beta*.
    if (d !== this.d) {
      this.buildBetaRows(d);
      this.d = d;
      this.n = -1;
    }
    p.beta.forEach((b, j) => setValue($(`beta-${j + 1}`), b));
    $('coord-add').disabled = d >= this.limits.max_d;
    $('coord-remove').disabled = d <= 1;
    // Training inputs.
    const pick = Array.isArray(p.x);
    // Gaussian inputs are drawn, never picked (the inputs key is in "Beyond the paper").
    const gaussian = p.inputs === 'gaussian';
    $('xmode-pick').disabled = gaussian;
    $('xmode-pick').title = gaussian ? 'Gaussian inputs are drawn at random (inputs=gaussian)' : '';
    $('xmode-pick').checked = pick;
    $('xmode-random').checked = !pick;
    $('pick-panel').hidden = !pick;
    $('random-panel').hidden = pick;
    if (pick) {
      if (p.x.length !== this.n) {
        this.buildSamples(d, p.x.length);
        this.n = p.x.length;
      }
      p.x.forEach((i, k) => setValue($(`x-${k + 1}`), i));
      const lone = p.x.length <= 1;
      for (const b of document.querySelectorAll('#sample-list .chip-x')) b.disabled = lone;
      $('sample-add').disabled = p.x.length >= this.limits.max_n;
      if (this.refocusChip !== undefined) {
        const xs = [...document.querySelectorAll('#sample-list .chip-x')].filter((b) => !b.disabled);
        (xs[Math.min(this.refocusChip, xs.length - 1)] ?? $('sample-add')).focus();
        this.refocusChip = undefined;
      }
    } else {
      this.n = -1;
      setValue($('n-range'), Math.log10(p.n));
      setValue($('n-text'), p.n);
      // Basis inputs by name (e1, e2, ...), Gaussian ones as their rows.
      const names = gaussian
        ? r.samples.inputs.map((row) => `(${row.map((v) => fmtNum(v)).join(', ')})`)
        : r.samples.x.map((i) => `e${i}`);
      const shown = names.slice(0, 24).join(', ');
      $('drawn-x').textContent = names.length > 24 ? `${shown}, … (${names.length})` : shown;
    }
    setValue($('seed-text'), p.seed);
    // Optimizers.
    setValue($('eps-range'), Math.log10(p.eps));
    setValue($('eps-text'), p.eps);
    this.syncLr(r);
    setValue($('k-range'), p.k);
    for (const el of document.querySelectorAll('#gd_stop-choices input')) el.checked = el.value === p.gd_stop;
    setValue($('k-text'), p.k);
    const betaMax = Math.max(1, ...p.beta.map(Math.abs));
    const noiseMax = niceCeil(betaMax);
    setRange($('noise-range'), 0, noiseMax, noiseMax / 200);
    setValue($('noise-range'), p.noise);
    setValue($('noise-text'), p.noise);
    setValue($('trials-text'), p.trials);
    setValue($('flow_lr-text'), p.flow_lr);
    // The sheet's bar (phones): the values a reader moves most.
    const sum = `ε ${fmtNum(p.eps)} · η ${fmtNum(r.annealed.lr)} · K ${p.k}`;
    setText($('controls-sum'), sum);
  }
}
