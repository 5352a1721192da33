import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { LinRegIndicator } from './kit/linreg-indicator.ts';
import { period, source } from './kit/params.ts';

/** Linear Regression Slope as TA-Lib's ta_LINEARREG_SLOPE.c: the fitted line's slope per bar; lookback n-1. */
export class LINEARREGSlopeIndicator extends LinRegIndicator {
  constructor(params: { readonly timePeriod: number; readonly source?: PriceSource }) {
    super(params);
  }
  protected read(m: number): number {
    return m;
  }
}

export const linearregSlopeDescriptor = defineIndicator({
  type: 'linearreg_slope',
  title: 'Linear Regression Slope',
  reference: 'TA-Lib ta_LINEARREG_SLOPE.c',
  params: { timePeriod: period(14), source: source() },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new LINEARREGSlopeIndicator(c),
});
