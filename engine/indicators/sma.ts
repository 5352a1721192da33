import { defineIndicator } from './descriptor.ts';
import { requiredPeriod, source } from './kit/params.ts';
import type { PriceSource } from './indicator.ts';
import { SingleInputIndicator } from './single-input.ts';
import { requirePeriod } from './validate.ts';

export interface SMAParams {
  readonly period: number;
  readonly source?: PriceSource;
}

/**
 * Simple moving average of the last `period` inputs (TA-Lib SMA: first value after `period` inputs).
 *
 * A running sum over a fixed Float64Array ring, so O(1) per update with nothing allocated. The sum is
 * recomputed exactly from the ring each time the ring wraps (every `period` updates, amortised O(1)), so
 * rounding error from the add/subtract pairs cannot accumulate over million-bar runs: after a jump in price
 * magnitude the old scale's rounding error is gone within two periods. In between, the absolute error is about
 * period * 1e-16 * (largest input of the last two periods), far below any price tick.
 */
export class SMAIndicator extends SingleInputIndicator<number> {
  readonly period: number;
  readonly warmup: number;
  private readonly ring: Float64Array;
  private head = 0; // next slot to write
  private count = 0; // inputs held, saturating at `period`
  private sum = 0;
  private current = NaN;
  // State before the latest update: the one-step undo `replace` needs.
  private uHead = 0;
  private uCount = 0;
  private uSum = 0;
  private uSlot = 0;
  private uCurrent = NaN;

  constructor(params: SMAParams) {
    super(params.source);
    this.period = requirePeriod('period', params.period);
    this.warmup = this.period;
    this.ring = new Float64Array(this.period);
  }

  get value(): number | null {
    return this.count === this.period ? this.current : null;
  }

  get isReady(): boolean {
    return this.count === this.period;
  }

  update(input: number): number | null {
    this.uHead = this.head;
    this.uCount = this.count;
    this.uSum = this.sum;
    this.uSlot = this.ring[this.head];
    this.uCurrent = this.current;
    return this.apply(input);
  }

  replace(input: number): number | null {
    if (this.count === 0) return this.update(input);
    this.ring[this.uHead] = this.uSlot;
    this.head = this.uHead;
    this.count = this.uCount;
    this.sum = this.uSum;
    this.current = this.uCurrent;
    return this.apply(input);
  }

  reset(): void {
    this.ring.fill(0);
    this.head = this.count = this.sum = 0;
    this.current = NaN;
    this.uHead = this.uCount = this.uSum = this.uSlot = 0;
    this.uCurrent = NaN;
  }

  private apply(x: number): number | null {
    const ring = this.ring;
    const period = this.period;
    const h = this.head;
    if (this.count < period) {
      this.sum += x;
      this.count++;
    } else {
      this.sum += x - ring[h];
    }
    ring[h] = x;
    if (h + 1 === period) {
      this.head = 0;
      if (this.count === period) this.sum = sumOf(ring);
    } else {
      this.head = h + 1;
    }
    if (this.count < period) return null;
    this.current = this.sum / period;
    return this.current;
  }
}

/** Plain left-to-right sum (the exact resync of the running sum). */
function sumOf(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

export const smaDescriptor = defineIndicator({
  type: 'sma',
  title: 'Simple Moving Average',
  reference: 'TA-Lib ta_SMA.c',
  params: { period: requiredPeriod(), source: source() },
  scale: 'price',
  lookback: (c) => c.period - 1,
  create: (c) => new SMAIndicator(c),
});
