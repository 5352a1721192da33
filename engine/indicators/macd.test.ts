import { describe, expect, it } from 'vitest';
import { EMAIndicator } from './ema.ts';
import { perturbPrice, priceSeries } from '../../testkit/indicators/arbitraries.ts';
import { batchMACD } from '../../testkit/indicators/batch.ts';
import { expectPublished } from '../../testkit/indicators/published.ts';
import { TALIB_CLOSE } from '../../testkit/indicators/talib-reference.ts';
import { testIndicatorContract } from '../../testkit/contracts/indicator-contract.ts';
import { MACDIndicator, type MACDResult } from './macd.ts';

const CONFIGS = [
  [12, 26, 9],
  [3, 7, 4],
  [1, 2, 1],
] as const;

for (const seeding of ['talib', 'first'] as const) {
  for (const [fastPeriod, slowPeriod, signalPeriod] of CONFIGS) {
    testIndicatorContract(
      `MACD(${fastPeriod},${slowPeriod},${signalPeriod}, ${seeding})`,
      () => new MACDIndicator({ fastPeriod, slowPeriod, signalPeriod, seeding }),
      TALIB_CLOSE,
      {
        batch: (xs) => batchMACD(xs, fastPeriod, slowPeriod, signalPeriod, seeding),
        perturb: perturbPrice,
        arbitrary: priceSeries(),
        invariant: (out) => expect(out.histogram).toBe(out.macd - out.signal),
      },
    );
  }
}

function run(seeding: 'talib' | 'first' = 'talib'): (MACDResult | null)[] {
  const macd = new MACDIndicator({ fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, seeding });
  return TALIB_CLOSE.map((x) => {
    const r = macd.update(x);
    return r && { ...r };
  });
}

describe('MACD matches TA-Lib (src/tools/ta_regtest/ta_test_func/test_macd.c, TA_MACD_TEST classic 12/26/9)', () => {
  const outs = run();
  it.each([
    ['macd', -1.9738],
    ['signal', -2.7071],
    ['histogram', 0.7333], // published as (-1.9738)-(-2.7071)
  ] as const)('begIdx 33, out[0].%s = %f', (field, value) => {
    expectPublished(outs.map((o) => (o === null ? null : o[field])), { begIdx: 33, outIdx: 0, value }, `MACD ${field}`);
  });

  it("aligns like ta_MACD.c: the fast EMA is seeded with the SMA of the 12 inputs ending at input 25", () => {
    const fast = new EMAIndicator({ period: 12 });
    const slow = new EMAIndicator({ period: 26 });
    const fastLine = TALIB_CLOSE.map((x, i) => (i >= 26 - 12 ? fast.update(x) : null));
    const slowLine = TALIB_CLOSE.map((x) => slow.update(x));
    expect(fastLine[25], 'fast EMA starts on the same bar as the slow one').not.toBeNull();
    expect(fastLine[24]).toBeNull();
    expect((outs[33] as MACDResult).macd).toBe((fastLine[33] as number) - (slowLine[33] as number));
  });
});

describe('MACDIndicator', () => {
  it('warms up for slow + signal - 1 inputs (talib) or 1 input (first)', () => {
    expect(new MACDIndicator({ fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 }).warmup).toBe(34);
    expect(new MACDIndicator({ fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, seeding: 'first' }).warmup).toBe(1);
  });

  it("with seeding 'first' starts at zero lines on the first input", () => {
    const m = new MACDIndicator({ fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, seeding: 'first' });
    expect({ ...m.update(100) }).toEqual({ macd: 0, signal: 0, histogram: 0 });
  });

  it('rejects bad params, naming the field', () => {
    expect(() => new MACDIndicator({ fastPeriod: 26, slowPeriod: 12, signalPeriod: 9 })).toThrow(/fastPeriod/);
    expect(() => new MACDIndicator({ fastPeriod: 12, slowPeriod: 12, signalPeriod: 9 })).toThrow(/fastPeriod/);
    expect(() => new MACDIndicator({ fastPeriod: 0, slowPeriod: 12, signalPeriod: 9 })).toThrow(/fastPeriod/);
    expect(() => new MACDIndicator({ fastPeriod: 2, slowPeriod: 1.5, signalPeriod: 9 })).toThrow(/slowPeriod/);
    expect(() => new MACDIndicator({ fastPeriod: 2, slowPeriod: 5, signalPeriod: 0 })).toThrow(/signalPeriod/);
  });
});
