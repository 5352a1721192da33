import { join } from 'node:path';
import type { PortfolioAnalytics } from '../../engine/portfolio/analytics.ts';
import { MAX_ENUM, writeTableWith, type TableColumn } from '../../data/table-file.ts';
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The portfolio analytics' time series, which grow with the run, go to Parquet beside metrics.json so that
 * metrics.json stays a summary of bounded size:
 * - attribution.parquet: one row per (kind, period, strategy): kind `day` | `week` | `month`, period label,
 *   end (the period's last sample, UTC), strategy_id (`__portfolio__` for the portfolio's own return) and value
 *   (the contribution c_i, or the portfolio return R; engine/portfolio/analytics.ts defines both);
 * - correlation.parquet: the rolling correlation, one row per (pair, period): label, a, b, value (null while the
 *   window is not full).
 * - correlation-matrix.parquet, above MATRIX_IN_SUMMARY strategies: the correlation of every pair (a, b, value;
 *   a before b in run order), which metrics.json then leaves out.
 * metrics.json keeps the totals, the matrix up to MATRIX_IN_SUMMARY strategies, the FLAGGED_IN_SUMMARY most
 * correlated flagged pairs with the count of all, and names these files: its size does not grow with the run's
 * length, and grows with the strategy count only by the per-strategy summaries.
 */
export const ATTRIBUTION_FILE = 'attribution.parquet';
export const CORRELATION_FILE = 'correlation.parquet';
export const CORRELATION_MATRIX_FILE = 'correlation-matrix.parquet';
export const PORTFOLIO_ROW = '__portfolio__';

/** Strategies up to which metrics.json holds the whole correlation matrix (400 values); above, its file does. */
export const MATRIX_IN_SUMMARY = 20;
/** Flagged (most correlated) pairs metrics.json lists; the count says how many there are. */
export const FLAGGED_IN_SUMMARY = 50;

const matrixInFile = (c: PortfolioAnalytics['correlation']) => c.ids.length > MATRIX_IN_SUMMARY;

const KINDS = ['day', 'week', 'month'] as const;

/** strftime formats that print the labels engine/portfolio/periods.ts makes, from the label's own UTC time. */
const LABEL_FORMATS: readonly [RegExp, string][] = [
  [/^[1-9]\d{3}-\d{2}-\d{2}$/, '%Y-%m-%d'],
  [/^[1-9]\d{3}-\d{2}$/, '%Y-%m'],
  [/^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:00Z$/, '%Y-%m-%dT%H:00Z'],
];

/**
 * A column of period labels, row r holding `labels[index[r]]`: handed to DuckDB as times it formats back into the
 * same labels when every label has one of the known shapes (each label must read back exactly), with a format
 * code per row when the shapes are mixed (days and months in one column); else as strings.
 */
export function periodLabelColumn(name: string, labels: readonly string[], index: ArrayLike<number>): TableColumn {
  const times = labels.map((l) => Date.parse(l));
  const shapes = labels.map((l, k) => {
    const s = LABEL_FORMATS.findIndex(([re]) => re.test(l));
    return s >= 0 && Number.isFinite(times[k]) && new Date(times[k]).toISOString().startsWith(l.replace(/Z$/, '')) ? s : -1;
  });
  if (labels.length > 0 && shapes.every((s) => s >= 0)) {
    const values = new Float64Array(index.length);
    for (let r = 0; r < index.length; r++) values[r] = times[index[r]];
    const used = [...new Set(shapes)].sort((a, b) => a - b);
    if (used.length === 1) return { name, kind: 'label', values, format: LABEL_FORMATS[used[0]][1] };
    const labelCode = shapes.map((s) => used.indexOf(s));
    const codes = new Uint8Array(index.length);
    for (let r = 0; r < index.length; r++) codes[r] = labelCode[index[r]];
    return { name, kind: 'label', values, format: { formats: used.map((s) => LABEL_FORMATS[s][1]), codes } };
  }
  const values: string[] = new Array(index.length);
  for (let r = 0; r < index.length; r++) values[r] = labels[index[r]];
  return { name, kind: 'string', values };
}

/** The attribution rows of every period kind, columnar. */
export function attributionColumns(a: PortfolioAnalytics['attribution']): TableColumn[] {
  const periods = KINDS.flatMap((k) => a[k].map((p) => ({ kind: k, p })));
  const rows = periods.reduce((n, { p }) => n + 1 + Object.keys(p.contributions).length, 0);
  const kind: string[] = new Array(rows);
  const label = new Float64Array(rows);
  const end = new Float64Array(rows);
  const id: string[] = new Array(rows);
  const value = new Float64Array(rows);
  let r = 0;
  periods.forEach(({ kind: k, p }, pi) => {
    const t = Date.parse(p.end);
    const entries = Object.entries(p.contributions);
    for (let j = 0; j <= entries.length; j++, r++) {
      kind[r] = k;
      label[r] = pi;
      end[r] = t;
      id[r] = j === 0 ? PORTFOLIO_ROW : entries[j - 1][0];
      value[r] = j === 0 ? p.portfolioReturn : entries[j - 1][1];
    }
  });
  return [
    { name: 'kind', kind: 'string', values: kind },
    periodLabelColumn('period', periods.map(({ p }) => p.period), label),
    { name: 'end', kind: 'time', values: end },
    { name: 'strategy_id', kind: 'string', values: id },
    { name: 'value', kind: 'number', values: value },
  ];
}

