import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sqlString } from '../../data/duck-scratch.ts';
import { DISPLAY_FILE, type DisplaySummary } from './price-display.ts';

/** The file run folders wrote before prices-display.parquet: every input candle, no `view` column. */
const FULL_PRICES_FILE = 'prices.parquet';

/**
 * One view of a run folder's display prices as a SQL relation (columns close_time, symbol, timeframe, open,
 * high, low, close, volume). A folder written before the display file has prices.parquet, a copy of every input
 * candle, which serves both views. Null when the folder has neither.
 */
export function displayPriceRows(dir: string, view: 'overview' | 'chart'): string | null {
  const display = join(dir, DISPLAY_FILE);
  if (existsSync(display)) return `(SELECT close_time, symbol, timeframe, open, high, low, close, volume FROM read_parquet(${sqlString(display)}) WHERE view = '${view}')`;
  const full = join(dir, FULL_PRICES_FILE);
  return existsSync(full) ? `read_parquet(${sqlString(full)})` : null;
}

/** Candles of `symbol` at `timeframe` older than the newest ones the display file keeps (0 when it keeps all, or the manifest does not say). */
export function droppedCandles(display: Pick<DisplaySummary, 'charted'> | undefined, symbol: string, timeframe: string): number {
  const c = display?.charted.find((x) => x.symbol === symbol && x.timeframe === timeframe);
  return c ? c.candles - c.kept : 0;
}
