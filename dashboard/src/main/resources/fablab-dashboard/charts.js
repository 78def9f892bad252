// Charts of the impact page as SVG, written here rather than by a library (docs/impact.md, "Dashboard
// charts"). Each chart is first built as a plain tree of {tag, attrs, children} (children: trees or text),
// which toElement turns into SVG elements through createElementNS and setAttribute only, so nothing is
// parsed and a name from the API is text. The trees need no DOM: ChartsScriptTest checks them in GraalJS.
//
// Values are numbers or the report's suppressed counts ("<5"). A suppressed value is never drawn as a
// number: it is a hatched mark reaching the threshold, labelled "< 5", and its data-value is absent.
//
// Every chart has a <title> and a <desc> it is labelled by, and every mark its own <title> with the value
// as text; colours come from style.css classes, so print and dark mode restyle them.

import { pad } from './format.js';
import { readCount } from './report.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEAT_LEVELS = 4;

/** The SVG elements of a chart tree, made in `doc` (the page's document). */
export function toElement(tree, doc) {
  if (typeof tree === 'string') {
    return doc.createTextNode(tree);
  }
  const node = doc.createElementNS(SVG, tree.tag);
  for (const [name, value] of Object.entries(tree.attrs)) {
    node.setAttribute(name, String(value));
  }
  for (const child of tree.children) {
    node.append(toElement(child, doc));
  }
  return node;
}

/**
 * A line chart of values over ordered labels (months), one line per series; a suppressed value breaks its
 * line and shows as a hatched mark. Height 260.
 * @param {object} spec
 * @param {string} spec.id unique in the page; prefixes the ids of the chart's parts
 * @param {string} spec.title
 * @param {string} spec.desc what the chart shows, in words
 * @param {string[]} spec.labels the x positions' labels
 * @param {{name: string, key: string, values: (number|string|null)[]}[]} spec.series key names its CSS class
 * @param {(value: number) => string} spec.format a value as text
 */
export function lineChart({ id, title, desc, labels, series, format }) {
  const height = 260;
  const box = { left: 56, right: WIDTH - 32, top: 16, bottom: height - 64 };
  const { max, step: tick } = niceScale(series.flatMap((s) => s.values));
  const step = labels.length > 1 ? (box.right - box.left) / (labels.length - 1) : 0;
  const x = (index) => (labels.length > 1 ? box.left + index * step : (box.left + box.right) / 2);
  const y = (value) => box.bottom - (value / max) * (box.bottom - box.top);
  const every = Math.max(1, Math.ceil(labels.length / 12));
  const marks = series.map((s) => {
    const segments = [];
    let segment = [];
    const points = [];
    s.values.forEach((value, index) => {
      const read = readCount(value);
      if (read.exact) {
        segment.push(`${round(x(index))},${round(y(read.value))}`);
        points.push(node('circle', { class: `point point-${s.key}`, cx: round(x(index)), cy: round(y(read.value)), r: 3,
          'data-value': read.value }, node('title', {}, `${labels[index]}, ${s.name}: ${format(read.value)}`)));
        return;
      }
      segments.push(segment);
      segment = [];
      if (read.suppressed) {
        points.push(suppressedMark({ id, x: x(index) - 5, y: y(read.threshold), width: 10, height: y(0) - y(read.threshold),
          threshold: read.threshold, title: `${labels[index]}, ${s.name}` }));
      }
    });
    segments.push(segment);
    return node('g', { class: `series series-${s.key}`, 'data-series': s.key },
      ...segments.filter((points) => points.length > 1)
        .map((points) => node('polyline', { class: `line line-${s.key}`, points: points.join(' ') })),
      ...points);
  });
  const legend = node('g', { class: 'legend' }, ...series.map((s, index) => node('g', {},
    node('rect', { class: `swatch swatch-${s.key}`, x: box.left + index * 200, y: height - 22, width: 14, height: 4 }),
    node('text', { x: box.left + index * 200 + 20, y: height - 16 }, s.name))));
  return chart({ id, title, desc, height }, hatch(id),
    yAxis({ box, max, tick, y, format }),
    node('g', { class: 'axis axis-x' }, ...labels.map((text, index) => (index % every === 0
      ? node('text', { x: round(x(index)), y: box.bottom + 18, 'text-anchor': 'middle' }, text) : null))),
    ...marks,
    legend);
}

