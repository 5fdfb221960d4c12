// Playback: play, pause, step and scrub through time for both runs. The core draws the figures
// with markers where both runs are at time t (View.draw), says where they are (View.playhead)
// and where the steps stop (View.stops); this module only keeps the time, the one source of truth
// for it, and redraws the figures (not the whole report) on each animation frame.
//
// By default playback is stopped: the figures show the full paths, without markers, until the
// reader presses play, steps or scrubs. Nothing ever starts by itself (prefers-reduced-motion or
// not).
//
// app.js calls init(app) once, onQuery(report) after each render, and time() when it draws.

import { $, fmtNum, setText } from './ui.js';

/** Seconds a whole run takes at 1×. */
const RUN_SECONDS = 8;
/** Positions of the scrub slider. */
const SLIDER_MAX = 1000;
const SPEEDS = [0.25, 0.5, 1, 2, 4];

const pb = {
  app: null, // app.js's actions (drawFigures())
  store: null, // app.js's store (view: the View on screen)
  t: null, // the playhead; null = stopped (full paths, no markers)
  playing: false,
  speed: 1,
  duration: 0,
  // Where ←/→ stop, ascending (the core's View.stops: a grid and each large-step iterate's
  // time). Asked for on the first step after a render (null until then), not on every render.
  stops: null,
  frame: 0,
  last: 0,
  embed: false,
  reduced: window.matchMedia('(prefers-reduced-motion: reduce)'),
};

/** The time the figures show: null when stopped (app.js then draws the full paths). */
export function time() {
  return pb.t;
}

function fmt(v) {
  return v === null || v === undefined ? '—' : fmtNum(v);
}

function fill(id, v) {
  const el = $(id);
  el.dataset.value = v === null || v === undefined ? '' : String(v);
  setText(el, fmt(v));
}

/** Writes the state into the controls and the readout (from the core's playhead). */
function paint() {
  const box = $('playback');
  box.dataset.state = pb.playing ? 'playing' : pb.t === null ? 'stopped' : 'paused';
  const play = $('pb-play');
  play.setAttribute('aria-pressed', String(pb.playing));
  play.classList.toggle('is-playing', pb.playing);
  setText($('pb-play-label'), pb.playing ? 'Pause' : 'Play');
  $('pb-stop').disabled = pb.t === null;
  const d = pb.duration;
  const scrub = $('pb-scrub');
  const shown = pb.t === null ? d : pb.t;
  const pos = d > 0 ? Math.round((shown / d) * SLIDER_MAX) : 0;
  if (Number(scrub.value) !== pos) scrub.value = String(pos);
  scrub.setAttribute('aria-valuetext', `t = ${fmt(shown)} of ${fmt(d)}`);
  const view = pb.store.view;
  if (!view) return;
  let at = null;
  try {
    at = view.playhead(shown);
  } catch {
    at = null;
  }
  fill('pb-t', at ? at.t : null);
  fill('pb-end', d);
  fill('pb-gf-train', at?.gradient_flow?.train_loss);
  fill('pb-gf-test', at?.gradient_flow?.test_loss);
  fill('pb-an-train', at?.annealed?.train_loss);
  fill('pb-an-test', at?.annealed?.test_loss);
}

function redraw() {
  pb.app.drawFigures();
  paint();
}

function tick(now) {
  pb.frame = 0;
  if (!pb.playing) return;
  const dt = Math.min(0.1, Math.max(0, (now - pb.last) / 1000));
  pb.last = now;
  pb.t = Math.min(pb.duration, (pb.t ?? 0) + (dt * pb.speed * pb.duration) / RUN_SECONDS);
  if (pb.t >= pb.duration) pb.playing = false;
  redraw();
  if (pb.playing) pb.frame = requestAnimationFrame(tick);
}

function play() {
  if (pb.duration <= 0) return;
  // From the start when stopped or at the end.
  if (pb.t === null || pb.t >= pb.duration) pb.t = 0;
  pb.playing = true;
  pb.last = performance.now();
  if (!pb.frame) pb.frame = requestAnimationFrame(tick);
  redraw();
}

