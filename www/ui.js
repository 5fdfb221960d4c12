// What every view of the page shares, declared once: element lookup, text writes that touch the
// DOM only when the text changes, the theme and pixel ratio the canvases are drawn at, canvas
// sizes from one ResizeObserver (never from a layout read), the one behaviour of a typed field
// whose value the core rejects, the one owner of Escape and click-outside, scrolling a span of the
// page into view above the phones' sheet, the page's own address for a query and the clipboard.
// No number is formatted here: the core writes every number the page shows.
// @ts-check

/**
 * The element with this id (typed as what the page knows it to be).
 * @template {HTMLElement} [E=HTMLElement]
 * @param {string} id
 * @returns {E}
 */
export const $ = (id) => /** @type {E} */ (/** @type {unknown} */ (document.getElementById(id)));

/**
 * Sets an element's text only when it differs (no needless style or layout work).
 * @param {Element | null | undefined} el
 * @param {string} text
 */
export function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

/**
 * Sets an attribute only when it differs (`null` removes it).
 * @param {Element} el
 * @param {string} name
 * @param {string | null} value
 */
export function setAttr(el, name, value) {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}

/**
 * Shows or hides an element (the `hidden` attribute), touching it only on a change.
 * @param {HTMLElement} el
 * @param {boolean} on
 */
export function show(el, on) {
  if (el.hidden === on) el.hidden = !on;
}

/** This page's address for a query: same origin and path (any sub-path), the query, no hash.
 * @param {string} query */
export function pageUrl(query) {
  return `${window.location.origin}${window.location.pathname}?${query}`;
}

/** Copies `text`; whether it worked (false when the clipboard API is missing or refused).
 * @param {string} text */
