// Playback: play, pause, step and scrub through time for both runs. The time is part of the
// store's state (app.setTime: the figures redraw with markers where both runs are then); the
// core says where the runs are and writes the readout (View.playhead_text) and where the steps
// stop (View.stops). This view keeps only what playing is: whether it plays, at what speed.
//
// By default playback is stopped: the figures show the full paths, without markers, until the
// reader presses play, steps or scrubs. Nothing ever starts by itself (prefers-reduced-motion or
// not).
// @ts-check

import { $, setAttr, setText } from '../ui.js';

/** Seconds a whole run takes at 1×. */
const RUN_SECONDS = 8;
/** Positions of the scrub slider. */
const SLIDER_MAX = 1000;

/** @type {import('../app.js').Mount} */
export function mount(root, app) {
  const scrub = /** @type {HTMLInputElement} */ ($('pb-scrub'));
  const speedBox = /** @type {HTMLSelectElement} */ ($('pb-speed'));
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)');
  let playing = false;
  let speed = 1;
  let frame = 0;
  let last = 0;
  /** Where ←/→ stop (asked for on the first step after a state changes). @type {number[] | null} */
  let stops = null;
  for (const s of [0.25, 0.5, 1, 2, 4]) {
    const opt = document.createElement('option');
    opt.value = String(s);
    opt.textContent = `${s}×`;
    speedBox.append(opt);
  }
  speedBox.value = String(speed);
  speedBox.addEventListener('change', () => {
    speed = Number(speedBox.value) || 1;
  });

  const duration = () => {
    const d = app.state()?.view.duration() ?? 0;
    return d > 0 && Number.isFinite(d) ? d : 0;
  };
  const time = () => app.state()?.t ?? null;

  /** @param {number} now */
  const tick = (now) => {
    frame = 0;
    if (!playing) return;
    const d = duration();
    const dt = Math.min(0.1, Math.max(0, (now - last) / 1000));
    last = now;
    const t = Math.min(d, (time() ?? 0) + (dt * speed * d) / RUN_SECONDS);
    if (t >= d) playing = false;
    app.setTime(t);
    if (playing) frame = requestAnimationFrame(tick);
  };
  /** Shows playing, paused or stopped at once (the readout follows the time from the store). */
  const paintNow = () => {
    const s = app.state();
    if (s) mounted.update(s, new Set(['time']));
  };
  const play = () => {
    const d = duration();
    if (d <= 0) return;
    // From the start when stopped or at the end.
    const t = time();
    if (t === null || t >= d) app.setTime(0);
    playing = true;
    last = performance.now();
    if (!frame) frame = requestAnimationFrame(tick);
    paintNow();
  };
  const pause = () => {
    playing = false;
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    paintNow();
  };
  const toggle = () => (playing ? pause() : play());
  /** Back to the full paths, without markers. */
  const stop = () => {
    pause();
    app.setTime(null);
  };
  /** Moves to the next stop that way (paused); from the full paths, to the first or the last. @param {number} dir */
  const step = (dir) => {
    const d = duration();
    if (d <= 0) return;
    pause();
    stops ??= Array.from(app.state()?.view.stops() ?? []);
    const tol = d * 1e-12;
    const t = time();
    const from = t ?? (dir > 0 ? 0 : Infinity);
    const to = dir > 0 ? stops.find((v) => v > from + tol) : stops.findLast((v) => v < from - tol);
    app.setTime(to ?? (dir > 0 ? d : 0));
  };
  scrub.addEventListener('input', () => {
    const t = (Number(scrub.value) / SLIDER_MAX) * duration(); // before pause() repaints it
    pause();
    app.setTime(t);
  });
  $('pb-play').addEventListener('click', toggle);
  $('pb-back').addEventListener('click', () => step(-1));
  $('pb-fwd').addEventListener('click', () => step(1));
  $('pb-stop').addEventListener('click', stop);

  /** Space plays or pauses, ←/→ step, while the playback bar or a figure has focus; typing in a
   * field is left alone, and buttons and the slider keep their own keys. @param {KeyboardEvent} e */
  const onKey = (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const el = /** @type {HTMLInputElement} */ (e.target);
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
  };
  root.addEventListener('keydown', onKey);
  // The figures take focus (Tab) so the keys work there too.
  for (const fig of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#figures .fig1, #figures .figloss'))) {
    if (!fig.hasAttribute('tabindex')) fig.tabIndex = 0;
    fig.setAttribute('aria-keyshortcuts', 'Space ArrowLeft ArrowRight');
    fig.addEventListener('keydown', onKey);
  }
  // Reduced motion: never animate on our own (we never do), and stop a run in progress when the
  // preference turns on.
  reduced.addEventListener('change', () => {
    if (reduced.matches) pause();
  });

  /** @type {import('../app.js').Mounted} */
  const mounted = {
    shows: ['data', 'eps', 'steps', 'flow_lr', 'time'],
    update({ view, t }, changed) {
      const d = duration();
      if (!changed.has('time')) {
        // A new state: its own stops; the playhead stays where it was, clamped to the run.
        stops = null;
        if (d === 0 && t !== null) {
          pause();
          app.setTime(null);
        } else if (t !== null && t > d) {
          app.setTime(d);
        }
      }
      for (const id of ['pb-play', 'pb-back', 'pb-fwd', 'pb-scrub']) {
        /** @type {HTMLButtonElement} */ ($(id)).disabled = d === 0;
      }
      root.dataset.state = playing ? 'playing' : t === null ? 'stopped' : 'paused';
      const play = $('pb-play');
      setAttr(play, 'aria-pressed', String(playing));
      play.classList.toggle('is-playing', playing);
      setText($('pb-play-label'), playing ? 'Pause' : 'Play');
      /** @type {HTMLButtonElement} */ ($('pb-stop')).disabled = t === null;
      const shown = t ?? d;
      const pos = d > 0 ? Math.round((shown / d) * SLIDER_MAX) : 0;
      if (Number(scrub.value) !== pos) scrub.value = String(pos);
      const text = view.playhead_text(shown);
      setAttr(scrub, 'aria-valuetext', text.valuetext);
      /** @type {[string, string, number | null][]} */
      const at = [];
      const head = d > 0 ? view.playhead(shown) : null;
      at.push(['pb-t', text.t, head?.t ?? null], ['pb-end', text.end, d],
        ['pb-gf-train', text.gf_train, head?.gradient_flow.train_loss ?? null],
        ['pb-gf-test', text.gf_test, head?.gradient_flow.test_loss ?? null],
        ['pb-an-train', text.an_train, head?.annealed.train_loss ?? null],
        ['pb-an-test', text.an_test, head?.annealed.test_loss ?? null]);
      for (const [id, words, value] of at) {
        const el = $(id);
        setText(el, words);
        const v = value === null ? '' : String(value);
        if (el.dataset.value !== v) el.dataset.value = v;
      }
    },
  };
  return mounted;
}
