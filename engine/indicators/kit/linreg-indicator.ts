import type { PriceSource } from '../indicator.ts';
import { requirePeriod } from '../validate.ts';
import { LinReg } from './linreg.ts';
import { NumberIndicator } from './streaming.ts';

/** Base of the LINEARREG family: a least-squares line over the last timePeriod inputs; lookback timePeriod - 1. */
export abstract class LinRegIndicator extends NumberIndicator<number> {
  readonly timePeriod: number;
  readonly warmup: number;
  protected readonly line: LinReg;

  protected constructor(params: { readonly timePeriod: number; readonly source?: PriceSource }) {
    super(params.source);
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.warmup = this.timePeriod;
    this.line = this.own(new LinReg(this.timePeriod));
  }

  /** The output from slope m and intercept b (TA-Lib's parametrisation, see LinReg). */
  protected abstract read(m: number, b: number): number;

  protected step(x: number): number | null {
    this.line.push(x);
    return this.line.full ? this.read(this.line.m, this.line.b) : null;
  }
}
