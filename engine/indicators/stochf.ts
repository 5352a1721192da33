import { defineIndicator, crossPair } from './descriptor.ts';
import { maLookback, movingAverage, type Average, type MAType } from './kit/averages.ts';
import { FastK } from './kit/fast-k.ts';
import { maType, period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

export interface StochFParams {
  readonly fastKPeriod: number;
  readonly fastDPeriod: number;
  readonly fastDMAType: MAType;
}

export interface StochFResult {
  readonly fastk: number;
  readonly fastd: number;
}

type HLC = Pick<Bar, 'high' | 'low' | 'close'>;

/**
 * Stochastic Fast as TA-Lib's ta_STOCHF.c: fast %K over `fastKPeriod` bars and fast %D = MA(fast %K,
 * fastDPeriod, fastDMAType); both are output from the bar %D is first defined (lookback
 * fastKPeriod - 1 + MA lookback). Result object reused.
 */
export class StochFIndicator extends BarIndicator<StochFResult, HLC> {
  readonly warmup: number;
  private readonly k: FastK;
  private readonly d: Average;
  private readonly result = { fastk: Number.NaN, fastd: Number.NaN };

  constructor(params: StochFParams) {
    super();
    this.k = this.own(new FastK(requirePeriod('fastKPeriod', params.fastKPeriod)));
    this.d = this.own(movingAverage(params.fastDMAType, requirePeriod('fastDPeriod', params.fastDPeriod)));
    this.warmup = params.fastKPeriod + this.d.lookback;
  }

  protected step(bar: HLC, i: number): StochFResult | null {
    const k = this.k.push(bar.high, bar.low, bar.close, i);
    if (Number.isNaN(k)) return null;
    const d = this.d.push(k);
    if (Number.isNaN(d)) return null;
    this.result.fastk = k;
    this.result.fastd = d;
    return this.result;
  }
}

export const stochfDescriptor = defineIndicator({
  type: 'stochf',
  title: 'Stochastic Fast',
  reference: 'TA-Lib ta_STOCHF.c',
  params: { fastKPeriod: period(5, 1), fastDPeriod: period(3, 1), fastDMAType: maType() },
  fields: ['fastk', 'fastd'],
  scale: 'oscillator',
  lookback: (c) => c.fastKPeriod - 1 + maLookback(c.fastDMAType, c.fastDPeriod),
  create: (c) => new StochFIndicator(c),
  events: (name) => crossPair(name, `${name}.fastk`, `${name}.fastd`),
});
