import * as Plot from '@observablehq/plot';
import type { Line } from '../run-folder/m4.ts';
import type { ReturnHistogram, SignalPoint } from '../run-folder/read.ts';
import { plotToString, type GroupTitle } from './svg.ts';
import { formatPercent } from '../../engine/format.ts';
import { rampLegend } from './legend.ts';

/**
 * The report's charts, each a function from already-downsampled data to an SVG string. Every strategy is its
 * own mark with class `st-<key>`, so the page's checkboxes can hide a strategy in every chart at once.
 */

export interface SeriesStyle {
  /** Class suffix: the mark groups get class `st-<key>`. */
  key: string;
  label: string;
  color: string;
}

export interface StyledLine {
  style: SeriesStyle;
  line: Line;
}

const WIDTH = 1100;
const pct = (d: number) => `${(d * 100).toFixed(Math.abs(d) < 0.1 ? 1 : 0)}%`;
const idx = (n: number) => ({ length: n });

function lineMark(s: StyledLine, y: (v: number) => number = (v) => v, extra: Record<string, unknown> = {}) {
  const ys = s.line.v.map(y);
  return Plot.line(idx(s.line.t.length), { x: s.line.t, y: ys, stroke: s.style.color, strokeWidth: 1.4, className: `st-${s.style.key}`, ...extra });
}

const titles = (series: readonly { style: SeriesStyle }[], what: string): GroupTitle[] => series.map((s) => ({ className: `st-${s.style.key}`, title: `${s.style.label} ${what}` }));

/** Equity curves overlaid (absolute, or as return since start with `asReturn`). */
export function equityChart(series: readonly StyledLine[], opts: { asReturn?: boolean; height?: number; relativeDays?: boolean } = {}): string {
  const norm = (s: StyledLine) => {
    const first = s.line.v[0] ?? 1;
    return opts.asReturn ? (v: number) => v / first - 1 : (v: number) => v;
  };
  return plotToString(
    {
      width: WIDTH,
      height: opts.height ?? 320,
      marginLeft: 64,
      x: opts.relativeDays ? { type: 'linear', label: 'days since start' } : { type: 'utc', label: null },
      y: { grid: true, label: opts.asReturn ? 'return' : 'equity', tickFormat: opts.asReturn ? pct : undefined },
      marks: [...(opts.asReturn ? [Plot.ruleY([0], { stroke: '#999' })] : []), ...series.map((s) => lineMark(s, norm(s)))],
    },
    titles(series, opts.asReturn ? 'return' : 'equity'),
  );
}

/** Underwater chart: drawdown below zero; the portfolio (when given) as a filled area behind the lines; `depth` fixes the y range (shared across panels). */
export function drawdownChart(series: readonly StyledLine[], portfolio?: StyledLine, width = WIDTH, depth?: number): string {
  const marks: Plot.Markish[] = [];
  if (portfolio) {
    marks.push(
      Plot.areaY(idx(portfolio.line.t.length), { x: portfolio.line.t, y: portfolio.line.v.map((d) => -d), fill: portfolio.style.color, fillOpacity: 0.18, className: `st-${portfolio.style.key}` }),
    );
  }
  marks.push(...series.map((s) => lineMark(s, (d) => -d)));
  marks.push(Plot.ruleY([0], { stroke: '#999' }));
  return plotToString(
    { width, height: 240, marginLeft: 64, x: { type: 'utc', label: null, ticks: width < 800 ? 5 : undefined }, y: { grid: true, label: 'drawdown', tickFormat: pct, ...(depth === undefined ? {} : { domain: [-depth, 0] }) }, marks },
    titles(portfolio ? [...series, portfolio] : series, 'drawdown'),
  );
}

const BUYISH = new Set(['BUY']);
/** d3's RdBu and viridis, sampled, for the legends of the schemes Plot draws with. */
const RDBU = ['#67001f', '#d6604d', '#f7f7f7', '#4393c3', '#053061'];
const VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];

