// The Embed dialog: the parts, controls and theme a reader picks, the snippet for the state on
// screen (an iframe plus a few lines of script that size it from the embed's height messages)
// and a live preview. share.js loads this script on the first click of "Embed…": the first render
// needs none of it.

import { copy, pageUrl } from './share.js';
import { $ } from './ui.js';

/** What the Embed dialog calls the parts and control sets (values come from the core's schema). */
const PART_LABELS = {
  a: '(a) Gradient flow',
  b: '(b) Large steps, then flow',
  c: '(c) Test loss',
  loss: 'Loss curves',
  table: 'Table',
};
const CONTROL_LABELS = { none: 'None', minimal: 'Minimal (ε, η, K)', all: 'All' };
const THEME_LABELS = { auto: 'Reader’s system', light: 'Light', dark: 'Dark' };

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

/** The height an iframe starts with, before its first message. */
const START_HEIGHT = 520;

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The copy-paste snippet for an embed at `url`. */
function snippet(url, title) {
  return `<iframe class="${IFRAME_CLASS}" src="${escapeAttr(url)}" title="${escapeAttr(title)}" loading="lazy"`
    + ` style="display:block;width:100%;height:${START_HEIGHT}px;border:0"></iframe>\n${RESIZE_SCRIPT}`;
}

/** What the snippet's script does, for the page's own preview iframe. */
function listenForHeights() {
  window.addEventListener('message', (e) => {
    const d = e.data;
    const h = typeof d === 'string' ? (/^pymxPYMx.+xPYMxheightxPYMx(\d+)$/.exec(d) || [])[1]
      : d && d.sentinel === 'amp' && d.type === 'embed-size' && d.height;
    if (!(h > 0)) return;
    for (const f of document.querySelectorAll(`iframe.${IFRAME_CLASS}`)) {
      if (f.contentWindow === e.source) f.style.height = `${h}px`;
    }
  });
}

/** A group of checkboxes or radio buttons under `container`, one per value. */
function choices(container, type, name, values, labels, checked) {
  container.textContent = '';
  for (const v of values) {
    const label = document.createElement('label');
    label.className = 'check';
    const input = document.createElement('input');
    input.type = type;
    input.name = name;
    input.value = v;
    input.checked = checked(v);
    label.append(input, ` ${labels[v] ?? v}`);
    container.append(label);
  }
}

const chosen = (container) => [...container.querySelectorAll('input:checked')].map((i) => i.value);

/**
 * Builds the Embed dialog once (its choices from the core's schema) and listens for the preview's
 * height messages; returns `{ open(), update() }`: `update` rebuilds the snippet for the state on
 * screen (share.js calls it while the dialog is open).
 */
export function buildEmbedDialog(app, dialog, status) {
  listenForHeights();
  const { schema, core } = app;
  const parts = $('embed-parts');
  const controls = $('embed-controls');
  const themes = $('embed-themes');
  const code = $('embed-code');
  const preview = document.createElement('iframe');
  preview.id = 'embed-preview';
  preview.className = 'embed-preview';
  preview.title = 'Preview of the embed';
  const copyButton = $('embed-copy');
  const note = $('embed-note');
  const localStatus = $('embed-status');
  const defaults = new Set(['a', 'b', 'c']);
  choices(parts, 'checkbox', 'embed-part', schema.parts, PART_LABELS, (v) => defaults.has(v));
  choices(controls, 'radio', 'embed-controls', schema.controls, CONTROL_LABELS, (v) => v === 'minimal');
  choices(themes, 'radio', 'embed-theme', schema.themes, THEME_LABELS, (v) => v === schema.themes[0]);
  preview.classList.add(IFRAME_CLASS);

  let previewTimer = 0;
  let url = '';
  const update = () => {
    const show = chosen(parts);
    const none = show.length === 0;
    note.hidden = !none;
    copyButton.disabled = none;
    if (none) {
      code.value = '';
      return;
    }
    let q = app.report().params.query;
    for (const [key, value] of [['embed', '1'], ['show', show.join(',')],
      ['controls', chosen(controls)[0]], ['theme', chosen(themes)[0]]]) {
      q = core.set_param(q, key, value);
    }
    const next = pageUrl(q);
    const preset = app.report().params.preset;
    code.value = snippet(next, `lr-anneal: ${show.map((s) => PART_LABELS[s] ?? s).join(', ')} (preset ${preset})`);
    if (next !== url) {
      url = next;
      window.clearTimeout(previewTimer);
      previewTimer = window.setTimeout(() => {
        if (preview.src !== url) preview.src = url;
      }, 150);
    }
  };
  for (const box of [parts, controls, themes]) box.addEventListener('change', update);

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
      const theme = themes.querySelector(`input[value="${app.report().params.theme}"]`);
      if (theme) theme.checked = true;
    }
    if (!preview.isConnected) $('embed-preview-slot').replaceWith(preview);
    update();
    dialog.showModal();
  };
  $('embed-close')?.addEventListener('click', () => dialog.close());
  // A click on the backdrop closes the dialog.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close();
  });
  dialog.addEventListener('close', () => status(''));
  return { update, open };
}
