import { defineIndicator } from './descriptor.ts';
import { period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { trueRange } from './kit/true-range.ts';
import { WindowSum } from './kit/window-sum.ts';
import { requirePeriod } from './validate.ts';

export interface ULTOSCParams {
  readonly timePeriod1: number;
  readonly timePeriod2: number;
  readonly timePeriod3: number;
}

type HLC = Pick<Bar, 'high' | 'low' | 'close'>;

/**
 * Ultimate Oscillator as TA-Lib's ta_ULTOSC.c: buying pressure bp = close - min(low, prevClose) and true range
 * tr from bar 1 on; for the three periods, sorted shortest first as TA-Lib sorts them, a_k = sum bp / sum tr
 * over the last period_k bars (0 when that tr sum is 0); ULTOSC = 100 * (4 a_1 + 2 a_2 + a_3) / 7. Lookback =
 * the longest period.
 */
export class ULTOSCIndicator extends BarIndicator<number, HLC> {
  readonly warmup: number;
  private readonly bp: WindowSum[];
  private readonly tr: WindowSum[];
  private readonly prevClose = this.cell();

  constructor(params: ULTOSCParams) {
    super();
    const periods = [
      requirePeriod('timePeriod1', params.timePeriod1),
      requirePeriod('timePeriod2', params.timePeriod2),
      requirePeriod('timePeriod3', params.timePeriod3),
    ].sort((a, b) => a - b);
    this.bp = periods.map((p) => this.own(new WindowSum(p)));
    this.tr = periods.map((p) => this.own(new WindowSum(p)));
    this.warmup = periods[2] + 1;
  }

  protected step(bar: HLC, i: number): number | null {
    const pc = this.prevClose.v;
    this.prevClose.v = bar.close;
    if (i === 0) return null;
    const bp = bar.close - (bar.low < pc ? bar.low : pc);
    const tr = trueRange(bar.high, bar.low, pc);
    for (let k = 0; k < 3; k++) {
      this.bp[k].push(bp);
      this.tr[k].push(tr);
    }
    if (!this.tr[2].full) return null;
    let out = 0;
    const weights = WEIGHTS;
    for (let k = 0; k < 3; k++) {
      const t = this.tr[k].sum;
      if (t !== 0) out += weights[k] * (this.bp[k].sum / t);
    }
    return 100 * (out / 7);
  }
}

const WEIGHTS = Float64Array.of(4, 2, 1);

export const ultoscDescriptor = defineIndicator({
  type: 'ultosc',
  title: 'Ultimate Oscillator',
  reference: 'TA-Lib ta_ULTOSC.c',
  params: { timePeriod1: period(7, 1), timePeriod2: period(14, 1), timePeriod3: period(28, 1) },
  scale: 'oscillator',
  lookback: (c) => Math.max(c.timePeriod1, c.timePeriod2, c.timePeriod3),
  create: (c) => new ULTOSCIndicator(c),
});
