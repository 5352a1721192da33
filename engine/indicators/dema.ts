import { defineIndicator } from './descriptor.ts';
import { AverageIndicator, type PeriodParams } from './kit/average-indicator.ts';
import { Dema } from './kit/averages.ts';
import { period, source } from './kit/params.ts';

/** Double Exponential Moving Average as TA-Lib's ta_DEMA.c (2*EMA - EMA(EMA), both TA-Lib-seeded); first value after its lookback (2 * (timePeriod - 1)). */
export class DEMAIndicator extends AverageIndicator {
  constructor(params: PeriodParams) {
    super(params, (p) => new Dema(p));
  }
}

export const demaDescriptor = defineIndicator({
  type: 'dema',
  title: 'Double Exponential Moving Average',
  reference: 'TA-Lib ta_DEMA.c (2*EMA - EMA(EMA), both TA-Lib-seeded)',
  params: { timePeriod: period(30, 1), source: source() },
  scale: 'price',
  lookback: (c) => 2 * (c.timePeriod - 1),
  create: (c) => new DEMAIndicator(c),
});
