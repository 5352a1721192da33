/**
 * Moving averages as undoable parts, each as TA-Lib defines it (ta_MA.c and the functions it dispatches to).
 * `push(x)` returns the average, or NaN until `lookback + 1` inputs were pushed. Composite indicators chain them.
 */
import type { Part } from './part.ts';
import { WindowSum } from './window-sum.ts';

export interface Average extends Part {
  /** Inputs before the first value (TA-Lib's lookback). */
  readonly lookback: number;
  push(x: number): number;
}

/** SMA (ta_SMA.c): mean of the last `period` inputs. */
export class Sma implements Average {
  readonly lookback: number;
  private readonly win: WindowSum;
  constructor(readonly period: number) {
    this.lookback = period - 1;
    this.win = new WindowSum(period);
  }
  push(x: number): number {
    this.win.push(x);
    return this.win.full ? this.win.sum / this.period : Number.NaN;
  }
  save(): void {
    this.win.save();
  }
  restore(): void {
    this.win.restore();
  }
  reset(): void {
    this.win.reset();
  }
}

/**
 * EMA (ta_EMA.c, default compatibility): seeded with the SMA of the first `period` inputs, then
 * ema = (x - ema) * k + ema with k = 2 / (period + 1) unless given (T3, ADOSC pass their own).
 */
export class Ema implements Average {
  readonly lookback: number;
  readonly k: number;
  private n = 0;
  private v = 0; // during the seed: the running sum
  private uN = 0;
  private uV = 0;
  constructor(readonly period: number, k?: number) {
    this.lookback = period - 1;
    this.k = k ?? 2 / (period + 1);
  }
  push(x: number): number {
    if (this.n < this.period) {
      this.v += x;
      if (++this.n < this.period) return Number.NaN;
      this.v /= this.period;
      return this.v;
    }
    this.v = (x - this.v) * this.k + this.v;
    return this.v;
  }
  save(): void {
    this.uN = this.n;
    this.uV = this.v;
  }
  restore(): void {
    this.n = this.uN;
    this.v = this.uV;
  }
  reset(): void {
    this.n = this.v = this.uN = this.uV = 0;
  }
}

/**
 * WMA (ta_WMA.c): weights 1..period, newest heaviest, divided by period*(period+1)/2. Kept as a plain and a
 * weighted running sum (weighted' = weighted + period*x - plain), both recomputed exactly every lap.
 */
export class Wma implements Average {
  readonly lookback: number;
  private readonly win: WindowSum;
  private readonly divider: number;
  private weighted = 0;
  private uWeighted = 0;
  constructor(readonly period: number) {
    this.lookback = period - 1;
    this.win = new WindowSum(period);
    this.divider = (period * (period + 1)) / 2;
  }
  push(x: number): number {
    const n = this.win.ring.count;
    const plain = this.win.sum;
    this.win.push(x);
    if (n < this.period) this.weighted += (n + 1) * x;
    else this.weighted += this.period * x - plain;
    if (this.win.ring.wrapped) {
      let w = 0;
      for (let a = 0; a < this.period; a++) w += (this.period - a) * this.win.ring.get(a);
      this.weighted = w;
    }
    return this.win.full ? this.weighted / this.divider : Number.NaN;
  }
  save(): void {
    this.win.save();
    this.uWeighted = this.weighted;
  }
  restore(): void {
    this.win.restore();
    this.weighted = this.uWeighted;
  }
  reset(): void {
    this.win.reset();
    this.weighted = this.uWeighted = 0;
  }
}

/** Parts fed in sequence: each stage gets the previous stage's output once that is defined. */
class Chain implements Average {
  readonly lookback: number;
  constructor(protected readonly stages: readonly Average[]) {
    this.lookback = stages.reduce((s, a) => s + a.lookback, 0);
  }
  /** Pushes through the chain; `out[i]` receives stage i's value (NaN until defined). */
  protected pushAll(x: number, out: Float64Array): void {
    let v = x;
    for (let i = 0; i < this.stages.length; i++) {
      v = Number.isNaN(v) ? Number.NaN : this.stages[i].push(v);
      out[i] = v;
    }
  }
  push(x: number): number {
    let v = x;
    for (let i = 0; i < this.stages.length; i++) v = Number.isNaN(v) ? Number.NaN : this.stages[i].push(v);
    return v;
  }
  save(): void {
    for (const s of this.stages) s.save();
  }
  restore(): void {
    for (const s of this.stages) s.restore();
  }
  reset(): void {
    for (const s of this.stages) s.reset();
  }
}

