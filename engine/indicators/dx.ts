import { defineIndicator } from './descriptor.ts';
import { DMIndicator, type HLC } from './kit/dm-indicator.ts';
import { period } from './kit/params.ts';

/**
 * Directional Movement Index as TA-Lib's ta_DX.c: 100 * |-DI - +DI| / (-DI + +DI); where TR or the DI sum is
 * 0 TA-Lib repeats the previous DX (0 for the first); lookback timePeriod.
 */
export class DXIndicator extends DMIndicator {
  readonly warmup: number;
  private readonly last = this.cell(0);
  constructor(params: { readonly timePeriod: number }) {
    super(params);
    this.warmup = this.timePeriod + 1;
  }
  protected step(bar: HLC, i: number): number | null {
    if (!this.dm.push(bar.high, bar.low, bar.close, i)) return null;
    const dx = this.dm.dx;
    if (!Number.isNaN(dx)) this.last.v = dx;
    return this.last.v;
  }
}

export const dxDescriptor = defineIndicator({
  type: 'dx',
  title: 'Directional Movement Index',
  reference: 'TA-Lib ta_DX.c',
  params: { timePeriod: period(14) },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod,
  create: (c) => new DXIndicator(c),
});
