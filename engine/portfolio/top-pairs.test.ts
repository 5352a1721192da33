import { describe, expect, it } from 'vitest';
import { CorrelationMatrix } from './correlation.ts';
import { mostCorrelatedPairs } from './top-pairs.ts';

/** A seeded matrix of n series with values on a coarse grid (many ties) and some nulls. */
function matrix(n: number, seed: number): CorrelationMatrix {
  const m = new CorrelationMatrix(n);
  let s = seed;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) m.set(i, j, i === j ? 1 : rand() < 0.05 ? null : Math.round(rand() * 20) / 10 - 1);
  return m;
}

/** Every pair above the threshold, sorted by correlation with a stable sort: the order the kept pairs must have. */
function allFlagged(m: CorrelationMatrix, threshold: number) {
  const out: { i: number; j: number; correlation: number }[] = [];
  for (let i = 0; i < m.size; i++) for (let j = i + 1; j < m.size; j++) {
    const c = m.get(i, j);
    if (c !== null && c > threshold) out.push({ i, j, correlation: c });
  }
  return out.sort((a, b) => b.correlation - a.correlation);
}

describe('mostCorrelatedPairs', () => {
  it('keeps the first `keep` pairs of the stable full sort, and counts every flagged pair', () => {
    for (const [n, seed, threshold, keep] of [[60, 3, 0.3, 50], [60, 7, 0.3, 5000], [25, 11, -2, 1], [40, 13, 0.95, 10], [30, 17, 0.5, 0]] as const) {
      const m = matrix(n, seed);
      const all = allFlagged(m, threshold);
      const got = mostCorrelatedPairs(m, threshold, keep);
      expect(got.count, `n=${n} seed=${seed}`).toBe(all.length);
      expect(got.pairs, `n=${n} seed=${seed}`).toEqual(all.slice(0, keep));
    }
  });
});
