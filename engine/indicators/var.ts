import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { Moments } from './kit/moments.ts';
import { period, source } from './kit/params.ts';
import { NumberIndicator } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

/**
 * Variance as TA-Lib's ta_VAR.c: population variance of the last timePeriod inputs (two-pass, see Moments); lookback
 * timePeriod - 1. (TA-Lib's VAR also takes an nbDev it ignores; it is left out here.)
 */
export class VARIndicator extends NumberIndicator<number> {
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
    return this.m.full ? this.m.variance : null;
  }
}

export const varDescriptor = defineIndicator({
  type: 'var',
  title: 'Variance',
  reference: 'TA-Lib ta_VAR.c',
  params: { timePeriod: period(5, 1), source: source() },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new VARIndicator(c),
});
