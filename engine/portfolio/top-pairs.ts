import type { CorrelationMatrix } from './correlation.ts';

/** A pair of series by index, with its correlation. */
export interface IndexedPair {
  i: number;
  j: number;
  correlation: number;
}

/** Whether pair a ranks before pair b: higher correlation first, then the earlier pair (i, then j). */
function before(a: IndexedPair, b: IndexedPair): boolean {
  return a.correlation !== b.correlation ? a.correlation > b.correlation : a.i !== b.i ? a.i < b.i : a.j < b.j;
}

/**
 * The `keep` pairs (i < j) most correlated above `threshold`, highest first (ties in pair order), and how many
 * pairs are above it in all. A bounded heap holds the kept pairs, so a fleet of variants that flags most of
 * its 50 M pairs (10,000 strategies) never holds an object per flagged pair.
 */
export function mostCorrelatedPairs(matrix: CorrelationMatrix, threshold: number, keep: number): { pairs: IndexedPair[]; count: number } {
  // A heap whose root is the weakest pair kept.
  const heap: IndexedPair[] = [];
  const weaker = (x: number, y: number) => before(heap[y], heap[x]);
  const swap = (x: number, y: number) => ([heap[x], heap[y]] = [heap[y], heap[x]]);
  let count = 0;
  for (let i = 0; i < matrix.size; i++) {
    for (let j = i + 1; j < matrix.size; j++) {
      const c = matrix.get(i, j);
      if (c === null || !(c > threshold)) continue;
      count++;
      const pair = { i, j, correlation: c };
      if (heap.length < keep) {
        heap.push(pair);
        for (let k = heap.length - 1; k > 0 && weaker(k, (k - 1) >> 1); k = (k - 1) >> 1) swap(k, (k - 1) >> 1);
      } else if (keep > 0 && before(pair, heap[0])) {
        heap[0] = pair;
        for (let k = 0; ; ) {
          const l = 2 * k + 1;
          const r = l + 1;
          let m = k;
          if (l < heap.length && weaker(l, m)) m = l;
          if (r < heap.length && weaker(r, m)) m = r;
          if (m === k) break;
          swap(k, m);
          k = m;
        }
      }
    }
  }
  return { pairs: heap.sort((a, b) => (before(a, b) ? -1 : 1)), count };
}
