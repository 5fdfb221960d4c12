// The Monte Carlo worker: its own instance of the page's wasm module (the WebAssembly.Module that
// app.js compiled, posted here: nothing is fetched or compiled twice), so that millions of draws
// never block the page. It runs one experiment at a time in chunks of about CHUNK_MS, posting the
// core's summary after each, and reads messages between chunks (a newer run or a cancel).
//
// In:  {type: 'init', module}     the compiled module (first, once)
//      {type: 'run', id, query}   start `trials` draws of the query (cancels the current run)
//      {type: 'cancel', id}       stop that run after the current chunk
//      {type: 'exact', key, query} the exact probability (only the latest request is answered)
// Out: {type: 'ready'} | {type: 'error', message}
//      {type: 'progress' | 'end', id, state: 'running' | 'done' | 'cancelled', done, total, ms, summary}
//      {type: 'exact', key, exact}  (exact: the core's ExactView, null when not enumerable)
// Summaries and ExactViews are the core's typed values (structured clones of plain objects).

import init, { MonteCarloRun, exact_view as exactView } from './pkg/lr_anneal.js';

const CHUNK_MS = 25;
let job = null; // { id, run, cancelled, ms }
let pendingExact = null;

/** Lets queued messages (cancel, a newer run) in between two chunks. */
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToMessages = () => new Promise((resolve) => {
  waiting.push(resolve);
  channel.port2.postMessage(0);
});

function post(current, type, state) {
  self.postMessage({
    type,
    id: current.id,
    state,
    done: current.run.step(0),
    total: current.run.total(),
    ms: current.ms,
    summary: current.run.summary(),
  });
}

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
    answerExact();
  }
  post(current, 'end', current.cancelled ? 'cancelled' : 'done');
  current.run.free();
  if (job === current) job = null;
}

function answerExact() {
  if (!pendingExact) return;
  const { key, query } = pendingExact;
  pendingExact = null;
  self.postMessage({ type: 'exact', key, exact: exactView(query) });
}

let ready = null;

self.onmessage = async (event) => {
  const m = event.data;
  if (m.type === 'init') {
    ready = init({ module_or_path: m.module }).then(
      () => self.postMessage({ type: 'ready' }),
      (e) => {
        self.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
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
    } else if (m.type === 'exact') {
      pendingExact = m;
      // Answered now when idle, else between two chunks.
      if (!job) answerExact();
    }
  } catch (e) {
    self.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
