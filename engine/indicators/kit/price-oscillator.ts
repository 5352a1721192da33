import type { PriceSource } from '../indicator.ts';
import { requirePeriod } from '../validate.ts';
import { movingAverage, type Average, type MAType } from './averages.ts';
import { NumberIndicator } from './streaming.ts';

export interface PriceOscillatorParams {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly maType: MAType;
  readonly source?: PriceSource;
}

/**
 * The two averages of TA-Lib's INT_PO (ta_APO.c / ta_PPO.c): both of `maType`, aligned as TA-Lib computes them,
 * i.e. the fast one only sees inputs from index slowLookback - fastLookback on (so with EMAs it is seeded on the
 * inputs ending where the slow seed ends, like MACD). Lookback = the slow average's.
 */
export abstract class PriceOscillator extends NumberIndicator<number> {
  readonly warmup: number;
  private readonly fast: Average;
  private readonly slow: Average;
  private readonly fastStart: number;

  protected constructor(params: PriceOscillatorParams) {
    super(params.source);
    const fastPeriod = requirePeriod('fastPeriod', params.fastPeriod);
    const slowPeriod = requirePeriod('slowPeriod', params.slowPeriod);
    if (fastPeriod >= slowPeriod) throw new Error(`fastPeriod must be less than slowPeriod; got ${fastPeriod}, ${slowPeriod}`);
    this.fast = this.own(movingAverage(params.maType, fastPeriod));
    this.slow = this.own(movingAverage(params.maType, slowPeriod));
    this.fastStart = this.slow.lookback - this.fast.lookback;
    this.warmup = this.slow.lookback + 1;
  }

  protected abstract combine(fast: number, slow: number): number;

  protected step(x: number, i: number): number | null {
    const slow = this.slow.push(x);
    const fast = i >= this.fastStart ? this.fast.push(x) : Number.NaN;
    return Number.isNaN(slow) || Number.isNaN(fast) ? null : this.combine(fast, slow);
  }
}
