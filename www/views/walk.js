// The guided walk: a few steps through the paper's argument, each a state of the schema (a link
// with `step=N`, written into the page at build time) and a sentence the core writes from the
// numbers of the state shown (report.story.sentence). Choosing a step loads its state with a
// history entry of its own.
// @ts-check

import { $, setAttr, setText, show } from '../ui.js';
import { hooks } from './hooks.js';

/** @type {import('../app.js').Mount} */
export function mount(root, app) {
  const links = /** @type {HTMLAnchorElement[]} */ ([...root.querySelectorAll('#walk-steps a')]);
  const prev = /** @type {HTMLButtonElement} */ ($('walk-prev'));
  const next = /** @type {HTMLButtonElement} */ ($('walk-next'));
  const text = hooks(root, app.core);
  const at = () => app.state()?.report.story.step ?? 0; // 1-based, 0: not in the walk
  /** @param {number} i the step's index (0-based) */
  const go = (i) => {
    const href = links[i]?.getAttribute('href');
    if (href) app.open(href.replace(/^\?/, ''));
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
    },
  };
}
