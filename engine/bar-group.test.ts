import { describe, expect, it } from 'vitest';
import { BarGroup, closesAt } from './bar-group.ts';
import type { Candle } from './types.ts';

const M = 60_000;
function bar(symbol: string, timeframe: string, ms: number, closeTime: number): Candle {
  return { symbol, timeframe, openTime: closeTime - ms, closeTime, open: 1, high: 1, low: 1, close: 1, volume: 1 };
}

describe('BarGroup', () => {
  it('is complete once every source whose boundary the time is has delivered, in any order', () => {
    const g = new BarGroup();
    g.setSources([
      { symbol: 'BTC/USDT', timeframe: '1m' },
      { symbol: 'ETH/USDT', timeframe: '15m' },
    ]);
    g.addSource(bar('BTC/USDT', '1m', M, 15 * M));
    expect(g.complete, 'at 00:15 the ETH 15m bar is due too').toBe(false);
    g.addSource(bar('ETH/USDT', '15m', 15 * M, 15 * M));
    expect(g.complete).toBe(true);
    expect(g.candles.map((c) => c.symbol), 'delivery order is arrival order').toEqual(['BTC/USDT', 'ETH/USDT']);
    g.clear();
    g.addSource(bar('BTC/USDT', '1m', M, 16 * M));
    expect(g.complete, 'at 00:16 only the 1m bar is due').toBe(true);
  });

  it('a duplicate or undeclared bar does not count as the missing one', () => {
    const g = new BarGroup();
    g.setSources([
      { symbol: 'BTC/USDT', timeframe: '1m' },
      { symbol: 'ETH/USDT', timeframe: '1m' },
    ]);
    g.addSource(bar('BTC/USDT', '1m', M, M));
    g.addSource(bar('BTC/USDT', '1m', M, M));
    g.addSource(bar('SOL/USDT', '1m', M, M));
    expect(g.complete, 'ETH is still missing').toBe(false);
    g.addDerived(bar('BTC/USDT', '5m', 5 * M, M));
    expect(g.complete, 'an aggregated bar is not a source bar').toBe(false);
    expect(g.sourceCandles.length).toBe(3);
    expect(g.candles.length).toBe(4);
  });

  it('without declared sources every bar is a group of its own', () => {
    const g = new BarGroup();
    g.addSource(bar('BTC/USDT', '1m', M, M));
    expect(g.complete).toBe(true);
    expect(g.time).toBe(M);
  });

  it('closesAt follows UTC buckets, weeks on Monday', () => {
    expect(closesAt('4h', 8 * 60 * M)).toBe(true);
    expect(closesAt('4h', 9 * 60 * M)).toBe(false);
    const monday = Date.UTC(2024, 0, 8);
    expect(closesAt('1w', monday)).toBe(true);
    expect(closesAt('1w', monday + 86_400_000)).toBe(false);
  });
});
