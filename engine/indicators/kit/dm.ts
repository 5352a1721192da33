import type { Part } from './part.ts';
import { trueRange } from './true-range.ts';

/**
 * Wilder's directional movement as ta_PLUS_DI.c / ta_DX.c / ta_ADX.c keep it: one-bar +DM = high rise when it
 * is positive and beats the low's fall (-DM the other way round); +DM, -DM and TR are summed over bars
 * 1..period-1, then each bar smoothed as s = s - s/period + today's value. DIs are defined from bar `period`.
 * TA-Lib guards the divisions with TA_IS_ZERO (|x| < 1e-8, absolute), which silences assets priced below about
 * 1e-7; here the guards test exactly 0, identical whenever the smoothed TR exceeds 1e-8.
 */
export class DirectionalMovement implements Part {
  plusDM = 0;
  minusDM = 0;
  tr = 0;
  private prevHigh = 0;
  private prevLow = 0;
  private prevClose = 0;
  private readonly u = new Float64Array(6);
  constructor(readonly period: number) {}

  /** Pushes bar `index`; true once the DIs are defined (index >= period). */
  push(high: number, low: number, close: number, index: number): boolean {
    const n = this.period;
    if (index > 0) {
      const diffP = high - this.prevHigh;
      const diffM = this.prevLow - low;
      if (index >= n) {
        this.minusDM -= this.minusDM / n;
        this.plusDM -= this.plusDM / n;
      }
      if (diffM > 0 && diffP < diffM) this.minusDM += diffM;
      else if (diffP > 0 && diffP > diffM) this.plusDM += diffP;
      const tr = trueRange(high, low, this.prevClose);
      this.tr = index >= n ? this.tr - this.tr / n + tr : this.tr + tr;
    }
    this.prevHigh = high;
    this.prevLow = low;
    this.prevClose = close;
    return index >= n;
  }

  /** 100 * +DM / TR (0 when TR is 0). */
  get plusDI(): number {
    return this.tr !== 0 ? 100 * (this.plusDM / this.tr) : 0;
  }

  /** 100 * -DM / TR (0 when TR is 0). */
  get minusDI(): number {
    return this.tr !== 0 ? 100 * (this.minusDM / this.tr) : 0;
  }

  /** DX = 100 * |-DI - +DI| / (-DI + +DI), or NaN where TA-Lib keeps the previous value (TR or DI sum 0). */
  get dx(): number {
    if (this.tr === 0) return Number.NaN;
    const minus = 100 * (this.minusDM / this.tr);
    const plus = 100 * (this.plusDM / this.tr);
    const sum = minus + plus;
    return sum !== 0 ? 100 * (Math.abs(minus - plus) / sum) : Number.NaN;
  }

  save(): void {
    const u = this.u;
    u[0] = this.plusDM;
    u[1] = this.minusDM;
    u[2] = this.tr;
    u[3] = this.prevHigh;
    u[4] = this.prevLow;
    u[5] = this.prevClose;
  }
  restore(): void {
    const u = this.u;
    this.plusDM = u[0];
    this.minusDM = u[1];
    this.tr = u[2];
    this.prevHigh = u[3];
    this.prevLow = u[4];
    this.prevClose = u[5];
  }
  reset(): void {
    this.plusDM = this.minusDM = this.tr = this.prevHigh = this.prevLow = this.prevClose = 0;
    this.u.fill(0);
  }
}
