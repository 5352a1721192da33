import { defineIndicator } from './descriptor.ts';
import { period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { WindowSum } from './kit/window-sum.ts';
import { requirePeriod } from './validate.ts';

type HLCV = Pick<Bar, 'high' | 'low' | 'close' | 'volume'>;

/**
 * Money Flow Index as TA-Lib's ta_MFI.c: money flow = typical price * volume, counted positive when the
 * typical price rose from the bar before and negative when it fell; MFI = 100 * positive / (positive + negative)
 * over the last timePeriod bars; lookback timePeriod. TA-Lib outputs 0 whenever the flow total is below 1.0
 * (an absolute threshold that zeroes every low-priced or thinly traded market); here only a total of exactly 0
 * gives 0, which is the same on any market trading more than one quote unit per window. Amortised O(1) per update.
 */
export class MFIIndicator extends BarIndicator<number, HLCV> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly pos: WindowSum;
  private readonly neg: WindowSum;
  private readonly prevTp = this.cell();

  constructor(params: { readonly timePeriod: number }) {
    super();
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod + 1;
    this.pos = this.own(new WindowSum(this.timePeriod, 1e-4));
    this.neg = this.own(new WindowSum(this.timePeriod, 1e-4));
  }

  protected step(bar: HLCV, i: number): number | null {
    const tp = (bar.high + bar.low + bar.close) / 3;
    const change = tp - this.prevTp.v;
    this.prevTp.v = tp;
    if (i === 0) return null;
    const flow = tp * bar.volume;
    // Compensated window sums, summed afresh when a huge flow leaves (kit/window-sum.ts): its rounding never
    // swamps the small flows of a quiet window. Amortised O(1) per bar.
    this.pos.push(change > 0 ? flow : 0);
    this.neg.push(change < 0 ? flow : 0);
    if (!this.pos.full) return null;
    const up = this.pos.sum;
    const total = up + this.neg.sum;
    return total > 0 ? 100 * (up / total) : 0;
  }
}

export const mfiDescriptor = defineIndicator({
  type: 'mfi',
  title: 'Money Flow Index',
  reference: 'TA-Lib ta_MFI.c',
  params: { timePeriod: period(14) },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod,
  create: (c) => new MFIIndicator(c),
});
