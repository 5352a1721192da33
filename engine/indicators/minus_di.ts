import { defineIndicator } from './descriptor.ts';
import { DMIndicator, type HLC } from './kit/dm-indicator.ts';
import { period } from './kit/params.ts';

/** Minus Directional Indicator as TA-Lib's ta_MINUS_DI.c: 100 * smoothed -DM / smoothed TR; lookback timePeriod. */
export class MinusDIIndicator extends DMIndicator {
  readonly warmup: number;
  constructor(params: { readonly timePeriod: number }) {
    super(params);
    this.warmup = this.timePeriod + 1;
  }
  protected step(bar: HLC, i: number): number | null {
    return this.dm.push(bar.high, bar.low, bar.close, i) ? this.dm.minusDI : null;
  }
}

export const minusDiDescriptor = defineIndicator({
  type: 'minus_di',
  title: 'Minus Directional Indicator',
  reference: 'TA-Lib ta_MINUS_DI.c',
  params: { timePeriod: period(14) },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod,
  create: (c) => new MinusDIIndicator(c),
});
