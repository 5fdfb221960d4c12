// The page's first script, inlined into <head> by the build (a classic script: it runs before
// the first paint). It does four things the module would do too late:
//
// - shows the state the way the link asks (`embed`, `show`, `controls`, `theme`), so an embed
//   paints as an embed and a dark link paints dark;
// - when the link asks for another state than the one prerendered into the page, hides the
//   prerendered numbers and figures behind neutral placeholders (never another state's numbers);
// - when the module cannot load (blocked, as in a sandboxed iframe on a host without CORS; an old
//   browser), says so in one line with a link to the same state, instead of a skeleton forever;
// - requests the module, its imports and the wasm (#lr-module) once the first screen is painted,
//   so that on a slow network they do not compete with the HTML and the stylesheet for the line.
//
// What it knows of the URL schema comes from the build (#lr-boot, written by `lr-anneal
// prerender` from the schema): the view keys' values and the queries that mean the prerendered
// state. The module re-applies the canonical view (app.js) once the core has parsed the link.
// @ts-check
(function boot() {
  const root = document.documentElement;
  /** @type {{state: string, same: string[], view: Record<string, string[]>}} */
  let data = { state: '', same: [], view: {} };
  try {
    data = JSON.parse(document.getElementById('lr-boot')?.textContent || '{}') || data;
  } catch {
    // A page built without its data: no prerendered state, every link gets placeholders.
  }
  const view = data.view || {};
  const url = new URLSearchParams(window.location.search);

  /** The last valid value of a view key in the link, else its default (the first value). */
  const pick = (/** @type {string} */ key) => {
    const values = view[key] || [];
    const given = url.getAll(key).map((v) => v.trim()).filter((v) => values.includes(v));
    return given.length ? given[given.length - 1] : values[0];
  };

  /**
   * Shows the page the way `params` asks: the theme on <html data-theme>, and for an embed only
   * the parts in `show` with the chosen controls. app.js calls it again with the core's
   * canonical params.
   * @param {{embed: boolean, show: string[], controls: string, theme: string}} params
   */
  function applyView(params) {
    if (params.theme === 'light' || params.theme === 'dark') {
      if (root.dataset.theme !== params.theme) root.dataset.theme = params.theme;
    } else if (root.dataset.theme) {
      delete root.dataset.theme;
    }
    root.classList.toggle('embed', params.embed);
    if (params.embed) root.dataset.controls = params.controls;
    else delete root.dataset.controls;
    // An embed shows only the parts asked for: an element marked data-part="a b" shows when any
    // of its parts is asked for. One rule, rewritten here (the names come from the schema).
    const parts = params.embed ? params.show.filter((p) => /^[a-z]+$/.test(p)) : [];
    const planes = parts.filter((p) => p === 'a' || p === 'b' || p === 'c').length;
    root.dataset.planes = String(Math.max(1, planes));
    let style = document.getElementById('lr-parts');
    if (!style) {
      style = document.createElement('style');
      style.id = 'lr-parts';
      document.head.append(style);
    }
    const rule = params.embed
      ? `html.embed [data-part]${parts.map((p) => `:not([data-part~="${p}"])`).join('')} { display: none !important; }`
      : '';
    if (style.textContent !== rule) style.textContent = rule;
  }

  /** The link to the full page at the same state (the view keys dropped). */
  function pageLink() {
    const q = new URLSearchParams(window.location.search);
    for (const key of Object.keys(view)) q.delete(key);
    const s = q.toString();
    return `${window.location.origin}${window.location.pathname}${s ? `?${s}` : ''}`;
  }

  /**
   * The module could not run: one line saying so, with a link to the same state, in place of
   * what would have been live (the prerendered figures stay for the state they show).
   * @param {string} why
   */
  function failed(why) {
    const show = () => {
      root.classList.add('is-failed');
      const box = document.getElementById('offline');
      if (!box) return;
      const link = /** @type {HTMLAnchorElement | null} */ (box.querySelector('a'));
      if (link) link.href = pageLink();
      const reason = box.querySelector('[data-why]');
      if (reason) reason.textContent = why;
      box.hidden = false;
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
    else show();
  }

  const embedValues = view.embed || [];
  const show = (url.getAll('show').pop() || '').split(',').map((s) => s.trim())
    .filter((s) => (view.show || []).includes(s));
  applyView({
    embed: pick('embed') === embedValues[1],
    show: show.length ? show : (view.show || []),
    controls: pick('controls') || '',
    theme: pick('theme') || '',
  });

  // The state the link asks for, without the view keys and the walk's step: the prerendered one?
  const rest = new URLSearchParams(window.location.search);
  for (const key of [...Object.keys(view), 'step']) rest.delete(key);
  const other = !data.same.includes(rest.toString());
  root.classList.add('js');
  if (other) root.classList.add('is-other');

  /**
   * An embed reports its height to the page around it whenever it changes, in the pym.js and the
   * AMP formats (the snippet's script, or AMP's own resizable iframe, sizes the iframe from
   * them), from its first paint: the prerendered figures already have their size.
   */
  function reportHeight(id = 'lr-anneal') {
    if (window.parent === window) return;
    let last = -1;
    const send = () => {
      const h = Math.ceil(root.getBoundingClientRect().height);
      if (h === last || h <= 0) return;
      last = h;
      window.parent.postMessage(`pymxPYMx${id}xPYMxheightxPYMx${h}`, '*');
      window.parent.postMessage({ sentinel: 'amp', type: 'embed-size', height: h }, '*');
    };
    const observer = new ResizeObserver(send);
    observer.observe(root);
    const body = () => {
      observer.observe(document.body);
      send();
    };
    if (document.body) body();
    else document.addEventListener('DOMContentLoaded', body);
    window.addEventListener('load', send);
  }
  if (root.classList.contains('embed')) reportHeight();

  /** Puts the module's template (its preloads and its script) into the document, once. */
  function loadModule() {
    const template = document.getElementById('lr-module');
    if (!(template instanceof HTMLTemplateElement) || template.dataset.loaded) return;
    template.dataset.loaded = 'true';
    document.body.append(document.importNode(template.content, true));
  }
  // A link to the prerendered state has its first screen without the module: the module is
  // requested after the frame that paints it (an animation frame, then a task; a frame that gets
  // no animation frames, an iframe off screen, a moment later). Any other link waits for the
  // module to show its numbers: requested as soon as the page is parsed.
  const requestModule = () => {
    if (other) {
      loadModule();
      return;
    }
    requestAnimationFrame(() => setTimeout(loadModule, 0));
    setTimeout(loadModule, 300);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', requestModule);
  else requestModule();

  /** @type {Window & {lrAnneal?: object}} */ (window).lrAnneal = { applyView, failed };
}());
