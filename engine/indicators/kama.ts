import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { period, source } from './kit/params.ts';
import { Ring } from './kit/ring.ts';
import { NumberIndicator } from './kit/streaming.ts';
import { WindowSum } from './kit/window-sum.ts';
import { requirePeriod } from './validate.ts';

export interface KAMAParams {
  readonly timePeriod: number;
  readonly source?: PriceSource;
}

const SLOWEST = 2 / (30 + 1);
const DIFF = 2 / (2 + 1) - SLOWEST;

/**
 * Kaufman Adaptive Moving Average as TA-Lib's ta_KAMA.c: efficiency ratio ER = |x - x[n ago]| / sum of the
 * last n absolute one-bar changes (1 when that sum is 0 or not above the change), smoothing
 * sc = (ER * (2/3 - 2/31) + 2/31)^2, kama += (x - kama) * sc, seeded with the input before the first output.
 * First value at index n (lookback n). A run of n unchanged inputs zeroes the sum exactly, as TA-Lib does, so
 * rounding residue can never stand in for a flat window.
 */
export class KAMAIndicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly inputs: Ring;
  private readonly changes: WindowSum;
  private readonly kama = this.cell();
  private readonly flatRun = this.cell(0);

  constructor(params: KAMAParams) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod + 1;
    this.inputs = this.own(new Ring(this.timePeriod + 1));
    this.changes = this.own(new WindowSum(this.timePeriod));
  }

  protected step(x: number, i: number): number | null {
    const n = this.timePeriod;
    if (i > 0) {
      const change = x - this.inputs.get(0);
      this.changes.push(Math.abs(change));
      this.flatRun.v = change === 0 ? Math.min(this.flatRun.v + 1, n) : 0;
    }
    this.inputs.push(x);
    if (i < n) return null;
    if (i === n) this.kama.v = this.inputs.get(1);
    const sum = this.flatRun.v >= n ? 0 : this.changes.sum;
    const roc = x - this.inputs.get(n);
    const er = sum <= 0 || sum <= roc ? 1 : Math.abs(roc / sum);
    let sc = er * DIFF + SLOWEST;
    sc *= sc;
    this.kama.v = (x - this.kama.v) * sc + this.kama.v;
    return this.kama.v;
  }
}

export const kamaDescriptor = defineIndicator({
  type: 'kama',
  title: 'Kaufman Adaptive Moving Average',
  reference: 'TA-Lib ta_KAMA.c',
  params: { timePeriod: period(30), source: source() },
  scale: 'price',
  lookback: (c) => c.timePeriod,
  create: (c) => new KAMAIndicator(c),
});
