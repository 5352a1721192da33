/** Whole candles for the registry's indicator tests: random series for properties, and columns (real samples: samples.ts). */
import fc from 'fast-check';
import type { Candle } from '../../engine/types.ts';
import { priceSeries } from './arbitraries.ts';

/** Columns of a candle series, the shape the batch references take (TA-Lib's inOpen, inHigh, ...). */
export interface Series {
  readonly open: readonly number[];
  readonly high: readonly number[];
  readonly low: readonly number[];
  readonly close: readonly number[];
  readonly volume: readonly number[];
  readonly time: readonly number[];
}

export function columns(candles: readonly Candle[]): Series {
  return {
    open: candles.map((c) => c.open),
    high: candles.map((c) => c.high),
    low: candles.map((c) => c.low),
    close: candles.map((c) => c.close),
    volume: candles.map((c) => c.volume),
    time: candles.map((c) => c.openTime),
  };
}

/** A one-input series as columns: every price column holds the inputs (single-input batches read `close`). */
export function numberColumns(xs: readonly number[]): Series {
  return { open: xs, high: xs, low: xs, close: xs, volume: xs.map(() => 1), time: xs.map((_, i) => i * 60_000) };
}

export function candle(openTime: number, open: number, high: number, low: number, close: number, volume: number, timeframe = '1d'): Candle {
  return { symbol: 'TEST/USD', timeframe, openTime, closeTime: openTime + 1, open, high, low, close, volume } as Candle;
}

/** Random valid candles (low <= open, close <= high; volume >= 0, sometimes 0) on 1m to 6h bars crossing UTC days. */
export function candleSeries(maxLength = 150): fc.Arbitrary<Candle[]> {
  const spread = fc.double({ min: 0, max: 0.05, noNaN: true });
  return fc
    .tuple(priceSeries(maxLength), fc.constantFrom(60_000, 3_600_000, 21_600_000), fc.integer({ min: 0, max: 1_000_000 }))
    .chain(([closes, step, start]) =>
      fc
        .array(fc.tuple(spread, spread, fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true }))), {
          minLength: closes.length,
          maxLength: closes.length,
        })
        .map((extra) =>
          closes.map((close, i) => {
            const [up, down, w, volume] = extra[i];
            const prev = i > 0 ? closes[i - 1] : close;
            const high = Math.max(prev, close) * (1 + up);
            const low = Math.min(prev, close) * (1 - down);
            const open = low + w * (high - low);
            return candle(start * 60_000 + i * step, open, high, low, close, volume);
          }),
        ),
    );
}

/** A different candle that is still valid (same time). */
export function perturbCandle(c: Candle): Candle {
  return { ...c, open: c.open * 1.005 + 0.02, high: c.high * 1.02 + 0.1, low: c.low * 0.99, close: c.close * 1.01 + 0.05, volume: c.volume * 1.1 + 1 };
}
