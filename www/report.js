// Writes one report (the JSON of `lr-anneal run`) into the page. The HTML declares what it shows:
//
//   data-key="a.b.0"      a value at that JSON path: data-value = String(value) ("" for null),
//                         the text is rounded for reading (data-fmt: int, ratio, check)
//   data-vec="a.b"        a list: one data-key child per entry, "(v1, v2, ...)"
//   data-of-eps="a.b"     that value in units of params.eps, for reading (no data-key)
//   data-len="a.b"        the length of a list
//   data-if / data-if-null / data-if-eq="path=value"   shown only when the condition holds
//
// Nothing here computes anything but display text: every number and sentence comes from the
// report (the verdict is the core's, report.verdict).

import { fmtNum, setText } from './ui.js';

/** The value at a dotted path (`a.b.0`); undefined when a step is missing or null. */
export function get(obj, path) {
  let v = obj;
  for (const part of path.split('.')) {
    if (v === null || v === undefined) return undefined;
    v = v[part];
  }
  return v;
}

function fmtTimesEps(v, eps) {
  if (typeof v !== 'number' || typeof eps !== 'number' || !(eps > 0)) return '';
  const m = v / eps;
  const s = Math.abs(m) >= 100 || Math.abs(m) < 0.01 ? fmtNum(m) : String(Number(m.toFixed(3)));
  return `${s.replace(/-/g, '−')} ε`;
}

function fillKey(el, value) {
  const dv = value === null || value === undefined ? '' : String(value);
  if (el.dataset.value !== dv) el.dataset.value = dv;
  const fmt = el.dataset.fmt;
  let text;
  el.classList.remove('is-yes', 'is-no', 'is-null');
  if (value === null || value === undefined) {
    text = el.dataset.null ?? '—';
    el.classList.add('is-null');
  } else if (typeof value === 'boolean') {
    if (fmt === 'check') {
      // A verdict: the mark and the word carry it, the colour only repeats it.
      text = value ? `✓ ${el.dataset.yes ?? 'yes'}` : `✗ ${el.dataset.no ?? 'no'}`;
      el.classList.add(value ? 'is-yes' : 'is-no');
    } else {
      // A plain fact; data-fmt="warn" flags "yes" as a problem.
      text = value ? 'yes' : 'no';
      if (fmt === 'warn' && value) el.classList.add('is-no');
    }
  } else if (typeof value === 'number') {
    text = fmt === 'int' ? String(value) : fmtNum(value);
    if (fmt === 'ratio') text += '×';
  } else {
    text = String(value);
  }
  setText(el, text);
}

/** Makes `el` hold one data-key child per entry of the list at `path` (or one for null). */
function fillVec(el, path, value) {
  const list = Array.isArray(value) ? value : null;
  const want = list ? list.length : 1;
  const kids = el.children;
  const keyed = list ? kids.length === want && (want === 0 || kids[0].dataset.key === `${path}.0`)
    : kids.length === 1 && kids[0].dataset.key === path;
  if (!keyed) {
    el.textContent = '';
    const fmt = el.dataset.fmt;
    const nul = el.dataset.null;
    for (let i = 0; i < want; i++) {
      const span = document.createElement('span');
      span.className = 'v';
      span.dataset.key = list ? `${path}.${i}` : path;
      if (fmt) span.dataset.fmt = fmt;
      if (nul !== undefined) span.dataset.null = nul;
      el.append(span);
    }
    el.classList.toggle('vec', !!list);
  }
}

/**
 * Makes `body` hold one row of the #lemma2-row template per split of the spectrum in `report`
 * (rebuilt only when the splits change), its hooks pointing at that split; returns how many.
 */
export function lemma2Rows(body, report) {
  const rows = report.bounds?.lemma2 ?? [];
  const want = rows.map((r) => r.small.join(',')).join('|');
  if (body.dataset.splits !== want) {
    const tpl = document.getElementById('lemma2-row');
    body.textContent = '';
    body.dataset.splits = want;
    rows.forEach((_, i) => {
      const row = tpl.content.firstElementChild.cloneNode(true);
      for (const el of row.querySelectorAll('[data-k]')) el.dataset.key = `bounds.lemma2.${i}.${el.dataset.k}`;
      for (const el of row.querySelectorAll('[data-kvec]')) el.dataset.vec = `bounds.lemma2.${i}.${el.dataset.kvec}`;
      body.append(row);
    });
  }
  return rows.length;
}

function buildLemma2(root, report) {
  const body = root.querySelector('#lemma2-body');
  if (!body) return;
  const rows = lemma2Rows(body, report);
  const empty = root.querySelector('#lemma2-empty');
  if (empty) empty.hidden = rows > 0;
  const table = root.querySelector('#lemma2-table');
  if (table) table.hidden = rows === 0;
}

function show(el, on) {
  if (el.hidden === on) el.hidden = !on;
}

/** Writes `report` into every hook under `root`. */
export function fillReport(root, report) {
  buildLemma2(root, report);
  for (const el of root.querySelectorAll('[data-vec]')) {
    fillVec(el, el.dataset.vec, get(report, el.dataset.vec));
  }
  for (const el of root.querySelectorAll('[data-key]')) fillKey(el, get(report, el.dataset.key));
  const eps = report.params.eps;
  for (const el of root.querySelectorAll('[data-of-eps]')) {
    setText(el, fmtTimesEps(get(report, el.dataset.ofEps), eps));
  }
  for (const el of root.querySelectorAll('[data-len]')) {
    const v = get(report, el.dataset.len);
    setText(el, Array.isArray(v) ? String(v.length) : '—');
  }
  for (const el of root.querySelectorAll('[data-if]')) show(el, get(report, el.dataset.if) != null);
  for (const el of root.querySelectorAll('[data-if-null]')) show(el, get(report, el.dataset.ifNull) == null);
  for (const el of root.querySelectorAll('[data-if-eq]')) {
    const [path, want] = el.dataset.ifEq.split('=');
    show(el, String(get(report, path)) === want);
  }
  for (const el of root.querySelectorAll('.diverged-note')) show(el, report.annealed.diverged);
  const verdict = root.querySelector('#verdict-text');
  if (verdict) {
    setText(verdict, report.verdict.text);
    verdict.dataset.kind = report.verdict.kind;
  }
}

/** Lists the rejected URL values, identical ones once with a count; user strings go in with
 * textContent only. */
export function showWarnings(banner, list, warnings) {
  list.textContent = '';
  const lines = new Map();
  for (const w of warnings) {
    const id = JSON.stringify([w.key, w.value, w.reason, w.fallback]);
    const line = lines.get(id);
    if (line) line.count += 1;
    else lines.set(id, { w, count: 1 });
  }
  for (const { w, count } of lines.values()) {
    const li = document.createElement('li');
    const key = document.createElement('code');
    key.textContent = w.key;
    const value = document.createElement('code');
    value.textContent = w.value;
    li.append(key, ' = ', value, `: ${w.reason}`);
    if (w.fallback) {
      const fb = document.createElement('code');
      fb.textContent = w.fallback;
      li.append('; using ', fb, '.');
    } else {
      li.append('; ignored.');
    }
    if (count > 1) li.append(` (${count} times)`);
    list.append(li);
  }
  banner.hidden = warnings.length === 0;
}
