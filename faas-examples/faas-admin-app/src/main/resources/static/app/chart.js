// Time-series charts of a function's statistics, drawn with uPlot (served from its WebJar).
import { h } from './dom.js';

const uPlot = window.uPlot;

function width(el) {
  return Math.max(260, el.clientWidth || 600);
}

function bars() {
  return uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.7, 40] }) : undefined;
}

/**
 * Two charts from /api/functions/{name}/stats buckets: runs and errors (with the error rate), and
 * p50/p95 duration. Returns {element, update(stats), destroy()}; the charts follow the container's width.
 */
function series(stats) {
  const xs = stats.buckets.map((b) => Date.parse(b.start) / 1000 + stats.bucketSeconds / 2);
  return {
    // empty buckets are gaps, not zero-height bars drawn as a line
    runs: [xs, stats.buckets.map((b) => b.invocations || null), stats.buckets.map((b) => b.errors || null),
      stats.buckets.map((b) => (b.errorRate === null ? null : b.errorRate * 100))],
    durations: [xs, stats.buckets.map((b) => b.p50Ms), stats.buckets.map((b) => b.p95Ms)],
  };
}

/** The x range with half a bucket either side, so the first and last bars are whole. */
function padded(stats) {
  return (u, min, max) => [min - stats.bucketSeconds / 2, max + stats.bucketSeconds / 2];
}

export function statsCharts(stats) {
  let data = series(stats);

  const runsHost = h('div', { class: 'chart', role: 'img',
    'aria-label': `Invocations per ${stats.bucketSeconds} seconds and error rate` });
  const durationHost = h('div', { class: 'chart', role: 'img', 'aria-label': 'p50 and p95 duration in milliseconds' });
  const element = h('div', { class: 'charts' },
    h('figure', { class: 'chart-figure' }, h('figcaption', null, 'Invocations and error rate'), runsHost),
    h('figure', { class: 'chart-figure' }, h('figcaption', null, 'Duration (p50 / p95)'), durationHost));

  const axis = { stroke: '#5b6478', grid: { stroke: '#eceff4', width: 1 }, ticks: { stroke: '#eceff4', width: 1 },
    font: '11px system-ui, sans-serif' };
  const common = {
    height: 200,
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
  };
  const plots = [];
  // uPlot needs its host in the document to measure; build once the element is attached.
  const build = () => {
    if (plots.length) return;
    plots.push(new uPlot({
      ...common,
      width: width(runsHost),
      scales: { x: { time: true, range: padded(stats) }, count: { range: (u, min, max) => [0, Math.max(1, max)] },
        pct: { range: [0, 100] } },
      series: [
        {},
        { label: 'runs', scale: 'count', stroke: '#4c6ef5', fill: 'rgba(76,110,245,0.25)', paths: bars(), points: { show: false } },
        { label: 'errors', scale: 'count', stroke: '#e03131', fill: 'rgba(224,49,49,0.35)', paths: bars(), points: { show: false } },
        { label: 'error rate %', scale: 'pct', stroke: '#f08c00', width: 2, spanGaps: false, points: { show: true, size: 5 },
          value: (u, v) => (v === null || v === undefined ? '—' : `${v.toFixed(1)}%`) },
      ],
      axes: [
        { ...axis },
        { ...axis, scale: 'count', label: 'runs', size: 48 },
        { ...axis, scale: 'pct', side: 1, grid: { show: false }, label: '%', size: 44, values: (u, v) => v.map((x) => `${x}%`) },
      ],
    }, data.runs, runsHost));
    plots.push(new uPlot({
      ...common,
      width: width(durationHost),
      scales: { x: { time: true, range: padded(stats) }, ms: { range: (u, min, max) => [0, Math.max(10, max === null ? 10 : max * 1.1)] } },
      series: [
        {},
        { label: 'p50 ms', scale: 'ms', stroke: '#2f9e44', width: 2, spanGaps: true, points: { show: true, size: 5 } },
        { label: 'p95 ms', scale: 'ms', stroke: '#9c36b5', width: 2, spanGaps: true, dash: [6, 4], points: { show: true, size: 5 } },
      ],
      axes: [{ ...axis }, { ...axis, scale: 'ms', label: 'ms', size: 52 }],
    }, data.durations, durationHost));
  };
  let frame = 0;
  const resize = new ResizeObserver(() => {
    // resize on the next frame: resizing inside the observer's callback would loop
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      if (!element.isConnected) return;
      build();
      plots[0].setSize({ width: width(runsHost), height: 200 });
      plots[1].setSize({ width: width(durationHost), height: 200 });
    });
  });
  resize.observe(element);
  return {
    element,
    /** New numbers for the same window. */
    update(next) {
      data = series(next);
      if (plots.length) {
        plots[0].setData(data.runs);
        plots[1].setData(data.durations);
      }
    },
    destroy() {
      cancelAnimationFrame(frame);
      resize.disconnect();
      plots.forEach((p) => p.destroy());
    },
  };
}
