/**
 * Pearson correlation of return series, two-pass (mean first) for accuracy. Null when there are fewer than 3
 * points, a value is not finite, or either series has zero variance: a correlation is never NaN or Infinity.
 */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = Math.min(a.length, b.length)): number | null {
  const n = to - from;
  if (n < 3) return null;
  let sa = 0;
  let sb = 0;
  for (let i = from; i < to; i++) {
    sa += a[i];
    sb += b[i];
  }
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = from; i < to; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  if (!(va > 0 && vb > 0) || !Number.isFinite(cov)) return null;
  const r = cov / Math.sqrt(va * vb);
  if (!Number.isFinite(r)) return null;
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/** Symmetric matrix of pairwise correlations; the diagonal is 1 for a series with variance, else null. */
export function correlationMatrix(series: readonly ArrayLike<number>[]): (number | null)[][] {
  const n = series.length;
  const m: (number | null)[][] = Array.from({ length: n }, () => new Array<number | null>(n).fill(null));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const r = correlation(series[i], series[j]);
      m[i][j] = r;
      m[j][i] = r;
    }
  }
  return m;
}

/** Correlation over a sliding window of `window` points, one value per point (null until the window is full). */
export function rollingCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, window: number): (number | null)[] {
  const n = Math.min(a.length, b.length);
  const out: (number | null)[] = new Array(n).fill(null);
  for (let end = window; end <= n; end++) out[end - 1] = correlation(a, b, end - window, end);
  return out;
}

/** Sample standard deviation (n − 1), or null with fewer than 2 points or a non-finite value. */
export function sampleSd(x: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2) return null;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const m = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
  const sd = Math.sqrt(ss / (n - 1));
  return Number.isFinite(sd) ? sd : null;
}
