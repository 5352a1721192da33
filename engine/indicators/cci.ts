import { defineIndicator } from './descriptor.ts';
import { period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { Ring } from './kit/ring.ts';
import { requirePeriod } from './validate.ts';

type HLC = Pick<Bar, 'high' | 'low' | 'close'>;

/**
 * Commodity Channel Index as TA-Lib's ta_CCI.c: typical price tp = (high + low + close) / 3, mean m of the last
 * n tps, mean deviation md = sum |tp - m| / n, CCI = (tp - m) / (0.015 * md), 0 when either is 0; lookback n-1.
 * The mean deviation around a moving mean has no running form, so this is the one indicator here costing
 * O(timePeriod) per update (still allocation-free: it reads the ring in place).
 */
export class CCIIndicator extends BarIndicator<number, HLC> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly tp: Ring;

  constructor(params: { readonly timePeriod: number }) {
    super();
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod;
    this.tp = this.own(new Ring(this.timePeriod));
  }

  protected step(bar: HLC): number | null {
    const n = this.timePeriod;
    const tp = (bar.high + bar.low + bar.close) / 3;
    this.tp.push(tp);
    if (!this.tp.full) return null;
    // Both passes read the ring (oldest first, as TA-Lib sums): a running mean would leave rounding residue
    // that a flat window's zero deviation then amplifies.
    const ring = this.tp;
    let sum = 0;
    for (let a = n - 1; a >= 0; a--) sum += ring.get(a);
    const mean = sum / n;
    let dev = 0;
    for (let a = n - 1; a >= 0; a--) dev += Math.abs(ring.get(a) - mean);
    const diff = tp - mean;
    return diff !== 0 && dev !== 0 ? diff / (0.015 * (dev / n)) : 0;
  }
}

export const cciDescriptor = defineIndicator({
  type: 'cci',
  title: 'Commodity Channel Index',
  reference: 'TA-Lib ta_CCI.c',
  params: { timePeriod: period(14) },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod - 1,
  create: (c) => new CCIIndicator(c),
});
