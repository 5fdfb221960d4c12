// Downloads: each figure as PNG (drawn again by the core into an offscreen canvas at twice the
// screen's resolution) or SVG (the core's SVG backend, the document `lr-anneal svg` writes),
// Figure 1 (a) to (c) as one PNG or SVG, all four figures as SVG, the tables and the trajectories
// as CSV and JSON, all from the View on screen (nothing is simulated again). The menu's items are
// in the page; share.js loads this script when the menu first opens and calls `make` on a click.
// @ts-check

/** Hands `blob` to the browser as a download called `name`. @param {Blob} blob @param {string} name */
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

/**
 * Figures `figures` (`a` or `a,b,c`) of `view` as a PNG at twice the resolution of the screen,
 * drawn as the SVG download is (titles, legend and a caption line with ε, η, K and both test
 * losses).
 * @param {typeof import('../pkg/lr_anneal.js')} core
 * @param {import('../pkg/lr_anneal.js').View} view
 * @param {string} figures
 * @param {boolean} dark
 * @returns {Promise<Blob>}
 */
export function figurePng(core, view, figures, dark) {
  const [w, h] = core.export_size(figures);
  const scale = 2 * Math.min(4, Math.max(1, window.devicePixelRatio || 1));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  view.draw_export(figures, canvas, dark, scale);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png');
  });
}

/** @param {string} s @param {string} type */
const text = (s, type) => new Blob([s], { type });
/** A downloaded JSON file: the only JSON text the page makes. @param {unknown} value */
const json = (value) => text(`${JSON.stringify(value, null, 2)}\n`, 'application/json');

/** The theme downloads are drawn in: the page's. */
const dark = () => {
  const t = document.documentElement.dataset.theme;
  return t === 'dark' || (t !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
};

/**
 * The file `file` (a menu item's data-download: `fig-a.png`, `fig-1.svg`, `table.csv`, ...) of
 * the state `s`.
 * @param {typeof import('../pkg/lr_anneal.js')} core
 * @param {import('../app.js').State} s
 * @param {string} file
 * @returns {Promise<Blob>}
 */
export async function make(core, s, file) {
  const view = s.view;
  const [what, ext] = file.split('.');
  const figures = what === 'fig-1' ? 'a,b,c' : what === 'figures' ? 'a,b,c,loss' : what.replace(/^fig-/, '');
  if (what.startsWith('fig') && ext === 'png') return figurePng(core, view, figures, dark());
  if (ext === 'svg') return text(view.svg(figures, dark()), 'image/svg+xml');
  if (file === 'table.csv') return text(view.table_csv(), 'text/csv');
  if (file === 'report.json') return json(view.report());
  if (file === 'trajectories.csv') return text(view.trajectory_csv(), 'text/csv');
  if (file === 'trajectories.json') return json(view.trajectory());
  throw new Error(`no such download: ${file}`);
}