function pause() {
  pb.playing = false;
  if (pb.frame) cancelAnimationFrame(pb.frame);
  pb.frame = 0;
  paint();
}

function toggle() {
  if (pb.playing) pause();
  else play();
}

/** Back to the full paths, without markers. */
function stop() {
  pause();
  pb.t = null;
  redraw();
}

/** Moves to the next stop that way (paused); from the full paths, to the first or the last. */
function step(dir) {
  if (pb.duration <= 0) return;
  pause();
  pb.stops ??= Array.from(pb.store.view?.stops() ?? []);
  const tol = pb.duration * 1e-12;
  const from = pb.t ?? (dir > 0 ? 0 : Infinity);
  const to = dir > 0 ? pb.stops.find((v) => v > from + tol) : pb.stops.findLast((v) => v < from - tol);
  pb.t = to ?? (dir > 0 ? pb.duration : 0);
  redraw();
}

function scrub() {
  const t = (Number($('pb-scrub').value) / SLIDER_MAX) * pb.duration; // before pause() repaints it
  pause();
  pb.t = t;
  redraw();
}

/** Space plays or pauses, ←/→ step, while the playback bar or a figure has focus; typing in a
 * field is left alone, and buttons and the slider keep their own keys. */
function onKey(e) {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const el = e.target;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return;
  if (tag === 'INPUT' && el.type !== 'range') return;
  if (e.key === ' ' || e.key === 'Spacebar') {
    if (tag === 'BUTTON') return;
    e.preventDefault();
    toggle();
  } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
    if (tag === 'INPUT') return; // the slider moves itself
    e.preventDefault();
    step(e.key === 'ArrowRight' ? 1 : -1);
  }
}

/** Once, after the core is loaded, with app.js's actions and store. */
export function init(app, store) {
  pb.app = app;
  pb.store = store;
  const speed = $('pb-speed');
  for (const s of SPEEDS) {
    const opt = document.createElement('option');
    opt.value = String(s);
    opt.textContent = `${s}×`;
    speed.append(opt);
  }
  speed.value = String(pb.speed);
  speed.addEventListener('change', () => {
    pb.speed = Number(speed.value) || 1;
  });
  $('pb-play').addEventListener('click', toggle);
  $('pb-back').addEventListener('click', () => step(-1));
  $('pb-fwd').addEventListener('click', () => step(1));
  $('pb-stop').addEventListener('click', stop);
  $('pb-scrub').addEventListener('input', scrub);
  $('playback').addEventListener('keydown', onKey);
  // The figures take focus (Tab) so the keys work there too.
  for (const fig of document.querySelectorAll('#figures .fig1, #figures .figloss')) {
    if (!fig.hasAttribute('tabindex')) fig.tabIndex = 0;
    fig.setAttribute('aria-keyshortcuts', 'Space ArrowLeft ArrowRight');
    fig.addEventListener('keydown', onKey);
  }
  // Reduced motion: never animate on our own (we never do), and stop a run in progress when the
  // preference turns on.
  pb.reduced.addEventListener('change', () => {
    if (pb.reduced.matches) pause();
  });
}

/** After each render: a new run's duration; the playhead stays where it was, clamped to it. */
export function onQuery({ report, view }) {
  pb.embed = !!report.params.embed;
  $('playback').hidden = pb.embed;
  if (pb.embed) {
    pause();
    pb.t = null;
    return;
  }
  pb.duration = view ? view.duration() : 0;
  if (!(pb.duration > 0) || !Number.isFinite(pb.duration)) {
    pb.duration = 0;
    pause();
    pb.t = null;
  } else if (pb.t !== null) {
    pb.t = Math.min(pb.t, pb.duration);
  }
  pb.stops = null;
  for (const id of ['pb-play', 'pb-back', 'pb-fwd', 'pb-scrub']) $(id).disabled = pb.duration === 0;
  paint();
}
