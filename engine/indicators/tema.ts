import { defineIndicator } from './descriptor.ts';
import { AverageIndicator, type PeriodParams } from './kit/average-indicator.ts';
import { Tema } from './kit/averages.ts';
import { period, source } from './kit/params.ts';

/** Triple Exponential Moving Average as TA-Lib's ta_TEMA.c (3*EMA - 3*EMA(EMA) + EMA(EMA(EMA))); first value after its lookback (3 * (timePeriod - 1)). */
export class TEMAIndicator extends AverageIndicator {
  constructor(params: PeriodParams) {
    super(params, (p) => new Tema(p));
  }
}

export const temaDescriptor = defineIndicator({
  type: 'tema',
  title: 'Triple Exponential Moving Average',
  reference: 'TA-Lib ta_TEMA.c (3*EMA - 3*EMA(EMA) + EMA(EMA(EMA)))',
  params: { timePeriod: period(30, 1), source: source() },
  scale: 'price',
  lookback: (c) => 3 * (c.timePeriod - 1),
  create: (c) => new TEMAIndicator(c),
});
