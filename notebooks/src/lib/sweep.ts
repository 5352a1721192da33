/**
 * The "parameter sweep" notebook: a metric over two parameters as a heatmap, how the metric moves with each
 * parameter, and how good each combination's grid neighbours are (a peak surrounded by poor neighbours is
 * more likely fitted to noise than a plateau).
 */
import * as Plot from '@observablehq/plot';
import type { ParamValue } from '../../loader/types.ts';
import { LOWER_IS_BETTER, isNum, metric as fmt, tick } from './format.ts';

export type SweepRow = Record<string, number | string | boolean | null>;
export interface ParamAxis {
  path: string;
  values: ParamValue[];
}

/** Metric columns of sweep.parquet that hold numbers (in the file's order). */
export const SWEEP_METRICS = ['sharpe', 'sharpe_per_bar', 'total_return', 'sortino', 'calmar', 'cagr', 'max_drawdown', 'win_rate', 'profit_factor', 'expectancy', 'trades', 'exposure', 'final_equity', 'average_trade', 'max_drawdown_duration', 'fees'];

/** The metric a sweep ranked by, as its sweep.parquet column (`--metric return` ranks `total_return`). */
export function metricColumn(rankMetric: string | null): string {
  const map: Record<string, string> = { return: 'total_return', drawdown: 'max_drawdown', winrate: 'win_rate' };
  return rankMetric === null ? 'sharpe' : (map[rankMetric] ?? rankMetric);
}

export const better = (m: string) => (LOWER_IS_BETTER.has(m) ? -1 : 1);

/** Rows that ran and have the metric. */
export function okRows(rows: readonly SweepRow[], m: string): SweepRow[] {
  return rows.filter((r) => r.status === 'ok' && isNum(r[m]));
}

export type Aggregate = 'mean' | 'best' | 'worst' | 'median';

function aggregate(vs: number[], how: Aggregate, m: string): number {
  const s = [...vs].sort((a, b) => a - b);
  if (how === 'mean') return vs.reduce((a, b) => a + b, 0) / vs.length;
  if (how === 'median') return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const hi = (how === 'best') === (better(m) > 0);
  return hi ? s[s.length - 1] : s[0];
}

export interface HeatCell {
  x: string;
  y: string;
  value: number;
  n: number;
}

