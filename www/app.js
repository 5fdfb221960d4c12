// lr-anneal's page: the store. It owns the state (the canonical query, the core's View of it, that
// View's report, and playback's time) and nothing else does. Every part of the page is a view
// with one contract:
//
//   mount(root, app) -> { shows, update(state, changed) }
//
// `shows` names the aspects of the state the view shows (the key table's: data, eps, steps,
// flow_lr, plane, small, trials, view, step, preset; and the page's own: time, theme, size), and
// the store calls `update` only when one of them changed (`changed`: a Set of those names, or
// 'all' on a view's first update), only while the view is on or near the screen (a view off
// screen catches up, with everything it missed, when it comes near), and with the canvases under
// its root already sized (from one ResizeObserver: no layout is read). A view renders from the
// state it is handed, keeps no copy of it, and sends changes back through `app.set` as keys for
// the core to validate. The JS holds no maths, no copy of the URL schema and formats no number:
// it asks the wasm module, which writes every number the page shows.
// @ts-check

import { blankPrerendered, mountHooks } from './views/hooks.js';
import { mount as mountFigures } from './views/figures.js';
import { mount as mountControls } from './views/controls.js';
import { mount as mountWalk } from './views/walk.js';
import { mount as mountPlayback } from './views/playback.js';
import { mount as mountShare, mountBanner, mountCredit, mountGallery } from './views/share.js';
import { mount as mountResults } from './views/results.js';
import { $, message, observeCanvas, onThemeChange } from './ui.js';

/** @typedef {typeof import('./pkg/lr_anneal.js')} Core */
/** @typedef {import('./pkg/lr_anneal.js').Report} Report */
/** @typedef {import('./pkg/lr_anneal.js').View} CoreView */

/**
 * @typedef {object} State  what every view renders from
 * @property {string} query  the canonical query on screen
 * @property {Report} report  its report (the JSON of `lr-anneal run`)
 * @property {CoreView} view  the core's View of it (figures, sliders, sweeps, downloads)
 * @property {number | null} t  playback's time (null: the full paths)
 */

/**
 * @typedef {object} Mounted  what a view's mount returns
 * @property {string[]} shows  the aspects of the state it shows ('all': everything)
 * @property {(state: State, changed: Set<string>) => void} update
 */

/**
 * @typedef {object} App  what a view may call
 * @property {Core} core  the wasm module's exports
 * @property {WebAssembly.Module | null} module  the compiled module (the worker instantiates it)
 * @property {(pairs: [string, string][]) => string | null} set  applies key/value pairs through
 *   the core and shows the state on the next frame; returns the core's message on a rejection
 * @property {(query: string) => void} load  shows a state on the next frame
 * @property {(query: string) => void} open  shows another state (a preset) the way this one is
 *   shown, with a history entry of its own
 * @property {() => string} query  the state queued or on screen
 * @property {() => void} flush  renders a queued state now
 * @property {(t: number | null) => void} setTime  moves playback's time (null: full paths)
 * @property {(reason: string) => void} refresh  this view needs `update` with `reason` again
 * @property {(part: string, on: boolean) => void} busy  a visible part is behind the state
 * @property {() => State | null} state  the state on screen (for event handlers)
 */

/** @typedef {(root: HTMLElement, app: App) => Mounted} Mount */

const WASM_URL = new URL('./pkg/lr_anneal_bg.wasm', import.meta.url);
const html = document.documentElement;
const boot = /** @type {{applyView: (p: object) => void, failed: (why: string) => void}} */ (
  /** @type {any} */ (window).lrAnneal);

/** @type {State | null} */
let state = null;
/** @type {Core | null} */
let core = null;
/** @type {WebAssembly.Module | null} */
let wasmModule = null;
/** A query waiting for the next frame. @type {string | null} */
let pending = null;
/** The next state written to the address bar gets a history entry of its own. */
let push = false;

/**
 * @typedef {object} Slot  a view of the page
 * @property {string} name
 * @property {HTMLElement} root
 * @property {() => Promise<Mount>} load  its mount function (a lazy import for the sections
 *   below the figures)
 * @property {Mounted | null} mounted
 * @property {boolean} loading
 * @property {boolean} near  on or near the screen (the IntersectionObserver's last report)
 * @property {Set<string> | null} missed  what changed while it was off screen
 * @property {Set<string> | null} local  its own reasons for an update on the next frame
 * @property {boolean} lazy  mounted when it first comes near the screen (its script loads then)
 */

/** @type {Slot[]} */
const slots = [];

/**
 * A view of the page: `root` and what mounts it (eager views mount with the core; lazy ones when
 * their root first comes near the screen).
 * @param {string} name
 * @param {string} rootId
 * @param {() => Promise<Mount>} load
 * @param {boolean} [lazy]
 */
