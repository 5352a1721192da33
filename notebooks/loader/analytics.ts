import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PORTFOLIO_ROW } from '../../backtest/records/analytics-files.ts';
import { sqlString as sql } from '../../data/duck-scratch.ts';
import { queryRows, type Row } from './duck.ts';

/** Period kinds longer than this are left out of attribution.json (100,000 daily periods would make it tens of MB). */
const MAX_PERIODS = 10_000;

/** attribution.json: per kind, period and strategy (`__portfolio__` for the portfolio return) the contribution. */
export interface AttributionData {
  /** Where the rows came from: attribution.parquet, an older folder's metrics.json, or nothing. */
  source: 'attribution.parquet' | 'metrics.json' | null;
  /** Kinds left out because they have more than MAX_PERIODS periods. */
  omitted: string[];
  rows: { kind: string; period: string; end: number; strategy_id: string; value: number }[];
}

/** correlation.json: the rolling correlation of each pair, one row per period. */
export interface RollingCorrelationData {
  source: 'correlation.parquet' | 'metrics.json' | null;
  window: number | null;
  rows: { label: string; a: string; b: string; value: number | null }[];
}

export interface OldAnalytics {
  attribution?: Record<string, { period: string; end: string; portfolioReturn: number; contributions: Record<string, number> }[] | unknown>;
  correlation?: { rolling?: { window?: number; labels?: string[]; pairs?: { a: string; b: string; values?: (number | null)[] }[] }; [k: string]: unknown };
}

/** The run's per-period attribution, from attribution.parquet or (older folders) metrics.json. */
export async function attributionData(dir: string, analytics: OldAnalytics | undefined): Promise<AttributionData> {
  const file = join(dir, 'attribution.parquet');
  if (existsSync(file)) {
    const counts = await queryRows(`SELECT kind, count(DISTINCT period)::DOUBLE AS n FROM read_parquet(${sql(file)}) GROUP BY kind ORDER BY kind`);
    const omitted = counts.filter((c) => (c.n as number) > MAX_PERIODS).map((c) => String(c.kind));
    const keep = counts.filter((c) => !omitted.includes(String(c.kind))).map((c) => sql(String(c.kind)));
    const rows = keep.length
      ? await queryRows(`SELECT kind, period, epoch_ms("end")::DOUBLE AS "end", strategy_id, value FROM read_parquet(${sql(file)}, file_row_number = true) WHERE kind IN (${keep.join(', ')}) ORDER BY file_row_number`)
      : [];
    return { source: 'attribution.parquet', omitted, rows: rows as AttributionData['rows'] };
  }
  const out: AttributionData = { source: null, omitted: [], rows: [] };
  for (const kind of ['day', 'week', 'month']) {
    const list = analytics?.attribution?.[kind];
    if (!Array.isArray(list)) continue;
    out.source = 'metrics.json';
    for (const p of list as { period: string; end: string; portfolioReturn: number; contributions: Record<string, number> }[]) {
      out.rows.push({ kind, period: p.period, end: Date.parse(p.end), strategy_id: PORTFOLIO_ROW, value: p.portfolioReturn });
      for (const [id, v] of Object.entries(p.contributions)) out.rows.push({ kind, period: p.period, end: Date.parse(p.end), strategy_id: id, value: v });
    }
  }
  return out;
}

/** The run's rolling correlation, from correlation.parquet or (older folders) metrics.json. */
export async function rollingCorrelationData(dir: string, analytics: OldAnalytics | undefined): Promise<RollingCorrelationData> {
  const window = analytics?.correlation?.rolling?.window ?? null;
  const file = join(dir, 'correlation.parquet');
  if (existsSync(file)) {
    const rows: Row[] = await queryRows(`SELECT label, a, b, value FROM read_parquet(${sql(file)}, file_row_number = true) ORDER BY file_row_number`);
    return { source: 'correlation.parquet', window, rows: rows as RollingCorrelationData['rows'] };
  }
  const r = analytics?.correlation?.rolling;
  if (!r?.labels || !r.pairs?.every((p) => Array.isArray(p.values))) return { source: null, window, rows: [] };
  const rows = r.pairs.flatMap((p) => r.labels!.map((label, k) => ({ label, a: p.a, b: p.b, value: p.values![k] ?? null })));
  return { source: 'metrics.json', window, rows };
}
