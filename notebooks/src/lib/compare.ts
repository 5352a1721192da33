/** Charts of the "compare strategies" notebook: equity, drawdown, monthly returns, correlation, attribution. */
import * as Plot from '@observablehq/plot';
import type { CurveData, MetricsRowData, MonthlyRow } from '../../loader/types.ts';
import { PORTFOLIO, label, metric, pct } from './format.ts';

/** d3.schemeTableau10 */
const TABLEAU10 = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949', '#af7aa1', '#ff9da7', '#9c755f', '#bab0ab'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One colour per curve that stays put when curves are hidden: the domain is every id of the run. */
export function colorScale(allIds: readonly string[]): Plot.ScaleOptions {
  const ids = allIds.filter((i) => i !== PORTFOLIO).map(label);
  return { domain: [...ids, label(PORTFOLIO)], range: [...ids.map((_, i) => TABLEAU10[i % TABLEAU10.length]), '#222'], legend: true };
}

interface Point {
  id: string;
  time: Date;
  value: number;
}

/** Long rows of the visible curves: equity, return since start, or drawdown (negative, below zero). */
export function curvePoints(series: readonly CurveData[], ids: ReadonlySet<string>, value: 'equity' | 'return' | 'drawdown'): Point[] {
  const out: Point[] = [];
  for (const s of series) {
    if (!ids.has(s.id) || s.time.length === 0) continue;
    const first = s.equity[0];
    for (let i = 0; i < s.time.length; i++) {
      const v = value === 'equity' ? s.equity[i] : value === 'return' ? s.equity[i] / first - 1 : -s.drawdown[i];
      out.push({ id: label(s.id), time: new Date(s.time[i]), value: v });
    }
  }
  return out;
}

export interface CurveChartOptions {
  width: number;
  colors: Plot.ScaleOptions;
  height?: number;
}

/** Equity curves overlaid: as return since the start (comparable across capitals) or in currency. */
export function equityChart(points: Point[], mode: 'return' | 'equity', o: CurveChartOptions) {
  return Plot.plot({
    width: o.width,
    height: o.height ?? 360,
    marginLeft: 64,
    x: { type: 'utc', label: null },
    y: { grid: true, label: mode === 'return' ? 'return since start' : 'equity', tickFormat: mode === 'return' ? (d: number) => pct(d, 0) : undefined },
    color: o.colors,
    marks: [
      ...(mode === 'return' ? [Plot.ruleY([0], { stroke: '#999' })] : []),
      Plot.lineY(points, { x: 'time', y: 'value', stroke: 'id', strokeWidth: (d: Point) => (d.id === 'Portfolio' ? 2 : 1.4) }),
      Plot.tip(points, Plot.pointerX({ x: 'time', y: 'value', stroke: 'id', title: (d: Point) => `${d.id}\n${d.time.toISOString().slice(0, 16).replace('T', ' ')}\n${mode === 'return' ? pct(d.value) : d.value.toFixed(2)}` })),
    ],
  });
}

/** Underwater chart: each curve's drawdown from its running peak. */
export function drawdownChart(points: Point[], o: CurveChartOptions) {
  return Plot.plot({
    width: o.width,
    height: o.height ?? 220,
    marginLeft: 64,
    x: { type: 'utc', label: null },
    y: { grid: true, label: 'drawdown', tickFormat: (d: number) => pct(d, 0) },
    color: { ...o.colors, legend: false },
    marks: [
      Plot.areaY(points.filter((p) => p.id === 'Portfolio'), { x: 'time', y: 'value', fill: '#222', fillOpacity: 0.08 }),
      Plot.lineY(points, { x: 'time', y: 'value', stroke: 'id', strokeWidth: 1.2 }),
      Plot.ruleY([0], { stroke: '#999' }),
      Plot.tip(points, Plot.pointerX({ x: 'time', y: 'value', stroke: 'id', title: (d: Point) => `${d.id}\n${d.time.toISOString().slice(0, 16).replace('T', ' ')}\ndrawdown ${pct(-d.value)}` })),
    ],
  });
}

