import { defineIndicator } from './descriptor.ts';
import { DMIndicator, type HLC } from './kit/dm-indicator.ts';
import { period } from './kit/params.ts';

/**
 * Average Directional Movement Index as TA-Lib's ta_ADX.c: the first ADX is the sum of the DX values of bars
 * timePeriod..2*timePeriod-1 divided by timePeriod (a DX TA-Lib cannot compute adds nothing), then
 * adx = (adx * (n - 1) + dx) / n, skipped on bars without a DX. Lookback 2*timePeriod - 1.
 */
export class ADXIndicator extends DMIndicator {
  readonly warmup: number;
  private readonly adx = this.cell(0);

  constructor(params: { readonly timePeriod: number }) {
    super(params);
    this.warmup = 2 * this.timePeriod;
  }

  /** The ADX after bar `i`, or NaN before its lookback (for ADXR, which builds on it). */
  protected adxStep(bar: HLC, i: number): number {
    const n = this.timePeriod;
    if (!this.dm.push(bar.high, bar.low, bar.close, i)) return Number.NaN;
    const dx = this.dm.dx;
    if (i < 2 * n) {
      if (!Number.isNaN(dx)) this.adx.v += dx;
      if (i < 2 * n - 1) return Number.NaN;
      this.adx.v /= n;
      return this.adx.v;
    }
    if (!Number.isNaN(dx)) this.adx.v = (this.adx.v * (n - 1) + dx) / n;
    return this.adx.v;
  }

  protected step(bar: HLC, i: number): number | null {
    const v = this.adxStep(bar, i);
    return Number.isNaN(v) ? null : v;
  }
}

export const adxDescriptor = defineIndicator({
  type: 'adx',
  title: 'Average Directional Movement Index',
  reference: 'TA-Lib ta_ADX.c',
  params: { timePeriod: period(14) },
  scale: 'oscillator',
  lookback: (c) => 2 * c.timePeriod - 1,
  create: (c) => new ADXIndicator(c),
});
