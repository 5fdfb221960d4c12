// lr-anneal's page: the store. It owns the state (the canonical query, the core's View of it and
// that View's report) and nothing else does: views subscribe and render from what they are
// handed, keep no copy, and send changes back as [key, value] pairs for the core to validate.
// The JS holds no maths and no copy of the URL schema (it asks the wasm module), and it only
// ever writes the core's canonical query to the address bar.

import { Controls } from './controls.js';
import { fillReport, showWarnings } from './report.js';
import { applyView } from './embed.js';
import { initShare } from './share.js';
import * as playback from './playback.js';
import * as walk from './walk.js';
import { $, dpr, fitCanvas, isDark, message, observeCanvas, onThemeChange } from './ui.js';

const FIGURES = ['a', 'b', 'c', 'loss'];
const WASM_URL = new URL('./pkg/lr_anneal_bg.wasm', import.meta.url);

/** The state. Read it through `store.*`; change it only through `set`, `load` and `open`. */
export const store = {
  core: null, // the wasm module's exports
  module: null, // its compiled WebAssembly.Module (the Monte Carlo worker instantiates it too)
  view: null, // the View of the state on screen (figures, playback, sweeps, downloads)
  report: null, // its report
  query: '', // its canonical query
  pending: null, // a query waiting for the next frame
  push: false, // the next state written to the address bar gets a history entry of its own
};

/** Subscribers: fn(store) after each render. */
const subscribers = [];

/** Calls `fn(store)` after every render (and now, if something is on screen). */
export function subscribe(fn) {
  subscribers.push(fn);
  if (store.report) fn(store);
}

let redrawPending = false;
let frameId = 0;
const canvases = FIGURES.map((f) => [f, $(`fig-${f}`)]);

/** Draws every figure at the canvas's CSS size times the device pixel ratio. */
function drawFigures() {
  const view = store.view;
  if (!view) return;
  const scale = dpr();
  const dark = isDark();
  const t = playback.time() ?? undefined; // undefined: full paths, no playback markers
  for (const [fig, canvas] of canvases) {
    if (fitCanvas(canvas, scale)) view.draw(fig, canvas, dark, scale, t);
  }
}

/** Simulates `query`, then every view shows it; returns the report. */
function render(query) {
  const start = performance.now();
  const view = new store.core.View(query);
  let report;
  try {
    report = view.report();
  } catch (e) {
    view.free();
    throw e;
  }
  const old = store.view;
  store.view = view;
  store.report = report;
  store.query = report.params.query;
  if (old) old.free();
  applyView(report.params);
  drawFigures();
  for (const fn of subscribers) fn(store);
  document.body.dataset.query = store.query;
  // How long this update's script took (simulate, draw, fill): shown to tests; benchmarks time
  // input to painted frame instead (tests/bench/browser-bench.mjs).
  document.body.dataset.renderMs = (performance.now() - start).toFixed(2);
  writeUrl();
  return report;
}

// ---- the address bar ---------------------------------------------------------------------------

/**
 * Puts the canonical query in the address bar. The first write of a state is immediate; only a
 * burst (a slider dragged: replaceState costs milliseconds in Chromium) is throttled to one write
 * every URL_MS, with a trailing write of the last state.
 */
const URL_MS = 200;
let urlWritten = -Infinity;
let urlTimer = 0;
function writeUrl() {
  const search = `?${store.query}`;
  if (store.push) {
    // Another state chosen (a preset): a history entry of its own, so Back returns.
    store.push = false;
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
        }, wait);
      }
      updateReady();
      return;
    }
    urlWritten = performance.now();
    window.history.replaceState(window.history.state, '', search + window.location.hash);
  }
  updateReady();
}

/** Parts drawn after the render (the sweeps, on their own frame) while they are on screen. */
const busy = new Set();

/** Marks a visible part as behind the state (`on`) or showing it. */
function busyPart(part, on) {
  if (on) busy.add(part);
  else busy.delete(part);
  updateReady();
}

/** `data-ready` is "1" exactly when no state is queued, the address bar holds the canonical query
 * on screen, and every visible part shows it (what tests and benchmarks wait for). */
function updateReady() {
  const ready = store.report !== null && store.pending === null && busy.size === 0
    && window.location.search === `?${store.query}`;
  const flag = ready ? '1' : '0';
  if (document.body.dataset.ready !== flag) document.body.dataset.ready = flag;
}

// ---- frames --------------------------------------------------------------------------------------

