/** Descriptive statistics of a sample; degenerate cases give null, never NaN or Infinity. */

export type Sample = ArrayLike<number>;

export function mean(x: Sample): number | null {
  if (x.length === 0) return null;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample variance (n − 1 in the denominator); null below two values. */
export function variance(x: Sample): number | null {
  const n = x.length;
  if (n < 2) return null;
  const m = mean(x)!;
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - m) * (x[i] - m);
  return s / (n - 1);
}

export function stdev(x: Sample): number | null {
  const v = variance(x);
  return v === null ? null : Math.sqrt(v);
}

/** Population skewness (third standardised moment); null without spread. */
export function skewness(x: Sample): number | null {
  const n = x.length;
  if (n < 3) return null;
  const m = mean(x)!;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 > 0 ? m3 / m2 ** 1.5 : null;
}

/** Population kurtosis (fourth standardised moment, 3 for a normal distribution, not the excess); null without spread. */
export function kurtosis(x: Sample): number | null {
  const n = x.length;
  if (n < 4) return null;
  const m = mean(x)!;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m4 /= n;
  return m2 > 0 ? m4 / (m2 * m2) : null;
}

/**
 * Sharpe ratio of per-period returns (risk-free rate 0): mean / sample standard deviation, annualised by
 * √periodsPerYear (pass 1 for the per-period figure). Null with fewer than two periods or no variation.
 */
export function sharpe(returns: Sample, periodsPerYear = 1): number | null {
  const m = mean(returns);
  const s = stdev(returns);
  if (m === null || s === null || !(s > 0)) return null;
  return (m / s) * Math.sqrt(periodsPerYear);
}

/** Linear-interpolation quantile (numpy's default) of values sorted ascending. */
export function quantileSorted(sorted: Sample, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
