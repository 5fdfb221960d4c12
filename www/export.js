// Downloads: each figure as PNG (drawn again by the core into an offscreen canvas at twice the
// screen's resolution) or SVG (the core's SVG backend, the document `lr-anneal svg` writes), the
// tables and the trajectories as CSV and JSON, all from the View on screen (nothing is simulated
// again). File names come from the core (preset, eps, lr, K and what the file holds); nothing here
// computes a number. share.js loads this script when the Download menu first opens (the menu
// itself, with Escape and click-outside, works before: ui.js).

import { $, isDark, message } from './ui.js';

/** The figures, in page order, with what the menu calls them. */
const FIGURES = [
  ['a', '(a) Gradient flow'],
  ['b', '(b) Large steps, then flow'],
  ['c', '(c) Test loss'],
  ['loss', 'Loss curves'],
];

/** Hands `blob` to the browser as a download called `name`. */
export function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 30000);
}

/** Figure `fig` of `view` as a PNG at twice the resolution of the screen, drawn as the SVG
 * download is (title, legend and a caption line with eps, eta, K and both test losses). */
export function figurePng(core, view, fig, dark) {
  const [w, h] = core.export_size(fig);
  const dpr = Math.min(4, Math.max(1, window.devicePixelRatio || 1));
  const scale = 2 * dpr;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  view.draw_export(fig, canvas, dark, scale);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png');
  });
}

const text = (s, type) => new Blob([s], { type });
/** A downloaded JSON file: the only JSON text the page makes. */
const json = (value) => text(`${JSON.stringify(value, null, 2)}\n`, 'application/json');

/**
 * Builds the Download menu into #download-list.
 * @param store   app.js's store: core, and view (the View on screen)
 * @param status  status(message) for the share bar
 */
export function initExport(store, status) {
  const list = $('download-list');
  if (!list) return;
  list.textContent = ''; // "Loading…" until now
  const items = [
    ...FIGURES.map(([fig, label]) => [label, [
      ['PNG', `fig-${fig}`, 'png', (v) => figurePng(store.core, v, fig, isDark())],
      ['SVG', `fig-${fig}`, 'svg', (v) => text(v.svg(fig, isDark()), 'image/svg+xml')],
    ]]),
    ['All four figures', [
      ['SVG', 'figures', 'svg', (v) => text(v.svg('a,b,c,loss', isDark()), 'image/svg+xml')],
    ]],
    ['Table', [
      ['CSV', 'table', 'csv', (v) => text(v.table_csv(), 'text/csv')],
      ['JSON', 'report', 'json', (v) => json(v.report())],
    ]],
    ['Trajectories', [
      ['CSV', 'trajectories', 'csv', (v) => text(v.trajectory_csv(), 'text/csv')],
      ['JSON', 'trajectories', 'json', (v) => json(v.trajectory())],
    ]],
  ];
  for (const [label, formats] of items) {
    const row = document.createElement('div');
    row.className = 'menu-row';
    const name = document.createElement('span');
    name.className = 'menu-label';
    name.textContent = label;
    row.append(name);
    for (const [format, what, ext, make] of formats) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'btn btn-small';
      button.textContent = format;
      button.setAttribute('aria-label', `${label} as ${format}`);
      button.dataset.download = `${what}.${ext}`;
      button.addEventListener('click', async () => {
        // The View on screen when clicked, used before any await (a render would free it).
        const view = store.view;
        if (!view) return;
        try {
          const file = view.file_name(what, ext);
          const made = make(view);
          save(await made, file);
          status(`Saved ${file}`);
        } catch (e) {
          console.error(e);
          status(`Could not export: ${message(e)}`);
        }
      });
      row.append(button);
    }
    list.append(row);
  }
}