function slot(name, rootId, load, lazy = true) {
  const root = $(rootId);
  if (!root) return;
  root.dataset.slot = name;
  slots.push({ name, root, load, lazy, mounted: null, loading: false, near: false, missed: null, local: null });
}

/** @param {string} name @param {string} rootId @param {Mount} m */
const eager = (name, rootId, m) => slot(name, rootId, () => Promise.resolve(m), false);
eager('claim', 'claim', (root, app) => mountHooks(root, app, ['data', 'eps', 'steps']));
eager('figures', 'fig1', mountFigures);
eager('loss', 'figloss', mountFigures);
eager('controls', 'controls', mountControls);
eager('walk', 'walk', mountWalk);
eager('playback', 'playback', mountPlayback);
eager('share', 'share-bar', mountShare);
eager('banner', 'notices', mountBanner);
eager('results', 'results', mountResults);
eager('credit', 'embed-credit', mountCredit);
eager('gallery', 'gallery', mountGallery);
slot('lemma2', 'lemma2', () => import('./views/lemma2.js').then((m) => m.mount));
slot('explore', 'explore', () => import('./views/explore.js').then((m) => m.mount));
slot('beyond', 'beyond', () => import('./views/beyond.js').then((m) => m.mount));

/**
 * Whether a change touches what a view shows. A view that shows `all` of the state is not one
 * that shows playback's time (it moves every frame while playing): views that do name `time`.
 * @param {Set<string>} changed @param {string[]} shows
 */
const touches = (changed, shows) => changed.has('all') || shows.some((a) => changed.has(a))
  || (shows.includes('all') && [...changed].some((a) => a !== 'time'));

/** @param {Set<string> | null} a @param {Set<string>} b */
const union = (a, b) => (a ? new Set([...a, ...b]) : new Set(b));

/** Hands the state to one view: its missed changes and its own reasons go with `changed`. @param {Slot} s @param {Set<string>} changed */
function deliver(s, changed) {
  if (!state || !s.mounted) return;
  if (!s.near) {
    s.missed = union(s.missed, changed);
    return;
  }
  let all = changed;
  if (s.missed) all = union(s.missed, all);
  if (s.local) all = union(s.local, all);
  s.missed = null;
  s.local = null;
  if (touches(all, s.mounted.shows)) {
    try {
      s.mounted.update(state, all);
    } catch (e) {
      failed(e);
    }
  }
  // For tests: the state this part shows (a part off screen keeps the one it last showed).
  if (s.root.dataset.shown !== state.query) s.root.dataset.shown = state.query;
}

// ---- the visibility gate: one IntersectionObserver for every view --------------------------------

let seen = false; // the observer has reported every root at least once
/** @type {() => void} */
let reportSeen = () => {};
/** Resolves when the observer has first reported which views are near the screen. */
const firstSeen = new Promise((resolve) => {
  reportSeen = () => resolve(undefined);
});
const io = new IntersectionObserver((entries) => {
  for (const e of entries) {
    const s = slots.find((x) => x.root === e.target);
    if (!s) continue;
    s.near = e.isIntersecting;
    s.root.dataset.near = s.near ? '1' : '0'; // for tests
    if (s.near && !s.mounted && state) mountSlot(s);
    else if (s.near && s.mounted && (s.missed || s.local)) deliver(s, new Set());
  }
  seen = true;
  reportSeen();
  updateReady();
  // An embed is sized to its content by the page around it: all of it is on screen.
}, { rootMargin: html.classList.contains('embed') ? '100000px 0px' : '300px 0px' });
for (const s of slots) io.observe(s.root);

// ---- canvases: one ResizeObserver; a resize is a reason for the view that holds the canvas -----

for (const canvas of document.querySelectorAll('canvas')) {
  observeCanvas(canvas, () => {
    const s = slots.find((x) => x.root.contains(canvas));
    if (s) refresh(s, 'size');
  });
}

/** A view needs an update for its own `reason` (size, theme, time) on the next frame. @param {Slot} s @param {string} reason */
function refresh(s, reason) {
  s.local = union(s.local, new Set([reason]));
  schedule();
}

// A printed page shows every part, light: before printing (the browser prints right after this
// event, before any frame), each part catches up with the state and redraws in the light theme,
// at once; after printing, in the page's theme again.
window.addEventListener('beforeprint', () => {
  const theme = new Set(['theme']);
  for (const s of slots) {
    if (!s.mounted) continue;
    const near = s.near;
    s.near = true;
    deliver(s, theme);
    s.near = near;
  }
});

onThemeChange(() => {
  for (const s of slots) s.local = union(s.local, new Set(['theme']));
  schedule();
});

// ---- mounting ------------------------------------------------------------------------------------

