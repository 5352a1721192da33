import type { TableColumn } from '../../data/table-file.ts';
import { writeTableWith } from '../../data/table-file.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Feed } from '../../engine/feed.ts';
import { GrowableFloat64 } from '../run/growable.ts';

/**
 * prices.parquet: the closed candles a run consumed, so a run folder can draw its price charts without the
 * original data. Columns: close_time (UTC timestamp, the time signals are stamped with), symbol, timeframe,
 * open, high, low, close, volume; rows in feed order. The feed is iterated again (every feed is re-iterable).
 */
export async function writePriceFile(conn: DuckDBConnection, path: string, feed: Feed): Promise<void> {
  const time = new GrowableFloat64(4096);
  const open = new GrowableFloat64(4096);
  const high = new GrowableFloat64(4096);
  const low = new GrowableFloat64(4096);
  const close = new GrowableFloat64(4096);
  const volume = new GrowableFloat64(4096);
  const symbols: string[] = [];
  const timeframes: string[] = [];
  for await (const e of feed) {
    if (e.kind !== 'candle' || !e.closed) continue;
    const c = e.candle;
    time.push(c.closeTime);
    open.push(c.open);
    high.push(c.high);
    low.push(c.low);
    close.push(c.close);
    volume.push(c.volume);
    symbols.push(c.symbol);
    timeframes.push(c.timeframe);
  }
  const columns: TableColumn[] = [
    { name: 'close_time', kind: 'time', values: time.view() },
    { name: 'symbol', kind: 'string', values: symbols },
    { name: 'timeframe', kind: 'string', values: timeframes },
    { name: 'open', kind: 'number', values: open.view() },
    { name: 'high', kind: 'number', values: high.view() },
    { name: 'low', kind: 'number', values: low.view() },
    { name: 'close', kind: 'number', values: close.view() },
    { name: 'volume', kind: 'number', values: volume.view() },
  ];
  await writeTableWith(conn, path, 'parquet', columns);
}
