// Embedding: how a state is shown (the view keys embed, show, controls and theme, as the core's
// parse() reads them) and the height messages an embedded page sends to its parent (the snippet
// that sizes an iframe from them is embed-dialog.js's).
//
// The page marks what an embed can show with data-part="a" (one or more part names, space
// separated: an element shows when any of them is asked for) and the controls kept by
// controls=minimal with data-minimal. Everything else in an embed (masthead, intro, gallery,
// explore section, footer, ...) is page chrome and hidden by style.css under html.embed.

/** The width below which an embed's figures are one row that scrolls sideways (style.css). */
const NARROW = window.matchMedia('(max-width: 639.98px)');

/**
 * Counts the planes each `.panels` shows (for style.css) and, in a narrow embed where several
 * are a row that scrolls sideways, makes the row a focusable group (it takes the arrow keys).
 */
function markRows(embed) {
  for (const panels of document.querySelectorAll('.panels')) {
    const n = panels.querySelectorAll(':scope > [data-part]:not(.part-off)').length;
    panels.style.setProperty('--planes', String(Math.max(1, n)));
    panels.dataset.planes = String(n);
    if (embed && n > 1 && NARROW.matches) {
      panels.tabIndex = 0;
      panels.setAttribute('role', 'group');
      panels.setAttribute('aria-label', 'The figures: scroll sideways for the others');
    } else {
      panels.removeAttribute('tabindex');
      panels.removeAttribute('role');
      panels.removeAttribute('aria-label');
    }
  }
}
NARROW.addEventListener('change', () => markRows(document.documentElement.classList.contains('embed')));

/**
 * Shows the page the way `params` (the core's parse().params or a report's params) asks: the
 * theme on <html data-theme>, and for embed=1 only the parts in `show` with the chosen controls.
 */
export function applyView(params) {
  const root = document.documentElement;
  if (params.theme === 'light' || params.theme === 'dark') {
    if (root.dataset.theme !== params.theme) root.dataset.theme = params.theme;
  } else if (root.dataset.theme) {
    delete root.dataset.theme;
  }
  const embed = params.embed === true;
  root.classList.toggle('embed', embed);
  if (embed) root.dataset.controls = params.controls;
  else delete root.dataset.controls;
  const show = new Set(embed ? params.show : []);
  for (const el of document.querySelectorAll('[data-part]')) {
    const off = embed && !el.dataset.part.split(/\s+/).some((p) => show.has(p));
    el.classList.toggle('part-off', off);
  }
  markRows(embed);
}

/**
 * Reports this document's height to the parent window whenever it changes, in the pym.js and
 * the AMP formats. `id` is pym's child id (the snippet's script does not need one).
 */
export function reportHeight(id = 'lr-anneal') {
  if (window.parent === window) return;
  let last = -1;
  const send = () => {
    const h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h === last || h <= 0) return;
    last = h;
    window.parent.postMessage(`pymxPYMx${id}xPYMxheightxPYMx${h}`, '*');
    window.parent.postMessage({ sentinel: 'amp', type: 'embed-size', height: h }, '*');
  };
  const observer = new ResizeObserver(send);
  observer.observe(document.documentElement);
  observer.observe(document.body);
  window.addEventListener('load', send);
  send();
}
