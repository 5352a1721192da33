/**
 * Cross-check against an independent published implementation at full double precision: the
 * `trading-signals` package (a dev dependency). TA-Lib's own tables print only 2-4 decimals; these comparisons
 * pin every output of the TA-Lib reference series to 1e-9 relative where the two libraries define the
 * indicator the same way. Not compared: trading-signals' ATR (its first TR is high - low, warm-up differs) and
 * MACD (different EMA alignment); both are covered by TA-Lib's values and the batch formulas instead.
 */
import { BollingerBands, EMA, RSI, SMA } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { BollingerIndicator } from './bollinger.ts';
import { EMAIndicator } from './ema.ts';
import { TALIB_CLOSE } from '../../testkit/indicators/talib-reference.ts';
import { RSIIndicator } from './rsi.ts';
import { SMAIndicator } from './sma.ts';

interface TSIndicator<R> {
  add(x: number): unknown;
  readonly isStable: boolean;
  getResultOrThrow(): R;
}

function theirs<R>(ind: TSIndicator<R>): (R | null)[] {
  return TALIB_CLOSE.map((x) => {
    ind.add(x);
    return ind.isStable ? ind.getResultOrThrow() : null;
  });
}

function expectRel(actual: number, expected: number, label: string): void {
  expect(Math.abs(actual - expected) / Math.abs(expected), `${label}: ours ${actual}, trading-signals ${expected}`).toBeLessThan(1e-9);
}

describe('cross-check with trading-signals on the TA-Lib series', () => {
  it('SMA(30) equals at every output, same warm-up', () => {
    const ours = new SMAIndicator({ period: 30 });
    theirs<number>(new SMA(30)).forEach((t, i) => {
      const o = ours.update(TALIB_CLOSE[i]);
      expect(o === null, `warm-up at ${i}`).toBe(t === null);
      if (t !== null) expectRel(o as number, t, `SMA at ${i}`);
    });
  });

  it('RSI(14) equals at every output, same warm-up (both Wilder, TA-Lib seeding)', () => {
    const ours = new RSIIndicator({ period: 14 });
    theirs<number>(new RSI(14)).forEach((t, i) => {
      const o = ours.update(TALIB_CLOSE[i]);
      expect(o === null, `warm-up at ${i}`).toBe(t === null);
      if (t !== null) expectRel(o as number, t, `RSI at ${i}`);
    });
  });

  it("Bollinger(20, 2) equals at every output (population σ), same warm-up", () => {
    const ours = new BollingerIndicator({ period: 20, stdDev: 2 });
    theirs<{ upper: number; middle: number; lower: number }>(new BollingerBands(20, 2)).forEach((t, i) => {
      const o = ours.update(TALIB_CLOSE[i]);
      expect(o === null, `warm-up at ${i}`).toBe(t === null);
      if (t !== null && o !== null) for (const f of ['upper', 'middle', 'lower'] as const) expectRel(o[f], t[f], `BB ${f} at ${i}`);
    });
  });

  it("EMA(10) with seeding 'first' equals trading-signals' EMA once that reports stable", () => {
    const ours = new EMAIndicator({ period: 10, seeding: 'first' });
    theirs<number>(new EMA(10)).forEach((t, i) => {
      const o = ours.update(TALIB_CLOSE[i]) as number;
      if (t !== null) expectRel(o, t, `EMA at ${i}`);
    });
  });
});