/**
 * Horizontal bars, one per item in the order given; a suppressed value is a hatched bar up to the threshold
 * labelled "< 5". 28 per bar.
 * @param {object} spec
 * @param {string} spec.id unique in the page
 * @param {string} spec.title
 * @param {string} spec.desc
 * @param {{label: string, value: number|string}[]} spec.bars
 * @param {(value: number) => string} spec.format a value as text
 */
export function barChart({ id, title, desc, bars, format }) {
  const row = 28;
  const height = Math.max(1, bars.length) * row + 8;
  const left = 180;
  const right = WIDTH - 90;
  const { max } = niceScale(bars.map((b) => b.value));
  const scale = (value) => (value / max) * (right - left);
  return chart({ id, title, desc, height }, hatch(id), ...bars.map((bar, index) => {
    const top = 4 + index * row;
    const read = readCount(bar.value);
    const name = node('text', { class: 'bar-label', x: left - 8, y: top + 18, 'text-anchor': 'end' }, shorten(bar.label));
    if (read.suppressed) {
      return node('g', { class: 'bar-row', 'data-label': bar.label, 'data-suppressed': 'true' }, name,
        suppressedMark({ id, x: left, y: top + 4, width: scale(read.threshold), height: row - 8,
          threshold: read.threshold, title: bar.label, beside: true }));
    }
    const value = read.exact ? read.value : 0;
    return node('g', { class: 'bar-row', 'data-label': bar.label, 'data-value': value }, name,
      node('rect', { class: 'bar', x: left, y: top + 4, width: round(scale(value)), height: row - 8 },
        node('title', {}, `${bar.label}: ${format(value)}`)),
      node('text', { class: 'bar-value', x: round(left + scale(value) + 6), y: top + 18 }, format(value)));
  }));
}

/**
 * A weekday × hour grid (7 × 24) of seconds of use, shaded in four steps of the busiest cell, with a legend.
 * @param {object} spec
 * @param {string} spec.id unique in the page
 * @param {string} spec.title
 * @param {string} spec.desc
 * @param {string[]} spec.days seven short weekday names, Monday first (row labels)
 * @param {string[]} spec.dayNames the same, in full (each cell's title)
 * @param {{day: string, hour: number, seconds: number}[]} spec.cells day as the report writes it ("MONDAY");
 *        missing cells are 0
 * @param {(seconds: number) => string} spec.format seconds as text (hours)
 * @param {string} spec.legend the legend's caption
 */
export function heatmap({ id, title, desc, days, dayNames, cells, format, legend }) {
  const cell = { width: 23, height: 20 };
  const left = 64;
  const top = 24;
  const seconds = new Map(cells.map((c) => [`${WEEKDAYS.indexOf(c.day)}-${c.hour}`, Number(c.seconds) || 0]));
  const max = Math.max(0, ...seconds.values());
  const level = (value) => (value > 0 ? Math.min(HEAT_LEVELS, Math.ceil((value / max) * HEAT_LEVELS)) : 0);
  const height = top + 7 * cell.height + 52;
  const grid = [];
  for (let day = 0; day < 7; day += 1) {
    grid.push(node('text', { class: 'heat-day', x: left - 8, y: top + day * cell.height + 14, 'text-anchor': 'end' },
      days[day]));
    for (let hour = 0; hour < 24; hour += 1) {
      const value = seconds.get(`${day}-${hour}`) ?? 0;
      grid.push(node('rect', { class: `heat heat-${level(value)}`, x: left + hour * cell.width,
        y: top + day * cell.height, width: cell.width - 2, height: cell.height - 2,
        'data-day': WEEKDAYS[day], 'data-hour': hour, 'data-seconds': value },
      node('title', {}, `${dayNames[day]} ${pad(hour)}:00–${pad(hour + 1)}:00: ${format(value)}`)));
    }
  }
  const hours = [0, 3, 6, 9, 12, 15, 18, 21].map((hour) => node('text', { class: 'heat-hour',
    x: left + hour * cell.width, y: top - 8 }, `${pad(hour)}h`));
  const legendY = top + 7 * cell.height + 16;
  const steps = [0, 1, 2, 3, 4].map((step) => node('g', { 'data-level': step },
    node('rect', { class: `heat heat-${step}`, x: left + 150 + step * 86, y: legendY, width: 14, height: 14 }),
    node('text', { x: left + 150 + step * 86 + 18, y: legendY + 12 },
      step === 0 ? format(0) : `≤ ${format((max * step) / HEAT_LEVELS)}`)));
  return chart({ id, title, desc, height }, ...hours, ...grid,
    node('g', { class: 'legend' }, node('text', { x: left, y: legendY + 12 }, legend), ...steps));
}

