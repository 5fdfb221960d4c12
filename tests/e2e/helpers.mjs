// Shared helpers for the browser end-to-end tests (run with `node --test`).
//
// `./build.sh test` builds the site, serves www/ on a free port and exports:
//   BASE_URL       e.g. http://127.0.0.1:41234/
//   CHROMIUM_PATH  /usr/bin/chromium (Debian package)
//   LR_ANNEAL_BIN  path of the native release binary (target/release/lr-anneal)
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

// Flags for headless Chromium as root on a machine without internet access
// (see /work/shared/TOOLCHAIN.md). Playwright adds headless mode itself, and it
// manages its own temporary profile: it refuses an explicit --user-data-dir.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch headless Chromium. Extra Playwright launch options may be passed. */
export async function launch(options = {}) {
  const { args = [], ...rest } = options;
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    ...rest,
    args: [...CHROMIUM_ARGS, ...args],
  });
}

/** Base URL of the served www/ folder, always ending with '/'. */
export function baseUrl() {
  const url = process.env.BASE_URL;
  if (!url) {
    throw new Error(
      'BASE_URL is not set: run the browser tests through `./build.sh test`, or serve www/ ' +
        'yourself and set BASE_URL=http://127.0.0.1:PORT/',
    );
  }
  return url.endsWith('/') ? url : `${url}/`;
}

/** Path of the native CLI binary (for comparing the page with the CLI). */
export function cliBin() {
  const bin = process.env.LR_ANNEAL_BIN;
  if (!bin) throw new Error('LR_ANNEAL_BIN is not set: run the tests through `./build.sh test`');
  return bin;
}

/** Runs the native CLI with `args`; its standard output. */
export function cli(args) {
  return execFileSync(cliBin(), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
}

/** `lr-anneal run QUERY` as JSON. */
export const run = (query) => JSON.parse(cli(['run', query]));

/** `lr-anneal mc QUERY` as JSON. */
export const mc = (query) => JSON.parse(cli(['mc', query]));

/**
 * A page's data-value (a string) against the CLI's value: equal, or within 1e-12 relative (the
 * browser's libm may round the last bit of exp or log differently); `null` shows as ''.
 */
export function assertClose(shown, want, what) {
  if (want === null) return assert.equal(shown, '', what);
  if (shown === String(want)) return;
  const [a, b] = [Number(shown), Number(want)];
  assert.ok(shown !== '' && Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)), `${what}: ${shown} vs ${want}`);
}

/**
 * Record console errors and uncaught page errors of `page` into the returned
 * array (strings). Call it before `page.goto`.
 */
export function collectConsoleErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      errors.push(`console.error: ${msg.text()}${where}`);
    }
  });
  page.on('pageerror', (err) => {
    errors.push(`pageerror: ${err && err.stack ? err.stack : String(err)}`);
  });
  return errors;
}

/**
 * Opens the page at `?query` in a fresh browser context (closed after test `t`) and waits for the
 * first complete render. Returns the page, its console errors and any dialogs it opened (there
 * should be none: a dialog would mean injected script ran).
 */
export async function openPage(browser, t, query = '', options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.goto(baseUrl() + (query ? `?${query}` : ''));
  await settled(page);
  return { page, errors, dialogs };
}

/**
 * One browser for a test file: launched before its first test and closed after its last.
 * Returns `{ browser, open }`: `browser` once launched, `open(t, query, options)` as
 * `openPage` with that browser.
 */
export function fileBrowser() {
  const shared = {
    browser: null,
    open: (t, query = '', options = {}) => openPage(shared.browser, t, query, options),
  };
  before(async () => {
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
  });
  return shared;
}

/** Resolves after the next animation frame of `target` (a page or a frame), in which the page
 * renders what input events queued. */
export const nextFrame = (target) => target.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));

// ---- the address bar: the one way tests read it ----------------------------------------------------
//
// `body[data-ready="1"]` means: no state is queued, the figures, tables and controls show the
// state, and the address bar holds its canonical query. An input that changes the state clears it
// in its own event handler, so waiting for it after an action waits for that action's render.

/** The query in the address bar of `target` (a page or a frame), without the `?`. */
export const shownQuery = (target) => target.evaluate(() => window.location.search.slice(1));

/** Waits until `target` is ready (see above). */
export const settled = (target) => target.waitForSelector('body[data-ready="1"]', { state: 'attached' });

/**
 * Waits until `target` is ready with a query that `want` accepts: a string (the exact canonical
 * query), a RegExp (tested on `location.search`, with its `?`), or `{ key: value }` pairs (a value
 * `null`: the key is absent). Returns the query, without the `?`.
 */
export async function waitForQuery(target, want) {
  const spec = typeof want === 'string' ? { exact: want }
    : want instanceof RegExp ? { re: want.source, flags: want.flags } : { keys: want };
  await target.waitForFunction((s) => {
    if (document.body.dataset.ready !== '1') return false;
    const q = window.location.search.slice(1);
    if (s.exact !== undefined) return q === s.exact;
    if (s.re !== undefined) return new RegExp(s.re, s.flags).test(window.location.search);
    const p = new URLSearchParams(q);
    return Object.entries(s.keys).every(([k, v]) => p.get(k) === (v === null ? null : String(v)));
  }, spec);
  return shownQuery(target);
}

/** Waits until `target` is ready with a query other than `previous`; returns it. */
export async function waitForNewQuery(target, previous) {
  await target.waitForFunction(
    (q) => document.body.dataset.ready === '1' && window.location.search.slice(1) !== q,
    previous,
  );
  return shownQuery(target);
}

/**
 * Brings every part of the page that is laid out up to date with the state. The store updates a
 * part (a view, marked data-slot) only while it is on or near the screen; one off screen catches
 * up when it comes near. So this scrolls each part into view in turn and waits until it shows the
 * query in the address bar (its data-shown), then scrolls back to the top and waits until ready.
 */
export async function caughtUp(target) {
  const names = await target.$$eval('[data-slot]', (els) => els
    .filter((e) => e.getClientRects().length > 0 && !e.closest('details:not([open])'))
    .map((e) => e.dataset.slot));
  for (const name of names) await showPart(target, name);
  await target.evaluate(() => window.scrollTo(0, 0));
  await settled(target);
}

/** Scrolls part `name` (a view's root, data-slot) into view and waits until it shows the query in
 * the address bar. */
export async function showPart(target, name) {
  await target.locator(`[data-slot="${name}"]`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await target.waitForFunction((n) => document.body.dataset.ready === '1'
    && document.querySelector(`[data-slot="${n}"]`).dataset.shown === window.location.search.slice(1), name);
}

/**
 * Scrolls section `id` (`lemma2` or `explore`) into view and waits until its script has loaded and
 * shows the page's state: app.js loads these sections when they first come near the screen.
 */
export async function showSection(page, id) {
  // The section may be folded ("go deeper"): open what holds it, as a reader's click would.
  await page.locator(`#${id}`).evaluate((el) => {
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
  });
  await page.locator(`#${id}`).scrollIntoViewIfNeeded();
  await page.waitForSelector(`#${id}[data-loaded="1"]`, { state: 'attached' });
}
