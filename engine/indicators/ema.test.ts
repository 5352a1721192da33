import { describe, expect, it } from 'vitest';
import { EMAIndicator } from './ema.ts';
import { perturbPrice, priceSeries } from '../../testkit/indicators/arbitraries.ts';
import { batchEMA } from '../../testkit/indicators/batch.ts';
import { expectPublished } from '../../testkit/indicators/published.ts';
import { talibCandles, TALIB_CLOSE } from '../../testkit/indicators/talib-reference.ts';
import { testIndicatorContract } from '../../testkit/contracts/indicator-contract.ts';

for (const seeding of ['talib', 'first'] as const) {
  for (const period of [1, 2, 10, 30]) {
    testIndicatorContract(`EMA(${period}, ${seeding})`, () => new EMAIndicator({ period, seeding }), TALIB_CLOSE, {
      batch: (xs) => batchEMA(xs, period, seeding),
      perturb: perturbPrice,
      arbitrary: priceSeries(),
      invariant: (out, xs) => {
        // An EMA is a convex combination of the inputs so far.
        const slack = 1e-9 * Math.max(...xs);
        expect(out).toBeGreaterThanOrEqual(Math.min(...xs) - slack);
        expect(out).toBeLessThanOrEqual(Math.max(...xs) + slack);
      },
    });
  }
}

function run(period: number, seeding: 'talib' | 'first' = 'talib'): (number | null)[] {
  const ema = new EMAIndicator({ period, seeding });
  return TALIB_CLOSE.map((x) => ema.update(x));
}

describe('EMA matches TA-Lib (src/tools/ta_regtest/ta_test_func/test_ma.c)', () => {
  it.each([
    [1, 0, 0, 91.5],
    [1, 0, 1, 94.81],
    [1, 0, 251, 107.87],
    [2, 1, 0, 93.15],
    [2, 1, 1, 93.96],
    [2, 1, 250, 108.21],
    [10, 9, 0, 93.22],
    [10, 9, 1, 93.75],
    [10, 9, 20, 86.46],
    [10, 9, 242, 108.97],
  ])('TA_MA_EXPONENTIAL, classic: period %i, begIdx %i, out[%i] = %f', (period, begIdx, outIdx, value) => {
    expectPublished(run(period), { begIdx, outIdx, value }, `EMA(${period})`);
  });

  // TA-Lib's Metastock compatibility seeds with the first price; its rows are published with an unstable period
  // of 1 or 2, i.e. the first 1-2 outputs are hidden: out[j] is our value at input begIdx + j.
  it.each([
    [2, 2, 0, 94.15],
    [2, 2, 1, 94.78],
    [2, 2, 249, 108.21],
    [10, 10, 0, 93.24],
    [10, 10, 1, 93.97],
    [10, 10, 20, 86.23],
    [10, 10, 241, 108.97],
    [2, 3, 0, 94.78],
    [2, 3, 1, 94.11],
    [10, 11, 0, 93.97],
    [10, 11, 1, 94.79],
    [10, 11, 20, 86.39],
  ])("TA_MA_EXPONENTIAL, Metastock (= seeding 'first'): period %i, input %i + out[%i] = %f", (period, begIdx, outIdx, value) => {
    const outs = run(period, 'first');
    const actual = outs[begIdx + outIdx] as number;
    expect(Math.abs(actual - value), `EMA(${period}, first) at input ${begIdx + outIdx} = ${actual}`).toBeLessThanOrEqual(0.01);
  });

  it("seeding 'first' gives a value from the first input", () => {
    expect(new EMAIndicator({ period: 10, seeding: 'first' }).update(91.5)).toBe(91.5);
  });
});

describe('EMAIndicator', () => {
  it('uses k = 2 / (period + 1)', () => {
    expect(new EMAIndicator({ period: 9 }).k).toBe(0.2);
  });

  it('rejects bad params, naming the field', () => {
    expect(() => new EMAIndicator({ period: -1 })).toThrow(/period/);
    expect(() => new EMAIndicator({ period: 3, seeding: 'tv' as never })).toThrow(/seeding/);
  });

  it('updateBar/replaceBar read the source field', () => {
    const candles = talibCandles();
    const a = new EMAIndicator({ period: 5, source: 'high' });
    const b = new EMAIndicator({ period: 5 });
    for (const c of candles) {
      a.updateBar(c);
      b.update(c.high);
    }
    expect(a.value).toBe(b.value);
    const last = candles[candles.length - 1];
    expect(a.replaceBar({ ...last, high: 200 })).toBe(b.replace(200));
  });
});
