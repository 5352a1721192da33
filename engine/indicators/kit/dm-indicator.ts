import { requirePeriod } from '../validate.ts';
import { DirectionalMovement } from './dm.ts';
import { BarIndicator, type Bar } from './streaming.ts';

export type HLC = Pick<Bar, 'high' | 'low' | 'close'>;

/** Base of the directional-movement family (plus_di, minus_di, dx, adx, adxr): owns the DM part. */
export abstract class DMIndicator extends BarIndicator<number, HLC> {
  readonly timePeriod: number;
  protected readonly dm: DirectionalMovement;

  protected constructor(params: { readonly timePeriod: number }) {
    super();
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    if (this.timePeriod < 2) throw new Error(`timePeriod must be at least 2; got ${this.timePeriod}`);
    this.dm = this.own(new DirectionalMovement(this.timePeriod));
  }
}
