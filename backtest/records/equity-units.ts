import type { TableColumn } from '../../data/table-file.ts';
import { writeTableWith } from '../../data/table-file.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BacktestResult, EquitySeries } from '../run/run-backtest.ts';

/**
 * equity-units.parquet: the equity curves pre-aggregated for display, written beside equity.parquet so a
 * report of a big run reads a few thousand rows instead of millions. Per strategy (and `__portfolio__`) and
 * per time unit (a length that nests in UTC days, or the UTC calendar month for runs of a century of daily bars,
 * so a unit always nests in a month): first, last, lowest and highest equity and
 * the lowest and highest drawdown, each with its time. Display lines merge units into buckets; monthly returns
 * come exactly from each unit's last equity. equity.parquet stays the full-resolution record.
 */

/**
 * The calendar month (UTC) as a unit: its `unit_ms` is 31 days, the longest month, so comparing unit lengths still
 * orders it after a day and a span holds at least as many months as `span / MONTH_UNIT`.
 */
export const MONTH_UNIT = 2_678_400_000;

/** Unit lengths that nest in UTC days, then the calendar month: a unit never straddles a month boundary. */
export const UNITS_MS = [1_000, 60_000, 300_000, 900_000, 3_600_000, 14_400_000, 86_400_000, MONTH_UNIT] as const;

/** The start (epoch ms) of the unit holding time `t`, a fixed-length unit's multiple or the UTC month's first day. */
export function unitStart(t: number, unit: number): number {
  if (unit !== MONTH_UNIT) return Math.floor(t / unit) * unit;
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Units the file is written at (readers merge them into fewer buckets). */
export const STORED_UNITS = 1000;

/** The coarsest unit that still gives at least `buckets` units over `span`. */
export function unitFor(span: number, buckets: number): number {
  let unit: number = UNITS_MS[0];
  for (const u of UNITS_MS) if (span / u >= buckets) unit = u;
  return unit;
}

/** Per time unit aggregates of one equity curve, columnar. */
export interface EquityUnits {
  /** Unit start times (epoch ms), ascending. */
  start: number[];
  tFirst: number[];
  vFirst: number[];
  tLast: number[];
  vLast: number[];
  tMin: number[];
  vMin: number[];
  tMax: number[];
  vMax: number[];
  tdMin: number[];
  dMin: number[];
  tdMax: number[];
  dMax: number[];
}

export const UNIT_FIELDS: readonly (keyof EquityUnits)[] = ['start', 'tFirst', 'vFirst', 'tLast', 'vLast', 'tMin', 'vMin', 'tMax', 'vMax', 'tdMin', 'dMin', 'tdMax', 'dMax'];

export function emptyUnits(): EquityUnits {
  return Object.fromEntries(UNIT_FIELDS.map((f) => [f, [] as number[]])) as unknown as EquityUnits;
}

/**
 * Aggregates one time-ordered curve by `unit` (one pass, no allocation per point). Equity is stamped at bar close
 * times, so a point belongs to the unit holding the instant before it (as engine/portfolio/periods.ts dates
 * periods): the close at 00:00 on the 1st is the last point of the month it ends.
 */
export function aggregateUnits(s: EquitySeries, unit: number): EquityUnits {
  const u = emptyUnits();
  const { time, equity, drawdown } = s;
  const n = time.length;
  let i = 0;
  // The next unit's start, so a point is checked with one comparison (no division or date per point).
  const nextStart = (k: number) => (unit === MONTH_UNIT ? unitStart(k + 31 * 86_400_000, unit) : k + unit);
  while (i < n) {
    const k = unitStart(time[i] - 1, unit);
    const end = nextStart(k);
    let lo = i;
    let hi = i;
    let dlo = i;
    let dhi = i;
    const first = i;
    for (i++; i < n && time[i] - 1 < end; i++) {
      if (equity[i] < equity[lo]) lo = i;
      if (equity[i] > equity[hi]) hi = i;
      if (drawdown[i] < drawdown[dlo]) dlo = i;
      if (drawdown[i] > drawdown[dhi]) dhi = i;
    }
    const last = i - 1;
    u.start.push(k);
    u.tFirst.push(time[first]);
    u.vFirst.push(equity[first]);
    u.tLast.push(time[last]);
    u.vLast.push(equity[last]);
    u.tMin.push(time[lo]);
    u.vMin.push(equity[lo]);
    u.tMax.push(time[hi]);
    u.vMax.push(equity[hi]);
    u.tdMin.push(time[dlo]);
    u.dMin.push(drawdown[dlo]);
    u.tdMax.push(time[dhi]);
    u.dMax.push(drawdown[dhi]);
  }
  return u;
}

/** Writes equity-units.parquet for a run (columns: strategy_id, unit_ms, then the EquityUnits fields). */
export async function writeEquityUnits(conn: DuckDBConnection, path: string, result: BacktestResult): Promise<void> {
  const parts = result.strategies.filter((s) => s.equity !== null).map((s) => ({ id: s.id, e: s.equity! }));
  parts.push({ id: '__portfolio__', e: result.portfolioEquity });
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of parts) {
    if (p.e.time.length === 0) continue;
    lo = Math.min(lo, p.e.time[0]);
    hi = Math.max(hi, p.e.time[p.e.time.length - 1]);
  }
  const unit = unitFor(Number.isFinite(hi - lo) ? Math.max(1, hi - lo) : 1, STORED_UNITS);
  const units = parts.map((p) => aggregateUnits(p.e, unit));
  const rows = units.reduce((a, u) => a + u.start.length, 0);
  const ids: string[] = new Array(rows);
  const cols = Object.fromEntries(UNIT_FIELDS.map((f) => [f, new Float64Array(rows)])) as Record<keyof EquityUnits, Float64Array>;
  let at = 0;
  units.forEach((u, i) => {
    for (const f of UNIT_FIELDS) cols[f].set(u[f], at);
    ids.fill(parts[i].id, at, at + u.start.length);
    at += u.start.length;
  });
  const columns: TableColumn[] = [
    { name: 'strategy_id', kind: 'string', values: ids },
    { name: 'unit_ms', kind: 'number', values: new Float64Array(rows).fill(unit) },
    ...UNIT_FIELDS.map((f): TableColumn => ({ name: f, kind: 'number', values: cols[f] })),
  ];
  await writeTableWith(conn, path, 'parquet', columns);
}
