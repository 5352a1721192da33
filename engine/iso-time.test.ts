import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.ts';

/** The range a JS Date can hold: ±8.64e15 ms around the epoch. */
const MAX = 8.64e15;

describe('isoTime', () => {
  it.each([0, -1, 1, 951_782_400_000, 951_868_799_999, 1_704_067_200_000, 4_107_542_399_999, -62_135_596_800_000, 253_402_300_799_999])(
    'formats %i like Date#toISOString',
    (ms) => {
      expect(isoTime(ms), 'the same string Date would print').toBe(new Date(ms).toISOString());
    },
  );

  it('uses the expanded ±YYYYYY year form outside 0000..9999, as Date does', () => {
    expect(isoTime(253_402_300_800_000), 'year 10000').toBe('+010000-01-01T00:00:00.000Z');
    expect(isoTime(-62_167_219_200_001), 'one ms before year 0 is year -1').toBe('-000001-12-31T23:59:59.999Z');
    expect(isoTime(MAX)).toBe(new Date(MAX).toISOString());
    expect(isoTime(-MAX)).toBe(new Date(-MAX).toISOString());
  });

  it('drops a fractional millisecond like Date does', () => {
    expect(isoTime(1.7), 'truncated, not rounded').toBe(new Date(1.7).toISOString());
    expect(isoTime(-1.7), 'truncated toward zero').toBe(new Date(-1.7).toISOString());
  });

  it('agrees with Date#toISOString over the whole Date range (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX, max: MAX }), (ms) => isoTime(ms) === new Date(ms).toISOString()),
      { numRuns: 20_000 },
    );
  });

  it('agrees with Date#toISOString around leap days and century years (property)', () => {
    const boundaries = [1900, 2000, 2024, 2100, 2400, 1600, 1].map((y) => Date.UTC(y, 1, 28, 12));
    fc.assert(
      fc.property(fc.constantFrom(...boundaries), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), (base, d) => {
        const ms = base + d;
        return isoTime(ms) === new Date(ms).toISOString();
      }),
      { numRuns: 5_000 },
    );
  });
});
