import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { LinRegIndicator } from './kit/linreg-indicator.ts';
import { period, source } from './kit/params.ts';

/** Linear Regression as TA-Lib's ta_LINEARREG.c: the fitted line's value at the newest input, b + m*(n-1); lookback n-1. */
export class LINEARREGIndicator extends LinRegIndicator {
  constructor(params: { readonly timePeriod: number; readonly source?: PriceSource }) {
    super(params);
  }
  protected read(m: number, b: number): number {
    return b + m * (this.timePeriod - 1);
  }
}

export const linearregDescriptor = defineIndicator({
  type: 'linearreg',
  title: 'Linear Regression',
  reference: 'TA-Lib ta_LINEARREG.c',
  params: { timePeriod: period(14), source: source() },
  scale: 'price',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new LINEARREGIndicator(c),
});
