import { join } from 'node:path';
import type { AttributionPeriod, PortfolioAnalytics } from '../../engine/portfolio/analytics.ts';
import { writeTable, type TableColumn } from '../../data/table-file.ts';

/**
 * The portfolio analytics' time series, which grow with the run, go to Parquet beside metrics.json so that
 * metrics.json stays a summary of bounded size:
 * - attribution.parquet: one row per (kind, period, strategy): kind `day` | `week` | `month`, period label,
 *   end (the period's last sample, UTC), strategy_id (`__portfolio__` for the portfolio's own return) and value
 *   (the contribution c_i, or the portfolio return R; engine/portfolio/analytics.ts defines both);
 * - correlation.parquet: the rolling correlation, one row per (pair, period): label, a, b, value (null while the
 *   window is not full).
 * metrics.json keeps the totals, the matrix and the flagged pairs, and names these files.
 */
export const ATTRIBUTION_FILE = 'attribution.parquet';
export const CORRELATION_FILE = 'correlation.parquet';
export const PORTFOLIO_ROW = '__portfolio__';

const KINDS = ['day', 'week', 'month'] as const;

/** The attribution rows of every period kind, columnar. */
export function attributionColumns(a: PortfolioAnalytics['attribution']): TableColumn[] {
  const kind: string[] = [];
  const period: string[] = [];
  const end: number[] = [];
  const id: string[] = [];
  const value: number[] = [];
  const push = (k: string, p: AttributionPeriod, s: string, v: number) => {
    kind.push(k);
    period.push(p.period);
    end.push(Date.parse(p.end));
    id.push(s);
    value.push(v);
  };
  for (const k of KINDS) {
    for (const p of a[k]) {
      push(k, p, PORTFOLIO_ROW, p.portfolioReturn);
      for (const [s, v] of Object.entries(p.contributions)) push(k, p, s, v);
    }
  }
  return [
    { name: 'kind', kind: 'string', values: kind },
    { name: 'period', kind: 'string', values: period },
    { name: 'end', kind: 'time', values: end },
    { name: 'strategy_id', kind: 'string', values: id },
    { name: 'value', kind: 'number', values: value },
  ];
}

/** The rolling correlation of every pair, one row per pair and period. */
export function correlationColumns(c: PortfolioAnalytics['correlation']): TableColumn[] {
  const label: string[] = [];
  const a: string[] = [];
  const b: string[] = [];
  const value: (number | null)[] = [];
  for (const p of c.rolling.pairs) {
    for (let k = 0; k < p.values.length; k++) {
      label.push(c.rolling.labels[k]);
      a.push(p.a);
      b.push(p.b);
      value.push(p.values[k]);
    }
  }
  return [
    { name: 'label', kind: 'string', values: label },
    { name: 'a', kind: 'string', values: a },
    { name: 'b', kind: 'string', values: b },
    // null (window not full) is written as SQL NULL
    { name: 'value', kind: 'number', values: value as ArrayLike<number> },
  ];
}

/** metrics.json's `portfolio.analytics`: the summaries, with the time series replaced by the files that hold them. */
export function analyticsSummary(a: PortfolioAnalytics): unknown {
  const { rolling, ...correlation } = a.correlation;
  return {
    ...a,
    attribution: { total: a.attribution.total, file: ATTRIBUTION_FILE, periods: { day: a.attribution.day.length, week: a.attribution.week.length, month: a.attribution.month.length } },
    correlation: { ...correlation, rolling: { window: rolling.window, periods: rolling.labels.length, pairs: rolling.pairs.map((p) => ({ a: p.a, b: p.b })), file: CORRELATION_FILE } },
  };
}

/** Writes attribution.parquet and correlation.parquet into `dir`; returns their names. */
export async function writeAnalyticsFiles(dir: string, a: PortfolioAnalytics): Promise<string[]> {
  await writeTable(join(dir, ATTRIBUTION_FILE), 'parquet', attributionColumns(a.attribution));
  await writeTable(join(dir, CORRELATION_FILE), 'parquet', correlationColumns(a.correlation));
  return [ATTRIBUTION_FILE, CORRELATION_FILE];
}