/** Rolling correlation points written per pair: a display's width, whatever the run's length. */
export const CORRELATION_POINTS = 2_000;

/** Every how many periods the rolling correlation is written: 1 up to CORRELATION_POINTS periods, then coarser. */
export const correlationStride = (periods: number) => Math.max(1, Math.ceil(periods / CORRELATION_POINTS));

/**
 * The rolling correlation of every pair, one row per pair and written period: every `correlationStride`-th
 * period counted back from the last, so the newest value is always there.
 */
export function correlationColumns(c: PortfolioAnalytics['correlation']): TableColumn[] {
  const { labels, pairs } = c.rolling;
  const every = correlationStride(labels.length);
  const kept: number[] = [];
  for (let i = (labels.length - 1) % every; i < labels.length; i += every) kept.push(i);
  const rows = pairs.length * kept.length;
  const label = new Float64Array(rows);
  const a: string[] = new Array(rows);
  const b: string[] = new Array(rows);
  const value: (number | null)[] = new Array(rows);
  let r = 0;
  for (const p of pairs) {
    a.fill(p.a, r, r + kept.length);
    b.fill(p.b, r, r + kept.length);
    for (const k of kept) {
      label[r] = k;
      value[r++] = p.values[k];
    }
  }
  return [
    periodLabelColumn('label', labels, label),
    { name: 'a', kind: 'string', values: a },
    { name: 'b', kind: 'string', values: b },
    // null (window not full) is written as SQL NULL
    { name: 'value', kind: 'number', values: value as ArrayLike<number> },
  ];
}

/** metrics.json's `portfolio.analytics`: the summaries, with the time series replaced by the files that hold them. */
export function analyticsSummary(a: PortfolioAnalytics): unknown {
  const { rolling, matrix, flagged, ...correlation } = a.correlation;
  const inFile = matrixInFile(a.correlation);
  return {
    ...a,
    attribution: { total: a.attribution.total, file: ATTRIBUTION_FILE, periods: { day: a.attribution.day.length, week: a.attribution.week.length, month: a.attribution.month.length } },
    correlation: {
      ...correlation,
      ...(inFile ? { matrixFile: CORRELATION_MATRIX_FILE } : { matrix: matrix.rows() }),
      flagged: flagged.slice(0, FLAGGED_IN_SUMMARY),
      rolling: { window: rolling.window, periods: rolling.labels.length, every: correlationStride(rolling.labels.length), pairs: rolling.pairs.map((p) => ({ a: p.a, b: p.b })), file: CORRELATION_FILE },
    },
  };
}

/**
 * The correlation of every pair (i < j in run order), columnar: ids as ENUM codes and values as doubles with a
 * null mask, so 50 M pairs (10,000 strategies) cross without a string or a boxed number per row.
 */
export function matrixColumns(c: PortfolioAnalytics['correlation']): TableColumn[] {
  const n = c.ids.length;
  const rows = (n * (n - 1)) / 2;
  const a = n <= MAX_ENUM ? new Uint16Array(rows) : new Uint32Array(rows);
  const b = n <= MAX_ENUM ? new Uint16Array(rows) : new Uint32Array(rows);
  const value = new Float64Array(rows);
  const nulls = new Uint8Array(rows);
  let r = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, r++) {
      a[r] = i;
      b[r] = j;
      const v = c.matrix.get(i, j);
      if (v === null) nulls[r] = 1;
      else value[r] = v;
    }
  }
  return [
    { name: 'a', kind: 'enum', dictionary: c.ids, values: a },
    { name: 'b', kind: 'enum', dictionary: c.ids, values: b },
    { name: 'value', kind: 'number', values: value, nulls },
  ];
}

/** Writes attribution.parquet, correlation.parquet and (above MATRIX_IN_SUMMARY strategies) correlation-matrix.parquet into `dir`; returns their names. */
export async function writeAnalyticsFiles(conn: DuckDBConnection, dir: string, a: PortfolioAnalytics): Promise<string[]> {
  await writeTableWith(conn, join(dir, ATTRIBUTION_FILE), 'parquet', attributionColumns(a.attribution));
  await writeTableWith(conn, join(dir, CORRELATION_FILE), 'parquet', correlationColumns(a.correlation));
  if (!matrixInFile(a.correlation)) return [ATTRIBUTION_FILE, CORRELATION_FILE];
  await writeTableWith(conn, join(dir, CORRELATION_MATRIX_FILE), 'parquet', matrixColumns(a.correlation));
  return [ATTRIBUTION_FILE, CORRELATION_FILE, CORRELATION_MATRIX_FILE];
}
