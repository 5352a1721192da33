import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { Moments } from './kit/moments.ts';
import { period, real, source } from './kit/params.ts';
import { NumberIndicator } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

/**
 * Standard Deviation as TA-Lib's ta_STDDEV.c: sqrt(VAR(timePeriod)) * nbDev (population), 0 when the
 * variance is not positive; lookback timePeriod - 1.
 */
export class STDDEVIndicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly nbDev: number;
  readonly warmup: number;
  private readonly m: Moments;

  constructor(params: { readonly timePeriod: number; readonly nbDev: number; readonly source?: PriceSource }) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    if (!Number.isFinite(params.nbDev)) throw new Error(`nbDev must be a finite number; got ${params.nbDev}`);
    this.nbDev = params.nbDev;
    this.warmup = this.timePeriod;
    this.m = this.own(new Moments(this.timePeriod));
  }

  protected step(x: number): number | null {
    this.m.push(x);
    if (!this.m.full) return null;
    const v = this.m.variance;
    return v > 0 ? Math.sqrt(v) * this.nbDev : 0;
  }
}

export const stddevDescriptor = defineIndicator({
  type: 'stddev',
  title: 'Standard Deviation',
  reference: 'TA-Lib ta_STDDEV.c',
  params: { timePeriod: period(5), nbDev: real(1, -1e6, 1e6), source: source() },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new STDDEVIndicator(c),
});
