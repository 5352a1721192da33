import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { Extremum } from './kit/extremum.ts';
import { period, source } from './kit/params.ts';
import { NumberIndicator } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

export interface MidpointParams {
  readonly timePeriod: number;
  readonly source?: PriceSource;
}

/** MidPoint over period as TA-Lib's ta_MIDPOINT.c: (highest + lowest input of the last n) / 2; lookback n-1. */
export class MidpointIndicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly hi: Extremum;
  private readonly lo: Extremum;

  constructor(params: MidpointParams) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod;
    this.hi = this.own(new Extremum(this.timePeriod, 'max'));
    this.lo = this.own(new Extremum(this.timePeriod, 'min'));
  }

  protected step(x: number, i: number): number | null {
    this.hi.push(x, i);
    this.lo.push(x, i);
    return i < this.timePeriod - 1 ? null : (this.hi.value + this.lo.value) / 2;
  }
}

export const midpointDescriptor = defineIndicator({
  type: 'midpoint',
  title: 'MidPoint over period',
  reference: 'TA-Lib ta_MIDPOINT.c',
  params: { timePeriod: period(14), source: source() },
  scale: 'price',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new MidpointIndicator(c),
});
