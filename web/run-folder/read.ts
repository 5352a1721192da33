import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../../data/duck-scratch.ts';
import { ISO_MS_FORMAT } from '../../data/table-file.ts';
import type { MetricsDocument } from '../../backtest/records/manifest.ts';
import { emptyUnits, MONTH_UNIT, UNIT_FIELDS, unitFor, type EquityUnits } from '../../backtest/records/equity-units.ts';
import { m4, type Line } from './m4.ts';
import { displayPriceRows } from '../../backtest/records/price-display-read.ts';
import { readMetricsDocument } from '../../backtest/records/strategy-summaries.ts';

/**
 * Readers of a run folder (see backtest/records/run-files.ts and backtest/records/manifest.ts): the JSON documents directly, the Parquet tables
 * through DuckDB so big runs are aggregated in SQL instead of being loaded row by row into JS.
 */

export type { ManifestStrategy, MetricsDocument, RunManifest } from '../../backtest/records/manifest.ts';
/** One strategy's entry in metrics.json. */
export type MetricsEntry = MetricsDocument['strategies'][number];

export const PORTFOLIO_ID = '__portfolio__';

/** manifest.json of a run folder (strategies default to none: sweep and walk-forward runs list a base strategy). */
export { readManifest } from '../../backtest/records/manifest.ts';

/** metrics.json with every strategy's summary (from strategies.jsonl when the run has more than metrics.json lists). */
export function readMetrics(dir: string): MetricsDocument {
  return readMetricsDocument(dir);
}

export function hasTable(dir: string, name: string): boolean {
  return existsSync(join(dir, name));
}

const pq = (dir: string, name: string) => `read_parquet(${sqlString(join(dir, name))})`;

/** Column names of a Parquet file. */
export async function parquetColumns(conn: DuckDBConnection, dir: string, name: string): Promise<{ name: string; type: string }[]> {
  const r = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${pq(dir, name)}`);
  return r.getRows().map((row) => ({ name: String(row[0]), type: String(row[1]) }));
}

export interface TradesQuery {
  strategy?: string;
  limit?: number;
  offset?: number;
}

/** Rows of trades.parquet (times as ISO 8601), in engine order, with the total count. */
export async function readTrades(conn: DuckDBConnection, dir: string, q: TradesQuery = {}): Promise<{ total: number; rows: Record<string, unknown>[] }> {
  if (!hasTable(dir, 'trades.parquet')) return { total: 0, rows: [] };
  const where = q.strategy ? `WHERE strategy_id = ${sqlString(q.strategy)}` : '';
  const limit = Math.max(0, Math.min(q.limit ?? 1000, 100_000));
  const offset = Math.max(0, q.offset ?? 0);
  const count = await conn.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${pq(dir, 'trades.parquet')} ${where}`);
  const total = count.getRows()[0][0] as number;
  const r = await conn.runAndReadAll(
    `SELECT * REPLACE (strftime(entry_time AT TIME ZONE 'UTC', '${ISO_MS_FORMAT}') AS entry_time, strftime(exit_time AT TIME ZONE 'UTC', '${ISO_MS_FORMAT}') AS exit_time)
     FROM read_parquet(${sqlString(join(dir, 'trades.parquet'))}, file_row_number = true) ${where} ORDER BY file_row_number LIMIT ${limit} OFFSET ${offset}`,
  );
  const rows = (r.getRowObjectsJson() as Record<string, unknown>[]).map(({ file_row_number: _n, ...rest }) => ({
    ...rest,
    quantity: Number(rest.quantity),
    entry_price: Number(rest.entry_price),
    exit_price: Number(rest.exit_price),
    pnl: Number(rest.pnl),
    return: Number(rest.return),
    fees: Number(rest.fees),
    // Run folders written before these columns existed have neither.
    ...(rest.funding === undefined ? {} : { funding: Number(rest.funding), borrow_cost: Number(rest.borrow_cost) }),
  }));
  return { total, rows };
}

export interface EquityLines {
  id: string;
  equity: Line;
  drawdown: Line;
}

export type { EquityUnits };
export { unitFor };

