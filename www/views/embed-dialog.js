// The Embed dialog: the parts, controls and theme a reader picks (the choices and their words are
// in the page, written from the schema at build time), the snippet for the state on screen (an
// iframe, a caption and link outside it for readers whose feed drops iframes, and a few lines of
// script that size the iframe from the embed's height messages) and a live preview. share.js
// loads this script on the first click of "Embed…".
// @ts-check

import { $, copy, pageUrl, trapFocus } from '../ui.js';

/** The class of iframes the snippet's script resizes. */
const IFRAME_CLASS = 'lr-anneal-embed';

/**
 * The script handed out with the snippet. It listens for both height messages an embed sends
 * (pym.js: 'pymxPYMx' + id + 'xPYMxheightxPYMx' + height; AMP: {sentinel: 'amp', type:
 * 'embed-size', height}) and sizes the iframe that sent it. Pasting it twice is harmless.
 */
const RESIZE_SCRIPT = `<script>
/* lr-anneal embeds: fit each iframe to its content (pym.js or AMP height messages). */
addEventListener('message', function (e) {
  var d = e.data, h = typeof d === 'string' ? (/^pymxPYMx.+xPYMxheightxPYMx(\\d+)$/.exec(d) || [])[1]
    : d && d.sentinel === 'amp' && d.type === 'embed-size' && d.height;
  if (h > 0) document.querySelectorAll('iframe.${IFRAME_CLASS}').forEach(function (f) {
    if (f.contentWindow === e.source) f.style.height = h + 'px';
  });
});
</script>`;

/** @param {string} s */
const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The copy-paste snippet for an embed at `url`: a figure holding the iframe (at `height`, the
 * height the embed has for its parts in the preview, so the host page does not jump) and, outside
 * it, a caption with the link to the state for readers whose feed or email drops iframes.
 * @param {string} url  the embed's address
 * @param {string} page  the full page's address at the same state
 * @param {string} title
 * @param {number} height
 */
function snippet(url, page, title, height) {
  return `<figure class="lr-anneal-figure" style="margin:1.5em 0">\n`
    + `<iframe class="${IFRAME_CLASS}" src="${escapeAttr(url)}" title="${escapeAttr(title)}" loading="lazy"`
    + ` style="display:block;width:100%;height:${height}px;border:0"></iframe>\n`
    + `<figcaption><a href="${escapeAttr(page)}">${escapeAttr(title)}</a>: live in lr-anneal, an exact `
    + `reproduction of Nakkiran (2020).</figcaption>\n</figure>\n${RESIZE_SCRIPT}`;
}

/** What the snippet's script does, for the page's own preview iframe. */
function listenForHeights() {
  window.addEventListener('message', (e) => {
    const d = e.data;
    const h = typeof d === 'string' ? Number((/^pymxPYMx.+xPYMxheightxPYMx(\d+)$/.exec(d) || [])[1])
      : d && d.sentinel === 'amp' && d.type === 'embed-size' && d.height;
    if (!(h > 0)) return;
    for (const f of /** @type {NodeListOf<HTMLIFrameElement>} */ (document.querySelectorAll(`iframe.${IFRAME_CLASS}`))) {
      if (f.contentWindow === e.source) {
        f.style.height = `${h}px`;
        f.dataset.height = String(h);
      }
    }
  });
}

/** @param {HTMLElement} container */
const chosen = (container) => [...container.querySelectorAll('input:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);

/**
 * Builds the Embed dialog once and listens for the preview's height messages; returns
 * `{ open(), update() }`: `update` rebuilds the snippet for the state on screen (share.js calls
 * it while the dialog is open).
 * @param {import('../app.js').App} app
 * @param {HTMLDialogElement} dialog
 * @param {(text: string) => void} status
 */
export function buildEmbedDialog(app, dialog, status) {
  listenForHeights();
  const parts = $('embed-parts');
  const controls = $('embed-controls');
  const themes = $('embed-themes');
  const code = /** @type {HTMLTextAreaElement} */ ($('embed-code'));
  const preview = document.createElement('iframe');
  preview.id = 'embed-preview';
  preview.className = `embed-preview ${IFRAME_CLASS}`;
  preview.title = 'Preview of the embed';
  const copyButton = /** @type {HTMLButtonElement} */ ($('embed-copy'));
  const note = $('embed-note');
  const localStatus = $('embed-status');
  const trap = trapFocus(dialog);
  preview.addEventListener('load', () => trap.frame(preview));
  /** The label of each part, as the page writes it. @param {string} v */
  const labelOf = (v) => parts.querySelector(`input[value="${CSS.escape(v)}"]`)?.parentElement?.textContent?.trim() ?? v;

  let previewTimer = 0;
  let url = '';
  const update = () => {
    const s = app.state();
    const show = chosen(parts);
    const none = show.length === 0;
    note.hidden = !none;
    copyButton.disabled = none;
    if (none || !s) {
      code.value = '';
      return;
    }
    let q = s.report.params.query;
    for (const [key, value] of [['embed', '1'], ['show', show.join(',')],
      ['controls', chosen(controls)[0]], ['theme', chosen(themes)[0]]]) {
      q = app.core.set_param(q, key, value);
    }
    const next = pageUrl(q);
    const title = `lr-anneal: ${show.map(labelOf).join(', ')} (preset ${s.report.params.preset})`;
    const height = Number(preview.dataset.height) || 520;
    code.value = snippet(next, pageUrl(app.core.keep_view(q, '')), title, height);
    if (next !== url) {
      url = next;
      window.clearTimeout(previewTimer);
      previewTimer = window.setTimeout(() => {
        if (preview.src !== url) preview.src = url;
      }, 150);
    }
  };
  for (const box of [parts, controls, themes]) box.addEventListener('change', update);
  // The snippet's height follows the preview's (the embed's height for these parts).
  new MutationObserver(update).observe(preview, { attributes: true, attributeFilter: ['data-height'] });

  copyButton.addEventListener('click', async () => {
    if (await copy(code.value)) {
      localStatus.textContent = 'Snippet copied';
    } else {
      code.focus();
      code.select();
      localStatus.textContent = 'Press Ctrl+C (⌘C) to copy the selected snippet';
    }
  });
  let opened = false;
  const open = () => {
    localStatus.textContent = '';
    if (!opened) {
      // The first time, the embed takes the page's own theme.
      opened = true;
      const theme = /** @type {HTMLInputElement | null} */ (themes.querySelector(`input[value="${app.state()?.report.params.theme}"]`));
      if (theme) theme.checked = true;
    }
    if (!preview.isConnected) $('embed-preview-slot').replaceWith(preview);
    update();
    dialog.showModal();
  };
  $('embed-close').addEventListener('click', () => dialog.close());
  // A click on the backdrop closes the dialog.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close();
  });
  dialog.addEventListener('close', () => status(''));
  return { update, open };
}
