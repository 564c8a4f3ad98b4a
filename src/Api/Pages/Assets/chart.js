'use strict';
// A migration's live samples as three panels over one time axis: what is left to send, how fast the guest
// dirties memory, and how fast QEMU sends. Dashed lines mark where a new pre-copy pass began; a solid line
// where the migration ended. Y axes start at zero. Hand-drawn SVG: nothing is fetched from elsewhere.
class MigrationChart {
  static PANELS = [
    { key: 'remaining', title: 'Remaining (MiB)' },
    { key: 'dirty', title: 'Dirty rate (pages/s)' },
    { key: 'throughput', title: 'Throughput (MiB/s)' },
  ];

  constructor(host) {
    this.host = host;
    this.clear(null);
    addEventListener('resize', () => this.schedule());
  }

  clear(runId, message = 'No run is migrating yet.') {
    this.runId = runId;
    this.points = [];
    this.passes = [];
    this.endMs = null;
    this.dirtyMeasured = false;
    this.message = message;
    this.schedule();
  }

  /** Adds one live sample; a stream's final sample (completed, failed, cancelled) has no figures and is left out. */
  add(sample) {
    if (Lab.FINAL.has(sample.status)) return false;
    const last = this.points.at(-1);
    if (last && sample.atMs <= last.atMs) return false;
    const pass = Lab.passOf(sample);
    if (pass > 0 && (!last || pass > last.pass)) this.passes.push({ atMs: sample.atMs, pass });
    this.points.push({
      atMs: sample.atMs,
      pass,
      remaining: sample.remainingBytes / Lab.MiB,
      // QEMU first publishes a dirty rate some time after pass 1, and a throughput once it has sent: a 0 before
      // that is "not measured", left out rather than drawn as a flat zero.
      dirty: (this.dirtyMeasured ||= sample.dirtyPagesRate > 0) ? sample.dirtyPagesRate : null,
      throughput: sample.throughputMbps > 0 ? Lab.mibps(sample.throughputMbps) : null,
    });
    this.schedule();
    return true;
  }

  /** The migration ended at this time since migrate (QEMU's total time); nothing is drawn past it. */
  end(atMs) {
    this.endMs = atMs;
    this.schedule();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.draw(); });
  }

  draw() {
    this.host.dataset.points = String(this.points.length);
    this.host.dataset.passes = String(this.passes.length);
    const width = Math.max(this.host.clientWidth || 800, 320);
    const margin = { left: 70, right: 16 }, panelHeight = 120, gap = 30, axis = 34;
    const height = MigrationChart.PANELS.length * (panelHeight + gap) + axis;
    const svg = MigrationChart.svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc' });
    svg.append(MigrationChart.svg('title', { id: 'chart-title' }, 'Live migration: remaining data, dirty rate and throughput over time'));
    svg.append(MigrationChart.svg('desc', { id: 'chart-desc' }, this.describe()));
    if (this.points.length === 0) {
      svg.append(MigrationChart.svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'title' }, this.message));
      this.host.replaceChildren(svg);
      return;
    }
    const lastMs = Math.min(this.points.at(-1).atMs, this.endMs ?? Infinity);
    const xTicks = MigrationChart.ticks(Math.max((this.endMs ?? lastMs) / 1000, 1), 8);
    const plotWidth = width - margin.left - margin.right;
    const x = ms => margin.left + (ms / 1000) / xTicks.top * plotWidth;
    const visible = this.points.filter(p => this.endMs === null || p.atMs <= this.endMs);

    MigrationChart.PANELS.forEach((panel, i) => {
      const top = gap + i * (panelHeight + gap);
      const measured = visible.filter(p => p[panel.key] !== null);
      const yTicks = MigrationChart.ticks(Math.max(...measured.map(p => p[panel.key]), 0) || 1, 3);
      const y = v => top + panelHeight - v / yTicks.top * panelHeight;
      svg.append(MigrationChart.svg('text', { x: margin.left, y: top - 8, class: 'title' }, panel.title));
      for (const t of yTicks.values) {
        svg.append(MigrationChart.svg('line', { x1: margin.left, x2: width - margin.right, y1: y(t), y2: y(t), class: 'grid' }));
        svg.append(MigrationChart.svg('text', { x: margin.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, Lab.number(t)));
      }
      svg.append(MigrationChart.svg('line', { x1: margin.left, x2: margin.left, y1: top, y2: top + panelHeight, class: 'axis' }));
      let lastLabel = -Infinity;
      for (const p of this.passes) {
        if (p.atMs > lastMs) continue;
        svg.append(MigrationChart.svg('line', { x1: x(p.atMs), x2: x(p.atMs), y1: top, y2: top + panelHeight, class: 'pass' }));
        if (i === 0 && x(p.atMs) - lastLabel > 34) {
          svg.append(MigrationChart.svg('text', { x: x(p.atMs) + 3, y: top + 11 }, `pass ${p.pass}`));
          lastLabel = x(p.atMs);
        }
      }
      if (this.endMs !== null) {
        svg.append(MigrationChart.svg('line', { x1: x(this.endMs), x2: x(this.endMs), y1: top, y2: top + panelHeight, class: 'end' }));
        if (i === 0) svg.append(MigrationChart.svg('text', { x: x(this.endMs) - 4, y: top + 24, 'text-anchor': 'end' }, 'end'));
      }
      if (measured.length === 0) {
        svg.append(MigrationChart.svg('text', { x: margin.left + 8, y: top + panelHeight / 2 }, 'not measured yet'));
      } else {
        const path = measured.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.atMs).toFixed(1)},${y(p[panel.key]).toFixed(1)}`).join('');
        svg.append(MigrationChart.svg('path', { d: path, class: `series ${panel.key}` }));
      }
    });
    const base = gap + MigrationChart.PANELS.length * (panelHeight + gap) - gap;
    svg.append(MigrationChart.svg('line', { x1: margin.left, x2: width - margin.right, y1: base, y2: base, class: 'axis' }));
    for (const t of xTicks.values) {
      svg.append(MigrationChart.svg('text', { x: x(t * 1000), y: base + 14, 'text-anchor': 'middle' }, `${Lab.number(t)} s`));
    }
    svg.append(MigrationChart.svg('text', { x: margin.left + plotWidth / 2, y: base + 30, 'text-anchor': 'middle' }, 'Time since migrate (s)'));
    this.host.replaceChildren(svg);
  }

  describe() {
    const last = this.points.at(-1);
    if (!last) return this.message;
    return `${this.points.length} samples over ${Lab.seconds(last.atMs)}; pass ${last.pass}; `
      + `${Lab.number(last.remaining)} MiB remaining; dirty rate ${last.dirty === null ? 'not measured yet' : `${Lab.number(last.dirty)} pages/s`}; `
      + `throughput ${last.throughput === null ? 'not measured yet' : `${Lab.number(last.throughput)} MiB/s`}`
      + (this.endMs !== null ? `; ended at ${Lab.seconds(this.endMs)}.` : '.');
  }

  /** Round tick values from 0 to at least max: steps of 1, 2 or 5 times a power of ten. */
  static ticks(max, count) {
    const raw = max / count;
    const magnitude = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].find(s => s * magnitude >= raw) * magnitude;
    const top = Math.ceil(max / step) * step;
    const values = [];
    for (let v = 0; v <= top + step / 2; v += step) values.push(Number(v.toPrecision(12)));
    return { top, values };
  }

  static svg(name, attributes = {}, text) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }
}
