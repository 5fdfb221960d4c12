// lr-anneal's page: URL query -> the wasm core (parse, simulate, draw) -> canvases and tables.
// Rendering is a pure function of the canonical query string; the JS holds no maths and no copy
// of the URL schema (it asks the core), and it only ever writes the core's canonical query to the
// address bar, with history.replaceState.

import { Controls } from './controls.js';
import { fillReport, showWarnings } from './report.js';
import { initShare, prepareView } from './share.js';
import * as playback from './playback.js';

const FIGURES = ['a', 'b', 'c', 'loss'];
const $ = (id) => document.getElementById(id);

const state = {
  core: null, // the wasm module's exports
  view: null, // the View of the current query (kept for redraws)
  report: null, // its JSON report
  query: '', // the canonical query on screen
  pending: null, // a query waiting for the next frame
  redraw: false, // canvases waiting for the next frame
  frame: 0,
};
let controls = null;
let share = null; // Copy link, presets gallery, Embed dialog, downloads, embed mode (share.js)
// The sections below the results, loaded when they first come near the screen (see whenNear):
// the Lemma 2 explorer (lemma2.js) and the probability panel and sweeps (explore.js).
const sections = { lemma2: null, explore: null };
const canvases = FIGURES.map((f) => [f, $(`fig-${f}`)]);
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

/** The theme: an explicit data-theme on <html> wins over the system's preference. */
function isDark() {
  const t = document.documentElement.dataset.theme;
  if (t === 'dark' || t === 'light') return t === 'dark';
  return darkQuery.matches;
}

/** The device pixel ratio the canvases are drawn at (clamped to what the core accepts). */
function dpr() {
  return Math.min(8, Math.max(0.25, window.devicePixelRatio || 1));
}

/** The CSS size of each canvas, kept by a ResizeObserver. */
const cssSize = new WeakMap();

/** Draws every figure at the canvas's CSS size times the device pixel ratio. */
function drawFigures() {
  const view = state.view;
  if (!view) return;
  const scale = dpr();
  const dark = isDark();
  const t = playback.time(); // null: full paths, no playback markers
  for (const [fig, canvas] of canvases) {
    // CSS sizes come from the ResizeObserver: reading clientWidth here would force a layout of
    // the whole page inside every update.
    const size = cssSize.get(canvas) ?? { w: canvas.clientWidth, h: canvas.clientHeight };
    const w = Math.round(size.w * scale);
    const h = Math.round(size.h * scale);
    if (w === 0 || h === 0) continue;
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    if (t === null) view.draw(fig, canvas, dark, scale);
    else view.draw_at(fig, canvas, dark, scale, t);
  }
}

/** Simulates `query`, redraws and refills everything; returns the report. */
function render(query) {
  const start = performance.now();
  const view = new state.core.View(query);
  let report;
  try {
    report = JSON.parse(view.json());
  } catch (e) {
    view.free();
    throw e;
  }
  const old = state.view;
  state.view = view;
  state.report = report;
  state.query = report.params.query;
  if (old) old.free();
  drawFigures();
  fillReport(document, report);
  controls.sync(report);
  share?.sync(report);
  // Embeds show only the parts they ask for: not the Lemma 2 section (nor the explore section,
  // which style.css hides).
  const l2 = $('lemma2');
  if (l2.hidden !== Boolean(report.params.embed)) l2.hidden = Boolean(report.params.embed);
  sections.lemma2?.onQuery(state.query, report);
  sections.explore?.onQuery(state.query, report);
  playback.onQuery(report);
  // The canonical query on screen, at once (the address bar follows within 200 ms).
  document.body.dataset.query = state.query;
  writeUrl();
  document.body.dataset.ready = '1';
  // How long this update took (simulate, draw every figure, fill the page), and when the first
  // one finished since navigation started, for benchmarks (tests/bench/browser-bench.mjs).
  const end = performance.now();
  document.body.dataset.renderMs = (end - start).toFixed(2);
  if (!document.body.dataset.firstRenderMs) document.body.dataset.firstRenderMs = end.toFixed(1);
  return report;
}

/**
 * Puts the canonical query in the address bar. replaceState costs milliseconds in Chromium, so
 * while a slider is dragged it runs at most every 200 ms, with a trailing write of the last state.
 */
let urlWritten = 0;
let urlTimer = 0;
function writeUrl() {
  const now = performance.now();
  if (urlTimer) return;
  const wait = urlWritten + 200 - now;
  if (wait > 0) {
    urlTimer = window.setTimeout(() => {
      urlTimer = 0;
      writeUrl();
    }, wait);
    return;
  }
  urlWritten = now;
  const search = `?${state.query}`;
  if (window.location.search !== search) {
    window.history.replaceState(window.history.state, '', search + window.location.hash);
  }
}