const WEEKDAYS = Object.freeze(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']);

function chart({ id, title, desc, height }, ...children) {
  return node('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${round(height)}`, role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`, 'data-chart': id, preserveAspectRatio: 'xMinYMin meet' },
  node('title', { id: `${id}-title` }, title),
  node('desc', { id: `${id}-desc` }, desc),
  ...children);
}

/** The hatching of suppressed marks, one pattern per chart so that each SVG stands alone (printing, copying). */
function hatch(id) {
  return node('defs', {}, node('pattern', { id: `${id}-hatch`, patternUnits: 'userSpaceOnUse', width: 6, height: 6,
    patternTransform: 'rotate(45)' }, node('line', { class: 'hatch-line', x1: 0, y1: 0, x2: 0, y2: 6 })));
}

/** A mark for a count below the threshold: hatched, outlined, labelled "< 5"; no number anywhere. */
function suppressedMark({ id, x, y, width, height, threshold, title, beside = false }) {
  const label = `< ${threshold}`;
  return node('g', { class: 'suppressed', 'data-suppressed': 'true' },
    node('rect', { class: 'suppressed-mark', x: round(x), y: round(y), width: round(Math.max(width, 2)),
      height: round(Math.max(height, 2)), fill: `url(#${id}-hatch)` }, node('title', {}, `${title}: ${label}`)),
    node('text', { class: 'suppressed-label', x: round(beside ? x + width + 6 : x + width / 2),
      y: round(beside ? y + 14 : y - 4), 'text-anchor': beside ? 'start' : 'middle' }, label));
}

function yAxis({ box, max, tick, y, format }) {
  const ticks = Array.from({ length: Math.round(max / tick) + 1 }, (_, i) => i * tick);
  return node('g', { class: 'axis axis-y' }, ...ticks.map((value) => node('g', {},
    node('line', { class: 'grid', x1: box.left, x2: box.right, y1: round(y(value)), y2: round(y(value)) }),
    node('text', { x: box.left - 6, y: round(y(value)) + 4, 'text-anchor': 'end' }, format(value)))));
}

/**
 * A round top for a scale and the step of its grid lines: the largest value or threshold rounded up to 1, 2, 2.5, 5
 * or 10 times a power of ten, in steps of a fifth or a quarter, whichever is round too (5 in steps of 1, not 1.25).
 */
function niceScale(values) {
  const top = Math.max(0, ...values.map((value) => {
    const read = readCount(value);
    return read.exact ? read.value : read.suppressed ? read.threshold : 0;
  }));
  if (top <= 0) {
    return { max: 1, step: 0.25 };
  }
  const power = 10 ** Math.floor(Math.log10(top));
  const multiple = [1, 2, 2.5, 5, 10].find((m) => m * power >= top);
  return { max: multiple * power, step: (multiple === 2 ? multiple / 4 : multiple / 5) * power };
}

function node(tag, attrs, ...children) {
  return { tag, attrs, children: children.filter((child) => child !== null && child !== undefined) };
}

function shorten(text) {
  const value = String(text);
  return value.length > 24 ? `${value.slice(0, 23)}…` : value;
}

function round(value) {
  return Math.round(value * 10) / 10;
}
