import { describe, expect, it } from 'vitest';
import { perturbPrice, priceSeries } from '../../testkit/indicators/arbitraries.ts';
import { batchRSI } from '../../testkit/indicators/batch.ts';
import { expectPublished } from '../../testkit/indicators/published.ts';
import { TALIB_CLOSE } from '../../testkit/indicators/talib-reference.ts';
import { testIndicatorContract } from '../../testkit/contracts/indicator-contract.ts';
import { RSIIndicator } from './rsi.ts';

for (const period of [2, 5, 14]) {
  testIndicatorContract(`RSI(${period})`, () => new RSIIndicator({ period }), TALIB_CLOSE, {
    batch: (xs) => batchRSI(xs, period),
    perturb: perturbPrice,
    arbitrary: priceSeries(),
    invariant: (out) => {
      expect(out, 'RSI is within [0, 100]').toBeGreaterThanOrEqual(0);
      expect(out).toBeLessThanOrEqual(100);
    },
  });
}

describe('RSI matches TA-Lib (src/tools/ta_regtest/ta_test_func/test_rsi.c, TA_COMPATIBILITY_DEFAULT rows)', () => {
  const rsi = new RSIIndicator({ period: 14 });
  const outs = TALIB_CLOSE.map((x) => rsi.update(x));
  it.each([
    [0, 49.14],
    [1, 52.32],
    [2, 46.07],
    [252 - 15, 49.63],
  ])('period 14: begIdx 14, out[%i] = %f', (outIdx, value) => {
    expectPublished(outs, { begIdx: 14, outIdx, value }, 'RSI(14)');
  });
});

describe('RSIIndicator', () => {
  it('has warmup period + 1 and TA-Lib-style defaults for levels', () => {
    const rsi = new RSIIndicator({ period: 14 });
    expect(rsi.warmup).toBe(15);
    expect([rsi.overbought, rsi.oversold]).toEqual([70, 30]);
  });

  it('reads 100 on only gains, 0 on only losses, and the neutral 50 on no movement (TA-Lib gives 0)', () => {
    const up = new RSIIndicator({ period: 3 });
    const down = new RSIIndicator({ period: 3 });
    const flat = new RSIIndicator({ period: 3 });
    for (let i = 0; i < 6; i++) {
      up.update(10 + i);
      down.update(10 - i);
      flat.update(10);
    }
    expect(up.value).toBe(100);
    expect(down.value).toBe(0);
    expect(flat.value, 'a flat market is not oversold').toBe(50);
  });

  it('works for tiny prices (no fixed epsilon)', () => {
    const rsi = new RSIIndicator({ period: 2 });
    for (const x of [1e-9, 2e-9, 1.5e-9, 1.7e-9]) rsi.update(x);
    expect(rsi.value).toBeGreaterThan(0);
    expect(rsi.value).toBeLessThan(100);
  });

  it('rejects bad params, naming the field', () => {
    expect(() => new RSIIndicator({ period: 1 })).toThrow(/period/);
    expect(() => new RSIIndicator({ period: 14, overbought: 120 })).toThrow(/overbought/);
    expect(() => new RSIIndicator({ period: 14, oversold: 80 })).toThrow(/oversold/);
  });
});
