import { describe, expect, it } from 'vitest';
import { correlation, correlationMatrix } from './correlation.ts';

/** Seeded series of `length` points: random walks' returns, one flat, one with a NaN, and near-duplicates. */
function fleet(count: number, length: number, seed: number): number[][] {
  let s = seed;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5);
  const base = Array.from({ length }, () => rand() * 0.02);
  return Array.from({ length: count }, (_, k) =>
    k === 3 ? new Array(length).fill(0) : base.map((b, i) => (k === 5 && i === 7 ? Number.NaN : b * (k % 4) + rand() * 0.01 * k)),
  );
}

describe('correlationMatrix', () => {
  it('gives every pair exactly what correlation() gives it, bit for bit (nulls for the flat and the NaN series)', () => {
    for (const [count, length, seed] of [[40, 69, 5], [12, 3, 9], [7, 250, 21]] as const) {
      const series = fleet(count, length, seed);
      const m = correlationMatrix(series);
      for (let i = 0; i < count; i++) for (let j = 0; j < count; j++) expect(m.get(i, j), `${count}x${length}: (${i}, ${j})`).toBe(correlation(series[i], series[j]));
      expect(m.get(3, 3), 'a flat series has no variance').toBeNull();
      expect(m.get(0, 5), 'a series with a NaN').toBeNull();
    }
  });

  it('takes series of different lengths pair by pair, over the shorter one', () => {
    const series = [[1, 2, 3, 5, 8], [2, 1, 4, 3], [1, 3, 2, 5, 4, 6]];
    const m = correlationMatrix(series);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(m.get(i, j)).toBe(correlation(series[i], series[j]));
    expect(m.get(0, 1)).not.toBeNull();
  });
});
