import { defineIndicator } from './descriptor.ts';
import { moneyFlowVolume } from './kit/ad-line.ts';
import { period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

type HLCV = Pick<Bar, 'high' | 'low' | 'close' | 'volume'>;

/**
 * Chaikin A/D Oscillator as TA-Lib's ta_ADOSC.c: EMA(fastPeriod) - EMA(slowPeriod) of the A/D line, both EMAs
 * seeded with the first A/D value (not an SMA) and updated as k*ad + (1-k)*ema, k = 2/(period+1). Output from
 * bar max(fast, slow) - 1 (TA-Lib's lookback; earlier values are computed but not output).
 */
export class ADOSCIndicator extends BarIndicator<number, HLCV> {
  readonly warmup: number;
  private readonly fastK: number;
  private readonly slowK: number;
  private readonly ad = this.cell(0);
  private readonly fast = this.cell(0);
  private readonly slow = this.cell(0);

  constructor(params: { readonly fastPeriod: number; readonly slowPeriod: number }) {
    super();
    const f = requirePeriod('fastPeriod', params.fastPeriod);
    const s = requirePeriod('slowPeriod', params.slowPeriod);
    this.fastK = 2 / (f + 1);
    this.slowK = 2 / (s + 1);
    this.warmup = Math.max(f, s);
  }

  protected step(bar: HLCV, i: number): number | null {
    this.ad.v += moneyFlowVolume(bar);
    const ad = this.ad.v;
    if (i === 0) {
      this.fast.v = this.slow.v = ad;
    } else {
      this.fast.v = this.fastK * ad + (1 - this.fastK) * this.fast.v;
      this.slow.v = this.slowK * ad + (1 - this.slowK) * this.slow.v;
    }
    return i < this.warmup - 1 ? null : this.fast.v - this.slow.v;
  }
}

export const adoscDescriptor = defineIndicator({
  type: 'adosc',
  title: 'Chaikin A/D Oscillator',
  reference: 'TA-Lib ta_ADOSC.c',
  params: { fastPeriod: period(3), slowPeriod: period(10) },
  scale: 'volume',
  lookback: (c) => Math.max(c.fastPeriod, c.slowPeriod) - 1,
  create: (c) => new ADOSCIndicator(c),
});
