import { defineIndicator } from './descriptor.ts';
import { LagIndicator, type LagParams } from './kit/lag-indicator.ts';
import { period, source } from './kit/params.ts';

/** Momentum, as TA-Lib's ta_MOM.c: input - input timePeriod bars ago; lookback timePeriod. */
export class MOMIndicator extends LagIndicator {
  constructor(params: LagParams) {
    super(params);
  }
  protected compare(x: number, before: number): number {
    return x - before;
  }
}

export const momDescriptor = defineIndicator({
  type: 'mom',
  title: 'Momentum',
  reference: 'TA-Lib ta_MOM.c',
  params: { timePeriod: period(10, 1), source: source() },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod,
  create: (c) => new MOMIndicator(c),
});
