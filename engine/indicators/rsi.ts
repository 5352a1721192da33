import * as z from 'zod';
import { defineIndicator } from './descriptor.ts';
import { period, source } from './kit/params.ts';
import type { PriceSource } from './indicator.ts';
import { SingleInputIndicator } from './single-input.ts';
import { requireInRange, requirePeriod } from './validate.ts';

export interface RSIParams {
  readonly period: number;
  /** Level the rule language reads as `<name>.overbought` (default 70). */
  readonly overbought?: number;
  /** Level the rule language reads as `<name>.oversold` (default 30). */
  readonly oversold?: number;
  readonly source?: PriceSource;
}

/**
 * Relative Strength Index with Wilder smoothing, as TA-Lib's RSI (default compatibility):
 * - average gain/loss are seeded with the plain mean of the first `period` changes, so the first value comes
 *   at input index `period` (warmup = period + 1 inputs);
 * - then avg = (avg * (period - 1) + change) / period, in TA-Lib's operation order;
 * - RSI = 100 * avgGain / (avgGain + avgLoss).
 * One deliberate difference: when there was no movement at all (avgGain + avgLoss == 0) TA-Lib returns 0,
 * which reads as "deeply oversold" on a flat market; we return the neutral 50. We also test for exact zero
 * rather than TA-Lib's fixed 1e-8 band, which would misfire on assets priced around 1e-6.
 */
export class RSIIndicator extends SingleInputIndicator<number> {
  readonly period: number;
  readonly overbought: number;
  readonly oversold: number;
  readonly warmup: number;
  private count = 0; // inputs seen, saturating at period + 1
  private prev = 0; // previous input
  private gain = 0; // sum, then Wilder average, of gains
  private loss = 0; // same for losses (positive)
  private current = NaN;
  private uCount = 0;
  private uPrev = 0;
  private uGain = 0;
  private uLoss = 0;
  private uCurrent = NaN;

  constructor(params: RSIParams) {
    super(params.source);
    this.period = requirePeriod('period', params.period);
    if (this.period < 2) throw new Error(`period must be >= 2 for RSI; got ${params.period}`);
    this.overbought = requireInRange('overbought', params.overbought ?? 70, 0, 100);
    this.oversold = requireInRange('oversold', params.oversold ?? 30, 0, 100);
    if (this.oversold >= this.overbought) {
      throw new Error(`oversold must be below overbought; got oversold ${this.oversold}, overbought ${this.overbought}`);
    }
    this.warmup = this.period + 1;
  }

  get value(): number | null {
    return this.count > this.period ? this.current : null;
  }

  get isReady(): boolean {
    return this.count > this.period;
  }

  update(input: number): number | null {
    this.uCount = this.count;
    this.uPrev = this.prev;
    this.uGain = this.gain;
    this.uLoss = this.loss;
    this.uCurrent = this.current;
    return this.apply(input);
  }

  replace(input: number): number | null {
    if (this.count === 0) return this.update(input);
    this.count = this.uCount;
    this.prev = this.uPrev;
    this.gain = this.uGain;
    this.loss = this.uLoss;
    this.current = this.uCurrent;
    return this.apply(input);
  }

  reset(): void {
    this.count = this.prev = this.gain = this.loss = 0;
    this.uCount = this.uPrev = this.uGain = this.uLoss = 0;
    this.current = this.uCurrent = NaN;
  }

  private apply(x: number): number | null {
    const period = this.period;
    if (this.count === 0) {
      this.count = 1;
      this.prev = x;
      return null;
    }
    const change = x - this.prev;
    this.prev = x;
    if (this.count <= period) {
      // Seeding: sum the first `period` changes.
      if (change < 0) this.loss -= change;
      else this.gain += change;
      this.count++;
      if (this.count <= period) return null;
      this.loss /= period;
      this.gain /= period;
    } else {
      // Same operations and order as TA-Lib (adding 0 is exact), written without an unpredictable branch.
      const up = change > 0 ? change : 0;
      const down = change < 0 ? -change : 0;
      this.loss = (this.loss * (period - 1) + down) / period;
      this.gain = (this.gain * (period - 1) + up) / period;
    }
    const total = this.gain + this.loss;
    this.current = total > 0 ? 100 * (this.gain / total) : 50;
    return this.current;
  }
}

const level = (d: number) => z.number().min(0).max(100).default(d);

export const rsiDescriptor = defineIndicator({
  type: 'rsi',
  title: 'Relative Strength Index',
  reference: 'TA-Lib ta_RSI.c',
  params: { period: period(14), overbought: level(70), oversold: level(30), source: source() },
  check: (c) => (c.oversold < c.overbought ? null : { path: 'oversold', message: 'oversold must be below overbought' }),
  constants: ['overbought', 'oversold'],
  scale: 'oscillator',
  lookback: (c) => c.period,
  create: (c) => new RSIIndicator(c),
  // RSI crosses up through oversold / down through overbought.
  events: (name) => [
    { name: `${name}_crossover_bullish`, a: name, b: `${name}.oversold`, direction: 'above' },
    { name: `${name}_crossover_bearish`, a: name, b: `${name}.overbought`, direction: 'below' },
  ],
});
