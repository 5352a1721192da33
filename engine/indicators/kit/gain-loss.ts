import type { Part } from './part.ts';

/**
 * Wilder-smoothed average gain and loss of one-bar changes, as ta_RSI.c and ta_CMO.c keep them (default
 * compatibility): the first averages are the means of the first `period` changes (ready at input index
 * `period`), then avg = (avg * (period - 1) + change) / period.
 */
export class GainLoss implements Part {
  gain = 0;
  loss = 0;
  private n = 0; // inputs seen, saturating at period + 1
  private prev = 0;
  private u = new Float64Array(4);
  constructor(readonly period: number) {}

  /** Pushes an input; true once the averages are defined. */
  push(x: number): boolean {
    const p = this.period;
    if (this.n === 0) {
      this.prev = x;
      this.n = 1;
      return false;
    }
    const change = x - this.prev;
    this.prev = x;
    const up = change > 0 ? change : 0;
    const down = change < 0 ? -change : 0;
    if (this.n <= p) {
      this.gain += up;
      this.loss += down;
      if (++this.n <= p) return false;
      this.gain /= p;
      this.loss /= p;
      return true;
    }
    this.gain = (this.gain * (p - 1) + up) / p;
    this.loss = (this.loss * (p - 1) + down) / p;
    return true;
  }

  save(): void {
    const u = this.u;
    u[0] = this.gain;
    u[1] = this.loss;
    u[2] = this.n;
    u[3] = this.prev;
  }
  restore(): void {
    const u = this.u;
    this.gain = u[0];
    this.loss = u[1];
    this.n = u[2];
    this.prev = u[3];
  }
  reset(): void {
    this.gain = this.loss = this.n = this.prev = 0;
    this.u.fill(0);
  }
}
