/**
 * The workload of the side-by-side comparison with backtrader (bench/peer/cli-vs-backtrader.ts) and of its gated
 * Strata half (bench/suites/user-path.ts): ten SMA-crossover strategies over one CSV of daily candles, written to
 * a folder as a user would have them (a candle file and one JSON config per strategy).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticCandles } from './candles.ts';

/** (fast, slow) SMA periods of the ten strategies. */
export const SMA_PAIRS: readonly (readonly [number, number])[] = [
  [5, 20], [10, 30], [10, 50], [20, 50], [20, 100], [50, 100], [50, 200], [5, 60], [15, 45], [30, 90],
];

export const SMA_SYMBOL = 'TEST/USD';
/** The first candle's date; 100,000 days from here end in 2173, inside every engine's date range. */
const FIRST_DAY = Date.UTC(1900, 0, 1);
const DAY_MS = 86_400_000;

export const smaStrategyId = (fast: number, slow: number) => `sma_${fast}_${slow}`;

/**
 * One strategy's config: buy one unit when SMA(fast) crosses above SMA(slow), close when it crosses below, long
 * only, next-bar-open fills, no fees or slippage, and capital no order can exhaust (backtrader's script
 * mirrors every one of these).
 */
export function smaConfig(fast: number, slow: number): object {
  return {
    id: smaStrategyId(fast, slow),
    symbol: SMA_SYMBOL,
    timeframe: '1d',
    indicators: { fast: { type: 'sma', period: fast }, slow: { type: 'sma', period: slow } },
    rules: { entry: { condition: 'sma_crossover_bullish' }, exit: { condition: 'sma_crossover_bearish' } },
    sizing: { mode: 'quantity', value: 1 },
    execution: { fill: 'next_open', feeBps: 0, slippageBps: 0 },
    capital: 1e12,
  };
}

/** `date,open,high,low,close,volume` with ISO dates; numbers print in the shortest form that reads back exactly. */
export function smaCsv(candles: number): string {
  const cs = syntheticCandles(candles);
  const lines: string[] = new Array(cs.length + 1);
  lines[0] = 'date,open,high,low,close,volume';
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    lines[i + 1] = `${new Date(FIRST_DAY + i * DAY_MS).toISOString().slice(0, 10)},${c.open},${c.high},${c.low},${c.close},${c.volume}`;
  }
  return lines.join('\n') + '\n';
}

export interface SmaWorkload {
  csv: string;
  configs: string[];
}

/** Writes `candles.csv` and the ten configs into `dir`. The same `candles` give the same files. */
export function writeSmaWorkload(dir: string, candles: number): SmaWorkload {
  mkdirSync(join(dir, 'configs'), { recursive: true });
  const csv = join(dir, 'candles.csv');
  writeFileSync(csv, smaCsv(candles));
  const configs = SMA_PAIRS.map(([fast, slow]) => {
    const file = join(dir, 'configs', `${smaStrategyId(fast, slow)}.json`);
    writeFileSync(file, JSON.stringify(smaConfig(fast, slow), null, 2) + '\n');
    return file;
  });
  return { csv, configs };
}

/** The `strata backtest` arguments (after the CLI's path) that run the workload into `out`. */
export function smaBacktestArgs(w: SmaWorkload, out: string): string[] {
  return ['backtest', ...w.configs, '--data', w.csv, '--symbol', SMA_SYMBOL, '--out', out, '--no-register'];
}
