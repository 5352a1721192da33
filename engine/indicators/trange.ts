import { defineIndicator } from './descriptor.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { trueRange } from './kit/true-range.ts';

type HLC = Pick<Bar, 'high' | 'low' | 'close'>;

/** True Range as TA-Lib's ta_TRANGE.c: max(high - low, |high - prevClose|, |low - prevClose|) from bar 1; lookback 1. */
export class TRANGEIndicator extends BarIndicator<number, HLC> {
  readonly warmup = 2;
  private readonly prevClose = this.cell();
  protected step(bar: HLC, i: number): number | null {
    const pc = this.prevClose.v;
    this.prevClose.v = bar.close;
    return i === 0 ? null : trueRange(bar.high, bar.low, pc);
  }
}

export const trangeDescriptor = defineIndicator({
  type: 'trange',
  title: 'True Range',
  reference: 'TA-Lib ta_TRANGE.c',
  params: {},
  scale: 'oscillator',
  lookback: () => 1,
  create: () => new TRANGEIndicator(),
});
