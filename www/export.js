// Downloads: each figure as PNG (drawn again by the core into an offscreen canvas at twice the
// screen's resolution) or SVG (the core's SVG backend, the document `lr-anneal svg` writes), the
// tables and the trajectories as CSV and JSON. File names come from the core (preset, eps, lr,
// K and what the file holds); nothing here computes a number. share.js loads this script when
// the Download menu first opens; everything but the PNGs and the report's JSON comes from the
// extras module (extras.js), which this script then loads.

import { extras } from './extras.js';

const $ = (id) => document.getElementById(id);

/** The figures, in page order, with what the menu calls them. */
const FIGURES = [
  ['a', '(a) Gradient flow'],
  ['b', '(b) Large steps, then flow'],
  ['c', '(c) Test loss'],
  ['loss', 'Loss curves'],
];

/** A figure's CSS size when it is not on screen (an embed without it): the SVG panel's size. */
const FALLBACK_SIZE = { a: [380, 360], b: [380, 360], c: [380, 360], loss: [760, 300] };

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

/** Figure `fig` of `view` as a PNG at twice the on-screen resolution. */
export function figurePng(view, fig, dark) {
  const onScreen = $(`fig-${fig}`);
  let w = onScreen?.clientWidth ?? 0;
  let h = onScreen?.clientHeight ?? 0;
  if (!(w > 0 && h > 0)) [w, h] = FALLBACK_SIZE[fig];
  const dpr = Math.min(4, Math.max(1, window.devicePixelRatio || 1));
  const scale = 2 * dpr;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  view.draw(fig, canvas, dark, scale);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png');
  });
}

const text = (s, type) => new Blob([s], { type });
const pretty = (json) => JSON.stringify(JSON.parse(json), null, 2);

/**
 * Builds the Download menu into #download-list.
 * @param app  { core (the page's module), view() -> its View on screen, query() -> that View's
 *               canonical query, isDark(), status(message) }
 */
export function initExport(app) {
  const list = $('download-list');
  const menu = $('download-menu');
  if (!list || !menu) return;
  list.textContent = ''; // "Loading…" until now
  // Each format is made from the page's View on screen (`view`) or, through the extras module,
  // from the canonical query on screen (`extras`).
  const dark = () => app.isDark();
  const items = [
    ...FIGURES.map(([fig, label]) => [label, [
      ['PNG', `fig-${fig}`, 'png', { view: (v) => figurePng(v, fig, dark()) }],
      ['SVG', `fig-${fig}`, 'svg', { extras: (x, q) => text(x.svg(q, fig, dark()), 'image/svg+xml') }],
    ]]),
    ['All four figures', [
      ['SVG', 'figures', 'svg', { extras: (x, q) => text(x.svg(q, 'a,b,c,loss', dark()), 'image/svg+xml') }],
    ]],
    ['Table', [
      ['CSV', 'table', 'csv', { extras: (x, q) => text(x.table_csv(q), 'text/csv') }],
      ['JSON', 'report', 'json', { view: (v) => text(pretty(v.json()), 'application/json') }],
    ]],
    ['Trajectories', [
      ['CSV', 'trajectories', 'csv', { extras: (x, q) => text(x.trajectory_csv(q), 'text/csv') }],
      ['JSON', 'trajectories', 'json', { extras: (x, q) => text(pretty(x.trajectory_json(q)), 'application/json') }],
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
        // The state on screen when clicked. The View is used at once: a render after an await
        // would free it; the extras module works from the query.
        const view = app.view();
        const query = app.query();
        if (!view) return;
        try {
          const file = app.core.file_name(query, what, ext);
          const made = make.view ? make.view(view) : extras().then((x) => make.extras(x, query));
          save(await made, file);
          app.status(`Saved ${file}`);
        } catch (e) {
          console.error(e);
          app.status(`Could not export: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
      row.append(button);
    }
    list.append(row);
  }
  // Close on Escape or a click elsewhere, like a menu.
  document.addEventListener('click', (e) => {
    if (menu.open && !menu.contains(e.target)) menu.open = false;
  });
  // Called as the menu first opens (share.js): fetch the extras module now, so that the first
  // download does not wait for it. A failed load shows on the click that needs it.
  extras().catch(() => {});
  menu.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && menu.open) {
      e.preventDefault(); // handled: the phones' parameter sheet stays as it is
      menu.open = false;
      menu.querySelector('summary')?.focus();
    }
  });
}
