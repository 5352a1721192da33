import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { Moments } from './kit/moments.ts';
import { period, source } from './kit/params.ts';
import { NumberIndicator } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

/**
 * Rolling z-score: (x - mean) / standard deviation over the last timePeriod inputs, population deviation as
 * TA-Lib's STDDEV and Bollinger Bands use (so zscore = 2 exactly on the upper band); 0 when the window is flat.
 * The standard score of statistics (e.g. pandas `(s - s.rolling(n).mean()) / s.rolling(n).std(ddof=0)`).
 * Lookback timePeriod - 1; amortised O(1) per update (kit/moments.ts), O(timePeriod) on bars whose deviation
 * is under 1e-5 of the mean (see kit/moments.ts).
 */
export class ZScoreIndicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly m: Moments;

  constructor(params: { readonly timePeriod: number; readonly source?: PriceSource }) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod;
    this.m = this.own(new Moments(this.timePeriod));
  }

  protected step(x: number): number | null {
    this.m.push(x);
    if (!this.m.full) return null;
    const v = this.m.variance;
    // A flat window has no deviation to divide by (its computed one would be the rounding of the mean).
    return v > 0 ? (x - this.m.mean) / Math.sqrt(v) : 0;
  }
}

export const zscoreDescriptor = defineIndicator({
  type: 'zscore',
  title: 'Rolling Z-Score',
  reference: 'standard score over a rolling window, population standard deviation',
  params: { timePeriod: period(20), source: source() },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new ZScoreIndicator(c),
});
