import { defineIndicator } from './descriptor.ts';
import { Extremum } from './kit/extremum.ts';
import { period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

/** Midpoint Price over period as TA-Lib's ta_MIDPRICE.c: (highest high + lowest low of the last n bars) / 2; lookback n-1. */
export class MidpriceIndicator extends BarIndicator<number, Pick<Bar, 'high' | 'low'>> {
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

  protected step(bar: Pick<Bar, 'high' | 'low'>, i: number): number | null {
    this.hi.push(bar.high, i);
    this.lo.push(bar.low, i);
    return i < this.timePeriod - 1 ? null : (this.hi.value + this.lo.value) / 2;
  }
}

export const midpriceDescriptor = defineIndicator({
  type: 'midprice',
  title: 'Midpoint Price over period',
  reference: 'TA-Lib ta_MIDPRICE.c',
  params: { timePeriod: period(14) },
  scale: 'price',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new MidpriceIndicator(c),
});
