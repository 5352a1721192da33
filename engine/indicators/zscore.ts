import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { Ring } from './kit/ring.ts';
import { period, source } from './kit/params.ts';
import { NumberIndicator } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

/**
 * Rolling z-score: (x - mean) / standard deviation over the last timePeriod inputs, population deviation as
 * TA-Lib's STDDEV and Bollinger Bands use (so zscore = 2 exactly on the upper band); 0 when the window is flat.
 * The standard score of statistics (e.g. pandas `(s - s.rolling(n).mean()) / s.rolling(n).std(ddof=0)`).
 * Lookback timePeriod - 1; O(timePeriod) per update (see below).
 */
export class ZScoreIndicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly ring: Ring;

  constructor(params: { readonly timePeriod: number; readonly source?: PriceSource }) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod;
    this.ring = this.own(new Ring(this.timePeriod));
  }

  protected step(x: number): number | null {
    this.ring.push(x);
    if (!this.ring.full) return null;
    // Two passes over the window (O(timePeriod)): a z-score divides by the deviation, so running sums'
    // residue, harmless in a variance, would be amplified into the output.
    const n = this.timePeriod;
    let sum = 0;
    let flat = true;
    for (let a = n - 1; a >= 0; a--) {
      const v = this.ring.get(a);
      sum += v;
      if (v !== x) flat = false;
    }
    // A flat window has no deviation to divide by (its computed one would be the rounding of the mean).
    if (flat) return 0;
    const mean = sum / n;
    let ss = 0;
    for (let a = n - 1; a >= 0; a--) ss += (this.ring.get(a) - mean) ** 2;
    return (x - mean) / Math.sqrt(ss / n);
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