/**
 * Per strategy and time unit, the M4 aggregates of equity and the extremes of drawdown. Both the display lines
 * (merged into buckets) and the exact monthly returns (from each unit's last equity; units nest in months)
 * come from it. Read from equity-units.parquet when the run folder has it at a fine enough unit (a few thousand
 * rows), else computed in one pass over equity.parquet.
 */
export async function readEquityUnits(conn: DuckDBConnection, dir: string, buckets: number, only?: readonly string[]): Promise<Map<string, EquityUnits>> {
  const stored = await readStoredUnits(conn, dir, buckets, only);
  if (stored) return stored;
  const out = new Map<string, EquityUnits>();
  if (!hasTable(dir, 'equity.parquet')) return out;
  const src = pq(dir, 'equity.parquet');
  const filter = only && only.length ? `WHERE strategy_id IN (${only.map(sqlString).join(', ')})` : '';
  const bounds = (await conn.runAndReadAll(`SELECT epoch_ms(min(time))::DOUBLE, epoch_ms(max(time))::DOUBLE FROM ${src} ${filter}`)).getRows()[0] as (number | null)[];
  if (bounds[0] === null || bounds[1] === null) return out;
  const unit = unitFor(Math.max(1, bounds[1] - bounds[0]), buckets);
  const r = await conn.runAndReadAll(`
    SELECT g, ${unitStartSql('t - 1', unit)} AS k, min(t)::DOUBLE, arg_min(v, t), max(t)::DOUBLE, arg_max(v, t), arg_min(t, v)::DOUBLE, min(v), arg_max(t, v)::DOUBLE, max(v),
           arg_min(t, d)::DOUBLE, min(d), arg_max(t, d)::DOUBLE, max(d)
    FROM (SELECT strategy_id AS g, epoch_ms(time) AS t, equity AS v, drawdown AS d FROM ${src} ${filter})
    GROUP BY ALL ORDER BY g, k`);
  collectUnits(r.getRows(), out);
  return out;
}

/** SQL for unitStart (backtest/records/equity-units.ts) of an epoch-ms expression. */
function unitStartSql(t: string, unit: number): string {
  return unit === MONTH_UNIT ? `epoch_ms(date_trunc('month', make_timestamp((${t})::BIGINT * 1000)))::DOUBLE` : `((${t}) // ${unit})::DOUBLE * ${unit}`;
}

function collectUnits(rows: unknown[][], out: Map<string, EquityUnits>): void {
  for (const row of rows) {
    const g = String(row[0]);
    let u = out.get(g);
    if (!u) out.set(g, (u = emptyUnits()));
    for (let i = 0; i < UNIT_FIELDS.length; i++) u[UNIT_FIELDS[i]].push(Number(row[i + 1]));
  }
}

/** equity-units.parquet, if present and fine enough for `buckets` over every series' span. */
async function readStoredUnits(conn: DuckDBConnection, dir: string, buckets: number, only?: readonly string[]): Promise<Map<string, EquityUnits> | null> {
  if (!hasTable(dir, 'equity-units.parquet')) return null;
  const filter = only && only.length ? `WHERE strategy_id IN (${only.map(sqlString).join(', ')})` : '';
  try {
    const r = await conn.runAndReadAll(`SELECT strategy_id, ${UNIT_FIELDS.map((f) => `${f}::DOUBLE`).join(', ')}, unit_ms::DOUBLE FROM ${pq(dir, 'equity-units.parquet')} ${filter} ORDER BY strategy_id, start`);
    const rows = r.getRows();
    if (rows.length === 0) return new Map();
    const unit = Number(rows[0][UNIT_FIELDS.length + 1]);
    const out = new Map<string, EquityUnits>();
    collectUnits(rows, out);
    for (const u of out.values()) {
      const span = u.tLast[u.tLast.length - 1] - u.tFirst[0];
      if (unit > unitFor(Math.max(1, span), buckets)) return null; // asked for more detail than stored
    }
    return out;
  } catch {
    return null; // unreadable or another layout: the full table answers
  }
}

