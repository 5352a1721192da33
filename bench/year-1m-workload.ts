/**
 * Four strategies on four timeframes (15m MACD, 5m RSI, 1h EMA cross, 1m RSI) over one year of 1m candles
 * (525,600) in one Parquet file: the multi-timeframe run a crypto trader makes, written to a folder as a user
 * would have it (a candle file and one JSON config per strategy).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTable } from '../data/table-file.ts';
import { syntheticCandles } from './candles.ts';

export const YEAR_MINUTES = 525_600;
export const YEAR_SYMBOL = 'BTC/USDT';

const rsi = (id: string, timeframe: string) => ({
  id,
  symbol: YEAR_SYMBOL,
  timeframe,
  indicators: { rsi: { type: 'rsi', period: 14 } },
  rules: { entry: { condition: 'rsi < 30' }, exit: { condition: 'rsi > 70' } },
});

/** The four configs; fills, fees and sizing are the defaults a user gets. */
export const YEAR_CONFIGS: readonly object[] = [
  {
    id: 'macd_15m',
    symbol: YEAR_SYMBOL,
    timeframe: '15m',
    indicators: { macd: { type: 'macd', fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 } },
    rules: { entry: { condition: 'macd_crossover_bullish' }, exit: { condition: 'macd_crossover_bearish' } },
  },
  rsi('rsi_5m', '5m'),
  {
    id: 'ema_1h',
    symbol: YEAR_SYMBOL,
    timeframe: '1h',
    indicators: { fast: { type: 'ema', period: 12 }, slow: { type: 'ema', period: 26 } },
    rules: { entry: { condition: 'crosses_above(fast, slow)' }, exit: { condition: 'crosses_below(fast, slow)' } },
  },
  rsi('rsi_1m', '1m'),
];

export interface YearWorkload {
  parquet: string;
  configs: string[];
}

/** Writes `candles.parquet` (columns timestamp, open, high, low, close, volume) and the four configs into `dir`. */
export async function writeYearWorkload(dir: string, minutes = YEAR_MINUTES): Promise<YearWorkload> {
  mkdirSync(join(dir, 'configs'), { recursive: true });
  const cs = syntheticCandles(minutes);
  const parquet = join(dir, 'candles.parquet');
  const col = (k: 'open' | 'high' | 'low' | 'close' | 'volume') => ({ name: k, kind: 'number' as const, values: cs.map((c) => c[k]) });
  await writeTable(parquet, 'parquet', [{ name: 'timestamp', kind: 'time', values: cs.map((c) => c.openTime) }, col('open'), col('high'), col('low'), col('close'), col('volume')]);
  const configs = YEAR_CONFIGS.map((c) => {
    const file = join(dir, 'configs', `${(c as { id: string }).id}.json`);
    writeFileSync(file, JSON.stringify(c, null, 2) + '\n');
    return file;
  });
  return { parquet, configs };
}

/** The `strata backtest` arguments (after the CLI's path) that run the workload into `out`. */
export function yearBacktestArgs(w: YearWorkload, out: string): string[] {
  return ['backtest', ...w.configs, '--data', w.parquet, '--symbol', YEAR_SYMBOL, '--out', out, '--no-register'];
}