/** TRIMA (ta_TRIMA.c): triangular weights = SMA of an SMA, periods ceil/floor halves (lookback period - 1). */
export class Trima extends Chain {
  constructor(readonly period: number) {
    const first = period % 2 === 1 ? (period + 1) / 2 : period / 2 + 1;
    const second = period % 2 === 1 ? (period + 1) / 2 : period / 2;
    super([new Sma(first), new Sma(second)]);
  }
}

/** EMA of EMA (of EMA...): the stages DEMA, TEMA, TRIX and T3 combine. */
export class EmaChain extends Chain {
  readonly values: Float64Array;
  constructor(period: number, depth: number, k?: number) {
    super(Array.from({ length: depth }, () => new Ema(period, k)));
    this.values = new Float64Array(depth);
  }
  /** Pushes `x`; `values[i]` is the (i+1)-fold EMA (NaN until defined); returns the deepest. */
  override push(x: number): number {
    this.pushAll(x, this.values);
    return this.values[this.values.length - 1];
  }
}

/** DEMA (ta_DEMA.c): 2*EMA - EMA(EMA). */
export class Dema implements Average {
  readonly lookback: number;
  private readonly chain: EmaChain;
  constructor(period: number) {
    this.chain = new EmaChain(period, 2);
    this.lookback = this.chain.lookback;
  }
  push(x: number): number {
    const e2 = this.chain.push(x);
    return Number.isNaN(e2) ? e2 : 2 * this.chain.values[0] - e2;
  }
  save(): void {
    this.chain.save();
  }
  restore(): void {
    this.chain.restore();
  }
  reset(): void {
    this.chain.reset();
  }
}

/** TEMA (ta_TEMA.c): 3*EMA - 3*EMA(EMA) + EMA(EMA(EMA)). */
export class Tema implements Average {
  readonly lookback: number;
  private readonly chain: EmaChain;
  constructor(period: number) {
    this.chain = new EmaChain(period, 3);
    this.lookback = this.chain.lookback;
  }
  push(x: number): number {
    const e3 = this.chain.push(x);
    const v = this.chain.values;
    return Number.isNaN(e3) ? e3 : 3 * v[0] - 3 * v[1] + e3;
  }
  save(): void {
    this.chain.save();
  }
  restore(): void {
    this.chain.restore();
  }
  reset(): void {
    this.chain.reset();
  }
}

/** TA-Lib MA types usable where a function takes an `...MAType` parameter (TA_MAType_SMA ... TA_MAType_TRIMA). */
export const MA_TYPES = ['sma', 'ema', 'wma', 'dema', 'tema', 'trima'] as const;
export type MAType = (typeof MA_TYPES)[number];

/** The average TA-Lib's TA_MA dispatches to for `type`. */
export function movingAverage(type: MAType, period: number): Average {
  switch (type) {
    case 'sma':
      return new Sma(period);
    case 'ema':
      return new Ema(period);
    case 'wma':
      return new Wma(period);
    case 'dema':
      return new Dema(period);
    case 'tema':
      return new Tema(period);
    case 'trima':
      return new Trima(period);
    default:
      throw new Error(`MA type must be one of ${MA_TYPES.join(', ')}; got ${String(type)}`);
  }
}

/** TA-Lib's lookback of `type` at `period` (TA_MA_Lookback). */
export function maLookback(type: MAType, period: number): number {
  if (period <= 1) return 0;
  if (type === 'dema') return 2 * (period - 1);
  if (type === 'tema') return 3 * (period - 1);
  return period - 1;
}
