import type { PriceSource } from './indicator.ts';
import { SingleInputIndicator } from './single-input.ts';
import { requirePeriod } from './validate.ts';

/**
 * How an EMA starts:
 * - 'talib' (default): TA-Lib's EMA. The first value is the SMA of the first `period` inputs (at input
 *   `period`), then `ema += (x - ema) * k` with k = 2 / (period + 1).
 * - 'first': seeded with the first input (TA-Lib's Metastock compatibility mode, pandas `ewm(adjust=False)`):
 *   a value from the very first input (warmup 1). Early values lean on the first input; after ~3.45 * period
 *   inputs the seed weighs < 0.1%. (TradingView's `ta.ema` itself seeds with an SMA, i.e. 'talib'.)
 */
export type EMASeeding = 'talib' | 'first';

export interface EMAParams {
  readonly period: number;
  readonly source?: PriceSource;
  readonly seeding?: EMASeeding;
}

/** Exponential moving average, k = 2 / (period + 1); see `EMASeeding` for the warm-up. */
export class EMAIndicator extends SingleInputIndicator<number> {
  readonly period: number;
  readonly seeding: EMASeeding;
  readonly warmup: number;
  /** Smoothing factor 2 / (period + 1). */
  readonly k: number;
  private count = 0; // inputs seen, saturating at `warmup`
  private ema = 0; // during an SMA seed: the running sum of inputs
  private uCount = 0;
  private uEma = 0;

  constructor(params: EMAParams) {
    super(params.source);
    this.period = requirePeriod('period', params.period);
    const seeding = params.seeding ?? 'talib';
    if (seeding !== 'talib' && seeding !== 'first') throw new Error(`seeding must be 'talib' or 'first'; got ${String(seeding)}`);
    this.seeding = seeding;
    this.warmup = seeding === 'first' ? 1 : this.period;
    this.k = 2 / (this.period + 1);
  }

  get value(): number | null {
    return this.count >= this.warmup ? this.ema : null;
  }

  get isReady(): boolean {
    return this.count >= this.warmup;
  }

  update(input: number): number | null {
    this.uCount = this.count;
    this.uEma = this.ema;
    return this.apply(input);
  }

  replace(input: number): number | null {
    if (this.count === 0) return this.update(input);
    this.count = this.uCount;
    this.ema = this.uEma;
    return this.apply(input);
  }

  reset(): void {
    this.count = this.ema = this.uCount = this.uEma = 0;
  }

  private apply(x: number): number | null {
    if (this.count >= this.warmup) {
      // TA-Lib's form: ((x - prev) * k) + prev.
      this.ema = (x - this.ema) * this.k + this.ema;
      return this.ema;
    }
    this.count++;
    if (this.seeding === 'first') {
      this.ema = x;
      return x;
    }
    this.ema += x;
    if (this.count < this.period) return null;
    this.ema /= this.period;
    return this.ema;
  }
}