/** Price line of one symbol with each strategy's signals: ▲ buy, ▼ sell/exit, coloured by strategy, tooltip per mark. */
export function priceChart(close: Line, signals: readonly { style: SeriesStyle; points: readonly SignalPoint[] }[], label: string): string {
  const marks: Plot.Markish[] = [Plot.line(idx(close.t.length), { x: close.t, y: close.v, stroke: '#666', strokeWidth: 1 })];
  for (const s of signals) {
    if (s.points.length === 0) continue;
    marks.push(
      Plot.dot(s.points, {
        x: 't',
        y: 'price',
        symbol: 'triangle',
        rotate: (p: SignalPoint) => (BUYISH.has(p.action) ? 0 : 180),
        r: 4.5,
        fill: s.style.color,
        stroke: (p: SignalPoint) => (BUYISH.has(p.action) ? '#0a0' : '#c00'),
        strokeWidth: 1,
        className: `st-${s.style.key}`,
        title: (p: SignalPoint) => `${s.style.label}: ${p.action} @ ${p.price}\n${new Date(p.t).toISOString()}\n${p.reason}`,
      }),
    );
  }
  return plotToString(
    { width: WIDTH, height: 300, marginLeft: 72, x: { type: 'utc', label: null }, y: { grid: true, label, type: 'linear', nice: true, zero: false }, marks },
    [],
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Returns: red down, a neutral grey at exactly 0, green up (symmetric, so equal moves get equal strength). */
const RETURN_RANGE = ['#c62828', '#f2f2f2', '#138a36'];

/**
 * Monthly returns heatmap: one row per strategy (and the portfolio), one column per calendar month in the run's
 * range only (oldest first), diverging colour with a neutral 0 and a legend.
 */
export function monthlyHeatmap(cells: readonly { row: string; year: number; month: number; value: number }[], rowOrder: readonly string[]): string {
  const max = Math.max(0.0001, ...cells.map((c) => Math.abs(c.value)));
  return rampLegend('monthly return', RETURN_RANGE, [-max, 0, max], pct) + monthlyCells(cells, rowOrder, max);
}

function monthlyCells(cells: readonly { row: string; year: number; month: number; value: number }[], rowOrder: readonly string[], max: number): string {
  const key = (c: { year: number; month: number }) => `${c.year} ${MONTHS[c.month - 1]}`;
  const columns = [...new Map([...cells].sort((a, b) => a.year - b.year || a.month - b.month).map((c) => [key(c), true])).keys()];
  const data = cells.map((c) => ({ ...c, m: key(c) }));
  return plotToString({
    width: Math.min(WIDTH, 220 + 84 * columns.length),
    height: 70 + 28 * rowOrder.length,
    marginLeft: 200,
    marginTop: 30,
    padding: 0.05,
    x: { domain: columns, label: null, axis: 'top' },
    y: { domain: [...rowOrder], label: null },
    color: { type: 'linear', domain: [-max, 0, max], range: RETURN_RANGE },
    marks: [
      Plot.cell(data, { x: 'm', y: 'row', fill: 'value', title: (d: { row: string; m: string; value: number }) => `${d.row} ${d.m}: ${(d.value * 100).toFixed(2)}%` }),
      Plot.text(data, { x: 'm', y: 'row', text: (d: { value: number }) => formatPercent(d.value, { digits: 1 }), fontSize: 11, fill: (d: { value: number }) => (Math.abs(d.value) > 0.6 * max ? 'white' : '#111') }),
    ],
  });
}

/** Trade return distribution: shared bins, stacked by strategy. */
export function histogramChart(hist: ReturnHistogram, styleOf: (id: string) => SeriesStyle): string {
  const rows: { x1: number; x2: number; count: number; label: string; color: string; key: string }[] = [];
  for (const [id, counts] of hist.counts) {
    const st = styleOf(id);
    counts.forEach((count, i) => {
      if (count > 0) rows.push({ x1: hist.edges[i], x2: hist.edges[i + 1], count, label: st.label, color: st.color, key: st.key });
    });
  }
  return plotToString({
    width: WIDTH,
    height: 260,
    marginLeft: 56,
    x: { label: 'trade return', tickFormat: pct },
    y: { grid: true, label: 'trades' },
    marks: [
      Plot.rectY(rows, { x1: 'x1', x2: 'x2', y: 'count', fill: 'color', inset: 0.5, title: (d: (typeof rows)[number]) => `${d.label}: ${d.count} trade(s) returning ${pct(d.x1)} to ${pct(d.x2)}` }),
      Plot.ruleX([0], { stroke: '#333' }),
      Plot.ruleY([0]),
    ],
  });
}

/** A labelled square matrix (correlations): -1 red .. +1 blue, values printed. */
export function matrixHeatmap(labels: readonly string[], matrix: readonly (readonly (number | null)[])[]): string {
  const short = (l: string) => (l.length > 22 ? `${l.slice(0, 21)}…` : l);
  const names = labels.map(short);
  const data: { a: string; b: string; v: number; fa: string; fb: string }[] = [];
  labels.forEach((a, i) =>
    labels.forEach((b, j) => {
      const v = matrix[i]?.[j];
      if (typeof v === 'number' && Number.isFinite(v)) data.push({ a: names[i], b: names[j], v, fa: a, fb: b });
    }),
  );
  const cell = 56;
  return rampLegend('correlation', RDBU, [-1, 0, 1], (v) => v.toFixed(1)) + plotToString({
    width: 190 + 130 + cell * labels.length,
    marginRight: 130,
    height: 120 + cell * labels.length,
    marginLeft: 170,
    marginTop: 110,
    marginBottom: 10,
    x: { domain: names, axis: 'top', label: null, tickRotate: -40 },
    y: { domain: names, label: null },
    color: { type: 'linear', scheme: 'rdbu', domain: [-1, 1] },
    marks: [
      Plot.cell(data, { x: 'b', y: 'a', fill: 'v', inset: 1, title: (d: (typeof data)[number]) => `${d.fa} vs ${d.fb}: ${d.v.toFixed(3)}` }),
      Plot.text(data, { x: 'b', y: 'a', text: (d: { v: number }) => d.v.toFixed(2), fontSize: 11, fill: (d: { v: number }) => (Math.abs(d.v) > 0.6 ? 'white' : '#111') }),
    ],
  });
}

/** Horizontal bars (attribution of return by strategy). */
export function barsChart(items: readonly { label: string; value: number; color: string }[], asPercent = true): string {
  return plotToString({
    width: WIDTH,
    height: 40 + 26 * items.length,
    marginLeft: 200,
    x: { grid: true, label: null, tickFormat: asPercent ? pct : undefined },
    y: { domain: items.map((i) => i.label), label: null },
    marks: [
      Plot.barX(items, { x: 'value', y: 'label', fill: 'color', title: (d: { label: string; value: number }) => `${d.label}: ${asPercent ? `${(d.value * 100).toFixed(2)}%` : d.value}` }),
      Plot.ruleX([0]),
    ],
  });
}

/** Sweep heatmap over two parameters (mean of the metric where other parameters vary), or a line over one. */
export function sweepChart(rows: readonly Record<string, number | string | null>[], x: string, y: string | null, metric: string): string {
  const fmt = (v: number) => (Math.abs(v) < 10 ? v.toFixed(3) : v.toFixed(1));
  if (y === null) {
    const groups = new Map<string, number[]>();
    for (const r of rows) {
      const v = r[metric];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const key = String(r[x]);
      groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    const data = [...groups].map(([k, vs]) => ({ k, v: vs.reduce((a, b) => a + b, 0) / vs.length }));
    const numeric = data.every((d) => Number.isFinite(Number(d.k)));
    if (numeric) data.sort((a, b) => Number(a.k) - Number(b.k));
    return plotToString({
      width: WIDTH,
      height: 260,
      marginLeft: 64,
      x: { label: x, type: 'band' },
      y: { grid: true, label: metric },
      marks: [Plot.barY(data, { x: 'k', y: 'v', fill: '#4269d0', title: (d: { k: string; v: number }) => `${x}=${d.k}: ${metric} ${fmt(d.v)}` }), Plot.ruleY([0])],
    });
  }
  const cells = new Map<string, { xv: string; yv: string; sum: number; n: number }>();
  for (const r of rows) {
    const v = r[metric];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const xv = String(r[x]);
    const yv = String(r[y]);
    const key = `${xv}\u0000${yv}`;
    const c = cells.get(key) ?? { xv, yv, sum: 0, n: 0 };
    c.sum += v;
    c.n++;
    cells.set(key, c);
  }
  const data = [...cells.values()].map((c) => ({ x: c.xv, y: c.yv, v: c.sum / c.n, n: c.n }));
  const order = (vals: string[]) => [...new Set(vals)].sort((a, b) => (Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a.localeCompare(b)));
  const lo = Math.min(...data.map((d) => d.v));
  const span = Math.max(1e-12, Math.max(...data.map((d) => d.v)) - lo);
  const xs = order(data.map((d) => d.x));
  const ys = order(data.map((d) => d.y));
  return rampLegend(`${metric} (mean per cell)`, VIRIDIS, [lo, lo + span / 2, lo + span], fmt) + plotToString({
    width: Math.min(WIDTH, 140 + 56 * xs.length),
    height: 70 + 28 * ys.length,
    marginLeft: 90,
    x: { domain: xs, label: x, axis: 'top' },
    y: { domain: ys, label: y },
    color: { type: 'linear', scheme: 'viridis', domain: [lo, lo + span] },
    marks: [
      Plot.cell(data, { x: 'x', y: 'y', fill: 'v', title: (d: (typeof data)[number]) => `${x}=${d.x}, ${y}=${d.y}: ${metric} ${fmt(d.v)}${d.n > 1 ? ` (mean of ${d.n})` : ''}` }),
      Plot.text(data, { x: 'x', y: 'y', text: (d: (typeof data)[number]) => fmt(d.v), fill: (d: (typeof data)[number]) => ((d.v - lo) / span > 0.6 ? '#111' : 'white'), fontSize: 10 }),
    ],
  });
}

/** Contributions per period, stacked by strategy (positive up, negative down). */
export function periodAttributionChart(rows: readonly { period: string; id: string; value: number }[], styleOf: (id: string) => SeriesStyle): string {
  const data = rows.map((r) => ({ ...r, ...styleOf(r.id) }));
  const periods = [...new Set(rows.map((r) => r.period))];
  return plotToString({
    width: WIDTH,
    height: 240,
    marginLeft: 56,
    marginBottom: 48,
    x: { domain: periods, label: null, tickRotate: periods.length > 12 ? -45 : 0 },
    y: { grid: true, label: 'contribution', tickFormat: pct },
    marks: [
      Plot.barY(data, { x: 'period', y: 'value', fill: 'color', className: 'attr', title: (d: (typeof data)[number]) => `${d.period} ${d.label}: ${(d.value * 100).toFixed(3)}%` }),
      Plot.ruleY([0]),
    ],
  });
}
