import { defineIndicator } from './descriptor.ts';
import { AverageIndicator, type PeriodParams } from './kit/average-indicator.ts';
import { Trima } from './kit/averages.ts';
import { period, source } from './kit/params.ts';

/** Triangular Moving Average as TA-Lib's ta_TRIMA.c (triangular weights; equal to an SMA of an SMA); first value after its lookback (timePeriod - 1). */
export class TRIMAIndicator extends AverageIndicator {
  constructor(params: PeriodParams) {
    super(params, (p) => new Trima(p));
  }
}

export const trimaDescriptor = defineIndicator({
  type: 'trima',
  title: 'Triangular Moving Average',
  reference: 'TA-Lib ta_TRIMA.c (triangular weights; equal to an SMA of an SMA)',
  params: { timePeriod: period(30, 1), source: source() },
  scale: 'price',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new TRIMAIndicator(c),
});
