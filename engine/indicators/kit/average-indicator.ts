import type { PriceSource } from '../indicator.ts';
import { requirePeriod } from '../validate.ts';
import type { Average } from './averages.ts';
import { NumberIndicator } from './streaming.ts';

export interface PeriodParams {
  readonly timePeriod: number;
  readonly source?: PriceSource;
}

/** A single-input indicator that is one moving-average part (WMA, DEMA, TEMA, TRIMA). */
export abstract class AverageIndicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly avg: Average;

  protected constructor(params: PeriodParams, make: (period: number) => Average) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.avg = this.own(make(this.timePeriod));
    this.warmup = this.avg.lookback + 1;
  }

  protected step(x: number): number | null {
    const v = this.avg.push(x);
    return Number.isNaN(v) ? null : v;
  }
}
