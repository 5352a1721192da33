/**
 * Picks the rows of a long curve worth drawing: per time bucket its first and last point, the lowest and highest
 * value and the deepest drawdown, so peaks, troughs and the worst drawdown survive any reduction. Returns row
 * indexes in order; all of them when the curve is already short enough.
 */
export function downsampleIndexes(time: ArrayLike<number>, value: ArrayLike<number>, drawdown: ArrayLike<number> | null, maxPoints: number): number[] {
  const n = time.length;
  if (n <= maxPoints || n === 0) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(maxPoints / 5));
  const t0 = time[0];
  const span = time[n - 1] - t0 || 1;
  const keep = new Set<number>([0, n - 1]);
  let b = -1;
  let first = 0, last = 0, lo = 0, hi = 0, dd = 0;
  const flush = () => {
    if (b >= 0) for (const i of [first, last, lo, hi, dd]) keep.add(i);
  };
  for (let i = 0; i < n; i++) {
    const k = Math.min(buckets - 1, Math.floor(((time[i] - t0) / span) * buckets));
    if (k !== b) {
      flush();
      b = k;
      first = last = lo = hi = dd = i;
      continue;
    }
    last = i;
    if (value[i] < value[lo]) lo = i;
    if (value[i] > value[hi]) hi = i;
    if (drawdown && drawdown[i] > drawdown[dd]) dd = i;
  }
  flush();
  return [...keep].sort((x, y) => x - y);
}
