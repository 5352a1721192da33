import { describe, expect, it } from 'vitest';
import { PRICE_SOURCES, priceOf } from './source.ts';

const candle = { symbol: 'X', timeframe: '1m', openTime: 0, closeTime: 60_000, open: 10, high: 14, low: 8, close: 12, volume: 500 };

describe('priceOf', () => {
  it('reads each source', () => {
    const got = Object.fromEntries(PRICE_SOURCES.map((s) => [s, priceOf(candle, s)]));
    expect(got).toEqual({ open: 10, high: 14, low: 8, close: 12, volume: 500, hl2: 11, hlc3: 34 / 3, ohlc4: 11 });
  });

  it('names the field on an unknown source', () => {
    expect(() => priceOf(candle, 'vwap' as never)).toThrow(/source/);
    expect(() => priceOf(candle, 'toString' as never)).toThrow(/source/);
  });
});
