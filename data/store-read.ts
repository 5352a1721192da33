import type { DuckDBValue } from '@duckdb/node-api';
import type { CandleColumns } from './columns.ts';
import { readDoubleColumns } from './duck-columns.ts';
import type { SeriesRef, Store } from './store.ts';

/** Optional open-time window, epoch ms: `from` inclusive, `to` exclusive. */
export interface TimeRange {
  readonly from?: number;
  readonly to?: number;
}

/** SQL filter and parameters selecting one series in a time range ($1..$5). */
export function seriesFilter(series: SeriesRef, range: TimeRange = {}): { where: string; params: DuckDBValue[] } {
  return {
    where: 'exchange = $1 AND symbol = $2 AND timeframe = $3 AND open_time >= $4 AND open_time < $5',
    params: [series.exchange, series.symbol, series.timeframe, BigInt(Math.trunc(range.from ?? -8.64e15)), BigInt(Math.trunc(range.to ?? 8.64e15))],
  };
}

/** Reads one series (sorted by open time) as columns. */
export async function readSeries(store: Store, series: SeriesRef, range: TimeRange = {}): Promise<CandleColumns> {
  const { where, params } = seriesFilter(series, range);
  const [openTime, open, high, low, close, volume, synthetic] = await readDoubleColumns(
    store.connection,
    `SELECT open_time::DOUBLE, open, high, low, close, volume, synthetic::DOUBLE FROM candles WHERE ${where} ORDER BY open_time`,
    params,
  );
  return { length: openTime.length, openTime, open, high, low, close, volume, synthetic: Uint8Array.from(synthetic) };
}

/** Open time of the newest stored candle of a series, or null when there is none. */
export async function lastOpenTime(store: Store, series: SeriesRef): Promise<number | null> {
  const r = await store.connection.runAndReadAll(
    'SELECT max(open_time)::DOUBLE FROM candles WHERE exchange = $1 AND symbol = $2 AND timeframe = $3',
    [series.exchange, series.symbol, series.timeframe],
  );
  const v = r.getRows()[0][0];
  return v === null ? null : (v as number);
}
