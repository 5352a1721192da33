import { defineIndicator, crossPair } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { maLookback, movingAverage, type Average, type MAType } from './kit/averages.ts';
import { FastK } from './kit/fast-k.ts';
import { GainLoss } from './kit/gain-loss.ts';
import { maType, period, source } from './kit/params.ts';
import { NumberIndicator } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

export interface StochRSIParams {
  readonly timePeriod: number;
  readonly fastKPeriod: number;
  readonly fastDPeriod: number;
  readonly fastDMAType: MAType;
  readonly source?: PriceSource;
}

export interface StochRSIResult {
  readonly fastk: number;
  readonly fastd: number;
}

/**
 * Stochastic RSI as TA-Lib's ta_STOCHRSI.c: STOCHF applied to RSI(timePeriod) as high, low and close. The RSI is
 * TA-Lib's own (0 when there was no movement at all; Strata's `rsi` indicator reads 50 there), and a window of
 * RSI values flat to within 1e-8 gives %K = 0, as TA-Lib's TA_IS_ZERO guard does. Lookback
 * timePeriod + fastKPeriod - 1 + MA lookback.
 */
export class StochRSIIndicator extends NumberIndicator<StochRSIResult> {
  readonly warmup: number;
  private readonly rsi: GainLoss;
  private readonly k: FastK;
  private readonly d: Average;
  private readonly result = { fastk: Number.NaN, fastd: Number.NaN };

  constructor(params: StochRSIParams) {
    super(params.source);
    this.rsi = this.own(new GainLoss(requirePeriod('timePeriod', params.timePeriod)));
    this.k = this.own(new FastK(requirePeriod('fastKPeriod', params.fastKPeriod), 1e-8));
    this.d = this.own(movingAverage(params.fastDMAType, requirePeriod('fastDPeriod', params.fastDPeriod)));
    this.warmup = params.timePeriod + params.fastKPeriod + this.d.lookback;
  }

  protected step(x: number, i: number): StochRSIResult | null {
    if (!this.rsi.push(x)) return null;
    const sum = this.rsi.gain + this.rsi.loss;
    const r = sum !== 0 ? 100 * (this.rsi.gain / sum) : 0;
    const k = this.k.push(r, r, r, i - this.rsi.period);
    if (Number.isNaN(k)) return null;
    const d = this.d.push(k);
    if (Number.isNaN(d)) return null;
    this.result.fastk = k;
    this.result.fastd = d;
    return this.result;
  }
}

export const stochrsiDescriptor = defineIndicator({
  type: 'stochrsi',
  title: 'Stochastic Relative Strength Index',
  reference: 'TA-Lib ta_STOCHRSI.c',
  params: { timePeriod: period(14), fastKPeriod: period(5, 1), fastDPeriod: period(3, 1), fastDMAType: maType(), source: source() },
  fields: ['fastk', 'fastd'],
  scale: 'oscillator',
  lookback: (c) => c.timePeriod + c.fastKPeriod - 1 + maLookback(c.fastDMAType, c.fastDPeriod),
  create: (c) => new StochRSIIndicator(c),
  events: (name) => crossPair(name, `${name}.fastk`, `${name}.fastd`),
});
