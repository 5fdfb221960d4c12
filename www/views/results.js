// The level set and where both runs stop (the paper's table), and, folded, Proposition 1's and
// Lemma 2's bounds for this state: hooks, and one row of the #lemma2-row template per split.
// @ts-check

import { $, show } from '../ui.js';
import { hooks, lemma2Rows } from './hooks.js';

/** @type {import('../app.js').Mount} */
export function mount(root, app) {
  const text = hooks(root, app.core);
  const body = $('lemma2-body');
  return {
    shows: ['data', 'eps', 'steps', 'flow_lr', 'small'],
    update({ report }) {
      const before = body.dataset.splits;
      const rows = lemma2Rows(body, report);
      if (body.dataset.splits !== before) text.restructure();
      show($('lemma2-empty'), rows === 0);
      show($('lemma2-table'), rows > 0);
      text.fill(report);
    },
  };
}
