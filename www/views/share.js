// Sharing: the "Copy link" button, the preset gallery, the Embed dialog (its script loads on the
// first click of Embed…), the Download menu (its items are in the page; export.js loads when it
// first opens), the link printed under the title, and for an embed its height messages to the
// parent page and its link back to the full page. Links are the core's canonical query on this
// page's own origin and path (so they work under any sub-path); every query is built by the core.
// Also the banner that lists what a link's values could not be used for.
// @ts-check

import { $, copy, menu, message, pageUrl, setAttr, setText, show } from '../ui.js';

/** @type {import('../app.js').Mount} */
export function mount(root, app) {
  const statusEl = $('share-status');
  let statusTimer = 0;
  /** @param {string} text */
  const status = (text) => {
    statusEl.textContent = text;
    window.clearTimeout(statusTimer);
    statusTimer = window.setTimeout(() => {
      statusEl.textContent = '';
    }, 6000);
  };
  const query = () => app.state()?.query ?? '';

  // ---- Copy link ----------------------------------------------------------------------------
  const linkField = /** @type {HTMLInputElement} */ ($('share-url'));
  $('share-copy').addEventListener('click', async () => {
    const url = pageUrl(query());
    if (await copy(url)) {
      linkField.hidden = true;
      status('Link copied');
    } else {
      linkField.value = url;
      linkField.hidden = false;
      linkField.focus();
      linkField.select();
      status('Press Ctrl+C (⌘C) to copy the selected link');
    }
  });
  linkField.addEventListener('blur', () => {
    linkField.hidden = true;
  });

  // ---- Embed dialog: its script loads on the first click of Embed… ------------------------------
  const dialog = /** @type {HTMLDialogElement} */ ($('embed-dialog'));
  /** @type {{open: () => void, update: () => void} | null} */
  let embed = null;
  let loading = false;
  $('embed-open').addEventListener('click', () => {
    if (embed) {
      embed.open();
      return;
    }
    if (loading) return;
    loading = true;
    import('./embed-dialog.js').then((m) => {
      embed = m.buildEmbedDialog(app, dialog, status);
      embed.open();
    }, (e) => {
      loading = false;
      console.error(e);
      status(`The Embed dialog could not be loaded (reload the page to try again): ${message(e)}`);
    });
  });

  // ---- Downloads: the menu and its items work at once; export.js does the work, loaded when the
  // menu first opens (a click before it arrives waits for it) ------------------------------------
  const downloads = /** @type {HTMLDetailsElement} */ ($('download-menu'));
  menu(downloads);
  /** @type {Promise<typeof import('./export.js')> | null} */
  let exporter = null;
  const exportModule = () => {
    exporter ??= import('./export.js').catch((e) => {
      exporter = null;
      throw e;
    });
    return exporter;
  };
  downloads.addEventListener('toggle', () => {
    if (downloads.open) exportModule().catch(() => {});
  });
  $('download-list').addEventListener('click', async (e) => {
    const button = /** @type {HTMLElement} */ (e.target).closest('[data-download]');
    if (!button) return;
    // The View on screen when clicked, used before any await (a render would free it).
    const s = app.state();
    if (!s) return;
    const file = button.getAttribute('data-download') ?? '';
    const name = s.view.file_name(...(/** @type {[string, string]} */ (file.split('.'))));
    const made = exportModule().then((m) => m.make(app.core, s, file));
    try {
      const { save } = await exportModule();
      save(await made, name);
      status(`Saved ${name}`);
    } catch (err) {
      console.error(err);
      status(`Could not export: ${message(err)}`);
    }
  });

  return {
    shows: ['all'],
    update({ report: r }) {
      const p = r.params;
      // A printed copy leads back to what it shows.
      setText($('print-url'), pageUrl(p.query));
      if (embed && dialog.open) embed.update();
    },
  };
}

/**
 * The preset gallery: its cards are in the page (written from the schema at build time); a
 * click loads the preset the way the page is shown, and the card of the state's preset is marked.
 * @type {import('../app.js').Mount}
 */
export function mountGallery(root, app) {
  const cards = /** @type {HTMLAnchorElement[]} */ ([...root.querySelectorAll('.preset-card')]);
  for (const a of cards) {
    a.addEventListener('click', (e) => {
      // A new tab or window keeps the browser's own behaviour.
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      app.open((a.getAttribute('href') ?? '').replace(/^\?/, ''));
      const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      $('figures').scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });
    });
  }
  return {
    shows: ['preset'],
    update({ report }) {
      for (const a of cards) {
        const current = a.dataset.preset === report.params.preset;
        a.classList.toggle('is-current', current);
        setAttr(a, 'aria-current', current ? 'true' : null);
      }
    },
  };
}

/**
 * An embed's link back to the full page at its state (what is computed, without the view keys).
 * (An embed's height messages start before the module, in boot.js.)
 * @type {import('../app.js').Mount}
 */
export function mountCredit(root, app) {
  const credit = /** @type {HTMLAnchorElement} */ ($('embed-credit-link'));
  return {
    shows: ['all'],
    update({ report }) {
      setAttr(credit, 'href', pageUrl(app.core.keep_view(report.params.query, '')));
      void root;
    },
  };
}

/**
 * The banner listing what the link's values could not be used for: shown with the page's first
 * state, until dismissed; identical lines once with a count; user strings go in as text only.
 * @type {import('../app.js').Mount}
 */
export function mountBanner(root) {
  const banner = $('banner');
  $('banner-close').addEventListener('click', () => {
    banner.hidden = true;
  });
  return {
    shows: [],
    update({ report }, changed) {
      if (!changed.has('all')) return;
      const list = $('banner-list');
      list.textContent = '';
      // One line per warning: the core already says a repeated key once, with its count.
      for (const w of report.warnings) {
        const li = document.createElement('li');
        const key = document.createElement('code');
        key.textContent = w.key;
        const value = document.createElement('code');
        value.textContent = w.value;
        li.append(key, ' = ', value, `: ${w.reason}`);
        if (w.fallback) {
          const fb = document.createElement('code');
          fb.textContent = w.fallback;
          li.append('; using ', fb, '.');
        } else {
          li.append('; ignored.');
        }
        list.append(li);
      }
      show(banner, report.warnings.length > 0);
      void root;
    },
  };
}
