import { defineIndicator } from './descriptor.ts';
import { Extremum } from './kit/extremum.ts';
import { period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

export interface DonchianResult {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

/**
 * Donchian Channel (Richard Donchian; as TradingView's `ta.donchian` / "DC" study): upper = highest high and
 * lower = lowest low of the last timePeriod bars including the current one, middle = their mean. Lookback
 * timePeriod - 1. (A breakout rule compares close with the previous bar's channel: `close > dc.upper` is
 * never true on the same bar when the channel includes it.) Result object reused.
 */
export class DonchianIndicator extends BarIndicator<DonchianResult, Pick<Bar, 'high' | 'low'>> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly hi: Extremum;
  private readonly lo: Extremum;
  private readonly result = { upper: Number.NaN, middle: Number.NaN, lower: Number.NaN };

  constructor(params: { readonly timePeriod: number }) {
    super();
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod;
    this.hi = this.own(new Extremum(this.timePeriod, 'max'));
    this.lo = this.own(new Extremum(this.timePeriod, 'min'));
  }

  protected step(bar: Pick<Bar, 'high' | 'low'>, i: number): DonchianResult | null {
    this.hi.push(bar.high, i);
    this.lo.push(bar.low, i);
    if (i < this.timePeriod - 1) return null;
    const r = this.result;
    r.upper = this.hi.value;
    r.lower = this.lo.value;
    r.middle = (r.upper + r.lower) / 2;
    return r;
  }
}

export const donchianDescriptor = defineIndicator({
  type: 'donchian',
  title: 'Donchian Channel',
  reference: 'Richard Donchian; TradingView ta.donchian (highest high / lowest low of n bars)',
  params: { timePeriod: period(20, 1) },
  fields: ['upper', 'middle', 'lower'],
  scale: 'price',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new DonchianIndicator(c),
});
