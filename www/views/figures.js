// Figure 1 (a), (b), (c) and the loss chart: the core draws each canvas (View.draw, at the
// canvas's CSS size times the device pixel ratio, with playback's markers at its time), and the
// captions are hooks. Each canvas names what it depends on and is redrawn only when that
// changed: (a) shows gradient flow only, so moving η or K leaves it alone.
//
// The prerendered page carries each panel as SVG (drawn natively by the same function, at the
// panel's size); the canvas takes its place in the same box with the first update, so nothing
// shifts.
// @ts-check

import { dpr, fitCanvas, isDark, setAttr } from '../ui.js';
import { hooks } from './hooks.js';

/** What each figure draws from: the aspects of the state, and the page's own reasons. */
const DEPENDS = {
  a: ['data', 'eps', 'flow_lr', 'plane'],
  b: ['data', 'eps', 'steps', 'flow_lr', 'plane'],
  c: ['data', 'eps', 'steps', 'plane'],
  loss: ['data', 'eps', 'steps', 'flow_lr'],
};
const REDRAW = ['all', 'time', 'theme', 'size', 'view'];

/** The width below which an embed's figures are one row that scrolls sideways (style.css). */
const NARROW = window.matchMedia('(max-width: 639.98px)');

/** @type {import('../app.js').Mount} */
export function mount(root, app) {
  const canvases = /** @type {HTMLCanvasElement[]} */ ([...root.querySelectorAll('canvas')]);
  const text = hooks(root, app.core);
  /** Canvases still behind their prerendered SVG. @type {Set<HTMLCanvasElement>} */
  const behind = new Set(canvases.filter((c) => c.parentElement?.querySelector('svg.pre')));

  /** Draws one canvas (replacing its prerendered SVG). @param {import('../app.js').State} s @param {HTMLCanvasElement} canvas */
  const draw = (s, canvas) => {
    const fig = canvas.id.replace('fig-', '');
    if (!fitCanvas(canvas, dpr())) return;
    s.view.draw(fig, canvas, isDark(), dpr(), s.t ?? undefined);
    if (behind.delete(canvas)) {
      for (const svg of canvas.parentElement?.querySelectorAll('svg.pre') ?? []) svg.remove();
    }
  };

  /** An embed narrower than 640 px scrolls its panels sideways: the row takes the arrow keys. */
  const markRow = () => {
    const panels = root.querySelector('.panels');
    if (!panels) return;
    const planes = panels.querySelectorAll(':scope > .panel').length;
    const row = document.documentElement.classList.contains('embed') && NARROW.matches && planes > 1;
    setAttr(panels, 'tabindex', row ? '0' : null);
    setAttr(panels, 'role', row ? 'group' : null);
    setAttr(panels, 'aria-label', row ? 'The figures: scroll sideways for the others' : null);
  };
  NARROW.addEventListener('change', () => app.refresh('view'));

  return {
    shows: ['data', 'eps', 'steps', 'flow_lr', 'plane', 'view', 'time', 'theme', 'size'],
    update(s, changed) {
      const first = changed.has('all');
      if (first || changed.has('view')) markRow();
      for (const canvas of canvases) {
        const fig = /** @type {keyof typeof DEPENDS} */ (canvas.id.replace('fig-', ''));
        const mine = REDRAW.some((r) => changed.has(r)) || DEPENDS[fig].some((a) => changed.has(a));
        if (mine) draw(s, canvas);
      }
      if (first || ['data', 'eps', 'steps', 'flow_lr', 'plane'].some((a) => changed.has(a))) text.fill(s.report);
    },
  };
}
