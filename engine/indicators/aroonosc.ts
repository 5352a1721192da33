import { AroonBase } from './aroon.ts';
import { defineIndicator } from './descriptor.ts';
import { period } from './kit/params.ts';
import type { Bar } from './kit/streaming.ts';

/** Aroon Oscillator as TA-Lib's ta_AROONOSC.c: 100/n * (index of highest high - index of lowest low); lookback n. */
export class AroonOscIndicator extends AroonBase<number> {
  constructor(params: { readonly timePeriod: number }) {
    super(params);
  }
  protected step(bar: Pick<Bar, 'high' | 'low'>, i: number): number | null {
    return this.pushBar(bar, i) ? this.factor * (this.hi.index - this.lo.index) : null;
  }
}

export const aroonoscDescriptor = defineIndicator({
  type: 'aroonosc',
  title: 'Aroon Oscillator',
  reference: 'TA-Lib ta_AROONOSC.c',
  params: { timePeriod: period(14) },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod,
  create: (c) => new AroonOscIndicator(c),
});
