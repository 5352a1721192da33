import type { PriceSource } from '../indicator.ts';
import { requirePeriod } from '../validate.ts';
import { Ring } from './ring.ts';
import { NumberIndicator } from './streaming.ts';

export interface LagParams {
  readonly timePeriod: number;
  readonly source?: PriceSource;
}

/** Base of indicators comparing an input with the one timePeriod inputs before (MOM, ROC, ROCP); lookback timePeriod. */
export abstract class LagIndicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly ring: Ring;

  protected constructor(params: LagParams) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod + 1;
    this.ring = this.own(new Ring(this.timePeriod + 1));
  }

  protected abstract compare(x: number, before: number): number;

  protected step(x: number): number | null {
    this.ring.push(x);
    return this.ring.full ? this.compare(x, this.ring.get(this.timePeriod)) : null;
  }
}
