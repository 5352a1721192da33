import { describe, expect, it } from 'vitest';
import { BollingerIndicator, type BollingerResult } from './bollinger.ts';
import { perturbPrice, priceSeries } from '../../testkit/indicators/arbitraries.ts';
import { batchBollinger } from '../../testkit/indicators/batch.ts';
import { expectPublished } from '../../testkit/indicators/published.ts';
import { TALIB_CLOSE } from '../../testkit/indicators/talib-reference.ts';
import { testIndicatorContract } from '../../testkit/contracts/indicator-contract.ts';

for (const [period, stdDev] of [
  [1, 2],
  [2, 1],
  [5, 2.5],
  [20, 2],
] as const) {
  testIndicatorContract(`Bollinger(${period}, ${stdDev})`, () => new BollingerIndicator({ period, stdDev }), TALIB_CLOSE, {
    batch: (xs) => batchBollinger(xs, period, stdDev),
    perturb: perturbPrice,
    arbitrary: priceSeries(),
    // σ = sqrt(M2 / period) amplifies M2's rounding: after a jump in price, a flat window's σ can read
    // ~sqrt(period * 1e-16) * price (~5e-8 relative) instead of 0 until the next resync (see bollinger.ts).
    tolerance: 1e-6,
    invariant: (out) => {
      expect(out.lower, 'lower <= middle').toBeLessThanOrEqual(out.middle);
      expect(out.middle, 'middle <= upper').toBeLessThanOrEqual(out.upper);
    },
  });
}

describe('Bollinger matches TA-Lib (src/tools/ta_regtest/ta_test_func/test_bbands.c, TA_BBANDS_SIMPLE 20/2/2)', () => {
  const bb = new BollingerIndicator({ period: 20, stdDev: 2 });
  const outs = TALIB_CLOSE.map((x) => {
    const r = bb.update(x);
    return r && { ...r };
  });
  it.each([
    ['upper', 98.0734],
    ['middle', 92.891],
    ['lower', 87.7086],
  ] as const)('begIdx 19, out[0].%s = %f', (field, value) => {
    expectPublished(outs.map((o) => (o === null ? null : o[field])), { begIdx: 19, outIdx: 0, value, tolerance: 1e-4 }, `BB ${field}`);
  });
});

describe('BollingerIndicator', () => {
  it('equals the batch formula on the TA-Lib series to 1e-10 relative', () => {
    const bb = new BollingerIndicator({ period: 20, stdDev: 2 });
    const expected = batchBollinger(TALIB_CLOSE, 20, 2);
    TALIB_CLOSE.forEach((x, i) => {
      const r = bb.update(x);
      const e = expected[i];
      if (e === null) return expect(r).toBeNull();
      for (const f of ['upper', 'middle', 'lower'] as const) {
        expect(Math.abs((r as BollingerResult)[f] - e[f]) / e[f], `${f} at ${i}`).toBeLessThan(1e-10);
      }
    });
  });

  it('uses the POPULATION standard deviation', () => {
    const bb = new BollingerIndicator({ period: 4, stdDev: 1 });
    let r: BollingerResult | null = null;
    for (const x of [2, 4, 4, 6]) r = bb.update(x);
    // mean 4, population variance (4+0+0+4)/4 = 2 (the sample variance would be 8/3).
    expect(r?.upper).toBeCloseTo(4 + Math.SQRT2, 12);
    expect(r?.lower).toBeCloseTo(4 - Math.SQRT2, 12);
  });

  it('keeps its precision for large prices with a tiny spread (no Σx² cancellation)', () => {
    const period = 20;
    const bb = new BollingerIndicator({ period, stdDev: 1 });
    const xs: number[] = [];
    for (let i = 0; i < 5000; i++) xs.push(100_000 + ((i * 7919) % 17) * 0.001);
    for (const x of xs) bb.update(x);
    const w = xs.slice(-period);
    const m = w.reduce((a, b) => a + b, 0) / period;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / period);
    const r = bb.value as BollingerResult;
    expect(Math.abs(r.upper - r.middle - sd) / sd, 'relative error of σ').toBeLessThan(1e-6);
  });

  it('gives zero-width bands on a flat market', () => {
    const bb = new BollingerIndicator({ period: 5, stdDev: 2 });
    for (let i = 0; i < 12; i++) bb.update(123.456);
    const r = bb.value as BollingerResult;
    expect(r.upper - r.lower).toBeLessThan(1e-9);
  });

  it('rejects bad params, naming the field', () => {
    expect(() => new BollingerIndicator({ period: 0, stdDev: 2 })).toThrow(/period/);
    expect(() => new BollingerIndicator({ period: 20, stdDev: 0 })).toThrow(/stdDev/);
    expect(() => new BollingerIndicator({ period: 20, stdDev: Number.POSITIVE_INFINITY })).toThrow(/stdDev/);
  });
});
