'use strict';
// One experiment, live. The runs table follows /api/experiments/{id}/events; the chart follows the running run's
// /api/runs/{runId}/events (or a run picked in the table, whose samples are read once when it is finished).
(() => {
  const { el } = Lab;
  const id = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop());
  const api = `/api/experiments/${encodeURIComponent(id)}`;
  const runs = new Map();
  const chart = new MigrationChart(document.getElementById('chart'));
  const followLive = document.getElementById('follow-live');
  let charted = null, pinned = false, runStream = null, experimentStream = null;

  const isFinal = status => Lab.FINAL.has(status);

  function literal(json) {
    try { return typeof JSON.parse(json) === 'string' ? JSON.parse(json) : json; } catch { return json; }
  }

  const group = plan => plan.parameters.length === 0 ? '(all)' : plan.parameters.map(p => `${p.path}=${literal(p.value)}`).join(' ');
  const statusLabel = run => run.status === 'running' && run.step ? `running (${run.step})` : run.status;
  const runLabel = plan => `#${String(plan.index).padStart(4, '0')}`;

  function header(experiment) {
    document.title = `${experiment.name} · ${experiment.id} · MigrationAspire`;
    document.getElementById('title').textContent = experiment.name;
    document.getElementById('crumb').textContent = experiment.id;
    document.getElementById('report-link').href = `/api/analytics/experiments/${encodeURIComponent(id)}/report`;
    document.getElementById('csv-link').href = `/api/analytics/experiments/${encodeURIComponent(id)}/runs.csv`;
    document.getElementById('json-link').href = api;
  }

  function summary(experiment) {
    const r = experiment.runs;
    const finished = r.completed + r.failed + r.cancelled;
    const notes = [r.failed && `${r.failed} failed`, r.cancelled && `${r.cancelled} cancelled`, r.running && `${r.running} running`].filter(Boolean);
    const node = document.getElementById('summary');
    node.replaceChildren(el('span', { class: `status status-${experiment.status}` }, experiment.status),
      `${experiment.queuePosition ? ` · #${experiment.queuePosition} in the admission queue` : ''} · ${finished} of ${r.total} runs finished${notes.length ? ` (${notes.join(', ')})` : ''}${experiment.reason ? ` — ${experiment.reason}` : ''}`);
    node.dataset.status = experiment.status;
  }

  function render(run) {
    const plan = run.plan, result = run.result;
    const button = el('button', { type: 'button', 'aria-pressed': String(charted === plan.runId), 'aria-label': `Chart run ${runLabel(plan)}` }, 'Chart');
    button.addEventListener('click', () => follow(plan.runId, true));
    const row = el('tr', { id: `run-${plan.runId}`, class: charted === plan.runId ? 'followed' : null },
      el('th', { scope: 'row' }, runLabel(plan)),
      el('td', {}, button),
      el('td', {}, group(plan)),
      el('td', { class: 'num' }, String(plan.repetition)),
      Lab.statusCell(run.status, statusLabel(run)),
      el('td', {}, run.sourceHost ? `${run.sourceHost} → ${run.destinationHost ?? '?'}` : Lab.ABSENT),
      el('td', { class: 'num', 'data-field': 'totalTimeMs' }, Lab.figure(result?.totalTimeMs)),
      el('td', { class: 'num', 'data-field': 'downtimeMs' }, Lab.figure(result?.downtimeMs)),
      el('td', { class: 'num', 'data-field': 'guestObservedDowntimeMs' }, Lab.figure(result?.guestObservedDowntimeMs)),
      el('td', { class: 'num', 'data-field': 'passes' }, Lab.count(Lab.passCount(result))),
      el('td', { class: 'num', 'data-field': 'transferredMiB' }, result ? Lab.number(result.transferredBytes / Lab.MiB) : Lab.ABSENT),
      el('td', { class: 'note' }, run.failureReason ?? result?.limitReached ?? ''));
    const body = document.querySelector('#runs tbody');
    const old = document.getElementById(row.id);
    if (old) old.replaceWith(row);
    else body.append(row);
  }

  function update(runId, change) {
    const run = runs.get(runId);
    if (!run) return;
    Object.assign(run, change);
    render(run);
  }

  function readout(sample, run) {
    const point = chart.points.at(-1);
    const parts = [`Run ${runLabel(run.plan)}`, `pass ${Lab.passOf(sample)}`, `${Lab.mib(sample.remainingBytes)} remaining`,
      `dirty rate ${point.dirty === null ? Lab.ABSENT : Lab.pages(point.dirty)}`,
      `throughput ${point.throughput === null ? Lab.ABSENT : `${Lab.number(point.throughput)} MiB/s`}`];
    if (typeof sample.etaMs === 'number') parts.push(`ETA ${Lab.seconds(sample.etaMs)}`);
    document.getElementById('readout').textContent = parts.join(' · ');
  }

  function ended(run) {
    const result = run.result;
    chart.end(result?.totalTimeMs ?? chart.points.at(-1)?.atMs ?? 0);
    document.getElementById('readout').textContent = `Run ${runLabel(run.plan)} ${run.status}`
      + (result ? ` · total ${Lab.ms(result.totalTimeMs)} · downtime ${Lab.ms(result.downtimeMs)} · ${Lab.count(Lab.passCount(result))} passes` : '')
      + (run.failureReason ? ` · ${run.failureReason}` : '');
  }

  /** Charts one run: live from its event stream while it runs, from its stored samples once it is final. */
  async function follow(runId, byHand) {
    pinned = byHand;
    followLive.hidden = !byHand;
    if (charted === runId && runStream) return;
    runStream?.close();
    runStream = null;
    const previous = charted;
    charted = runId;
    [previous, runId].forEach(r => runs.has(r) && render(runs.get(r)));
    const run = runs.get(runId);
    document.getElementById('chart-run').textContent = `· run ${runLabel(run.plan)}${run.plan.parameters.length ? `, ${group(run.plan)}` : ''}`;
    chart.clear(runId, 'Waiting for the first sample (the guest boots and the destination prepares first)…');
    document.getElementById('readout').textContent = '';

    if (isFinal(run.status)) {
      const samples = await Lab.json(`/api/runs/${encodeURIComponent(runId)}/samples`);
      if (charted !== runId) return;
      samples.forEach(entry => chart.add(entry.sample));
      if (samples.length === 0) chart.clear(runId, 'This run left no samples (it never migrated, or they expired).');
      ended(run);
      return;
    }
    const stream = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
    runStream = stream;
    stream.addEventListener('sample', e => {
      const sample = JSON.parse(e.data);
      if (chart.add(sample)) readout(sample, runs.get(runId));
    });
    stream.addEventListener('status', e => {
      const view = JSON.parse(e.data);
      runs.set(runId, view);
      render(view);
      if (isFinal(view.status)) ended(view);
    });
    // Closed by hand: an EventSource reconnects to a stream that ended, and would replay it.
    stream.addEventListener('end', () => { stream.close(); if (runStream === stream) runStream = null; });
  }

  function listen() {
    experimentStream = new EventSource(`${api}/events`);
    experimentStream.addEventListener('status', e => summary(JSON.parse(e.data)));
    experimentStream.addEventListener('run', async e => {
      const change = JSON.parse(e.data);
      const before = runs.get(change.runId)?.status;
      update(change.runId, { status: change.status, step: change.step, failureReason: change.failureReason });
      if (change.status === 'running' && before !== 'running' && !pinned) follow(change.runId, false);
      // The run event carries no figures: a run that just finished is read whole (its own stream may be closed
      // before it says so, when the next run starts and the chart moves on).
      if (isFinal(change.status) && before !== change.status) {
        const view = await Lab.json(`/api/runs/${encodeURIComponent(change.runId)}`);
        runs.set(change.runId, view);
        render(view);
      }
    });
    experimentStream.addEventListener('end', e => {
      experimentStream.close();
      document.getElementById('summary').dataset.ended = JSON.parse(e.data).status;
    });
    experimentStream.addEventListener('error', () => {
      if (experimentStream.readyState === EventSource.CONNECTING) document.getElementById('summary').append(' (reconnecting…)');
    });
  }

  followLive.addEventListener('click', () => {
    const running = [...runs.values()].find(r => r.status === 'running');
    pinned = false;
    followLive.hidden = true;
    if (running) follow(running.plan.runId, false);
  });

  async function start() {
    try {
      const experiment = await Lab.json(api);
      header(experiment);
      summary(experiment);
      for (const run of await Lab.json(`${api}/runs`)) {
        runs.set(run.plan.runId, run);
        render(run);
      }
      const all = [...runs.values()];
      const current = all.find(r => r.status === 'running') ?? all.filter(r => isFinal(r.status) && r.result).at(-1);
      if (current) follow(current.plan.runId, false);
      listen();
    } catch (e) {
      const node = document.getElementById('summary');
      node.textContent = `Could not load experiment ${id}: ${e.message}`;
      node.classList.add('error');
    }
  }

  start();
})();
