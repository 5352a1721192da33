import { defineIndicator, crossPair } from './descriptor.ts';
import { Extremum } from './kit/extremum.ts';
import { period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

export interface AroonResult {
  readonly aroondown: number;
  readonly aroonup: number;
}

type HL = Pick<Bar, 'high' | 'low'>;

/** Bars since the highest high / lowest low over timePeriod + 1 bars (ties: the latest), as ta_AROON.c scans. */
export abstract class AroonBase<Out> extends BarIndicator<Out, HL> {
  readonly timePeriod: number;
  readonly warmup: number;
  protected readonly factor: number;
  protected readonly hi: Extremum;
  protected readonly lo: Extremum;

  protected constructor(params: { readonly timePeriod: number }) {
    super();
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod + 1;
    this.factor = 100 / this.timePeriod;
    this.hi = this.own(new Extremum(this.timePeriod + 1, 'max'));
    this.lo = this.own(new Extremum(this.timePeriod + 1, 'min'));
  }

  /** Pushes bar `i`; true once timePeriod + 1 bars were seen. */
  protected pushBar(bar: HL, i: number): boolean {
    this.hi.push(bar.high, i);
    this.lo.push(bar.low, i);
    return i >= this.timePeriod;
  }
}

/**
 * Aroon as TA-Lib's ta_AROON.c: aroonup = 100/n * (n - bars since the highest high), aroondown likewise with the
 * lowest low, over the last n + 1 bars; lookback n. Result object reused.
 */
export class AroonIndicator extends AroonBase<AroonResult> {
  private readonly result = { aroondown: Number.NaN, aroonup: Number.NaN };
  constructor(params: { readonly timePeriod: number }) {
    super(params);
  }
  protected step(bar: HL, i: number): AroonResult | null {
    if (!this.pushBar(bar, i)) return null;
    const n = this.timePeriod;
    this.result.aroondown = this.factor * (n - (i - this.lo.index));
    this.result.aroonup = this.factor * (n - (i - this.hi.index));
    return this.result;
  }
}

export const aroonDescriptor = defineIndicator({
  type: 'aroon',
  title: 'Aroon',
  reference: 'TA-Lib ta_AROON.c',
  params: { timePeriod: period(14) },
  fields: ['aroondown', 'aroonup'],
  scale: 'oscillator',
  lookback: (c) => c.timePeriod,
  create: (c) => new AroonIndicator(c),
  // aroonup crosses aroondown.
  events: (name) => crossPair(name, `${name}.aroonup`, `${name}.aroondown`),
});
