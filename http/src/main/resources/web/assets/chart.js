// Small charts drawn as inline SVG (no chart library): a queue's recent history and a sparkline.

import { h } from './dom.js';
import { shortDuration } from './format.js';

const W = 300;
const H = 96;
const PAD = { left: 22, right: 34, top: 8, bottom: 16 };

let chartIds = 0;

/**
 * Waiting patients per bucket as bars (left scale) and the median wait of patients seen in each bucket as a
 * line (right scale, minutes). The caption says the same in words for screen readers.
 */
export function historyChart(history, label) {
  const buckets = history.buckets || [];
  const id = `chart-${++chartIds}`;
  const maxWaiting = Math.max(1, ...buckets.map(b => b.waiting));
  const medians = buckets.map(b => (b.medianWaitSeconds === undefined ? null : b.medianWaitSeconds / 60));
  const maxMinutes = Math.max(5, ...medians.filter(m => m !== null));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, buckets.length);
  const x = i => PAD.left + i * step;
  const yCount = v => PAD.top + plotH - (v / maxWaiting) * plotH;
  const yMinutes = v => PAD.top + plotH - (v / maxMinutes) * plotH;

  const bars = buckets.map((b, i) => b.waiting > 0
    ? h('rect', { x: (x(i) + step * 0.1).toFixed(1), y: yCount(b.waiting).toFixed(1), width: (step * 0.8).toFixed(1),
      height: (PAD.top + plotH - yCount(b.waiting)).toFixed(1), class: 'bar' })
    : null);
  const points = medians.map((m, i) => (m === null ? null : `${(x(i) + step / 2).toFixed(1)},${yMinutes(m).toFixed(1)}`)).filter(Boolean);
  const line = points.length > 1
    ? h('polyline', { points: points.join(' '), class: 'median' })
    : null;
  const dots = points.map(p => {
    const [cx, cy] = p.split(',');
    return h('circle', { cx, cy, r: 2.5, class: 'median-dot' });
  });
  const axis = (text, ax, ay, anchor) => h('text', { x: ax, y: ay, 'text-anchor': anchor, text });

  const peak = Math.max(0, ...buckets.map(b => b.waiting));
  const lastMedian = [...medians].reverse().find(m => m !== null);
  const summary = `Last ${history.hours} hours: at most ${peak} waiting; ` +
    (lastMedian === undefined ? 'no patients seen yet.' : `latest median wait ${shortDuration(lastMedian * 60)}.`);

  return h('figure', { class: 'chart' },
    h('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d` },
      h('title', { id: `${id}-t`, text: label }),
      h('desc', { id: `${id}-d`, text: summary }),
      h('line', { x1: PAD.left, y1: PAD.top + plotH, x2: W - PAD.right, y2: PAD.top + plotH, class: 'axis' }),
      bars, line, dots,
      axis(String(maxWaiting), PAD.left - 3, PAD.top + 7, 'end'),
      axis('0', PAD.left - 3, PAD.top + plotH, 'end'),
      axis(`${Math.round(maxMinutes)} min`, W - PAD.right + 3, PAD.top + 7, 'start'),
      axis(`−${history.hours} h`, PAD.left, H - 3, 'start'),
      axis('now', W - PAD.right, H - 3, 'end')),
    h('figcaption', {},
      h('span', { class: 'legend-wait', text: '■ waiting' }), ' ',
      h('span', { class: 'legend-median', text: '● median wait of patients seen' })));
}

/** A line of recent values, newest on the right. */
export function sparkline(values, label) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? 200 / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(38 - (v / max) * 34).toFixed(1)}`).join(' ');
  return h('svg', { viewBox: '0 0 200 40', role: 'img', 'aria-label': label, class: 'sparkline' },
    h('polyline', { points, class: 'spark' }));
}
