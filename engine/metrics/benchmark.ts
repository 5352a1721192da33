import { finiteOrNull } from './formulas.ts';

/**
 * A strategy measured against a benchmark over the same bars. Per-bar returns r_s (strategy equity) and r_b
 * (benchmark price) are paired bar by bar; the first bar's returns are from the strategy's initial capital and
 * the benchmark's start price. n = bars, ppy = the strategy's periods per year; risk-free rate 0.
 * - benchmarkReturn = P_end / P_start − 1; excessReturn = strategy total return − benchmarkReturn.
 * - beta = cov(r_s, r_b) / var(r_b) (sample moments, n − 1).
 * - alpha = (mean(r_s) − beta · mean(r_b)) · ppy (Jensen's alpha, annualised arithmetically).
 * - trackingError = sd(r_s − r_b) · √ppy; informationRatio = mean(r_s − r_b) · ppy / trackingError.
 * Degenerate cases (under two bars, a flat benchmark or no active risk) give null; so do alpha, tracking error and
 * information ratio when `annualise` is false (a span under the minimum, formulas.ts).
 */
export interface BenchmarkStats {
  benchmarkReturn: number | null;
  excessReturn: number | null;
  alpha: number | null;
  beta: number | null;
  informationRatio: number | null;
  trackingError: number | null;
  bars: number;
}

/** Stats of `equity` (bar-close values after starting from `initialCapital`) against `price` at the same bars, starting at `startPrice`. */
export function benchmarkStats(equity: ArrayLike<number>, initialCapital: number, price: ArrayLike<number>, startPrice: number, periodsPerYear: number, annualise = true): BenchmarkStats {
  const n = Math.min(equity.length, price.length);
  if (n === 0 || !(startPrice > 0)) return { benchmarkReturn: null, excessReturn: null, alpha: null, beta: null, informationRatio: null, trackingError: null, bars: n };
  const rs = new Float64Array(n);
  const rb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rs[i] = equity[i] / (i === 0 ? initialCapital : equity[i - 1]) - 1;
    rb[i] = price[i] / (i === 0 ? startPrice : price[i - 1]) - 1;
  }
  const ms = mean(rs);
  const mb = mean(rb);
  const ma = ms - mb;
  let cov = 0;
  let varB = 0;
  let varA = 0;
  for (let i = 0; i < n; i++) {
    cov += (rs[i] - ms) * (rb[i] - mb);
    varB += (rb[i] - mb) ** 2;
    varA += (rs[i] - rb[i] - ma) ** 2;
  }
  const benchmarkReturn = price[n - 1] / startPrice - 1;
  const excessReturn = equity[n - 1] / initialCapital - 1 - benchmarkReturn;
  const beta = n > 1 && varB > 0 ? cov / varB : null;
  const te = annualise && n > 1 && varA > 0 ? Math.sqrt(varA / (n - 1)) * Math.sqrt(periodsPerYear) : null;
  return {
    benchmarkReturn: finiteOrNull(benchmarkReturn),
    excessReturn: finiteOrNull(excessReturn),
    alpha: beta === null || !annualise ? null : finiteOrNull((ms - beta * mb) * periodsPerYear),
    beta: beta === null ? null : finiteOrNull(beta),
    informationRatio: te === null ? null : finiteOrNull((ma * periodsPerYear) / te),
    trackingError: te === null ? null : finiteOrNull(te),
    bars: n,
  };
}

function mean(xs: Float64Array): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}