/** @param {Slot} s */
function appFor(s) {
  /** @type {App} */
  const app = {
    get core() {
      return /** @type {Core} */ (core);
    },
    get module() {
      return wasmModule;
    },
    set,
    load,
    open,
    query: currentQuery,
    flush,
    setTime,
    refresh: (reason) => refresh(s, reason),
    busy,
    state: () => state,
  };
  return app;
}

/** Mounts a view (loading its script first when it is lazy), then shows it the state. @param {Slot} s */
function mountSlot(s) {
  if (s.mounted || s.loading) return;
  s.loading = true;
  busy(s.name, true);
  s.load().then((mount) => {
    s.mounted = mount(s.root, appFor(s));
    s.missed = new Set(['all']);
    if (s.near) deliver(s, new Set());
    s.root.dataset.loaded = '1'; // for tests: the part shows the page's state
  }, (e) => {
    console.error(e);
    const status = s.root.querySelector('[role="status"], .err');
    if (status) status.textContent = `This part of the page could not be loaded (reload the page to try again): ${message(e)}`;
  }).finally(() => {
    s.loading = false;
    busy(s.name, false);
  });
}

// ---- rendering --------------------------------------------------------------------------------------

/**
 * Simulates `query`, then every view on screen shows it: at once, or (`staged`: the first state,
 * when it is the one prerendered) one view per task, in page order (see catchUp).
 * @param {string} query @param {boolean} [staged]
 */
function render(query, staged = false) {
  const c = /** @type {Core} */ (core);
  const start = performance.now();
  const view = new c.View(query);
  /** @type {Report} */
  let report;
  try {
    report = view.report();
  } catch (e) {
    view.free();
    throw e;
  }
  const old = state?.view;
  const changed = new Set(old ? view.changed(old) : ['all']);
  state = { query: report.params.query, report, view, t: state?.t ?? null };
  if (old) old.free();
  if (changed.has('all') || changed.has('view')) boot.applyView(report.params);
  for (const s of slots) {
    if (staged && s.near) s.missed = union(s.missed, changed);
    else deliver(s, changed);
  }
  if (staged) catchUp();
  document.body.dataset.query = state.query;
  // How long this update's script took (simulate, draw, fill): shown to tests; benchmarks time
  // input to painted frame instead (tests/bench/browser-bench.mjs).
  document.body.dataset.renderMs = String(performance.now() - start);
  writeUrl();
}

/** Moves playback's time: the views that show time redraw at once (playback moves it from its
 * own animation frame, or from a key press or the scrubber). @param {number | null} t */
function setTime(t) {
  if (!state || state.t === t) return;
  state = { ...state, t };
  const time = new Set(['time']);
  for (const s of slots) deliver(s, time);
  updateReady();
}

/**
 * Shows the state to the next view on screen that has not seen it, then to the others one task
 * each: the module's first render is then no task long enough to hold up a reader's input on a
 * slow phone (with the prerendered page on screen, each part is replaced by the same drawing). A
 * view behind keeps the page from being ready.
 */
function catchUp() {
  const s = slots.find((x) => x.near && x.mounted && x.missed);
  if (!s) return;
  deliver(s, new Set());
  updateReady();
  window.setTimeout(catchUp, 0);
}

let frameId = 0;

function frame() {
  frameId = 0;
  try {
    if (pending !== null) {
      const q = pending;
      pending = null;
      render(q);
    } else {
      for (const s of slots) if (s.local) deliver(s, new Set());
    }
  } catch (e) {
    failed(e);
  }
  updateReady();
}

function schedule() {
  if (!frameId) frameId = window.requestAnimationFrame(frame);
}

/** Renders a queued state now rather than on the next frame. */
function flush() {
  if (!frameId) return;
  window.cancelAnimationFrame(frameId);
  frame();
}

/** The state on screen, or the one queued for the next frame. */
const currentQuery = () => pending ?? state?.query ?? window.location.search;

/** Shows `query` on the next frame (many input events per frame cost one render). While a state
 * is queued the address bar is behind it: not ready. @param {string} query */
function load(query) {
  pending = query;
  updateReady();
  schedule();
}

/** Loads another state (a preset) shown the way this one is; it gets a history entry of its own
 * (Back returns to this one). @param {string} query */
function open(query) {
  push = true;
  load(/** @type {Core} */ (core).keep_view(query, currentQuery()));
}

/** Applies key/value pairs through the core; returns its message when one is rejected.
 * @param {[string, string][]} pairs */
function set(pairs) {
  let q = currentQuery();
  try {
    for (const [key, value] of pairs) q = /** @type {Core} */ (core).set_param(q, key, value);
  } catch (e) {
    return message(e);
  }
  load(q);
  return null;
}