function frame() {
  state.frame = 0;
  try {
    if (state.pending !== null) {
      const q = state.pending;
      state.pending = null;
      state.redraw = false;
      render(q);
    } else if (state.redraw) {
      state.redraw = false;
      drawFigures();
    }
  } catch (e) {
    failed(e);
  }
}

function schedule() {
  if (!state.frame) state.frame = window.requestAnimationFrame(frame);
}

/** Renders a queued state now rather than on the next frame. */
function flush() {
  if (!state.frame) return;
  window.cancelAnimationFrame(state.frame);
  frame();
}

/** The state on screen, or the one queued for the next frame. */
const currentQuery = () => state.pending ?? state.query;

/** Shows `query` on the next frame (many input events per frame cost one render). */
function load(query) {
  state.pending = query;
  schedule();
}

/** Loads another state (a preset) shown the way this one is: embed, parts, controls, theme. */
function open(query) {
  load(state.core.keep_view(query, state.pending ?? state.query));
}

/** Applies `[key, value]` pairs through the core; returns its message if one is rejected. */
function set(pairs) {
  let q = state.pending ?? state.query;
  try {
    for (const [key, value] of pairs) q = state.core.set_param(q, key, value);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  load(q);
  return null;
}

function failed(e) {
  console.error(e);
  const box = $('fatal');
  box.textContent = `Something went wrong while drawing: ${e instanceof Error ? e.message : String(e)}`;
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
  why.textContent = e instanceof Error ? e.message : String(e);
  box.append(head, detail, 'Details: ', why);
  box.hidden = false;
}

/**
 * Loads a section's script when the section (`sections[id]`, shown or not) first comes within
 * 400 px of the screen, then shows the current state in it. A failed load is said in the
 * section's status line.
 */
function whenNear(id, statusId, load) {
  const io = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    io.disconnect();
    load().then(
      (module) => {
        sections[id] = module;
        if (state.report) module.onQuery(state.query, state.report);
        $(id).dataset.loaded = '1'; // for tests: the section shows the page's state
      },
      (e) => {
        console.error(e);
        const why = e instanceof Error ? e.message : String(e);
        $(statusId).textContent = `This part of the page could not be loaded (reload the page to try again): ${why}`;
      },
    );
  }, { rootMargin: '400px 0px' });
  io.observe($(id));
}

async function main() {
  try {
    const core = await import('./pkg/lr_anneal.js');
    await core.default();
    state.core = core;
  } catch (e) {
    fatal(e);
    return;
  }
  try {
    const schema = JSON.parse(state.core.schema());
    controls = new Controls(schema, { set, load: open, report: () => state.report, query: currentQuery, flush });
    prepareView(state.core, window.location.search);
    share = initShare({ core: state.core, schema, report: () => state.report, view: () => state.view, open, isDark });
    playback.init({ drawFigures, view: () => state.view }); // playback.js
    const report = render(window.location.search);
    showWarnings($('banner'), $('banner-list'), report.warnings);
    document.body.classList.remove('is-loading');
  } catch (e) {
    fatal(e);
    return;
  }
  whenNear('lemma2', 'l2-status', async () => {
    const lemma2 = await import('./lemma2.js');
    lemma2.init(state.core, { set, load, query: currentQuery });
    return lemma2;
  });
  whenNear('explore', 'mc-status', async () => {
    const explore = await import('./explore.js');
    await explore.init({ set, isDark, dpr }); // it loads the extras module and starts the worker
    return explore;
  });
  // A hook for the benchmark: one full update (simulate, draw, fill) of a query, synchronously.
  window.lrAnneal = { render: (query) => render(query) };
  $('banner-close').addEventListener('click', () => {
    $('banner').hidden = true;
  });
  // Redraw on resize (CSS size or device pixel ratio) and on a theme change.
  const redraw = () => {
    state.redraw = true;
    schedule();
  };
  const observer = new ResizeObserver((entries) => {
    // Rounded like clientWidth/clientHeight, which size the canvases before the observer runs.
    for (const e of entries) {
      cssSize.set(e.target, { w: Math.round(e.contentRect.width), h: Math.round(e.contentRect.height) });
    }
    redraw();
  });
  for (const [, canvas] of canvases) observer.observe(canvas);
  window.addEventListener('resize', redraw);
  darkQuery.addEventListener('change', redraw);
}

main();