/** Merges units into about `buckets` time buckets: equity keeps first, last, min and max of each; drawdown its extremes. */
export function unitsToLines(u: EquityUnits, buckets: number): { equity: Line; drawdown: Line } {
  const equity: Line = { t: [], v: [] };
  const drawdown: Line = { t: [], v: [] };
  const n = u.start.length;
  if (n === 0) return { equity, drawdown };
  const t0 = u.tFirst[0];
  const span = Math.max(1, u.tLast[n - 1] - t0);
  const push = (line: Line, pts: [number, number][]) => {
    pts.sort((a, b) => a[0] - b[0]);
    for (const [t, v] of pts) {
      if (line.t.length && line.t[line.t.length - 1] === t) continue;
      line.t.push(t);
      line.v.push(v);
    }
  };
  let i = 0;
  while (i < n) {
    const b = Math.min(Math.floor(((u.tFirst[i] - t0) * buckets) / span), buckets - 1);
    const first = i;
    let lo = i;
    let hi = i;
    let dlo = i;
    let dhi = i;
    for (i++; i < n && Math.min(Math.floor(((u.tFirst[i] - t0) * buckets) / span), buckets - 1) === b; i++) {
      if (u.vMin[i] < u.vMin[lo]) lo = i;
      if (u.vMax[i] > u.vMax[hi]) hi = i;
      if (u.dMin[i] < u.dMin[dlo]) dlo = i;
      if (u.dMax[i] > u.dMax[dhi]) dhi = i;
    }
    const last = i - 1;
    push(equity, [
      [u.tFirst[first], u.vFirst[first]],
      [u.tMin[lo], u.vMin[lo]],
      [u.tMax[hi], u.vMax[hi]],
      [u.tLast[last], u.vLast[last]],
    ]);
    push(drawdown, [
      [u.tdMin[dlo], u.dMin[dlo]],
      [u.tdMax[dhi], u.dMax[dhi]],
    ]);
  }
  return { equity, drawdown };
}

/** Every strategy's (and the portfolio's) equity and drawdown, downsampled to about `points` points per line (min/max of each bucket kept). */
export async function readEquity(conn: DuckDBConnection, dir: string, points = 2000, only?: readonly string[]): Promise<EquityLines[]> {
  const buckets = Math.max(1, Math.floor(points / 4));
  const units = await readEquityUnits(conn, dir, buckets, only);
  return [...units.entries()].map(([id, u]) => ({ id, ...unitsToLines(u, buckets) }));
}

/**
 * Calendar-month returns (UTC) from month-end equity; the first month against the starting capital (or first
 * equity). Equity is stamped at candle close times, so a unit is dated by its last point less 1 ms: the close of
 * the year's last candle (00:00 on 1 January) ends December and makes no January of its own.
 */
export function monthlyFromUnits(id: string, u: EquityUnits, capital: number | undefined): MonthlyReturn[] {
  const out: MonthlyReturn[] = [];
  let prev = capital ?? u.vFirst[0];
  const dateOf = (i: number) => new Date(u.tLast[i] - 1);
  for (let i = 0; i < u.start.length; i++) {
    const d = dateOf(i);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const next = i + 1 < u.start.length ? dateOf(i + 1) : null;
    const monthEnds = next === null || next.getUTCFullYear() !== y || next.getUTCMonth() + 1 !== m;
    if (!monthEnds) continue;
    const last = u.vLast[i];
    if (prev > 0) out.push({ id, year: y, month: m, value: last / prev - 1 });
    prev = last;
  }
  return out;
}

export interface PriceLine {
  symbol: string;
  timeframe: string;
  close: Line;
}

/** Close prices per series from the run's display prices (their overview view), M4-downsampled (time = candle close time). */
export async function readPrices(conn: DuckDBConnection, dir: string, points = 2000): Promise<PriceLine[]> {
  const rows = displayPriceRows(dir, 'overview');
  if (rows === null) return [];
  const rel = `SELECT symbol || '|' || timeframe AS g, epoch_ms(close_time)::DOUBLE AS t, close FROM ${rows}`;
  const lines = await m4(conn, rel, ['close'], Math.max(1, Math.floor(points / 4)));
  return [...lines.entries()].map(([g, [close]]) => {
    const [symbol, timeframe] = g.split('|');
    return { symbol, timeframe, close };
  });
}

