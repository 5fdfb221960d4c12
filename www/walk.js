// The guided walk: a few steps through the paper's argument, each a state of the schema (a link
// with `step=N`) and a sentence the core writes from the numbers of the state shown
// (report.story). Choosing a step loads its state with a history entry of its own.
//
// app.js calls init(store, actions) once; this module then subscribes to the store.

import { $, setText } from './ui.js';

/** Once, after the core is loaded. */
export function init(store, app) {
  const list = $('walk-steps');
  const prev = $('walk-prev');
  const next = $('walk-next');
  let links = [];
  const go = (i) => {
    const steps = store.report?.story.steps ?? [];
    if (i >= 0 && i < steps.length) app.open(steps[i].query);
  };
  const at = () => store.report?.story.step ?? 0; // 1-based, 0: not in the walk
  prev.addEventListener('click', () => go(at() - 2));
  next.addEventListener('click', () => go(at()));
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    const el = e.target;
    if (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) return;
    if (document.querySelector('dialog[open]')) return;
    if (e.key === 'n' || e.key === 'N') go(at());
    else if ((e.key === 'p' || e.key === 'P') && at() > 1) go(at() - 2);
    else return;
    e.preventDefault();
  });
  app.subscribe(({ report }) => {
    const { steps, step } = report.story;
    if (links.length !== steps.length) {
      list.textContent = '';
      links = steps.map((s, i) => {
        const li = document.createElement('li');
        li.dataset.storyStep = String(i + 1);
        const a = document.createElement('a');
        a.textContent = `${i + 1}. ${s.title}`;
        a.addEventListener('click', (e) => {
          // A new tab or window keeps the browser's own behaviour.
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
          e.preventDefault();
          go(i);
        });
        li.append(a);
        list.append(li);
        return a;
      });
    }
    links.forEach((a, i) => {
      const href = `?${steps[i].query}`;
      if (a.getAttribute('href') !== href) a.setAttribute('href', href);
      if (i + 1 === step) a.setAttribute('aria-current', 'step');
      else a.removeAttribute('aria-current');
    });
    prev.disabled = step <= 1;
    next.disabled = step >= steps.length;
    setText(next, step === 0 ? 'Start the walk →' : 'Next →');
    $('walk-sentence').hidden = step === 0;
    // An embed shows the walk only when its link opens a step.
    $('walk').hidden = report.params.embed && step === 0;
  });
}
