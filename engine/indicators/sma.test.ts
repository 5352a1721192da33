import { describe, expect, it } from 'vitest';
import { perturbPrice, priceSeries } from '../../testkit/indicators/arbitraries.ts';
import { batchSMA } from '../../testkit/indicators/batch.ts';
import { expectPublished } from '../../testkit/indicators/published.ts';
import { talibCandles, TALIB_CLOSE } from '../../testkit/indicators/talib-reference.ts';
import { testIndicatorContract } from '../../testkit/contracts/indicator-contract.ts';
import { SMAIndicator } from './sma.ts';

for (const period of [1, 2, 5, 30]) {
  testIndicatorContract(`SMA(${period})`, () => new SMAIndicator({ period }), TALIB_CLOSE, {
    batch: (xs) => batchSMA(xs, period),
    perturb: perturbPrice,
    arbitrary: priceSeries(),
    invariant: (out, xs) => {
      const w = xs.slice(-period);
      // The running sum's absolute error scales with the largest input of the last two periods (see sma.ts).
      const slack = 1e-12 * period * Math.max(...xs.slice(-2 * period));
      expect(out, 'SMA lies within the window').toBeGreaterThanOrEqual(Math.min(...w) - slack);
      expect(out).toBeLessThanOrEqual(Math.max(...w) + slack);
    },
  });
}

function run(period: number): (number | null)[] {
  const sma = new SMAIndicator({ period });
  return TALIB_CLOSE.map((x) => sma.update(x));
}

describe('SMA matches TA-Lib (src/tools/ta_regtest/ta_test_func/test_ma.c, TA_MA_SIMPLE rows)', () => {
  it.each([
    [1, 0, 0, 91.5],
    [1, 0, 1, 94.81],
    [1, 0, 250, 108.75],
    [1, 0, 251, 107.87],
    [2, 1, 0, 93.15],
    [2, 1, 1, 94.59],
    [2, 1, 2, 94.73],
    [2, 1, 250, 108.31],
    [30, 29, 0, 90.42],
    [30, 29, 1, 90.21],
    [30, 29, 2, 89.96],
    [30, 29, 29, 87.12],
    [30, 29, 221, 107.95],
    [30, 29, 222, 108.42],
  ])('period %i: begIdx %i, out[%i] = %f', (period, begIdx, outIdx, value) => {
    expectPublished(run(period), { begIdx, outIdx, value }, `SMA(${period})`);
  });
});

describe('SMAIndicator', () => {
  it('rejects bad params, naming the field', () => {
    expect(() => new SMAIndicator({ period: 0 })).toThrow(/period/);
    expect(() => new SMAIndicator({ period: 2.5 })).toThrow(/period/);
    expect(() => new SMAIndicator({ period: Number.NaN })).toThrow(/period/);
    expect(() => new SMAIndicator({ period: 3, source: 'bogus' as never })).toThrow(/source/);
  });

  it('updateBar picks the configured source (default close)', () => {
    const candles = talibCandles().slice(0, 5);
    const byClose = new SMAIndicator({ period: 2 });
    const byHl2 = new SMAIndicator({ period: 2, source: 'hl2' });
    for (const c of candles) {
      byClose.updateBar(c);
      byHl2.updateBar(c);
    }
    expect(byClose.value).toBeCloseTo((candles[3].close + candles[4].close) / 2, 12);
    expect(byHl2.value).toBeCloseTo((candles[3].high + candles[3].low + candles[4].high + candles[4].low) / 4, 12);
    expect(byHl2.replaceBar({ ...candles[4], high: candles[4].high + 2 })).toBeCloseTo((byHl2.value as number), 12);
  });

  it('recovers exactness after a jump in magnitude: the running sum is resynchronised from the ring', () => {
    const sma = new SMAIndicator({ period: 7 });
    // Huge values then tiny ones: a never-resynced running sum would keep the huge values' rounding error
    // (~1e-4 here) forever; with the resync at each wrap it is gone within two periods.
    for (let i = 0; i < 10_000; i++) sma.update(1e12 + (i % 13) * 0.37);
    const tail = [1e-3, 2e-3, 3e-3, 4e-3, 5e-3, 6e-3, 7e-3];
    for (const x of [...tail, ...tail]) sma.update(x);
    expect(Math.abs((sma.value as number) - 4e-3), 'mean of the last window only').toBeLessThan(1e-15);
  });
});
