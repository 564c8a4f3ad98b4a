'use strict';
// Shared by the lab's pages: how figures read (units named, absent figures a dash, never 0) and a few DOM helpers.
const Lab = (() => {
  const MiB = 1048576;
  const FINAL = new Set(['completed', 'failed', 'cancelled']);
  const ABSENT = '—';
  const group = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const number = v => (Math.abs(v) < 10 && v !== 0 ? oneDecimal : group).format(v).replace(/,/g, '\u202f');
  const has = v => typeof v === 'number' && Number.isFinite(v);

  return {
    MiB, FINAL, ABSENT,
    number,
    // A measured figure as a number without its unit (the column names it), or a dash.
    figure: v => has(v) ? number(v) : ABSENT,
    ms: v => has(v) ? `${number(v)} ms` : ABSENT,
    mib: bytes => has(bytes) ? `${number(bytes / MiB)} MiB` : ABSENT,
    pages: v => has(v) ? `${number(v)} pages/s` : ABSENT,
    // QEMU's mbps is megabits (10^6) per second; specs speak MiB/s (maxBandwidthMiBps).
    mibps: mbps => mbps * 1e6 / 8 / MiB,
    seconds: ms => has(ms) ? `${oneDecimal.format(ms / 1000)} s` : ABSENT,
    count: v => has(v) ? group.format(v).replace(/,/g, '\u202f') : ABSENT,
    time: iso => iso ? new Date(iso).toLocaleString() : ABSENT,
    // The live sample's pre-copy pass (QEMU's dirty-sync count).
    passOf: sample => sample.pass ?? 0,
    // A result's pass count.
    passCount: result => result?.passes,
    el(name, attributes = {}, ...children) {
      const node = document.createElement(name);
      for (const [key, value] of Object.entries(attributes)) {
        if (value !== undefined && value !== null) node.setAttribute(key, value);
      }
      node.append(...children.filter(c => c !== null && c !== undefined));
      return node;
    },
    async json(path) {
      const response = await fetch(path, { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}`);
      return response.json();
    },
    statusCell(status, label) {
      return Lab.el('td', { 'data-status': status }, Lab.el('span', { class: `status status-${status}` }, label ?? status));
    },
  };
})();
