import { describe, expect, it } from 'vitest';
import type { BarsData, TradeData } from '../../loader/types.ts';
import { barIndex, windowFor } from './trades.ts';

const bars: BarsData = { symbol: 'X/Y', timeframe: '1m', time: Array.from({ length: 100 }, (_, i) => i * 60_000), open: [], high: [], low: [], close: [], volume: [] };
const trade = { entry_time: 40 * 60_000, exit_time: 45 * 60_000 } as TradeData;

describe('trade windows', () => {
  it('finds bars by time', () => {
    expect(barIndex(bars, 40 * 60_000)).toBe(40);
    expect(barIndex(bars, 40 * 60_000 + 1), 'first bar at or after').toBe(41);
    expect(barIndex(bars, 1e12)).toBe(100);
  });

  it('centres on a trade with padding, clipped to the data; without one shows the last bars', () => {
    expect(windowFor(bars, trade, 10, 0)).toEqual([30, 56]);
    expect(windowFor(bars, trade, 80, 0)).toEqual([0, 100]);
    expect(windowFor(bars, null, 10, 25)).toEqual([75, 100]);
  });
});
