import type { TableColumn } from '../../data/table-file.ts';
import { MAX_ENUM, writeTableWith } from '../../data/table-file.ts';
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

/** One unit of a curve: its start and the indices of its first, last, lowest and highest points. */
type UnitSink = (start: number, first: number, last: number, lo: number, hi: number, dlo: number, dhi: number) => void;

/**
 * Walks one time-ordered curve by `unit` (one pass, no allocation per point), handing each unit to `sink`.
 * Equity is stamped at bar close times, so a point belongs to the unit holding the instant before it (as
 * engine/portfolio/periods.ts dates periods): the close at 00:00 on the 1st is the last point of the month it ends.
 */
function eachUnit(s: EquitySeries, unit: number, sink: UnitSink): void {
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
    sink(k, first, i - 1, lo, hi, dlo, dhi);
  }
}

/** The values of one unit, in UNIT_FIELDS order. */
function unitValues(s: EquitySeries, k: number, first: number, last: number, lo: number, hi: number, dlo: number, dhi: number): number[] {
  const { time: t, equity: v, drawdown: d } = s;
  return [k, t[first], v[first], t[last], v[last], t[lo], v[lo], t[hi], v[hi], t[dlo], d[dlo], t[dhi], d[dhi]];
}

/** Aggregates one time-ordered curve by `unit` (see eachUnit). */
export function aggregateUnits(s: EquitySeries, unit: number): EquityUnits {
  const u = emptyUnits();
  eachUnit(s, unit, (...at) => unitValues(s, ...at).forEach((x, f) => u[UNIT_FIELDS[f]].push(x)));
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
  // Counted first, then written straight into the columns: no per-strategy arrays held for a whole fleet.
  const counts = parts.map((p) => {
    let n = 0;
    eachUnit(p.e, unit, () => n++);
    return n;
  });
  const rows = counts.reduce((a, n) => a + n, 0);
  const cols = UNIT_FIELDS.map(() => new Float64Array(rows));
  const codes = parts.length <= MAX_ENUM ? new Uint16Array(rows) : new Uint32Array(rows);
  let at = 0;
  parts.forEach((p, i) => {
    eachUnit(p.e, unit, (...unitAt) => {
      unitValues(p.e, ...unitAt).forEach((x, f) => (cols[f][at] = x));
      at++;
    });
    codes.fill(i, at - counts[i], at);
  });
  const columns: TableColumn[] = [
    { name: 'strategy_id', kind: 'enum', dictionary: parts.map((p) => p.id), values: codes },
    { name: 'unit_ms', kind: 'number', values: new Float64Array(rows).fill(unit) },
    ...UNIT_FIELDS.map((f, k): TableColumn => ({ name: f, kind: 'number', values: cols[k] })),
  ];
  await writeTableWith(conn, path, 'parquet', columns);
}
