import { defineIndicator } from './descriptor.ts';
import { LagIndicator, type LagParams } from './kit/lag-indicator.ts';
import { period, source } from './kit/params.ts';

/** Rate of change : ((price/prevPrice)-1)*100, as TA-Lib's ta_ROC.c: ((input / input timePeriod ago) - 1) * 100, 0 when the earlier input is 0; lookback timePeriod. */
export class ROCIndicator extends LagIndicator {
  constructor(params: LagParams) {
    super(params);
  }
  protected compare(x: number, before: number): number {
    return before !== 0 ? (x / before - 1) * 100 : 0;
  }
}

export const rocDescriptor = defineIndicator({
  type: 'roc',
  title: 'Rate of change : ((price/prevPrice)-1)*100',
  reference: 'TA-Lib ta_ROC.c',
  params: { timePeriod: period(10, 1), source: source() },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod,
  create: (c) => new ROCIndicator(c),
});
