/**
 * Paired tests on per-period return differences (variant − control, the same periods of the same feed):
 * the paired t-test, the sign test and the Wilcoxon signed-rank test, and the sample size a paired t-test
 * needs to detect an effect. Pure functions.
 */
import { binomialTwoSidedHalf, normalCdf, normalQuantile, studentTTwoSided } from '../stats/distributions.ts';
import { mean, stdev, type Sample } from '../stats/describe.ts';

export interface TTestResult {
  n: number;
  meanDiff: number | null;
  sdDiff: number | null;
  /** null when the differences do not vary (then p is 1 for a zero mean, 0 otherwise). */
  t: number | null;
  df: number;
  p: number | null;
}

/** Paired t-test of H0: mean difference = 0 (two-sided). */
export function pairedTTest(diffs: Sample): TTestResult {
  const n = diffs.length;
  const m = mean(diffs);
  const s = stdev(diffs);
  if (m === null || s === null) return { n, meanDiff: m, sdDiff: s, t: null, df: Math.max(0, n - 1), p: null };
  // No variation beyond rounding: a constant difference is certain (p = 0), a zero one is no difference (p = 1).
  if (!(s > 1e-12 * Math.abs(m))) return { n, meanDiff: m, sdDiff: s, t: null, df: n - 1, p: m === 0 ? 1 : 0 };
  const t = m / (s / Math.sqrt(n));
  return { n, meanDiff: m, sdDiff: s, t, df: n - 1, p: studentTTwoSided(t, n - 1) };
}

export interface SignTestResult {
  positive: number;
  negative: number;
  /** Periods with no difference (left out of the test). */
  zero: number;
  p: number;
}

/** Exact two-sided sign test: are positive and negative differences equally likely? */
export function signTest(diffs: Sample): SignTestResult {
  let positive = 0;
  let negative = 0;
  let zero = 0;
  for (let i = 0; i < diffs.length; i++) {
    if (diffs[i] > 0) positive++;
    else if (diffs[i] < 0) negative++;
    else zero++;
  }
  return { positive, negative, zero, p: binomialTwoSidedHalf(positive, positive + negative) };
}

export interface WilcoxonResult {
  /** Non-zero differences ranked. */
  n: number;
  /** Sum of the ranks of the positive differences. */
  wPlus: number;
  /** Normal approximation with tie and continuity corrections; null with fewer than 6 non-zero differences. */
  z: number | null;
  p: number | null;
}

/** Wilcoxon signed-rank test (zeros dropped, tied ranks averaged, normal approximation). */
export function wilcoxonSignedRank(diffs: Sample): WilcoxonResult {
  const nz: number[] = [];
  for (let i = 0; i < diffs.length; i++) if (diffs[i] !== 0) nz.push(diffs[i]);
  const n = nz.length;
  const order = nz.map((_, i) => i).sort((a, b) => Math.abs(nz[a]) - Math.abs(nz[b]));
  let wPlus = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && Math.abs(nz[order[j + 1]]) === Math.abs(nz[order[i]])) j++;
    const rank = (i + j + 2) / 2;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    for (let k = i; k <= j; k++) if (nz[order[k]] > 0) wPlus += rank;
    i = j + 1;
  }
  if (n < 6) return { n, wPlus, z: null, p: null };
  const mu = (n * (n + 1)) / 4;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  if (!(sigma > 0)) return { n, wPlus, z: null, p: null };
  const dev = wPlus - mu;
  const z = (dev - Math.sign(dev) * 0.5) / sigma;
  return { n, wPlus, z, p: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/**
 * Periods a two-sided paired t-test at level `alpha` needs to detect the standardised effect `d`
 * (mean difference / sd of the differences) with probability `power`: the normal approximation
 * n = ((z₁₋α/₂ + z_power) / d)² plus Guenther's correction z₁₋α/₂² / 2 for the t distribution.
 * Null for d = 0 (no effect can be detected).
 */
export function requiredPeriods(d: number, alpha = 0.05, power = 0.8): number | null {
  if (!Number.isFinite(d) || d === 0) return null;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  return Math.max(2, Math.ceil(((za + zb) / Math.abs(d)) ** 2 + (za * za) / 2));
}
