import { defineIndicator } from './descriptor.ts';
import { maLookback } from './kit/averages.ts';
import { maType, period, source } from './kit/params.ts';
import { PriceOscillator, type PriceOscillatorParams } from './kit/price-oscillator.ts';

/** Absolute Price Oscillator as TA-Lib's ta_APO.c: fast MA - slow MA; lookback of the slow MA. */
export class APOIndicator extends PriceOscillator {
  constructor(params: PriceOscillatorParams) {
    super(params);
  }
  protected combine(fast: number, slow: number): number {
    return fast - slow;
  }
}

export const apoDescriptor = defineIndicator({
  type: 'apo',
  title: 'Absolute Price Oscillator',
  reference: 'TA-Lib ta_APO.c',
  params: { fastPeriod: period(12), slowPeriod: period(26), maType: maType(), source: source() },
  check: (c) => (c.fastPeriod < c.slowPeriod ? null : { path: 'fastPeriod', message: 'fastPeriod must be less than slowPeriod' }),
  scale: 'oscillator',
  lookback: (c) => maLookback(c.maType, c.slowPeriod),
  create: (c) => new APOIndicator(c),
});
