import { readDoubleColumns } from '../../../data/duck-columns.ts';
import { sqlString, withScratchDuckDB } from '../../../data/duck-scratch.ts';
import type { ColumnarSeries } from '../../../data/historical-feed.ts';
import { writeTable } from '../../../data/table-file.ts';
import { timeframeMs } from '../../../engine/timeframe.ts';
import type { Timeframe } from '../../../engine/types.ts';

/**
 * The coordinator's export of a sweep's candles: one Parquet file, one row per candle, columns `series`
 * (index in the order the sweep loaded them), `symbol`, `timeframe`, then `open_time` (epoch ms) and the
 * OHLCV prices, all DOUBLE so every value survives bit for bit. Rows are grouped by series, in time order. A
 * series without candles is kept as one marker row whose open_time is NaN, so the series list survives too.
 */
export async function writeSeriesParquet(path: string, inputs: readonly ColumnarSeries[]): Promise<void> {
  const rowsOf = (s: ColumnarSeries) => Math.max(1, s.columns.length);
  const n = inputs.reduce((a, s) => a + rowsOf(s), 0);
  const series = new Float64Array(n);
  const symbol: string[] = new Array(n);
  const timeframe: string[] = new Array(n);
  const cols = { openTime: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  let at = 0;
  inputs.forEach((s, k) => {
    const len = s.columns.length;
    const rows = rowsOf(s);
    series.fill(k, at, at + rows);
    symbol.fill(s.series.symbol, at, at + rows);
    timeframe.fill(s.series.timeframe, at, at + rows);
    if (len === 0) for (const f of ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const) cols[f][at] = Number.NaN;
    else for (const f of ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const) cols[f].set(s.columns[f].subarray(0, len), at);
    at += rows;
  });
  await writeTable(path, 'parquet', [
    { name: 'series', kind: 'number', values: series },
    { name: 'symbol', kind: 'string', values: symbol },
    { name: 'timeframe', kind: 'string', values: timeframe },
    { name: 'open_time', kind: 'number', values: cols.openTime },
    { name: 'open', kind: 'number', values: cols.open },
    { name: 'high', kind: 'number', values: cols.high },
    { name: 'low', kind: 'number', values: cols.low },
    { name: 'close', kind: 'number', values: cols.close },
    { name: 'volume', kind: 'number', values: cols.volume },
  ]);
}

/** Reads a file written by writeSeriesParquet back into the same columns. */
export async function readSeriesParquet(path: string): Promise<ColumnarSeries[]> {
  return withScratchDuckDB(async (conn) => {
    const src = `read_parquet(${sqlString(path)})`;
    const list = await conn.runAndReadAll(`SELECT series::INTEGER AS series, min(symbol) AS symbol, min(timeframe) AS timeframe, count(DISTINCT symbol || '|' || timeframe)::INTEGER AS keys FROM ${src} GROUP BY series ORDER BY series`);
    const rows = list.getRowObjectsJson() as { series: number; symbol: string; timeframe: string; keys: number }[];
    const out: ColumnarSeries[] = [];
    for (const r of rows) {
      if (r.keys !== 1 || r.series !== out.length) throw new Error(`${path}: not a sweep data file (series ${r.series} is malformed)`);
      timeframeMs(r.timeframe as Timeframe);
      const [openTime, open, high, low, close, volume] = await readDoubleColumns(
        conn,
        `SELECT open_time, open, high, low, close, volume FROM ${src} WHERE series = $1 AND NOT isnan(open_time) ORDER BY open_time`,
        [r.series],
      );
      out.push({ series: { symbol: r.symbol, timeframe: r.timeframe as Timeframe }, columns: { length: openTime.length, openTime, open, high, low, close, volume } });
    }
    return out;
  });
}
