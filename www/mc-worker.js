// The Monte Carlo worker: its own instance of the page's wasm module (the WebAssembly.Module that
// app.js compiled, posted here: nothing is fetched or compiled twice), so that millions of draws
// never block the page. It runs one experiment at a time in chunks of about CHUNK_MS, posting the
// core's summary after each, and reads messages between chunks (a newer run or a cancel).
//
// In:  {type: 'init', module}     the compiled module (first, once)
//      {type: 'run', id, query}   start `trials` draws of the query (cancels the current run)
//      {type: 'cancel', id}       stop that run after the current chunk
//      {type: 'exact', key, query} the exact probability (only the latest request is answered)
//      {type: 'rate', key, query}  draws per second of the query's setup (a short run, timed)
// Out: {type: 'ready'} | {type: 'error', message}
//      {type: 'progress' | 'end', id, state: 'running' | 'done' | 'cancelled', done, total, ms, summary}
//      {type: 'exact', key, exact}  (exact: the core's ExactView, null when not enumerable)
//      {type: 'rate', key, rate}
// Summaries and ExactViews are the core's typed values (structured clones of plain objects).
// @ts-check

import init, { MonteCarloRun, exact_view as exactView } from './pkg/lr_anneal.js';

const CHUNK_MS = 25;
/** How long the rate of a setup is measured for. */
const RATE_MS = 30;
/** @typedef {{id: number, run: MonteCarloRun, cancelled: boolean, ms: number}} Job  a run */
/** @type {Job | null} */
let job = null;
/** The worker's own scope (this script runs in a DedicatedWorkerGlobalScope). */
const scope = /** @type {{postMessage: (m: unknown) => void, onmessage: ((e: MessageEvent) => void) | null}} */ (
  /** @type {unknown} */ (self));
/** @type {{key: string, query: string} | null} */
let pendingExact = null;
/** @type {{key: string, query: string} | null} */
let pendingRate = null;

/** Lets queued messages (cancel, a newer run) in between two chunks. */
const channel = new MessageChannel();
/** @type {(() => void)[]} */
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToMessages = () => new Promise((resolve) => {
  waiting.push(() => resolve(undefined));
  channel.port2.postMessage(0);
});

/** @param {Job} current @param {string} type @param {string} state */
function post(current, type, state) {
  scope.postMessage({
    type,
    id: current.id,
    state,
    done: current.run.step(0),
    total: current.run.total(),
    ms: current.ms,
    summary: current.run.summary(),
  });
}

/** @param {Job} current */
async function loop(current) {
  let chunk = 500;
  while (!current.cancelled && !current.run.done()) {
    const t0 = performance.now();
    current.run.step(chunk);
    const dt = performance.now() - t0;
    current.ms += dt;
    // Aim at CHUNK_MS per chunk: responsive to a cancel, cheap in messages.
    chunk = Math.max(100, Math.min(2_000_000, Math.round(chunk * Math.min(4, CHUNK_MS / Math.max(dt, 0.5)))));
    if (!current.run.done()) post(current, 'progress', 'running');
    await yieldToMessages();
    answer();
  }
  post(current, 'end', current.cancelled ? 'cancelled' : 'done');
  current.run.free();
  if (job === current) job = null;
}

/** Answers the latest exact and rate requests (between chunks, or at once when idle). */
function answer() {
  if (pendingExact) {
    const { key, query } = pendingExact;
    pendingExact = null;
    scope.postMessage({ type: 'exact', key, exact: exactView(query) });
  }
  if (pendingRate) {
    const { key, query } = pendingRate;
    pendingRate = null;
    // A throwaway run of the same setup, timed for about RATE_MS.
    const probe = new MonteCarloRun(query);
    let done = 0;
    let chunk = 64;
    const t0 = performance.now();
    while (performance.now() - t0 < RATE_MS && !probe.done()) {
      done = probe.step(chunk);
      chunk *= 2;
    }
    const ms = performance.now() - t0;
    probe.free();
    if (done > 0 && ms > 0) scope.postMessage({ type: 'rate', key, rate: done / (ms / 1000) });
  }
}

/** @type {Promise<void> | null} */
let ready = null;

scope.onmessage = async (/** @type {MessageEvent} */ event) => {
  const m = event.data;
  if (m.type === 'init') {
    ready = init({ module_or_path: m.module }).then(
      () => scope.postMessage({ type: 'ready' }),
      (e) => {
        scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
        throw e;
      },
    );
    return;
  }
  try {
    await ready;
  } catch {
    return;
  }
  try {
    if (m.type === 'run') {
      if (job) job.cancelled = true;
      const current = { id: m.id, run: new MonteCarloRun(m.query), cancelled: false, ms: 0 };
      job = current;
      loop(current);
    } else if (m.type === 'cancel') {
      if (job && job.id === m.id) job.cancelled = true;
    } else if (m.type === 'exact' || m.type === 'rate') {
      if (m.type === 'exact') pendingExact = m;
      else pendingRate = m;
      // Answered now when idle, else between two chunks.
      if (!job) answer();
    }
  } catch (e) {
    scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
