import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../engine/types.ts';
import { fromCandles } from './columns.ts';
import { REASON, validateBatch, validateCandle } from './validate.ts';

const T0 = Date.UTC(2024, 0, 1);
const good: Candle = { symbol: 'BTC/USDT', timeframe: '1m', openTime: T0, closeTime: T0 + 60_000, open: 10, high: 12, low: 9, close: 11, volume: 5 };

describe('validateCandle', () => {
  it('accepts a valid bar, including a flat zero-volume one', () => {
    expect(validateCandle(good)).toBeNull();
    expect(validateCandle({ ...good, open: 10, high: 10, low: 10, close: 10, volume: 0 })).toBeNull();
  });

  it.each([
    ['NaN price', { close: Number.NaN }, REASON.nonFinite],
    ['Infinity volume', { volume: Number.POSITIVE_INFINITY }, REASON.nonFinite],
    ['zero price', { low: 0 }, REASON.nonPositivePrice],
    ['negative price', { open: -1, low: -2 }, REASON.nonPositivePrice],
    ['negative volume', { volume: -0.1 }, REASON.negativeVolume],
    ['high < low', { high: 8, low: 9, open: 8.5, close: 8.5 }, REASON.highBelowLow],
    ['open above high', { open: 13 }, REASON.openOutside],
    ['close below low', { close: 8 }, REASON.closeOutside],
    ['unparseable time', { openTime: Number.NaN }, REASON.badTimestamp],
    ['open time off the 1m grid', { openTime: T0 + 30_000 }, REASON.misaligned],
  ] as const)('refuses %s', (_name, patch, reason) => {
    expect(validateCandle({ ...good, ...patch })).toBe(reason);
  });
});

const bar = (minute: number, close = 10) => ({ openTime: T0 + minute * 60_000, open: 10, high: 12, low: 9, close, volume: 1 });

describe('validateBatch', () => {
  it('passes a clean sorted batch through without copying', () => {
    const cols = fromCandles([bar(0), bar(1), bar(2)]);
    const r = validateBatch(cols, '1m');
    expect(r.candles, 'no work to do, no copy').toBe(cols);
    expect([r.rejected.length, r.duplicates, r.reordered]).toEqual([0, 0, 0]);
  });

  it('sorts out-of-order rows, keeps the last of duplicates, and rejects bad rows with their index', () => {
    const cols = fromCandles([bar(0), bar(2), bar(1), bar(2, 11), { ...bar(3), high: 1 }, bar(0, 9.5)]);
    const r = validateBatch(cols, '1m');
    expect(Array.from(r.candles.openTime)).toEqual([0, 1, 2].map((m) => T0 + m * 60_000));
    expect(Array.from(r.candles.close), 'the later duplicate wins').toEqual([9.5, 10, 11]);
    expect(r.duplicates, 'no row is an exact copy of another').toBe(0);
    expect(r.conflicts, 'bar(0) and bar(2) each have a later row with another close').toEqual([
      { index: 0, keptIndex: 5 },
      { index: 1, keptIndex: 3 },
    ]);
    expect(r.reordered, 'bar(1) after bar(2), bar(0) at the end').toBe(2);
    expect(r.rejected).toEqual([{ index: 4, reason: REASON.highBelowLow }]);
  });

  it('tells exact copies (duplicates) from rows with the same time and other values (conflicts)', () => {
    const r = validateBatch(fromCandles([bar(0), bar(0), bar(1), { ...bar(1), volume: 99 }, bar(2)]), '1m');
    expect(r.duplicates, 'row 1 repeats row 0 exactly').toBe(1);
    expect(r.conflicts, 'row 2 differs from the later row 3 in volume').toEqual([{ index: 2, keptIndex: 3 }]);
    expect(Array.from(r.candles.volume)).toEqual([bar(0).volume, 99, bar(2).volume]);
  });

  it('a bad later duplicate does not displace the valid earlier row', () => {
    const r = validateBatch(fromCandles([bar(0, 11), { ...bar(0), close: Number.NaN }]), '1m');
    expect(Array.from(r.candles.close)).toEqual([11]);
    expect(r.rejected.map((x) => x.reason)).toEqual([REASON.nonFinite]);
  });

  it('accounts for every row: kept + rejected + duplicates + conflicts = input; output strictly increasing', () => {
    const row = fc.record({
      minute: fc.integer({ min: 0, max: 40 }),
      close: fc.oneof(fc.double({ min: 9, max: 12, noNaN: true }), fc.constant(Number.NaN), fc.constant(20)),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const r = validateBatch(fromCandles(rows.map((x) => bar(x.minute, x.close))), '1m');
        expect(r.candles.length + r.rejected.length + r.duplicates + r.conflicts.length).toBe(rows.length);
        for (let i = 1; i < r.candles.length; i++) expect(r.candles.openTime[i]).toBeGreaterThan(r.candles.openTime[i - 1]);
      }),
    );
  });
});
