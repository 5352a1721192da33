/** Options shared by the commands that replay one config many times (sweep, walkforward, check). */
import type { DataRequest, DataSourceInfo } from '../backtest/run/data-source.ts';
import { reasonSummary, rejectedRowLines } from '../data/report.ts';
import { isRankMetric, RANK_METRICS, type RankMetric } from '../backtest/run/metric-select.ts';
import { ParamSpecError, parseParamSpec, type ParamSpec } from '../backtest/research/sweep/param-grid.ts';
import type { TimestampConvention } from '../data/import.ts';
import { isTimeframe, timeframeMs } from '../engine/timeframe.ts';
import { UsageError } from './args.ts';
import { parseTimeArg } from './time-arg.ts';

export const DATA_OPTIONS = {
  data: { type: 'string', multiple: true },
  symbol: { type: 'string' },
  timeframe: { type: 'string' },
  exchange: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  timestamps: { type: 'string' },
  strict: { type: 'boolean' },
} as const;

/** Options of every command that writes a run folder and registers it in the results database. */
export const RUN_OUTPUT_OPTIONS = {
  capital: { type: 'string' },
  out: { type: 'string' },
  'results-db': { type: 'string' },
  'no-register': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

interface DataValues {
  data?: string[];
  symbol?: string;
  timeframe?: string;
  exchange?: string;
  from?: string;
  to?: string;
  timestamps?: string;
  strict?: boolean;
}

/** `--timestamps open|close`: what a candle file's timestamps mark (default open). */
export function parseTimestampsOption(text: string | undefined): TimestampConvention | undefined {
  if (text === undefined) return undefined;
  if (text !== 'open' && text !== 'close') throw new UsageError(`--timestamps must be "open" or "close", got "${text}"`);
  return text;
}

export function dataRequest(values: DataValues): Omit<DataRequest, 'configs'> {
  if (!values.data || values.data.length === 0) throw new UsageError('--data is required');
  return {
    paths: values.data,
    symbol: values.symbol,
    timeframe: values.timeframe,
    exchange: values.exchange,
    from: parseTimeArg('from', values.from),
    to: parseTimeArg('to', values.to),
    timestamps: parseTimestampsOption(values.timestamps),
    strict: values.strict === true,
  };
}

/** Warnings about a run's data, for stderr: rejected rows by row number, and how files were read. */
export function dataWarnings(info: DataSourceInfo): string {
  const lines: string[] = [];
  for (const q of info.quarantined) {
    lines.push(`warning: ${q.file}: ${q.rows} row(s) rejected and not traded (${reasonSummary(q.byReason)})`, ...rejectedRowLines(q.file, q.first, q.rows));
  }
  for (const n of info.notes) lines.push(`note: ${n.file}: ${n.note}`);
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function parseParams(specs: string[] | undefined): ParamSpec[] {
  if (!specs || specs.length === 0) throw new UsageError('give at least one --param PATH=VALUES');
  try {
    return specs.map(parseParamSpec);
  } catch (err) {
    if (err instanceof ParamSpecError) throw new UsageError(err.message);
    throw err;
  }
}

export function parseMetric(name: string | undefined): RankMetric {
  const m = name ?? 'sharpe_per_bar';
  if (!isRankMetric(m)) throw new UsageError(`--metric must be one of ${Object.keys(RANK_METRICS).join(', ')}`);
  return m;
}

export function parseWorkers(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 256) throw new UsageError(`--workers must be a whole number from 0 to 256, got "${text}"`);
  return n;
}

export function parseCapital(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--capital must be a positive number, got "${text}"`);
  return n;
}

/** A duration such as 180d, 12h, 4w, 90m (the units of timeframes), in ms. */
export function parseDuration(name: string, text: string | undefined): number {
  if (text === undefined) throw new UsageError(`--${name} is required (e.g. --${name} 30d)`);
  if (!isTimeframe(text)) throw new UsageError(`--${name} "${text}" is not a duration (a number and one of s, m, h, d, w, e.g. 180d)`);
  return timeframeMs(text);
}
