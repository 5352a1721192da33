import { describe, it } from 'vitest';
import { sarDescriptor } from './sar.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchSAR } from '../../testkit/indicators/batch-overlap.ts';
import { expectPublished } from '../../testkit/indicators/published.ts';
import type { Candle } from '../types.ts';

checkIndicator(sarDescriptor, {
  configs: [{}, { acceleration: 0.05, maximum: 0.3 }],
  batch: (s, c) => batchSAR(s, c.acceleration, c.maximum),
});

// test_sar.c publishes SAR only on the example of Wilder's book (38 bars of high/low, not TA-Lib's reference series),
// as a whole-series call with acceleration 0.02 and maximum 0.2 (the defaults).
const WILDER_HIGH = [
  51.12, 52.35, 52.1, 51.8, 52.1, 52.5, 52.8, 52.5, 53.5, 53.5, 53.8, 54.2, 53.4, 53.5, 54.4, 55.2, 55.7, 57, 57.5, 58, 57.7,
  58, 57.5, 57, 56.7, 57.5, 56.7, 56, 56.2, 54.8, 55.5, 54.7, 54, 52.5, 51, 51.5, 51.7, 53,
];
const WILDER_LOW = [
  50, 51.5, 51, 50.5, 51.25, 51.7, 51.85, 51.5, 52.3, 52.5, 53, 53.5, 52.5, 52.1, 53, 54, 55, 56, 56.5, 57, 56.5, 57.3,
  56.7, 56.3, 56.2, 56, 55.5, 55, 54.9, 54, 54.5, 53.8, 53, 51.5, 50, 50.5, 50.2, 51.5,
];

describe("sar matches TA-Lib's published values on Wilder's example (test_sar.c)", () => {
  const day = 86_400_000;
  const candles: Candle[] = WILDER_HIGH.map((high, i) => {
    const low = WILDER_LOW[i];
    const mid = (high + low) / 2;
    return { symbol: 'WILDER', timeframe: '1d', openTime: i * day, closeTime: (i + 1) * day, open: mid, high, low, close: mid, volume: 1 };
  });
  const sar = sarDescriptor.create(sarDescriptor.schema.parse({ type: 'sar' }));
  const outs = candles.map((c) => sar.updateBar(c) as number | null);
  it.each([
    [0, 50.0],
    [1, 50.047],
    [4, 50.182],
    [35, 52.93],
    [36, 50.0],
  ])('begIdx 1, out[%i] = %f', (outIdx, value) => {
    expectPublished(outs, { begIdx: 1, outIdx, value }, 'SAR(0.02, 0.2) on Wilder');
  });
});
