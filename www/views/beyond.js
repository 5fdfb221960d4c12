// "Beyond the paper": the large steps' learning-rate schedule (the schema keys schedule and
// lr_end), every schedule's run of the state side by side, and the chart of the rates in use;
// then mini-batch steps and Gaussian inputs (batch, inputs, cov), with what the core says of them
// (the batches drawn, the inputs, why Lemma 2 does or does not apply). Like the rest of the page
// it holds no maths and writes no number: the rows come from the View on screen
// (View.schedules(), each row what `lr-anneal run` prints for the state with that schedule,
// with its texts), the lines from View.beyond_text(), the chart is drawn by the core, the choices
// were written into the page from the schema, and every change goes through the store. app.js
// loads this script when the section first comes near the screen.
// @ts-check

import { $, bindField, dpr, fitCanvas, isDark, setText, setValue } from '../ui.js';
import { hooks } from './hooks.js';

/** @type {import('../app.js').Mount} */
export function mount(root, app) {
  const text = hooks(root, app.core);
  const report = () => /** @type {import('../app.js').State} */ (app.state()).report;
  /** @param {string} key @param {string} value @param {string} errId */
  const choose = (key, value, errId) => setText($(errId), app.set([[key, value]]) ?? '');
  for (const radio of /** @type {NodeListOf<HTMLInputElement>} */ (root.querySelectorAll('#schedule-choices input'))) {
    radio.addEventListener('change', () => choose('schedule', radio.value, 'schedule-err'));
  }
  for (const radio of /** @type {NodeListOf<HTMLInputElement>} */ (root.querySelectorAll('#inputs-choices input'))) {
    radio.addEventListener('change', () => choose('inputs', radio.value, 'inputs-err'));
  }
  $('schedule-rows').addEventListener('click', (e) => {
    const button = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (e.target).closest('button[data-use]'));
    if (button?.dataset.use) choose('schedule', button.dataset.use, 'schedule-err');
  });
  for (const key of ['lr_end', 'batch', 'cov']) {
    const field = /** @type {HTMLInputElement} */ ($(`${key}-text`));
    bindField(field, $(`${key}-err`), app, (v) => [[key, v]], { on: 'change' });
  }
  for (const b of /** @type {NodeListOf<HTMLButtonElement>} */ (root.querySelectorAll('button[data-preset]'))) {
    b.addEventListener('click', () => {
      const opt = /** @type {HTMLOptionElement | null} */ (document.querySelector(`#preset option[value="${b.dataset.preset}"]`));
      if (opt?.dataset.query) app.open(opt.dataset.query);
    });
  }
  $('beyond-cut').addEventListener('click', () => {
    app.set([['gd_stop', report().params.gd_stop === 'cut' ? 'check' : 'cut']]);
  });

  /** The table: gradient flow, then every schedule.
   * @param {import('../pkg/lr_anneal.js').ScheduleTable} table @param {string} current */
  const fillRows = (table, current) => {
    const body = $('schedule-rows');
    const flow = /** @type {HTMLTableRowElement} */ (body.querySelector('tr[data-run="gradient_flow"]'));
    setText(flow.cells[2], table.gradient_flow.test_loss_text);
    flow.cells[2].dataset.value = table.gradient_flow.test_loss_over_eps == null ? 'null' : String(table.gradient_flow.test_loss_over_eps);
    setText(flow.cells[3], table.gradient_flow.stop);
    const rows = table.rows;
    for (const tr of [...body.querySelectorAll('tr[data-schedule]')]) tr.remove();
    const labels = [...body.closest('table')?.querySelectorAll('thead th') ?? []].map((th) => th.textContent ?? '');
    for (const r of rows) {
      const row = document.createElement('tr');
      row.dataset.schedule = r.schedule;
      const on = r.schedule === current;
      if (on) row.setAttribute('aria-current', 'true');
      const th = document.createElement('th');
      th.scope = 'row';
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'link-btn';
      b.dataset.use = r.schedule;
      b.textContent = `(B) ${r.label}`;
      b.setAttribute('aria-pressed', String(on));
      th.append(b);
      row.append(th);
      /** @type {[string, string | undefined, string][]} */
      const cells = [[r.rates_text, undefined, ''], [r.test_loss_text, r.test_loss_over_eps == null ? 'null' : String(r.test_loss_over_eps), ''],
        [r.stop, undefined, ''], [r.comparable ? '✓ yes' : '✗ no', undefined, r.comparable ? 'c-good' : 'c-bad']];
      cells.forEach(([words, value, cls], i) => {
        const td = document.createElement('td');
        td.textContent = words;
        td.dataset.label = labels[i + 1] ?? '';
        if (value !== undefined) td.dataset.value = value;
        if (cls) td.className = cls;
        if (i === 3) td.dataset.comparable = String(r.comparable);
        row.append(td);
      });
      body.append(row);
    }
  };

  return {
    shows: ['data', 'eps', 'steps', 'theme', 'size'],
    update({ report: r, view }, changed) {
      const p = r.params;
      if (['all', 'data', 'eps', 'steps'].some((a) => changed.has(a))) {
        for (const el of /** @type {NodeListOf<HTMLInputElement>} */ (root.querySelectorAll('#schedule-choices input'))) el.checked = el.value === p.schedule;
        for (const el of /** @type {NodeListOf<HTMLInputElement>} */ (root.querySelectorAll('#inputs-choices input'))) el.checked = el.value === p.inputs;
        const lrEnd = /** @type {HTMLInputElement} */ ($('lr_end-text'));
        lrEnd.disabled = p.schedule === 'constant';
        lrEnd.placeholder = lrEnd.disabled ? 'unused' : '';
        setValue(lrEnd, p.lr_end == null ? '' : String(p.lr_end));
        const cov = /** @type {HTMLInputElement} */ ($('cov-text'));
        cov.disabled = p.inputs !== 'gaussian';
        cov.placeholder = cov.disabled ? 'unused' : '';
        // A rejected value of a field now unused: its message goes with it.
        if (cov.disabled) setText($('cov-err'), '');
        setValue(cov, p.cov ? p.cov.join(',') : '');
        setValue(/** @type {HTMLInputElement} */ ($('batch-text')), String(p.batch));
        fillRows(view.schedules(), p.schedule);
        const t = view.beyond_text();
        setText($('beyond-batches'), t.batches);
        setText($('beyond-inputs'), t.inputs);
        setText($('beyond-bounds'), t.bounds);
        text.fill(r);
      }
      const canvas = /** @type {HTMLCanvasElement} */ ($('fig-rates'));
      if (fitCanvas(canvas, dpr())) view.draw_rates(canvas, isDark(), dpr());
    },
  };
}
