import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { GainLoss } from './kit/gain-loss.ts';
import { period, source } from './kit/params.ts';
import { NumberIndicator } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

/**
 * Chande Momentum Oscillator as TA-Lib's ta_CMO.c: Wilder-smoothed gains g and losses l as in its RSI,
 * CMO = 100 * (g - l) / (g + l), 0 when there was no movement; lookback timePeriod.
 */
export class CMOIndicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly gl: GainLoss;

  constructor(params: { readonly timePeriod: number; readonly source?: PriceSource }) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod + 1;
    this.gl = this.own(new GainLoss(this.timePeriod));
  }

  protected step(x: number): number | null {
    if (!this.gl.push(x)) return null;
    const sum = this.gl.gain + this.gl.loss;
    return sum !== 0 ? 100 * ((this.gl.gain - this.gl.loss) / sum) : 0;
  }
}

export const cmoDescriptor = defineIndicator({
  type: 'cmo',
  title: 'Chande Momentum Oscillator',
  reference: 'TA-Lib ta_CMO.c',
  params: { timePeriod: period(14), source: source() },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod,
  create: (c) => new CMOIndicator(c),
});
