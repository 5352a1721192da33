import type { StrategyConfigInput } from '../../engine/config/schema.ts';
import { bars, MINUTE, T0 } from './helpers.ts';

/** Two symbols' hand-built 15m bars (open, high, low, close) for the pairs tests, and a config trading both. */
export const A = 'AAA/USD';
export const B = 'BBB/USD';
export const M15 = 15 * MINUTE;
export const A_BARS = bars(A, '15m', M15, T0, [[100, 101, 99, 100], [100, 103, 99, 102], [103, 106, 102, 105], [104, 105, 100, 101], [101, 102, 100, 100]]);
export const B_BARS = bars(B, '15m', M15, T0, [[50, 51, 49, 50], [50, 51, 48, 49], [48, 49, 46, 47], [47, 49, 46, 48], [48, 49, 47, 48]]);

/** A strategy on A reading B (so it may trade both), from the code module registered as `module`. */
export function pairConfig(module: string): StrategyConfigInput {
  return {
    id: 'pair',
    symbol: A,
    timeframe: '15m',
    series: { b: { symbol: B, timeframe: '15m' } },
    module,
    allowShort: true,
    capital: 10_000,
    execution: { fill: 'next_open', feeBps: 10 },
  };
}