export async function copy(text) {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The message of a thrown value.
 * @param {unknown} e
 */
export const message = (e) => (e instanceof Error ? e.message : String(e));

/**
 * The value at a dotted path (`a.b.0`) of an object; `undefined` when a step is missing.
 * @param {unknown} obj
 * @param {string} path
 * @returns {unknown}
 */
export function get(obj, path) {
  /** @type {any} */
  let v = obj;
  for (const part of path.split('.')) {
    if (v === null || v === undefined) return undefined;
    v = v[part];
  }
  return v;
}

// ---- theme and canvases -------------------------------------------------------------------------

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
const printQuery = window.matchMedia('print');
/** Between beforeprint and afterprint (the print media query matches only after beforeprint:
 * app.js redraws in that event, and this module's listener comes first). */
let printing = false;
window.addEventListener('beforeprint', () => {
  printing = true;
});
window.addEventListener('afterprint', () => {
  printing = false;
});

/** The theme the canvases are drawn in: light when printing, else an explicit data-theme on
 * <html> over the system's preference. */
export function isDark() {
  if (printing || printQuery.matches) return false;
  const t = document.documentElement.dataset.theme;
  if (t === 'dark' || t === 'light') return t === 'dark';
  return darkQuery.matches;
}

/**
 * Calls `fn` when the theme the canvases are drawn in changes: the system's preference, the
 * page's data-theme, or printing (figures print light whatever the theme).
 * @param {() => void} fn
 */
export function onThemeChange(fn) {
  darkQuery.addEventListener('change', fn);
  // Printing (app.js redraws at once on beforeprint; after it, back to the page's theme).
  window.addEventListener('afterprint', fn);
  new MutationObserver(fn).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

/** The device pixel ratio canvases are drawn at (clamped to what the core accepts). */
export function dpr() {
  return Math.min(8, Math.max(0.25, window.devicePixelRatio || 1));
}

/** @type {WeakMap<Element, {w: number, h: number}>} CSS sizes of the observed canvases. */
const cssSize = new WeakMap();
/** @type {WeakMap<Element, () => void>} */
const resized = new WeakMap();
const observer = new ResizeObserver((entries) => {
  /** @type {Set<() => void>} */
  const calls = new Set();
  for (const e of entries) {
    const size = { w: Math.round(e.contentRect.width), h: Math.round(e.contentRect.height) };
    const old = cssSize.get(e.target);
    cssSize.set(e.target, size);
    const fn = resized.get(e.target);
    if (fn && (!old || old.w !== size.w || old.h !== size.h)) calls.add(fn);
  }
  for (const fn of calls) fn();
});

/**
 * Watches `canvas`'s CSS size; `onResize()` runs after it changes, and once when the observer
 * first reports it (the size a first draw needs, read without forcing a layout).
 * @param {Element} canvas
 * @param {() => void} onResize
 */
export function observeCanvas(canvas, onResize) {
  resized.set(canvas, onResize);
  observer.observe(canvas);
}

/**
 * Sizes a canvas's pixels to its CSS box (as the observer last reported it) times `scale`;
 * false when it has no size yet (not reported, or not laid out).
 * @param {HTMLCanvasElement} canvas
 * @param {number} scale
 */
export function fitCanvas(canvas, scale) {
  const size = cssSize.get(canvas);
  if (!size) return false;
  const w = Math.round(size.w * scale);
  const h = Math.round(size.h * scale);
  if (w === 0 || h === 0) return false;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return true;
}

// ---- typed fields -------------------------------------------------------------------------------

/**
 * @typedef {object} Sender  what a field sends its value through (app.js's actions)
 * @property {(pairs: [string, string][]) => string | null} set  applies key/value pairs through
 *   the core; returns its message when one is rejected
 * @property {() => string} query  the state queued or on screen
 * @property {(query: string) => void} load  shows a state
 * @property {() => void} flush  renders a queued state now
 */

/**
 * The one behaviour of a typed field: each edit goes through the core (`pairs(text)` -> the
 * key/value pairs it sets); a rejected value shows the core's message under the field (in
 * `err`), marks the field invalid and described by it; leaving a field whose value was rejected
 * cancels the whole edit, back to the state it had when the field took the focus (not to the last
 * valid prefix: typing 1e9 passes through eps=1), and the message then says so.
 * @param {HTMLInputElement} field
 * @param {HTMLElement} err
 * @param {Sender} app
 * @param {(text: string) => [string, string][]} pairs
 * @param {{on?: 'input' | 'change'}} [options]  when to send (each keystroke, or on change)
 */
export function bindField(field, err, app, pairs, { on = 'input' } = {}) {
  /** @type {string | null} */
  let start = null;
  field.addEventListener('focus', () => {
    start = app.query();
  });
  const send = () => {
    const e = app.set(pairs(field.value.trim()));
    const was = err.textContent;
    setText(err, e ?? '');
    if (e && !was) err.scrollIntoView({ block: 'nearest' });
    if (e) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
    // A field sent on change commits each value: a later rejection goes back to the last one.
    if (!e && on === 'change') start = app.query();
    const ids = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    if (!ids.includes(err.id)) field.setAttribute('aria-describedby', [...ids, err.id].join(' '));
  };
  field.addEventListener(on, send);
  if (on === 'input') {
    field.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') field.blur();
    });
  }
  field.addEventListener('blur', () => {
    // The window losing the focus blurs the field but leaves it the active element: not left.
    if (document.activeElement === field) return;
    const rejected = Boolean(err.textContent) && field.getAttribute('aria-invalid') === 'true';
    field.removeAttribute('aria-invalid');
    const before = start;
    start = null;
    if (!rejected) return;
    // A rejected value keeps its message (saying what is shown instead) until the next edit.
    setText(err, `${(err.textContent ?? '').replace(/\.?$/, '.')} Kept the value from before this edit.`);
    field.dataset.stale = '1';
    if (before !== null && before !== app.query()) {
      app.load(before);
      // Now, not on the next frame: a click that took the focus reads the state next.
      app.flush();
    }
  });
}

/**
 * Writes `value` into a field unless the reader is in it (or a rejected value stays on show).
 * @param {HTMLInputElement | HTMLSelectElement} field
 * @param {string} value
 */
export function setValue(field, value) {
  if (document.activeElement === field) return;
  if (field.dataset.stale) {
    delete field.dataset.stale;
  }
  if (field.value !== value) field.value = value;
}

// ---- Escape and click-outside -------------------------------------------------------------------

/**
 * @typedef {object} Layer  something Escape or a click elsewhere closes
 * @property {string} name  `menu`, `cursor` or `sheet` (most specific first)
 * @property {() => boolean} open
 * @property {(outside?: boolean) => void} close
 * @property {(node: Node) => boolean} [contains]
 */

/** @type {Layer[]} */
const layers = [];
const ORDER = ['menu', 'cursor', 'sheet'];

/**
 * How much of the bottom of the window a fixed layer covers (the phones' parameter sheet, open
 * or closed), in CSS pixels.
 */
export function coveredBelow() {
  const sheet = document.getElementById('controls');
  if (!sheet || getComputedStyle(sheet).position !== 'fixed') return 0;
  return Math.max(0, innerHeight - sheet.getBoundingClientRect().top);
}

