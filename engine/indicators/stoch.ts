import { defineIndicator, crossPair } from './descriptor.ts';
import { maLookback, movingAverage, type Average, type MAType } from './kit/averages.ts';
import { FastK } from './kit/fast-k.ts';
import { maType, period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

export interface StochParams {
  readonly fastKPeriod: number;
  readonly slowKPeriod: number;
  readonly slowKMAType: MAType;
  readonly slowDPeriod: number;
  readonly slowDMAType: MAType;
}

export interface StochResult {
  readonly slowk: number;
  readonly slowd: number;
}

type HLC = Pick<Bar, 'high' | 'low' | 'close'>;

/**
 * Stochastic as TA-Lib's ta_STOCH.c: fast %K over `fastKPeriod` bars, slow %K = MA(fast %K, slowKPeriod,
 * slowKMAType), slow %D = MA(slow %K, slowDPeriod, slowDMAType); MA types default to SMA as in TA-Lib.
 * Lookback (fastKPeriod - 1) + the two MA lookbacks. Result object reused: copy it to keep it.
 */
export class StochIndicator extends BarIndicator<StochResult, HLC> {
  readonly warmup: number;
  private readonly k: FastK;
  private readonly slowK: Average;
  private readonly slowD: Average;
  private readonly result = { slowk: Number.NaN, slowd: Number.NaN };

  constructor(params: StochParams) {
    super();
    this.k = this.own(new FastK(requirePeriod('fastKPeriod', params.fastKPeriod)));
    this.slowK = this.own(movingAverage(params.slowKMAType, requirePeriod('slowKPeriod', params.slowKPeriod)));
    this.slowD = this.own(movingAverage(params.slowDMAType, requirePeriod('slowDPeriod', params.slowDPeriod)));
    this.warmup = params.fastKPeriod + this.slowK.lookback + this.slowD.lookback;
  }

  protected step(bar: HLC, i: number): StochResult | null {
    const k = this.k.push(bar.high, bar.low, bar.close, i);
    if (Number.isNaN(k)) return null;
    const sk = this.slowK.push(k);
    if (Number.isNaN(sk)) return null;
    const sd = this.slowD.push(sk);
    if (Number.isNaN(sd)) return null;
    this.result.slowk = sk;
    this.result.slowd = sd;
    return this.result;
  }
}

export const stochDescriptor = defineIndicator({
  type: 'stoch',
  title: 'Stochastic',
  reference: 'TA-Lib ta_STOCH.c',
  params: { fastKPeriod: period(5, 1), slowKPeriod: period(3, 1), slowKMAType: maType(), slowDPeriod: period(3, 1), slowDMAType: maType() },
  fields: ['slowk', 'slowd'],
  scale: 'oscillator',
  lookback: (c) => c.fastKPeriod - 1 + maLookback(c.slowKMAType, c.slowKPeriod) + maLookback(c.slowDMAType, c.slowDPeriod),
  create: (c) => new StochIndicator(c),
  // slow %K crosses slow %D.
  events: (name) => crossPair(name, `${name}.slowk`, `${name}.slowd`),
});
