import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { EmaChain } from './kit/averages.ts';
import { period, real, source } from './kit/params.ts';
import { NumberIndicator } from './kit/streaming.ts';
import { requireInRange, requirePeriod } from './validate.ts';

export interface T3Params {
  readonly timePeriod: number;
  readonly vFactor: number;
  readonly source?: PriceSource;
}

/**
 * Tillson T3 as TA-Lib's ta_T3.c: six chained EMAs e1..e6 (k = 2/(n+1), each seeded with the mean of its first
 * n inputs) and, with a = vFactor, T3 = c1*e6 + c2*e5 + c3*e4 + c4*e3 where c1 = -a^3, c2 = 3a^2 + 3a^3,
 * c3 = -6a^2 - 3a - 3a^3, c4 = 1 + 3a + a^3 + 3a^2. Lookback 6*(n-1).
 */
export class T3Indicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly vFactor: number;
  readonly warmup: number;
  private readonly chain: EmaChain;
  private readonly c: Float64Array;

  constructor(params: T3Params) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    const a = (this.vFactor = requireInRange('vFactor', params.vFactor, 0, 1));
    this.chain = this.own(new EmaChain(this.timePeriod, 6));
    this.warmup = this.chain.lookback + 1;
    const a2 = a * a;
    const a3 = a2 * a;
    this.c = Float64Array.of(-a3, 3 * a2 + 3 * a3, -6 * a2 - 3 * a - 3 * a3, 1 + 3 * a + a3 + 3 * a2);
  }

  protected step(x: number): number | null {
    const e6 = this.chain.push(x);
    if (Number.isNaN(e6)) return null;
    const e = this.chain.values;
    const c = this.c;
    return c[0] * e6 + c[1] * e[4] + c[2] * e[3] + c[3] * e[2];
  }
}

export const t3Descriptor = defineIndicator({
  type: 't3',
  title: 'Triple Exponential Moving Average (T3)',
  reference: 'TA-Lib ta_T3.c',
  params: { timePeriod: period(5, 1), vFactor: real(0.7, 0, 1), source: source() },
  scale: 'price',
  lookback: (c) => 6 * (c.timePeriod - 1),
  create: (c) => new T3Indicator(c),
});
