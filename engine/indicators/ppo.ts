import { defineIndicator } from './descriptor.ts';
import { maLookback } from './kit/averages.ts';
import { maType, period, source } from './kit/params.ts';
import { PriceOscillator, type PriceOscillatorParams } from './kit/price-oscillator.ts';

/** Percentage Price Oscillator as TA-Lib's ta_PPO.c: (fast MA - slow MA) / slow MA * 100, 0 when the slow MA is 0; lookback of the slow MA. */
export class PPOIndicator extends PriceOscillator {
  constructor(params: PriceOscillatorParams) {
    super(params);
  }
  protected combine(fast: number, slow: number): number {
    return slow !== 0 ? ((fast - slow) / slow) * 100 : 0;
  }
}

export const ppoDescriptor = defineIndicator({
  type: 'ppo',
  title: 'Percentage Price Oscillator',
  reference: 'TA-Lib ta_PPO.c',
  params: { fastPeriod: period(12), slowPeriod: period(26), maType: maType(), source: source() },
  check: (c) => (c.fastPeriod < c.slowPeriod ? null : { path: 'fastPeriod', message: 'fastPeriod must be less than slowPeriod' }),
  scale: 'oscillator',
  lookback: (c) => maLookback(c.maType, c.slowPeriod),
  create: (c) => new PPOIndicator(c),
});
