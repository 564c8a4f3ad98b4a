'use strict';
// The experiment list: polled every few seconds (the list has no event stream of its own).
(() => {
  const { el } = Lab;
  const body = document.querySelector('#experiments tbody');
  const status = document.getElementById('list-status');

  function row(e) {
    const finished = e.runs.completed + e.runs.failed + e.runs.cancelled;
    const id = encodeURIComponent(e.id);
    return el('tr', { id: `experiment-${e.id}` },
      el('th', { scope: 'row' }, el('a', { href: `/experiments/${id}` }, e.id)),
      el('td', {}, e.name),
      Lab.statusCell(e.status, e.queuePosition ? `${e.status} (queued, #${e.queuePosition})` : undefined),
      el('td', { class: 'num' }, `${finished} of ${e.runs.total}`),
      el('td', { class: 'num' }, Lab.count(e.runs.failed)),
      el('td', {}, Lab.time(e.createdAt)),
      el('td', {}, el('a', { href: `/api/analytics/experiments/${id}/report` }, 'report')));
  }

  async function refresh() {
    try {
      const experiments = await Lab.json('/api/experiments');
      body.replaceChildren(...experiments.map(row));
      status.textContent = experiments.length === 0
        ? 'No experiments yet.'
        : `${experiments.length} experiment${experiments.length === 1 ? '' : 's'}; refreshed ${new Date().toLocaleTimeString()}.`;
      status.classList.remove('error');
    } catch (e) {
      status.textContent = `Could not load the list: ${e.message}. Retrying.`;
      status.classList.add('error');
    }
  }

  refresh();
  setInterval(refresh, 5000);
})();
