import type { SeriesKey } from '../../engine/types.ts';
import { hintsFromName } from '../formats/detect.ts';

/** How a feed reads a file: Parquet and CSV through DuckDB, Arrow IPC / Feather through apache-arrow. */
export type FileFormat = 'parquet' | 'csv' | 'arrow';

const EXTENSIONS: [RegExp, FileFormat][] = [
  [/\.(parquet|pq)$/i, 'parquet'],
  [/\.(csv|tsv|txt)(\.gz|\.zst)?$/i, 'csv'],
  [/\.(feather|arrow|arrows|ipc)$/i, 'arrow'],
];

/** The reader for a file name, by extension; throws naming the file for anything else. */
export function formatOf(path: string): FileFormat {
  for (const [re, format] of EXTENSIONS) if (re.test(path)) return format;
  throw new Error(`${path}: unknown candle file type (expected .parquet, .csv/.txt or .feather/.arrow); pass format`);
}

/**
 * Symbol and timeframe from a freqtrade-style file name (data/formats/detect.ts's hintsFromName, the
 * importer's rule): `UNITTEST_BTC-5m.feather` -> UNITTEST/BTC, 5m; `BTC_USDT_USDT-1h-futures.feather` ->
 * BTC/USDT:USDT, 1h. Throws naming the file when the name does not say both.
 */
export function seriesFromFileName(path: string): SeriesKey {
  const hints = hintsFromName(path);
  if (hints.trades) throw new Error(`${path}: a trades file, not candles (aggregate it into candles with the importer)`);
  if (hints.symbol === undefined || hints.timeframe === undefined) {
    throw new Error(`${path}: cannot tell symbol and timeframe from the name (expected BASE_QUOTE-TIMEFRAME or TICKER-TIMEFRAME, e.g. BTC_USDT-5m.feather, ORCL-1d.csv); pass symbol and timeframe`);
  }
  return { symbol: hints.symbol, timeframe: hints.timeframe };
}