/**
 * Scrolls the window at once, as little as it can, so that the span from `first`'s top to
 * `last`'s bottom is on screen above `covered` pixels at the bottom; when the span is taller than
 * that, `first`'s top goes to the top of the window. Nothing moves when the span is in view.
 * @param {Element} first
 * @param {Element} last
 * @param {number} covered
 */
export function reveal(first, last, covered = coveredBelow()) {
  const margin = 8;
  const top = first.getBoundingClientRect().top;
  const bottom = last.getBoundingClientRect().bottom;
  const room = innerHeight - covered;
  if (top >= 0 && bottom <= room) return;
  const fits = bottom - top + 2 * margin <= room;
  const dy = !fits || top < margin ? top - margin : bottom - room + margin;
  window.scrollBy({ top: dy, behavior: 'instant' });
}

/**
 * Registers a layer: one document listener asks them in order, so one Escape closes exactly one
 * thing; a modal dialog (the browser's own) comes first. A layer registered before its contents
 * load (a menu whose items wait for a lazy script) works from the first frame.
 * @param {Layer} layer
 */
export function dismissable(layer) {
  layers.push(layer);
  layers.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
}

document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
  if (document.querySelector('dialog[open]')) return; // the dialog takes its own Escape
  const layer = layers.find((l) => l.open());
  if (!layer) return;
  e.preventDefault();
  layer.close();
});

document.addEventListener('click', (e) => {
  for (const l of layers) {
    if (l.contains && l.open() && !l.contains(/** @type {Node} */ (e.target))) l.close(true);
  }
});

/**
 * A `<details class="menu">`: Escape and a click elsewhere close it (the focus goes back to its
 * summary after Escape). Works before its items exist.
 * @param {HTMLDetailsElement} details
 */
export function menu(details) {
  dismissable({
    name: 'menu',
    open: () => details.open,
    contains: (node) => details.contains(node),
    close: (outside) => {
      details.open = false;
      if (!outside) details.querySelector('summary')?.focus();
    },
  });
}

/**
 * A modal `<dialog>` that keeps the focus inside it: Tab and Shift+Tab wrap around its controls
 * (and step over a same-origin iframe in it as one stop), and Escape closes it from anywhere in
 * it, the iframe included.
 * @param {HTMLDialogElement} dialog
 */
export function trapFocus(dialog) {
  const focusables = () => /** @type {HTMLElement[]} */ ([...dialog.querySelectorAll(
    'button:not([disabled]), input:not([disabled]), textarea, select, a[href], iframe, [tabindex]:not([tabindex="-1"])',
  )].filter((el) => el.getClientRects().length > 0));
  /** @param {KeyboardEvent} e @param {Element | null} from */
  const onKey = (e, from) => {
    if (!dialog.open) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      dialog.close();
      return;
    }
    if (e.key !== 'Tab') return;
    const list = focusables();
    if (list.length === 0) return;
    const i = list.findIndex((el) => el === from);
    const inFrame = from?.tagName === 'IFRAME';
    const first = list[0];
    const last = list[list.length - 1];
    let next = null;
    if (inFrame) next = list[(i + (e.shiftKey ? -1 : 1) + list.length) % list.length];
    else if (e.shiftKey && from === first) next = last;
    else if (!e.shiftKey && from === last) next = first;
    if (!next) return;
    e.preventDefault();
    next.focus();
  };
  dialog.addEventListener('keydown', (e) => onKey(e, document.activeElement));
  return {
    /** Routes the keys of a same-origin iframe in the dialog (call on each of its loads). */
    frame(/** @type {HTMLIFrameElement} */ frame) {
      try {
        frame.contentWindow?.addEventListener('keydown', (e) => onKey(e, frame));
      } catch {
        // Another origin: its keys stay its own.
      }
    },
  };
}

// ---- folded sections ------------------------------------------------------------------------------

/** Opens the folded sections (`<details>`) around the element a link points at (`#id`), on load
 * and whenever the hash changes, so a link to a "go deeper" part shows it. */
function openLinked() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const el = id ? document.getElementById(id) : null;
  if (!el) return;
  for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) d.open = true;
  if (el instanceof HTMLDetailsElement) el.open = true;
  el.scrollIntoView({ block: 'start' });
}
window.addEventListener('hashchange', openLinked);
if (window.location.hash) queueMicrotask(openLinked);
