import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { EmaChain } from './kit/averages.ts';
import { period, source } from './kit/params.ts';
import { NumberIndicator } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

/**
 * TRIX as TA-Lib's ta_TRIX.c: the 1-bar rate of change, ((e / previous e) - 1) * 100, of a triple EMA (each
 * TA-Lib-seeded); 0 when the previous value is 0. Lookback 3*(timePeriod - 1) + 1.
 */
export class TRIXIndicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly chain: EmaChain;
  private readonly prev = this.cell();

  constructor(params: { readonly timePeriod: number; readonly source?: PriceSource }) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.chain = this.own(new EmaChain(this.timePeriod, 3));
    this.warmup = this.chain.lookback + 2;
  }

  protected step(x: number): number | null {
    const e = this.chain.push(x);
    if (Number.isNaN(e)) return null;
    const prev = this.prev.v;
    this.prev.v = e;
    if (Number.isNaN(prev)) return null;
    return prev !== 0 ? (e / prev - 1) * 100 : 0;
  }
}

export const trixDescriptor = defineIndicator({
  type: 'trix',
  title: '1-day Rate-Of-Change (ROC) of a Triple Smooth EMA',
  reference: 'TA-Lib ta_TRIX.c',
  params: { timePeriod: period(30, 1), source: source() },
  scale: 'oscillator',
  lookback: (c) => 3 * (c.timePeriod - 1) + 1,
  create: (c) => new TRIXIndicator(c),
});
