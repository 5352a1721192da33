import { describe, expect, it } from 'vitest';
import { ratchet, trailDistance } from './trailing.ts';

describe('trailing stops', () => {
  it('distances: percent of the price, an absolute amount, or an ATR multiple (null while the ATR warms up)', () => {
    expect(trailDistance({ kind: 'percent', value: 0.05 }, 200, null)).toBe(10);
    expect(trailDistance({ kind: 'amount', value: 3 }, 200, null)).toBe(3);
    expect(trailDistance({ kind: 'atr', multiple: 2.5 }, 200, 4)).toBe(10);
    expect(trailDistance({ kind: 'atr', multiple: 2.5 }, 200, null)).toBeNull();
  });
  it("a long's stop only rises with the closes, a short's only falls", () => {
    const closes = [100, 104, 102, 108, 101];
    let long: number | null = null;
    let short: number | null = null;
    const longs: number[] = [];
    const shorts: number[] = [];
    for (const c of closes) {
      long = ratchet('long', long, c, 5);
      short = ratchet('short', short, c, 5);
      longs.push(long!);
      shorts.push(short!);
    }
    expect(longs, 'falls in the close never lower it').toEqual([95, 99, 99, 103, 103]);
    expect(shorts, 'rises in the close never raise it').toEqual([105, 105, 105, 105, 105]);
  });
  it('an unknown distance keeps the current level', () => {
    expect(ratchet('long', 97, 120, null)).toBe(97);
    expect(ratchet('long', null, 120, null)).toBeNull();
  });
});
