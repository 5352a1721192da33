/** Batch references for the statistic functions. */
import type { Series } from './bars.ts';
import { align, type Maybe } from './talib-style.ts';

/**
 * Population variance of each window, two-pass (mean, then mean squared deviation): the definition ta_VAR.c
 * implements with running sums of x and x^2, which lose the digits of a small variance next to a large price.
 */
export function batchVAR(inReal: readonly number[], n: number): Maybe[] {
  const out: number[] = [];
  for (let today = n - 1; today < inReal.length; today++) {
    let mean = 0;
    for (let i = today - n + 1; i <= today; i++) mean += inReal[i];
    mean /= n;
    let v = 0;
    for (let i = today - n + 1; i <= today; i++) v += (inReal[i] - mean) ** 2;
    out.push(allEqual(inReal, today - n + 1, today) ? 0 : v / n);
  }
  return align(inReal.length, { begIdx: n - 1, out });
}

/** ta_STDDEV.c: sqrt(VAR) * nbDev, 0 when the variance is not positive. */
export function batchSTDDEV(inReal: readonly number[], n: number, nbDev: number): Maybe[] {
  return batchVAR(inReal, n).map((v) => (v === null ? null : v > 0 ? Math.sqrt(v) * nbDev : 0));
}

/** ta_LINEARREG.c / ta_LINEARREG_SLOPE.c: per window, SumXY and SumY recomputed with x counting back from today. */
export function batchLinReg(inReal: readonly number[], n: number, output: 'value' | 'slope'): Maybe[] {
  const out: number[] = [];
  const SumX = n * (n - 1) * 0.5;
  const SumXSqr = (n * (n - 1) * (2 * n - 1)) / 6;
  const Divisor = SumX * SumX - n * SumXSqr;
  for (let today = n - 1; today < inReal.length; today++) {
    let SumXY = 0;
    let SumY = 0;
    for (let i = n; i-- !== 0; ) {
      const tempValue1 = inReal[today - i];
      SumY += tempValue1;
      SumXY += i * tempValue1;
    }
    const m = n === 1 ? 0 : (n * SumXY - SumX * SumY) / Divisor;
    const b = (SumY - m * SumX) / n;
    out.push(output === 'slope' ? m : b + m * (n - 1));
  }
  return align(inReal.length, { begIdx: n - 1, out });
}

/** ta_BETA.c: window sums of one-bar returns; TA_IS_ZERO (|d| < 1e-8) on the denominator, exact zero on prices. */
export function batchBETA(x0: readonly number[], y0: readonly number[], n: number): Maybe[] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 1; i < x0.length; i++) {
    xs.push(x0[i - 1] !== 0 ? (x0[i] - x0[i - 1]) / x0[i - 1] : 0);
    ys.push(y0[i - 1] !== 0 ? (y0[i] - y0[i - 1]) / y0[i - 1] : 0);
  }
  const out: number[] = [];
  for (let end = n - 1; end < xs.length; end++) {
    let S_xx = 0;
    let S_xy = 0;
    let S_x = 0;
    let S_y = 0;
    for (let j = end - n + 1; j <= end; j++) {
      S_xx += xs[j] * xs[j];
      S_xy += xs[j] * ys[j];
      S_x += xs[j];
      S_y += ys[j];
    }
    const tmp = n * S_xx - S_x * S_x;
    out.push(tmp > -1e-8 && tmp < 1e-8 ? 0.0 : (n * S_xy - S_x * S_y) / tmp);
  }
  return align(x0.length, { begIdx: n, out });
}

/** Pearson's r of each window from centred two-pass sums (the definition ta_CORREL.c computes with raw sums); 0 on a flat window. */
export function batchCORREL(x: readonly number[], y: readonly number[], n: number): Maybe[] {
  const out: number[] = [];
  for (let today = n - 1; today < x.length; today++) {
    let mx = 0;
    let my = 0;
    for (let i = today - n + 1; i <= today; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = today - n + 1; i <= today; i++) {
      sxx += (x[i] - mx) ** 2;
      syy += (y[i] - my) ** 2;
      sxy += (x[i] - mx) * (y[i] - my);
    }
    const flat = allEqual(x, today - n + 1, today) || allEqual(y, today - n + 1, today);
    out.push(flat || !(sxx * syy > 0) ? 0 : sxy / Math.sqrt(sxx * syy));
  }
  return align(x.length, { begIdx: n - 1, out });
}

/** True when xs[from..to] are all the same number (a flat window: no spread at all). */
export function allEqual(xs: readonly number[], from: number, to: number): boolean {
  for (let i = from + 1; i <= to; i++) if (xs[i] !== xs[from]) return false;
  return true;
}

/** Picks a candle column by source name (for the two-input functions). */
export function column(s: Series, source: string): readonly number[] {
  switch (source) {
    case 'open':
    case 'high':
    case 'low':
    case 'close':
    case 'volume':
      return s[source];
    case 'hl2':
      return s.high.map((h, i) => (h + s.low[i]) / 2);
    case 'hlc3':
      return s.high.map((h, i) => (h + s.low[i] + s.close[i]) / 3);
    default:
      return s.high.map((h, i) => (s.open[i] + h + s.low[i] + s.close[i]) / 4);
  }
}
