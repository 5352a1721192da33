import { defineIndicator } from './descriptor.ts';
import { AverageIndicator, type PeriodParams } from './kit/average-indicator.ts';
import { Wma } from './kit/averages.ts';
import { period, source } from './kit/params.ts';

/** Weighted Moving Average as TA-Lib's ta_WMA.c; first value after its lookback (timePeriod - 1). */
export class WMAIndicator extends AverageIndicator {
  constructor(params: PeriodParams) {
    super(params, (p) => new Wma(p));
  }
}

export const wmaDescriptor = defineIndicator({
  type: 'wma',
  title: 'Weighted Moving Average',
  reference: 'TA-Lib ta_WMA.c',
  params: { timePeriod: period(30, 1), source: source() },
  scale: 'price',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new WMAIndicator(c),
});
