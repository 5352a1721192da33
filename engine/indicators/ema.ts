import * as z from 'zod';
import { defineIndicator } from './descriptor.ts';
import { requiredPeriod, source } from './kit/params.ts';
import type { PriceSource } from './indicator.ts';
import { SingleInputIndicator } from './single-input.ts';
import { requirePeriod } from './validate.ts';

/**
 * How an EMA starts:
 * - 'talib' (default): TA-Lib's EMA. The first value is the SMA of the first `period` inputs (at input
 *   `period`), then `ema += (x - ema) * k` with k = 2 / (period + 1).
 * - 'first': seeded with the first input (TA-Lib's Metastock compatibility mode, pandas `ewm(adjust=False)`):
 *   a value from the very first input (warmup 1). Early values lean on the first input; after ~3.45 * period
 *   inputs the initial average weighs < 0.1%. (TradingView's `ta.ema` itself seeds with an SMA, i.e. 'talib'.)
 */
export type EMASeeding = 'talib' | 'first';

export interface EMAParams {
  readonly period: number;
  readonly source?: PriceSource;
  readonly seeding?: EMASeeding;
}

/**
 * The EMA arithmetic with its one-step undo, shared by EMAIndicator and MACDIndicator. `push` answers whether the
 * EMA is ready and leaves the value in `ema`, so composite indicators read a field instead of boxing a returned double.
 */
export class EMACore {
  readonly warmup: number;
  /** Smoothing factor 2 / (period + 1). */
  readonly k: number;
  /** The current EMA once ready; during an SMA seed, the running sum of inputs. */
  ema = 0;
  /** Inputs seen, saturating at `warmup`. */
  count = 0;
  private uCount = 0;
  private uEma = 0;

  constructor(
    readonly period: number,
    readonly seeding: EMASeeding,
  ) {
    this.warmup = seeding === 'first' ? 1 : period;
    this.k = 2 / (period + 1);
  }

  /** Consumes the next input; true when `ema` holds a value. */
  push(x: number): boolean {
    this.uCount = this.count;
    this.uEma = this.ema;
    return this.apply(x);
  }

  /** Replaces the latest input (as `push` before any input). */
  repush(x: number): boolean {
    if (this.count === 0) return this.push(x);
    this.count = this.uCount;
    this.ema = this.uEma;
    return this.apply(x);
  }

  reset(): void {
    this.count = this.ema = this.uCount = this.uEma = 0;
  }

  private apply(x: number): boolean {
    if (this.count >= this.warmup) {
      // TA-Lib's form: ((x - prev) * k) + prev.
      this.ema = (x - this.ema) * this.k + this.ema;
      return true;
    }
    this.count++;
    if (this.seeding === 'first') {
      this.ema = x;
      return true;
    }
    this.ema += x;
    if (this.count < this.period) return false;
    this.ema /= this.period;
    return true;
  }
}

/** Exponential moving average, k = 2 / (period + 1); see `EMASeeding` for the warm-up. */
export class EMAIndicator extends SingleInputIndicator<number> {
  readonly period: number;
  readonly seeding: EMASeeding;
  readonly warmup: number;
  /** Smoothing factor 2 / (period + 1). */
  readonly k: number;
  private readonly core: EMACore;

  constructor(params: EMAParams) {
    super(params.source);
    this.period = requirePeriod('period', params.period);
    const seeding = params.seeding ?? 'talib';
    if (seeding !== 'talib' && seeding !== 'first') throw new Error(`seeding must be 'talib' or 'first'; got ${String(seeding)}`);
    this.seeding = seeding;
    this.core = new EMACore(this.period, seeding);
    this.warmup = this.core.warmup;
    this.k = this.core.k;
  }

  get value(): number | null {
    return this.core.count >= this.warmup ? this.core.ema : null;
  }

  get isReady(): boolean {
    return this.core.count >= this.warmup;
  }

  update(input: number): number | null {
    return this.core.push(input) ? this.core.ema : null;
  }

  replace(input: number): number | null {
    return this.core.repush(input) ? this.core.ema : null;
  }

  reset(): void {
    this.core.reset();
  }
}

export const emaDescriptor = defineIndicator({
  type: 'ema',
  title: 'Exponential Moving Average',
  reference: 'TA-Lib ta_EMA.c',
  params: { period: requiredPeriod(), source: source(), seeding: z.enum(['talib', 'first']).default('talib') },
  scale: 'price',
  lookback: (c) => (c.seeding === 'first' ? 0 : c.period - 1),
  create: (c) => new EMAIndicator(c),
});
