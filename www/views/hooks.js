// The text hooks of a part of the page: what its HTML declares it shows of the report, written by
// the core (src/hooks.rs: the same rules fill the prerendered first screen natively).
//
//   data-key="a.b.0"      a value at that JSON path: its text rounded for reading (data-fmt: int,
//                         ratio, check, warn; data-yes, data-no, data-null: the words), data-value
//                         the exact value ("" for none), class is-yes / is-no / is-null
//   data-kind-key="a.b"   beside data-key: data-kind is the value at that path (a word)
//   data-label-key="a.b"  aria-label is the text at that path (a figure's description; data-label
//                         the words for any state, until then)
//   data-vec="a.b"        a list: one data-key child per entry, "(v1, v2, ...)"
//   data-of-eps="a.b"     that value in units of params.eps, for reading
//   data-len="a.b"        the length of a list
//   data-if / data-if-null / data-if-eq="path=value"   shown only when the condition holds
//   <template id="lemma2-row"> rows: lemma2Rows() makes one per split of the spectrum
//
// Nothing here formats a number: the values go to the core in one call per fill.
// @ts-check

import { get, setAttr, setText, show } from '../ui.js';

/** @typedef {import('../pkg/lr_anneal.js').Report} Report */

const KINDS = /** @type {const} */ ([['data-key', 'key'], ['data-of-eps', 'of-eps'], ['data-len', 'len']]);

/**
 * Makes `el` hold one data-key child per entry of the list at `path` (or one for null).
 * @param {HTMLElement} el
 * @param {string} path
 * @param {unknown} value
 */
function fillVec(el, path, value) {
  const list = Array.isArray(value) ? value : null;
  const want = list ? list.length : 1;
  const kids = /** @type {HTMLCollectionOf<HTMLElement>} */ (el.children);
  const keyed = list ? kids.length === want && (want === 0 || kids[0].dataset.key === `${path}.0`)
    : kids.length === 1 && kids[0].dataset.key === path;
  if (keyed) return false;
  el.textContent = '';
  for (let i = 0; i < want; i++) {
    const span = document.createElement('span');
    span.className = 'v';
    span.dataset.key = list ? `${path}.${i}` : path;
    if (el.dataset.fmt) span.dataset.fmt = el.dataset.fmt;
    if (el.dataset.null !== undefined) span.dataset.null = el.dataset.null;
    el.append(span);
  }
  el.classList.toggle('vec', !!list);
  return true;
}

/**
 * Makes `body` hold one row of the #lemma2-row template per split of the spectrum in `report`
 * (rebuilt only when the splits change), its hooks pointing at that split; returns how many.
 * @param {HTMLElement} body
 * @param {Report} report
 */
export function lemma2Rows(body, report) {
  const rows = report.bounds?.lemma2 ?? [];
  const want = rows.map((r) => r.small.join(',')).join('|');
  if (body.dataset.splits !== want) {
    const tpl = /** @type {HTMLTemplateElement} */ (document.getElementById('lemma2-row'));
    body.textContent = '';
    body.dataset.splits = want;
    rows.forEach((_, i) => {
      const row = /** @type {HTMLElement} */ (tpl.content.firstElementChild?.cloneNode(true));
      for (const el of row.querySelectorAll('[data-k]')) {
        /** @type {HTMLElement} */ (el).dataset.key = `bounds.lemma2.${i}.${/** @type {HTMLElement} */ (el).dataset.k}`;
      }
      for (const el of row.querySelectorAll('[data-kvec]')) {
        /** @type {HTMLElement} */ (el).dataset.vec = `bounds.lemma2.${i}.${/** @type {HTMLElement} */ (el).dataset.kvec}`;
      }
      body.append(row);
    });
  }
  return rows.length;
}

/**
 * The hooks under `root`: `fill(report)` writes them all (the core writes the texts; an element
 * is touched only when its text, value or class differs). Lists (`data-vec`) expand into hooks of
 * their own as the report's lists change length.
 * @param {HTMLElement} root
 * @param {typeof import('../pkg/lr_anneal.js')} core
 */
export function hooks(root, core) {
  /** @type {{el: HTMLElement, attr: string, spec: string}[]} */
  let list = [];
  let stale = true;
  const collect = () => {
    list = [];
    for (const [attr, kind] of KINDS) {
      for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll(`[${attr}]`))) {
        const d = el.dataset;
        const spec = [kind, d.fmt ?? '', d.yes ?? '', d.no ?? '', d.null ?? '\u0000'].join('\u001f');
        list.push({ el, attr, spec });
      }
    }
    stale = false;
  };
  return {
    /** The structure under the root changed (rows added by the view): collect the hooks again. */
    restructure() {
      stale = true;
    },
    /** Writes `report` into every hook under the root. @param {Report} report */
    fill(report) {
      for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-vec]'))) {
        if (fillVec(el, el.dataset.vec ?? '', get(report, el.dataset.vec ?? ''))) stale = true;
      }
      if (stale) collect();
      const values = list.map(({ el, attr }) => {
        const v = get(report, /** @type {string} */ (el.getAttribute(attr)));
        if (attr === 'data-len') return Array.isArray(v) ? v.length : null;
        return v === undefined ? null : v;
      });
      const out = core.hook_texts(list.map((h) => h.spec), values, report.params.eps);
      list.forEach(({ el }, i) => {
        const [text, value, cls] = [out[3 * i], out[3 * i + 1], out[3 * i + 2]];
        setText(el, text);
        if (value !== '\u0000' && el.dataset.value !== value) el.dataset.value = value;
        for (const c of ['is-yes', 'is-no', 'is-null']) {
          if (el.classList.contains(c) !== (c === cls)) el.classList.toggle(c, c === cls);
        }
        if (el.dataset.kindKey) {
          const kind = String(get(report, el.dataset.kindKey) ?? '');
          if (el.dataset.kind !== kind) el.dataset.kind = kind;
        }
      });
      for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-label-key]'))) {
        setAttr(el, 'aria-label', String(get(report, el.dataset.labelKey ?? '') ?? ''));
      }
      for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-if]'))) {
        show(el, get(report, el.dataset.if ?? '') != null);
      }
      for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-if-null]'))) {
        show(el, get(report, el.dataset.ifNull ?? '') == null);
      }
      for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-if-eq]'))) {
        const [path, want] = (el.dataset.ifEq ?? '').split('=');
        show(el, String(get(report, path)) === want);
      }
    },
  };
}

/**
 * Empties the prerendered hooks and figures under `root` (a part that has not shown the state on
 * screen yet, when the page was prerendered for another): no number of another state stays in it.
 * @param {HTMLElement} root
 */
export function blankPrerendered(root) {
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-prerender] :is([data-key], [data-of-eps], [data-len]), [data-prerender]:is([data-key], [data-of-eps], [data-len])'))) {
    el.textContent = '';
    delete el.dataset.value;
  }
  for (const svg of root.querySelectorAll('svg.pre')) svg.remove();
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-label-key]'))) {
    setAttr(el, 'aria-label', el.dataset.label ?? '');
  }
}

/**
 * A view made of hooks only (the claim, the tables): `mount(root, app, shows)` per the store's
 * contract (see app.js).
 * @param {HTMLElement} root
 * @param {import('../app.js').App} app
 * @param {string[]} shows  the aspects of the state it shows
 * @returns {import('../app.js').Mounted}
 */
export function mountHooks(root, app, shows) {
  const h = hooks(root, app.core);
  return {
    shows,
    update(state) {
      h.fill(state.report);
    },
  };
}