export interface SignalPoint {
  t: number;
  strategyId: string;
  symbol: string;
  action: string;
  price: number;
  reason: string;
}

/**
 * Buy/sell/exit signals for marking on price charts. Past `perStrategy` signals per strategy and action, the
 * first signal of each time bucket is kept, so a dense run still shows where it traded without 100k marks.
 */
export async function readSignals(conn: DuckDBConnection, dir: string, perStrategy = 600): Promise<{ points: SignalPoint[]; total: number }> {
  if (!hasTable(dir, 'signals.parquet')) return { points: [], total: 0 };
  const b = Math.max(1, perStrategy);
  const r = await conn.runAndReadAll(`
    WITH s AS (SELECT epoch_ms(time)::DOUBLE AS t, strategy_id, symbol, action, price, reason FROM ${pq(dir, 'signals.parquet')} WHERE action <> 'HOLD'),
    r AS (SELECT strategy_id, action, min(t) AS t0, max(t) AS t1, count(*) AS n FROM s GROUP BY ALL),
    k AS (SELECT s.*, r.n, CASE WHEN r.n <= ${b} THEN row_number() OVER (PARTITION BY s.strategy_id, s.action ORDER BY s.t)
                               ELSE least(floor((s.t - r.t0) * ${b} / greatest(r.t1 - r.t0, 1)), ${b - 1}) END AS bucket
          FROM s JOIN r ON s.strategy_id = r.strategy_id AND s.action = r.action)
    SELECT t, strategy_id, symbol, action, price, reason FROM k
    QUALIFY row_number() OVER (PARTITION BY strategy_id, action, bucket ORDER BY t) = 1
    ORDER BY t, strategy_id`);
  const count = await conn.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${pq(dir, 'signals.parquet')}`);
  const points = r.getRows().map((row) => ({ t: row[0] as number, strategyId: String(row[1]), symbol: String(row[2]), action: String(row[3]), price: row[4] as number, reason: String(row[5]) }));
  return { points, total: count.getRows()[0][0] as number };
}

export interface MonthlyReturn {
  id: string;
  year: number;
  month: number;
  value: number;
}

export interface ReturnHistogram {
  /** Bin edges (fractions), bins+1 of them. */
  edges: number[];
  /** strategy id -> count per bin. */
  counts: Map<string, number[]>;
  total: number;
}

/** Histogram of closed-trade returns (fractions), shared bins across strategies, computed in SQL. */
export async function readTradeHistogram(conn: DuckDBConnection, dir: string, bins = 40): Promise<ReturnHistogram | null> {
  if (!hasTable(dir, 'trades.parquet')) return null;
  const src = pq(dir, 'trades.parquet');
  const range = (await conn.runAndReadAll(`SELECT min("return"), max("return"), count(*)::DOUBLE FROM ${src} WHERE isfinite("return")`)).getRows()[0];
  const total = range[2] as number;
  if (total === 0) return null;
  let lo = range[0] as number;
  let hi = range[1] as number;
  if (hi - lo < 1e-9) {
    lo -= 0.005;
    hi += 0.005;
  }
  const width = (hi - lo) / bins;
  const r = await conn.runAndReadAll(
    `SELECT strategy_id, least(floor(("return" - ${lo}) / ${width}), ${bins - 1})::DOUBLE AS b, count(*)::DOUBLE FROM ${src} WHERE isfinite("return") GROUP BY ALL ORDER BY 1, 2`,
  );
  const counts = new Map<string, number[]>();
  for (const row of r.getRows()) {
    const id = String(row[0]);
    let c = counts.get(id);
    if (!c) counts.set(id, (c = new Array(bins).fill(0)));
    c[row[1] as number] = row[2] as number;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * width), counts, total };
}

export interface SweepTable {
  columns: string[];
  params: string[];
  metrics: string[];
  rows: Record<string, number | string | null>[];
}

/** Metric column names a sweep may carry (anything else numeric with few distinct values is taken as a parameter). */
const METRIC_NAMES = /^(metric[._]|m[._])|(return|sharpe|sortino|calmar|drawdown|dd|win_?rate|trades|profit|expectancy|cagr|equity|exposure|fees|pnl|score|objective|bars)/i;
const PARAM_NAMES = /^(param[s]?[._]|p[._])/i;
const NOT_DATA = /^(combination|combo|combination_index|combo_index|index|idx|i|id|run|rank|status|reason|error|strategy_id|name)$/i;

/**
 * sweep.parquet read generically: combination index, parameter columns and metric columns. Parameters are the
 * ones the manifest lists (`params[].path`) when it does; otherwise told apart by name (`param.*`/`p_*` are
 * parameters; known metric words are metrics) and, failing that, by the number of distinct values (a
 * parameter grid repeats values). Rows whose `status` is not `ok` are left out.
 */
export async function readSweep(conn: DuckDBConnection, dir: string, knownParams: readonly string[] = [], maxRows = 20_000): Promise<SweepTable | null> {
  if (!hasTable(dir, 'sweep.parquet')) return null;
  const cols = await parquetColumns(conn, dir, 'sweep.parquet');
  const src = pq(dir, 'sweep.parquet');
  const hasStatus = cols.some((c) => c.name === 'status');
  const r = await conn.runAndReadAll(`SELECT * FROM ${src} ${hasStatus ? "WHERE status = 'ok'" : ''} LIMIT ${maxRows}`);
  const rows = (r.getRowObjectsJson() as Record<string, unknown>[]).map((row) => {
    const o: Record<string, number | string | null> = {};
    for (const [k, v] of Object.entries(row)) o[k] = v === null ? null : typeof v === 'number' ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : typeof v === 'boolean' ? String(v) : (v as string);
    return o;
  });
  const names = cols.map((c) => c.name);
  const params: string[] = [];
  const metrics: string[] = [];
  const known = new Set(knownParams.filter((p) => names.includes(p)));
  for (const c of cols) {
    if (NOT_DATA.test(c.name)) continue;
    const numeric = /INT|DOUBLE|FLOAT|DECIMAL|BIGINT|REAL/i.test(c.type);
    if (known.size > 0) {
      if (known.has(c.name)) params.push(c.name);
      else if (numeric) metrics.push(c.name);
      continue;
    }
    const distinct = new Set(rows.map((row) => row[c.name])).size;
    if (PARAM_NAMES.test(c.name)) params.push(c.name);
    else if (numeric && METRIC_NAMES.test(c.name)) metrics.push(c.name);
    else if (distinct <= Math.max(2, Math.min(50, rows.length / 2))) params.push(c.name);
    else if (numeric) metrics.push(c.name);
  }
  return { columns: names, params, metrics, rows };
}

/** Per-period attribution rows of one kind, as the report draws them (strategy contributions, portfolio row left out). */
export interface AttributionPeriods {
  period: string;
  rows: { period: string; id: string; value: number }[];
}

/**
 * attribution.parquet (backtest/records/analytics-files.ts): the finest period kind with 2 to `maxPeriods`
 * periods, or null when the folder has no such file (older folders keep the periods in metrics.json).
 */
export async function readAttributionPeriods(conn: DuckDBConnection, dir: string, maxPeriods = 60): Promise<AttributionPeriods | null> {
  if (!hasTable(dir, 'attribution.parquet')) return null;
  const src = pq(dir, 'attribution.parquet');
  const counts = await conn.runAndReadAll(`SELECT kind, count(DISTINCT period)::DOUBLE FROM ${src} GROUP BY kind`);
  const n = new Map(counts.getRows().map((r) => [String(r[0]), Number(r[1])]));
  const kind = ['day', 'week', 'month'].find((k) => (n.get(k) ?? 0) >= 2 && (n.get(k) ?? 0) <= maxPeriods);
  if (!kind) return null;
  const r = await conn.runAndReadAll(`SELECT period, strategy_id, value FROM read_parquet(${sqlString(join(dir, 'attribution.parquet'))}, file_row_number = true) WHERE kind = ${sqlString(kind)} AND strategy_id <> ${sqlString(PORTFOLIO_ID)} AND isfinite(value) ORDER BY file_row_number`);
  const rows = r.getRows().map((x) => ({ period: String(x[0]), id: String(x[1]), value: Number(x[2]) }));
  return rows.length ? { period: kind, rows } : null;
}
