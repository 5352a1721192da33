import { defineIndicator } from './descriptor.ts';
import { LagIndicator, type LagParams } from './kit/lag-indicator.ts';
import { period, source } from './kit/params.ts';

/** Rate of change Percentage: (price-prevPrice)/prevPrice, as TA-Lib's ta_ROCP.c: (input - earlier) / earlier, 0 when the earlier input is 0; lookback timePeriod. */
export class ROCPIndicator extends LagIndicator {
  constructor(params: LagParams) {
    super(params);
  }
  protected compare(x: number, before: number): number {
    return before !== 0 ? (x - before) / before : 0;
  }
}

export const rocpDescriptor = defineIndicator({
  type: 'rocp',
  title: 'Rate of change Percentage: (price-prevPrice)/prevPrice',
  reference: 'TA-Lib ta_ROCP.c',
  params: { timePeriod: period(10, 1), source: source() },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod,
  create: (c) => new ROCPIndicator(c),
});
