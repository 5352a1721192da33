import { defineIndicator } from './descriptor.ts';
import { Extremum } from './kit/extremum.ts';
import { period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

type HLC = Pick<Bar, 'high' | 'low' | 'close'>;

/**
 * Williams' %R as TA-Lib's ta_WILLR.c: (highest high - close) / ((highest high - lowest low) / -100) over the
 * last timePeriod bars, 0 on a flat range (exactly flat: see FastK on TA_IS_ZERO); lookback timePeriod - 1.
 */
export class WILLRIndicator extends BarIndicator<number, HLC> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly hi: Extremum;
  private readonly lo: Extremum;

  constructor(params: { readonly timePeriod: number }) {
    super();
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod;
    this.hi = this.own(new Extremum(this.timePeriod, 'max'));
    this.lo = this.own(new Extremum(this.timePeriod, 'min'));
  }

  protected step(bar: HLC, i: number): number | null {
    this.hi.push(bar.high, i);
    this.lo.push(bar.low, i);
    if (i < this.timePeriod - 1) return null;
    const highest = this.hi.value;
    const diff = (highest - this.lo.value) / -100;
    return diff !== 0 ? (highest - bar.close) / diff : 0;
  }
}

export const willrDescriptor = defineIndicator({
  type: 'willr',
  title: "Williams' %R",
  reference: 'TA-Lib ta_WILLR.c',
  params: { timePeriod: period(14) },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new WILLRIndicator(c),
});