function frame() {
  frameId = 0;
  try {
    if (store.pending !== null) {
      const q = store.pending;
      store.pending = null;
      redrawPending = false;
      render(q);
    } else if (redrawPending) {
      redrawPending = false;
      drawFigures();
    }
  } catch (e) {
    failed(e);
  }
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

/** Redraws the figures on the next frame (a resize, the theme, playback). */
function redraw() {
  redrawPending = true;
  schedule();
}

/** The state on screen, or the one queued for the next frame. */
const currentQuery = () => store.pending ?? store.query;

/** Shows `query` on the next frame (many input events per frame cost one render). While a state
 * is queued the address bar is behind it: not ready. */
function load(query) {
  store.pending = query;
  updateReady();
  schedule();
}

/** Loads another state (a preset) shown the way this one is: embed, parts, controls, theme; it
 * gets a history entry of its own (Back returns to this one). */
function open(query) {
  store.push = true;
  load(store.core.keep_view(query, currentQuery()));
}

/** Applies `[key, value]` pairs through the core; returns its message if one is rejected. */
function set(pairs) {
  let q = currentQuery();
  try {
    for (const [key, value] of pairs) q = store.core.set_param(q, key, value);
  } catch (e) {
    return message(e);
  }
  load(q);
  return null;
}

/** What views may call. */
export const actions = { set, load, open, flush, redraw, drawFigures, subscribe, busyPart, query: currentQuery };

// ---- failures ------------------------------------------------------------------------------------

function failed(e) {
  console.error(e);
  const box = $('fatal');
  box.textContent = `Something went wrong while drawing: ${message(e)}`;
  box.hidden = false;
}

function fatal(e) {
  document.body.classList.remove('is-loading');
  document.body.classList.add('is-broken');
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
}

// ---- lazy sections ---------------------------------------------------------------------------------

/**
 * Loads a section's script when the section first comes within 400 px of the screen; the module's
 * `init(store, actions)` subscribes it. A failed load is said in the section's status line.
 */
function whenNear(id, statusId, load) {
  const io = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    io.disconnect();
    load().then(
      () => {
        $(id).dataset.loaded = '1'; // for tests: the section shows the page's state
      },
      (e) => {
        console.error(e);
        $(statusId).textContent = `This part of the page could not be loaded (reload the page to try again): ${message(e)}`;
      },
    );
  }, { rootMargin: '400px 0px' });
  io.observe($(id));
}

async function main() {
  try {
    const core = await import('./pkg/lr_anneal.js');
    // Compiled here, once: the Monte Carlo worker instantiates the same module.
    store.module = await WebAssembly.compileStreaming(fetch(WASM_URL));
    await core.default({ module_or_path: store.module });
    store.core = core;
  } catch (e) {
    fatal(e);
    return;
  }
  try {
    const schema = store.core.schema();
    // Figure titles are HTML headings beside the canvases (they wrap in a narrow column).
    for (const el of document.querySelectorAll('[data-figure-title]')) {
      el.textContent = store.core.figure_title(el.dataset.figureTitle);
    }
    applyView(store.core.parse(window.location.search).params);
    const controls = new Controls(schema, actions, store);
    const share = initShare(schema, actions, store);
    playback.init(actions, store);
    walk.init(store, actions);
    subscribe((s) => {
      fillReport(document, s.report);
      controls.sync(s.report);
      share.sync(s.report);
      playback.onQuery(s);
      // Embeds show only the parts they ask for: not the Lemma 2 section.
      const l2 = $('lemma2');
      if (l2.hidden !== Boolean(s.report.params.embed)) l2.hidden = Boolean(s.report.params.embed);
    });
    // Observed before the first render, which keeps the sizes it reads: the observer's first
    // report then redraws nothing.
    for (const [, canvas] of canvases) observeCanvas(canvas, redraw);
    const report = render(window.location.search);
    showWarnings($('banner'), $('banner-list'), report.warnings);
    document.body.classList.remove('is-loading');
  } catch (e) {
    fatal(e);
    return;
  }
  whenNear('lemma2', 'l2-status', async () => {
    const lemma2 = await import('./lemma2.js');
    lemma2.init(store, actions);
  });
  whenNear('beyond', 'beyond-status', async () => {
    const beyond = await import('./beyond.js');
    beyond.init(store, actions);
  });
  whenNear('explore', 'mc-status', async () => {
    const explore = await import('./explore.js');
    explore.init(store, actions);
  });
  $('banner-close').addEventListener('click', () => {
    $('banner').hidden = true;
  });
  window.addEventListener('resize', redraw);
  // Back and Forward between the states that got history entries (presets).
  window.addEventListener('popstate', () => {
    store.push = false;
    load(window.location.search);
  });
  onThemeChange(redraw);
}

main();
