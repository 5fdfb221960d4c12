// What every view of the page shares, declared once: element lookup, text writes that touch the
// DOM only when the text changes, the theme and pixel ratio the canvases are drawn at, canvas
// sizing from a ResizeObserver (never from a layout read inside an update), number display, and
// radio groups, and the one owner of Escape and click-outside.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** Sets an element's text only when it differs (no needless style or layout work). */
export function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

/**
 * One radio button per value into `box` (a `.seg` radiogroup): input `name-value`, labelled
 * `words[value]` (or the value); `onChoose(value)` when one is chosen.
 */
export function radios(box, name, values, words, onChoose) {
  for (const value of values) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = name;
    input.value = value;
    input.id = `${name}-${value}`;
    input.addEventListener('change', () => onChoose(value));
    label.append(input, ` ${words[value] ?? value}`);
    box.append(label);
  }
}

/** Three significant digits: what a slider position is worth as a URL value. */
export const sig3 = (v) => String(Number(v.toPrecision(3)));

/** The message of a thrown value. */
export const message = (e) => (e instanceof Error ? e.message : String(e));

/** A number rounded for reading (the data-value hooks keep the exact one). */
export function fmtNum(v) {
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : 'NaN';
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s;
  if (Number.isInteger(v) && a < 1e7) s = String(v);
  else if (a >= 1e-3 && a < 1e5) s = String(Number(v.toPrecision(4)));
  else s = v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return s.replace(/-/g, '−');
}

// ---- theme and canvases -------------------------------------------------------------------------

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

/** The theme: an explicit data-theme on <html> wins over the system's preference. */
export function isDark() {
  const t = document.documentElement.dataset.theme;
  if (t === 'dark' || t === 'light') return t === 'dark';
  return darkQuery.matches;
}

/** Calls `fn` when the theme changes (the system's preference or the page's data-theme). */
export function onThemeChange(fn) {
  darkQuery.addEventListener('change', fn);
  new MutationObserver(fn).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

/** The device pixel ratio canvases are drawn at (clamped to what the core accepts). */
export function dpr() {
  return Math.min(8, Math.max(0.25, window.devicePixelRatio || 1));
}

/** CSS sizes of the observed canvases, kept by one ResizeObserver. */
const cssSize = new WeakMap();
const resized = new WeakMap();
const observer = new ResizeObserver((entries) => {
  const calls = new Set();
  for (const e of entries) {
    const size = { w: Math.round(e.contentRect.width), h: Math.round(e.contentRect.height) };
    const old = cssSize.get(e.target);
    cssSize.set(e.target, size);
    // The observer's first report of a canvas already drawn at this size changes nothing.
    const fn = resized.get(e.target);
    if (fn && (!old || old.w !== size.w || old.h !== size.h)) calls.add(fn);
  }
  for (const fn of calls) fn();
});

/** Watches `canvas`'s CSS size; `onResize()` runs after it changes. */
export function observeCanvas(canvas, onResize) {
  resized.set(canvas, onResize);
  observer.observe(canvas);
}

/** The CSS size of a canvas: the observer's when it has one, else (before its first report) read
 * (and, for an observed canvas, kept until the observer reports). */
export function canvasSize(canvas) {
  let size = cssSize.get(canvas);
  if (!size) {
    size = { w: canvas.clientWidth, h: canvas.clientHeight };
    // Kept for an observed canvas only (its observer keeps it current from then on).
    if (resized.has(canvas) && size.w > 0 && size.h > 0) cssSize.set(canvas, size);
  }
  return size;
}

/** Sizes a canvas's pixels to its CSS box times `scale`; false when it is not laid out. */
export function fitCanvas(canvas, scale) {
  const size = canvasSize(canvas);
  const w = Math.round(size.w * scale);
  const h = Math.round(size.h * scale);
  if (w === 0 || h === 0) return false;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return true;
}

// ---- Escape and click-outside ---------------------------------------------------------------------

/**
 * What Escape closes, most specific first: a modal dialog (the browser's own), then an open menu,
 * then a sweep's cursor, then the phones' parameter sheet. Each layer is
 * `{ name, open() -> bool, close(), contains?(node) }`; one document listener asks them in order,
 * so one Escape closes exactly one thing, and a layer registered before its contents load (a menu
 * whose items come from a lazy script) works from the first frame.
 */
const layers = [];
const ORDER = ['menu', 'cursor', 'sheet'];

/** Registers a layer (see above) under `name`: `menu`, `cursor` or `sheet`. */
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
    if (l.contains && l.open() && !l.contains(e.target)) l.close(true);
  }
});

/** A `<details class="menu">`: Escape and a click elsewhere close it (the focus goes back to its
 * summary after Escape). Works before its items exist. */
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

// ---- folded sections ------------------------------------------------------------------------------

/** Opens the folded sections (`<details>`) around the element a link points at (`#id`), on load
 * and whenever the hash changes, so a link to a "go deeper" part shows it. */
function openLinked() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  let el = id ? document.getElementById(id) : null;
  if (!el) return;
  for (let d = el.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
  if (el.tagName === 'DETAILS') el.open = true;
  el.scrollIntoView({ block: 'start' });
}
window.addEventListener('hashchange', openLinked);
if (window.location.hash) queueMicrotask(openLinked);
