/**
 * The deflated Sharpe ratio (Bailey and López de Prado, "The Deflated Sharpe Ratio", 2014): the probability
 * that a strategy's true Sharpe ratio is above the best Sharpe ratio that N trials of zero skill would be
 * expected to show, given the sample length and the non-normality of its returns. All Sharpe ratios here are
 * per period (not annualised).
 */
import { normalCdf, normalQuantile } from '../stats/distributions.ts';

const EULER_GAMMA = 0.5772156649015329;

/** Expected maximum of N Sharpe estimates of zero-skill strategies whose estimates have variance `variance`. */
export function expectedMaxSharpe(trials: number, variance: number): number {
  if (trials < 2 || !(variance > 0)) return 0;
  return Math.sqrt(variance) * ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) + EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)));
}

/**
 * Probabilistic Sharpe ratio: P(true SR > benchmark) for an observed per-period SR over `periods` returns with
 * skewness `skew` and (non-excess) kurtosis `kurt`. Null when the variance term is not positive.
 */
export function probabilisticSharpe(sr: number, benchmark: number, periods: number, skew = 0, kurt = 3): number | null {
  if (periods < 2) return null;
  const v = 1 - skew * sr + ((kurt - 1) / 4) * sr * sr;
  if (!(v > 0)) return null;
  return normalCdf(((sr - benchmark) * Math.sqrt(periods - 1)) / Math.sqrt(v));
}

export interface DeflatedSharpe {
  /** Observed per-period Sharpe of the selected strategy. */
  sharpe: number;
  trials: number;
  /** Variance of the per-period Sharpe estimates across the trials. */
  trialVariance: number;
  periods: number;
  skew: number;
  kurtosis: number;
  /** True when skewness and kurtosis were measured, false when a normal distribution was assumed. */
  measuredMoments: boolean;
  /** The Sharpe N zero-skill trials would be expected to reach at best (per period). */
  expectedMax: number;
  /** P(true SR > expectedMax): the deflated Sharpe ratio. */
  dsr: number | null;
  /** P(true SR > 0), ignoring the number of trials. */
  psr: number | null;
}

export function deflatedSharpe(input: { sharpe: number; trials: number; trialVariance: number; periods: number; skew?: number | null; kurtosis?: number | null }): DeflatedSharpe {
  const measured = input.skew !== null && input.skew !== undefined && input.kurtosis !== null && input.kurtosis !== undefined;
  const skew = measured ? input.skew! : 0;
  const kurt = measured ? input.kurtosis! : 3;
  const expectedMax = expectedMaxSharpe(input.trials, input.trialVariance);
  return {
    sharpe: input.sharpe,
    trials: input.trials,
    trialVariance: input.trialVariance,
    periods: input.periods,
    skew,
    kurtosis: kurt,
    measuredMoments: measured,
    expectedMax,
    dsr: probabilisticSharpe(input.sharpe, expectedMax, input.periods, skew, kurt),
    psr: probabilisticSharpe(input.sharpe, 0, input.periods, skew, kurt),
  };
}