/** Monthly returns: a row per (curve, year), a column per calendar month, green up and red down. */
export function monthlyChart(rows: readonly MonthlyRow[], ids: ReadonlySet<string>, width: number) {
  const data = rows.filter((r) => ids.has(r.strategy_id)).map((r) => ({ ...r, row: `${label(r.strategy_id)} ${r.year}`, month: MONTHS[r.m - 1] }));
  const order = [...new Set(data.map((d) => d.row))];
  const max = Math.max(0.001, ...data.map((d) => Math.abs(d.return)));
  return Plot.plot({
    width,
    height: 50 + 28 * order.length,
    marginLeft: 170,
    padding: 0.06,
    x: { domain: MONTHS, label: null, axis: 'top' },
    y: { domain: order, label: null },
    color: { type: 'diverging', scheme: 'rdylgn', domain: [-max, max], legend: true, label: 'monthly return', tickFormat: (d: number) => pct(d, 1) },
    marks: [
      Plot.cell(data, { x: 'month', y: 'row', fill: 'return', title: (d: (typeof data)[number]) => `${d.row} ${d.month}: ${pct(d.return)}` }),
      Plot.text(data, { x: 'month', y: 'row', text: (d: (typeof data)[number]) => pct(d.return, 1), fontSize: 11, fill: '#111' }),
    ],
  });
}

/** Correlation of period returns between strategies (-1 red .. +1 blue). */
export function correlationChart(c: { ids: string[]; matrix: (number | null)[][] }) {
  const data = c.ids.flatMap((a, i) => c.ids.map((b, j) => ({ a, b, v: c.matrix[i]?.[j] ?? null }))).filter((d) => d.v !== null) as { a: string; b: string; v: number }[];
  return Plot.plot({
    width: 220 + 60 * c.ids.length,
    height: 110 + 40 * c.ids.length,
    marginLeft: 140,
    marginTop: 100,
    marginRight: 70,
    x: { domain: c.ids, axis: 'top', label: null, tickRotate: -35 },
    y: { domain: c.ids, label: null },
    color: { type: 'linear', scheme: 'rdbu', domain: [-1, 1] },
    marks: [
      Plot.cell(data, { x: 'b', y: 'a', fill: 'v', inset: 1, title: (d: { a: string; b: string; v: number }) => `${d.a} vs ${d.b}: ${d.v.toFixed(3)}` }),
      Plot.text(data, { x: 'b', y: 'a', text: (d: { v: number }) => d.v.toFixed(2), fontSize: 11, fill: (d: { v: number }) => (Math.abs(d.v) > 0.6 ? 'white' : 'black') }),
    ],
  });
}

/** Each strategy's contribution to the portfolio return. */
export function attributionChart(attribution: Record<string, number>, colors: Plot.ScaleOptions) {
  const data = Object.entries(attribution).map(([id, v]) => ({ id: label(id), v }));
  return Plot.plot({
    width: 480,
    height: 40 + 28 * data.length,
    marginLeft: 130,
    x: { grid: true, label: 'contribution to portfolio return', tickFormat: (d: number) => pct(d, 1) },
    y: { label: null, domain: data.map((d) => d.id) },
    color: { ...colors, legend: false },
    marks: [Plot.barX(data, { x: 'v', y: 'id', fill: 'id', title: (d: { id: string; v: number }) => `${d.id}: ${pct(d.v)}` }), Plot.ruleX([0])],
  });
}

/** Columns of the metrics table, in order, with their formats (for Inputs.table). */
export const METRIC_COLUMNS = ['total_return', 'cagr', 'sharpe', 'sharpe_per_bar', 'sortino', 'calmar', 'max_drawdown', 'max_drawdown_duration', 'win_rate', 'trades', 'profit_factor', 'expectancy', 'exposure', 'fees', 'final_equity'];

export function metricsTableRows(metrics: readonly MetricsRowData[], ids: ReadonlySet<string>): MetricsRowData[] {
  return metrics.filter((m) => ids.has(m.strategy_id)).map((m) => ({ ...m, strategy_id: label(m.strategy_id) }));
}

export function metricsFormat(): Record<string, (v: unknown) => string> {
  return Object.fromEntries(METRIC_COLUMNS.map((c) => [c, (v: unknown) => metric(c, v)]));
}
