// Share, embed and export: the "Copy link" button, the preset gallery, the Embed dialog and the
// Download menu, plus the embed mode itself. Links are the core's canonical query on this page's
// own origin and path (so they work under any sub-path); every query is built by the core
// (parse, set_param, keep_view): nothing here knows the URL schema beyond the names of the view
// keys it sets.

import { reportHeight } from './embed.js';
import { $, menu, message } from './ui.js';

/** This page's address for a query: same origin and path (any sub-path), the query, no hash. */
export function pageUrl(query) {
  return `${window.location.origin}${window.location.pathname}?${query}`;
}

/** Copies `text`; returns whether it worked (false when the clipboard API is missing or refused). */
export async function copy(text) {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Selects a read-only field holding `text`, for copying by hand. */
function selectField(field, text) {
  field.value = text;
  field.hidden = false;
  field.focus();
  field.select();
}

/**
 * Sets up sharing on the page.
 * @param schema   the core's schema()
 * @param actions  app.js's actions (open(query): loads another state shown the way this one is)
 * @param store    app.js's store (core, view and report on screen)
 * @returns        { sync(report) } to call after every render
 */
export function initShare(schema, actions, store) {
  const app = { schema, core: store.core, report: () => store.report, open: actions.open };
  const statusEl = $('share-status');
  let statusTimer = 0;
  const status = (message) => {
    if (!statusEl) return;
    statusEl.textContent = message;
    window.clearTimeout(statusTimer);
    statusTimer = window.setTimeout(() => {
      statusEl.textContent = '';
    }, 6000);
  };

  // ---- Copy link ----------------------------------------------------------------------------
  const linkField = $('share-url');
  $('share-copy')?.addEventListener('click', async () => {
    const url = pageUrl(app.report().params.query);
    if (await copy(url)) {
      linkField.hidden = true;
      status('Link copied');
    } else {
      selectField(linkField, url);
      status('Press Ctrl+C (⌘C) to copy the selected link');
    }
  });
  linkField?.addEventListener('blur', () => {
    linkField.hidden = true;
  });

  // ---- Preset gallery -----------------------------------------------------------------------
  const gallery = $('gallery-list');
  if (gallery) {
    for (const p of app.schema.presets) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.className = 'preset-card';
      a.href = `?${p.query}`;
      a.dataset.preset = p.name;
      const name = document.createElement('span');
      name.className = 'preset-card-name';
      name.textContent = p.name;
      const desc = document.createElement('span');
      desc.className = 'preset-card-desc';
      desc.textContent = p.description;
      const look = document.createElement('span');
      look.className = 'preset-card-look';
      const label = document.createElement('b');
      label.textContent = 'Look for: ';
      look.append(label, p.look_for);
      a.append(name, desc, look);
      a.addEventListener('click', (e) => {
        // A new tab or window keeps the browser's own behaviour.
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        app.open(p.query);
        const figures = $('figures');
        const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
        figures?.scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });
      });
      li.append(a);
      gallery.append(li);
    }
  }

  // ---- Embed dialog: its script (embed-dialog.js) loads on the first click of Embed… ----------
  const dialog = $('embed-dialog');
  let embed = null;
  let loading = false;
  $('embed-open')?.addEventListener('click', () => {
    if (embed) {
      embed.open();
      return;
    }
    if (loading) return;
    loading = true;
    import('./embed-dialog.js').then(
      (m) => {
        embed = m.buildEmbedDialog(app, dialog, status);
        embed.open();
      },
      (e) => {
        loading = false;
        console.error(e);
        status(`The Embed dialog could not be loaded (reload the page to try again): ${message(e)}`);
      },
    );
  });

  // ---- Downloads: the menu works at once (Escape, a click elsewhere); its items come from
  // export.js, loaded when the menu first opens -----------------------------------------------
  const downloads = $('download-menu');
  menu(downloads);
  let exporting = false;
  downloads.addEventListener('toggle', () => {
    if (!downloads.open || exporting) return;
    exporting = true;
    import('./export.js').then(
      (m) => m.initExport(store, status),
      (e) => {
        console.error(e);
        const why = `The downloads could not be loaded (reload the page to try again): ${message(e)}`;
        $('download-list').textContent = why;
        status(why);
      },
    );
  });

  // ---- Embed mode ---------------------------------------------------------------------------
  let reporting = false;
  const credit = $('embed-credit-link');

  return {
    sync(report) {
      const p = report.params;
      if (p.embed && !reporting) {
        reporting = true;
        reportHeight();
      }
      // The full page's link: what is computed, without the view keys.
      if (credit && p.embed) credit.href = pageUrl(app.core.keep_view(p.query, ''));
      if (gallery) {
        for (const a of gallery.querySelectorAll('.preset-card')) {
          const current = a.dataset.preset === p.preset;
          a.classList.toggle('is-current', current);
          if (current) a.setAttribute('aria-current', 'true');
          else a.removeAttribute('aria-current');
        }
      }
      if (embed && dialog?.open) embed.update();
    },
  };
}
