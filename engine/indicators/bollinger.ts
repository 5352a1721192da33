import * as z from 'zod';
import { defineIndicator } from './descriptor.ts';
import { period, source } from './kit/params.ts';
import type { PriceSource } from './indicator.ts';
import { SingleInputIndicator } from './single-input.ts';
import { requirePeriod, requirePositive } from './validate.ts';

export interface BollingerParams {
  readonly period: number;
  /** Band width in population standard deviations. */
  readonly stdDev: number;
  readonly source?: PriceSource;
}

/** The bands. The indicator reuses one object for every update: copy it if you keep it. */
export interface BollingerResult {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

/**
 * Bollinger Bands as TA-Lib's BBANDS with an SMA middle: middle = SMA(period), upper/lower = middle ± stdDev * σ,
 * σ the POPULATION standard deviation of the window (divide by period). First value after `period` inputs.
 *
 * Numerics: instead of the textbook Σx and Σx² (whose difference cancels catastrophically when prices are large
 * next to their spread, e.g. 100000 ± 0.01), we keep Σx and M2 = Σ(x - mean)² updated with the sliding Welford
 * step M2 += (x - old)(x - mean' + old - mean). Both are recomputed exactly from the ring each time it wraps
 * (every `period` updates, amortised O(1)), so error cannot build up, and a residual negative M2 is clamped to 0.
 * What remains is inherent to σ = sqrt(M2 / period): right after a jump in price level, a window that is flat can
 * read σ ≈ sqrt(period * 1e-16) * price (about 5e-8 of the price) instead of 0 until the next resync. TA-Lib's
 * Σx²/n - mean² has the same amplification with a larger error.
 */
export class BollingerIndicator extends SingleInputIndicator<BollingerResult> {
  readonly period: number;
  readonly stdDev: number;
  readonly warmup: number;
  private readonly ring: Float64Array;
  private readonly result = { upper: NaN, middle: NaN, lower: NaN };
  private head = 0;
  private count = 0; // inputs held, saturating at `period`
  private sum = 0;
  private m2 = 0;
  private uHead = 0;
  private uCount = 0;
  private uSum = 0;
  private uM2 = 0;
  private uSlot = 0;

  constructor(params: BollingerParams) {
    super(params.source);
    this.period = requirePeriod('period', params.period);
    this.stdDev = requirePositive('stdDev', params.stdDev);
    this.warmup = this.period;
    this.ring = new Float64Array(this.period);
  }

  get value(): BollingerResult | null {
    return this.count === this.period ? this.result : null;
  }

  get isReady(): boolean {
    return this.count === this.period;
  }

  update(input: number): BollingerResult | null {
    this.uHead = this.head;
    this.uCount = this.count;
    this.uSum = this.sum;
    this.uM2 = this.m2;
    this.uSlot = this.ring[this.head];
    return this.apply(input);
  }

  replace(input: number): BollingerResult | null {
    if (this.count === 0) return this.update(input);
    this.ring[this.uHead] = this.uSlot;
    this.head = this.uHead;
    this.count = this.uCount;
    this.sum = this.uSum;
    this.m2 = this.uM2;
    return this.apply(input);
  }

  reset(): void {
    this.ring.fill(0);
    this.head = this.count = this.sum = this.m2 = 0;
    this.uHead = this.uCount = this.uSum = this.uM2 = this.uSlot = 0;
    this.result.upper = this.result.middle = this.result.lower = NaN;
  }

  private apply(x: number): BollingerResult | null {
    const ring = this.ring;
    const period = this.period;
    const h = this.head;
    if (this.count < period) {
      // Growing window: the classic Welford step.
      const oldMean = this.count > 0 ? this.sum / this.count : 0;
      this.sum += x;
      this.count++;
      this.m2 += (x - oldMean) * (x - this.sum / this.count);
    } else {
      // Full window: `old` leaves as `x` enters.
      const old = ring[h];
      const oldMean = this.sum / period;
      this.sum += x - old;
      this.m2 += (x - old) * (x - this.sum / period + old - oldMean);
    }
    ring[h] = x;
    if (h + 1 === period) {
      this.head = 0;
      if (this.count === period) this.resync();
    } else {
      this.head = h + 1;
    }
    if (this.count < period) return null;
    const mean = this.sum / period;
    const variance = this.m2 > 0 ? this.m2 / period : 0;
    const band = this.stdDev * Math.sqrt(variance);
    const r = this.result;
    r.middle = mean;
    r.upper = mean + band;
    r.lower = mean - band;
    return r;
  }

  /** Exact two-pass recomputation of Σx and M2 from the ring. */
  private resync(): void {
    const ring = this.ring;
    let s = 0;
    for (let i = 0; i < ring.length; i++) s += ring[i];
    const mean = s / ring.length;
    let m2 = 0;
    for (let i = 0; i < ring.length; i++) {
      const d = ring[i] - mean;
      m2 += d * d;
    }
    this.sum = s;
    this.m2 = m2;
  }
}

export const bollingerDescriptor = defineIndicator({
  type: 'bollinger',
  aliases: ['bb'],
  title: 'Bollinger Bands',
  reference: 'TA-Lib ta_BBANDS.c (SMA middle, population standard deviation)',
  params: { period: period(20, 1), stdDev: z.number().positive().max(100).default(2), source: source() },
  fields: ['middle', 'upper', 'lower'],
  scale: 'price',
  lookback: (c) => c.period - 1,
  create: (c) => new BollingerIndicator(c),
});