/** The metric per (x, y) value pair, aggregated over the other parameters. */
export function heatCells(rows: readonly SweepRow[], x: string, y: string, m: string, how: Aggregate): HeatCell[] {
  const groups = new Map<string, { x: string; y: string; vs: number[] }>();
  for (const r of okRows(rows, m)) {
    const k = `${r[x]}\u0000${r[y]}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { x: String(r[x]), y: String(r[y]), vs: [] }));
    g.vs.push(r[m] as number);
  }
  return [...groups.values()].map((g) => ({ x: g.x, y: g.y, value: aggregate(g.vs, how, m), n: g.vs.length }));
}

const domainOf = (axis: ParamAxis | undefined, cells: string[]) => (axis ? axis.values.map(String) : [...new Set(cells)]);

/** Heatmap of the metric over two parameters; the best cell is outlined. */
export function heatmap(rows: readonly SweepRow[], axes: readonly ParamAxis[], x: string, y: string, m: string, how: Aggregate, width: number) {
  const cells = heatCells(rows, x, y, m, how);
  const xd = domainOf(axes.find((a) => a.path === x), cells.map((c) => c.x));
  const yd = domainOf(axes.find((a) => a.path === y), cells.map((c) => c.y)).reverse();
  const best = cells.length ? cells.reduce((a, b) => (better(m) * (b.value - a.value) > 0 ? b : a)) : null;
  const w = Math.min(width, 120 + 64 * xd.length);
  return Plot.plot({
    width: w,
    height: Math.min(720, 80 + 40 * yd.length),
    marginLeft: 90,
    marginBottom: 48,
    padding: 0.04,
    x: { domain: xd, label: x, tickRotate: xd.length > 12 ? -45 : 0 },
    y: { domain: yd, label: y },
    color: { type: 'linear', scheme: better(m) > 0 ? 'viridis' : 'magma', reverse: better(m) < 0, legend: true, label: `${m} (${how} over other parameters)` },
    marks: [
      Plot.cell(cells, { x: 'x', y: 'y', fill: 'value', title: (c: HeatCell) => `${x} = ${c.x}\n${y} = ${c.y}\n${m}: ${fmt(m, c.value)} (${how} of ${c.n})` }),
      ...(xd.length <= 16 && yd.length <= 24 ? [Plot.text(cells, { x: 'x', y: 'y', text: (c: HeatCell) => fmt(m, c.value), fill: 'white', fontSize: 10, stroke: 'black', strokeOpacity: 0.35, strokeWidth: 2, paintOrder: 'stroke' })] : []),
      ...(best ? [Plot.cell([best], { x: 'x', y: 'y', stroke: '#ff2a6d', strokeWidth: 3, fill: 'none' })] : []),
    ],
  });
}

/** One small chart per parameter: the metric's spread (min..max band, every combination as a dot) and mean at each value. */
export function stabilityCharts(rows: readonly SweepRow[], axes: readonly ParamAxis[], m: string): (SVGSVGElement | HTMLElement)[] {
  const ok = okRows(rows, m);
  return axes.map((a) => {
    const numeric = a.values.every((v) => typeof v === 'number');
    const stats = a.values
      .map((v) => {
        const vs = ok.filter((r) => r[a.path] === v || String(r[a.path]) === String(v)).map((r) => r[m] as number);
        return vs.length ? { v: numeric ? (v as number) : String(v), mean: vs.reduce((s, x) => s + x, 0) / vs.length, min: Math.min(...vs), max: Math.max(...vs), n: vs.length } : null;
      })
      .filter((s) => s !== null);
    const dots = ok.map((r) => ({ v: numeric ? (r[a.path] as number) : String(r[a.path]), y: r[m] as number }));
    return Plot.plot({
      width: 320,
      height: 220,
      marginLeft: 56,
      x: numeric ? { label: a.path, grid: true } : { label: a.path, type: 'point', domain: a.values.map(String) },
      y: { label: m, grid: true, tickFormat: tick(m) },
      marks: [
        ...(numeric ? [Plot.areaY(stats, { x: 'v', y1: 'min', y2: 'max', fill: '#4e79a7', fillOpacity: 0.15 })] : [Plot.ruleX(stats, { x: 'v', y1: 'min', y2: 'max', stroke: '#4e79a7', strokeOpacity: 0.4, strokeWidth: 6 })]),
        Plot.dot(dots, { x: 'v', y: 'y', r: 1.8, fill: '#4e79a7', fillOpacity: 0.35 }),
        Plot.line(stats, { x: 'v', y: 'mean', stroke: '#e15759', strokeWidth: 2, marker: 'circle' }),
        Plot.tip(stats, Plot.pointerX({ x: 'v', y: 'mean', title: (s: { v: unknown; mean: number; min: number; max: number; n: number }) => `${a.path} = ${s.v}\nmean ${fmt(m, s.mean)}\nmin ${fmt(m, s.min)}, max ${fmt(m, s.max)} (${s.n})` })),
      ],
    });
  });
}

export interface Neighbourhood {
  combination: number;
  value: number;
  /** Mean of the metric over the grid neighbours (every parameter at most one step away), null without any. */
  neighbours: number | null;
  worstNeighbour: number | null;
  count: number;
  params: Record<string, ParamValue>;
}

/** For every combination, how its neighbours in the grid score: robust choices sit on plateaus. */
export function neighbourhoods(rows: readonly SweepRow[], axes: readonly ParamAxis[], m: string): Neighbourhood[] {
  const ok = okRows(rows, m);
  const index = axes.map((a) => new Map(a.values.map((v, i) => [String(v), i])));
  const pos = (r: SweepRow) => axes.map((a, k) => index[k].get(String(r[a.path])) ?? -1);
  const byKey = new Map(ok.map((r) => [pos(r).join(','), r]));
  return ok.map((r) => {
    const p = pos(r);
    const vs: number[] = [];
    const visit = (k: number, at: number[]) => {
      if (k === p.length) {
        if (at.every((v, i) => v === p[i])) return;
        const n = byKey.get(at.join(','));
        if (n) vs.push(n[m] as number);
        return;
      }
      for (const d of [-1, 0, 1]) visit(k + 1, [...at, p[k] + d]);
    };
    visit(0, []);
    const worst = vs.length ? (better(m) > 0 ? Math.min(...vs) : Math.max(...vs)) : null;
    return {
      combination: r.combination as number,
      value: r[m] as number,
      neighbours: vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null,
      worstNeighbour: worst,
      count: vs.length,
      params: Object.fromEntries(axes.map((a) => [a.path, r[a.path] as ParamValue])),
    };
  });
}

/** Each combination's metric against its neighbours' mean: on the diagonal = plateau, far below = isolated peak. */
export function neighbourChart(hoods: readonly Neighbourhood[], m: string, width: number) {
  const data = hoods.filter((h) => h.neighbours !== null);
  const label = (h: Neighbourhood) => Object.entries(h.params).map(([k, v]) => `${k} = ${v}`).join('\n');
  return Plot.plot({
    width: Math.min(width, 560),
    height: 380,
    marginLeft: 60,
    grid: true,
    x: { label: `${m} of the combination`, tickFormat: tick(m) },
    y: { label: `${m}, mean of its grid neighbours`, tickFormat: tick(m) },
    marks: [
      Plot.line(
        [
          [Math.min(...data.map((d) => d.value)), Math.min(...data.map((d) => d.value))],
          [Math.max(...data.map((d) => d.value)), Math.max(...data.map((d) => d.value))],
        ],
        { stroke: '#999', strokeDasharray: '4,3' },
      ),
      Plot.dot(data, { x: 'value', y: 'neighbours', r: 3.5, fill: (h: Neighbourhood) => (h.neighbours! * better(m) >= h.value * better(m) - Math.abs(h.value) * 0.25 ? '#59a14f' : '#e15759'), fillOpacity: 0.7 }),
      Plot.tip(data, Plot.pointer({ x: 'value', y: 'neighbours', title: (h: Neighbourhood) => `#${h.combination}\n${label(h)}\n${m}: ${fmt(m, h.value)}\nneighbours: ${fmt(m, h.neighbours)} (${h.count}), worst ${fmt(m, h.worstNeighbour)}` })),
    ],
  });
}
