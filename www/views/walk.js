// The guided walk: a few steps through the paper's argument, each a state of the schema (a link
// with `step=N`, written into the page at build time) and a sentence the core writes from the
// numbers of the state shown (report.story.sentence). Choosing a step loads its state with a
// history entry of its own, and brings the sentence and the panel of Figure 1 it speaks of
// (report.story.steps[i].figure) on screen together: scrolled to both when they fit; on a small
// screen the walk docks at the bottom of the window (sticky, within the figures' section) under
// the panel.
// @ts-check

import { $, coveredBelow, reveal, setAttr, setText, show } from '../ui.js';
import { hooks } from './hooks.js';

/** @type {import('../app.js').Mount} */
export function mount(root, app) {
  const links = /** @type {HTMLAnchorElement[]} */ ([...root.querySelectorAll('#walk-steps a')]);
  const prev = /** @type {HTMLButtonElement} */ ($('walk-prev'));
  const next = /** @type {HTMLButtonElement} */ ($('walk-next'));
  const text = hooks(root, app.core);
  const at = () => app.state()?.report.story.step ?? 0; // 1-based, 0: not in the walk
  const sentence = $('walk-sentence');
  const embed = document.documentElement.classList.contains('embed');
  /** Whether the next update comes from choosing a step (it brings its figure on screen). */
  let moved = false;
  /** @param {number} i the step's index (0-based) */
  const go = (i) => {
    const href = links[i]?.getAttribute('href');
    if (!href) return;
    moved = true;
    app.open(href.replace(/^\?/, ''));
  };
  /** The sentence and the step's panel on screen together. @param {string} figure */
  const bringOnScreen = (figure) => {
    const panel = document.querySelector(`#fig1 .panel[data-part="${figure}"]`);
    if (!panel || embed) return;
    root.classList.remove('is-docked');
    const span = sentence.getBoundingClientRect().bottom - panel.getBoundingClientRect().top;
    if (span + 16 <= innerHeight - coveredBelow()) {
      reveal(panel, sentence);
      return;
    }
    // Too far apart for one screen: the walk docks under the panel.
    root.classList.add('is-docked');
    const plot = panel.querySelector('.plot') ?? panel;
    reveal(panel, plot, coveredBelow() + root.getBoundingClientRect().height + 8);
  };
  links.forEach((a, i) => a.addEventListener('click', (e) => {
    // A new tab or window keeps the browser's own behaviour.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go(i);
  }));
  prev.addEventListener('click', () => go(at() - 2));
  next.addEventListener('click', () => go(at()));
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    const el = /** @type {HTMLElement} */ (e.target);
    if (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) return;
    if (document.querySelector('dialog[open]')) return;
    if (e.key === 'n' || e.key === 'N') go(at());
    else if ((e.key === 'p' || e.key === 'P') && at() > 1) go(at() - 2);
    else return;
    e.preventDefault();
  });
  return {
    shows: ['all'],
    update({ report }) {
      const { step, steps } = report.story;
      links.forEach((a, i) => setAttr(a, 'aria-current', i + 1 === step ? 'step' : null));
      prev.disabled = step <= 1;
      next.disabled = step >= steps.length;
      setText(next, step === 0 ? 'Start the walk →' : 'Next →');
      show($('walk-sentence'), step !== 0);
      text.fill(report);
      // An embed shows the walk only when its link opens a step.
      root.classList.toggle('is-closed', report.params.embed && step === 0);
      if (step === 0) root.classList.remove('is-docked');
      if (moved && step > 0) {
        moved = false;
        const figure = links[step - 1]?.parentElement?.dataset.figure;
        if (figure) bringOnScreen(figure);
      }
    },
  };
}