// ---- the address bar ---------------------------------------------------------------------------------

/**
 * Puts the canonical query in the address bar. The first write of a state is immediate; only a
 * burst (a slider dragged: replaceState costs milliseconds in Chromium) is throttled to one write
 * every URL_MS, with a trailing write of the last state.
 */
const URL_MS = 200;
let urlWritten = -Infinity;
let urlTimer = 0;
function writeUrl() {
  if (!state) return;
  const search = `?${state.query}`;
  if (push) {
    // Another state chosen (a preset): a history entry of its own, so Back returns.
    push = false;
    if (window.location.search !== search) {
      urlWritten = performance.now();
      window.history.pushState(null, '', search + window.location.hash);
    }
  }
  if (window.location.search !== search) {
    const wait = urlWritten + URL_MS - performance.now();
    if (wait > 0) {
      if (!urlTimer) {
        urlTimer = window.setTimeout(() => {
          urlTimer = 0;
          writeUrl();
          updateReady();
        }, wait);
      }
      return;
    }
    urlWritten = performance.now();
    window.history.replaceState(window.history.state, '', search + window.location.hash);
  }
}

/** Parts on screen that are behind the state (a lazy view loading, the sweeps' own frame). */
const busyParts = new Set();

/** @param {string} part @param {boolean} on */
function busy(part, on) {
  if (on) busyParts.add(part);
  else busyParts.delete(part);
  updateReady();
}

/** `data-ready` is "1" exactly when no state is queued, the address bar holds the canonical query
 * on screen, and every view on or near the screen shows it (what tests and benchmarks wait for). */
function updateReady() {
  const behind = slots.some((s) => s.near && (s.missed || s.local || s.loading));
  const ready = state !== null && pending === null && seen && busyParts.size === 0 && !behind
    && window.location.search === `?${state.query}`;
  const flag = ready ? '1' : '0';
  if (document.body.dataset.ready !== flag) document.body.dataset.ready = flag;
}

// ---- failures ------------------------------------------------------------------------------------

/** An update failed: said in the fatal box, the rest of the page goes on. @param {unknown} e */
function failed(e) {
  console.error(e);
  const box = $('fatal');
  box.textContent = `Something went wrong while drawing: ${message(e)}`;
  box.hidden = false;
}

/** The module could not start: said in the fatal box (and, in an embed, in one line with a link
 * to the same state). @param {unknown} e */
function fatal(e) {
  html.classList.add('is-broken');
  const box = $('fatal');
  box.textContent = '';
  const head = document.createElement('strong');
  head.textContent = 'The simulation could not be loaded. ';
  const detail = document.createElement('span');
  detail.textContent = 'This page runs its model as WebAssembly: it needs a current browser and must be served '
    + 'over http(s), not opened as a file. ';
  const why = document.createElement('code');
  why.textContent = message(e);
  box.append(head, detail, 'Details: ', why);
  box.hidden = false;
  if (html.classList.contains('embed')) boot.failed('the simulation could not be loaded');
}

// ---- start ---------------------------------------------------------------------------------------------

async function main() {
  try {
    const c = await import('./pkg/lr_anneal.js');
    // Compiled here, once: the Monte Carlo worker instantiates the same module.
    wasmModule = await WebAssembly.compileStreaming(fetch(WASM_URL));
    await c.default({ module_or_path: wasmModule });
    core = c;
  } catch (e) {
    fatal(e);
    return;
  }
  try {
    for (const s of slots.filter((x) => !x.lazy)) {
      const mount = await s.load();
      s.mounted = mount(s.root, appFor(s));
      s.root.dataset.loaded = '1';
    }
    // The prerendered state: on screen already, so the views take it over one task each. Another
    // state is shown whole at once (its placeholders give way together, without shifts).
    // The first render goes to the views near the screen: known once the observer has reported
    // (rendered before that, every view would wait off screen, and the prerendered parts of a
    // link to another state would be emptied for a frame).
    await firstSeen;
    render(window.location.search, !html.classList.contains('is-other'));
    // Prerendered for another state: what has not shown this one yet (off screen, or not shown in
    // an embed) keeps no number of the other.
    if (html.classList.contains('is-other')) {
      for (const s of slots) if (s.root.dataset.shown !== state?.query) blankPrerendered(s.root);
    }
    html.classList.remove('is-other');
    html.classList.add('live');
    // Lazy views near the screen already (a link into a folded section) load now.
    for (const s of slots) if (s.near && !s.mounted) mountSlot(s);
  } catch (e) {
    fatal(e);
    return;
  }
  // Back and Forward between the states that got history entries (presets).
  window.addEventListener('popstate', () => {
    push = false;
    load(window.location.search);
  });
  updateReady();
}

main();
