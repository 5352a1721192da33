import { ADXIndicator } from './adx.ts';
import { defineIndicator } from './descriptor.ts';
import type { HLC } from './kit/dm-indicator.ts';
import { period } from './kit/params.ts';
import { Ring } from './kit/ring.ts';

/** ADX Rating as TA-Lib's ta_ADXR.c: (ADX + ADX of timePeriod - 1 bars ago) / 2; lookback 3*timePeriod - 2. */
export class ADXRIndicator extends ADXIndicator {
  override readonly warmup: number;
  private readonly history: Ring;

  constructor(params: { readonly timePeriod: number }) {
    super(params);
    this.warmup = 3 * this.timePeriod - 1;
    this.history = this.own(new Ring(this.timePeriod));
  }

  protected override step(bar: HLC, i: number): number | null {
    const adx = this.adxStep(bar, i);
    if (Number.isNaN(adx)) return null;
    this.history.push(adx);
    return this.history.full ? (adx + this.history.get(this.timePeriod - 1)) / 2 : null;
  }
}

export const adxrDescriptor = defineIndicator({
  type: 'adxr',
  title: 'Average Directional Movement Index Rating',
  reference: 'TA-Lib ta_ADXR.c',
  params: { timePeriod: period(14) },
  scale: 'oscillator',
  lookback: (c) => 3 * c.timePeriod - 2,
  create: (c) => new ADXRIndicator(c),
});
