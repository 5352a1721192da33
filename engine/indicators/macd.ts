import * as z from 'zod';
import { crossPair, defineIndicator } from './descriptor.ts';
import { period, source } from './kit/params.ts';
import { EMACore, type EMASeeding } from './ema.ts';
import type { PriceSource } from './indicator.ts';
import { SingleInputIndicator } from './single-input.ts';
import { requirePeriod } from './validate.ts';

export interface MACDParams {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  readonly source?: PriceSource;
  /** Seeding of all three EMAs (see `EMASeeding`); default 'talib'. */
  readonly seeding?: EMASeeding;
}

/** The MACD lines. The indicator reuses one object for every update: copy it if you keep it. */
export interface MACDResult {
  readonly macd: number;
  readonly signal: number;
  readonly histogram: number;
}

/**
 * MACD = EMA(fast) - EMA(slow); signal = EMA(signalPeriod) of MACD; histogram = MACD - signal.
 *
 * With 'talib' seeding this follows TA-Lib's ta_MACD.c alignment: both EMAs start on the same bar, i.e. the
 * fast EMA is seeded with the SMA of the `fastPeriod` inputs ending at input index slowPeriod - 1 (it ignores
 * earlier inputs), the slow EMA with the SMA of the first `slowPeriod` inputs; the signal EMA is seeded with the
 * SMA of the first `signalPeriod` MACD values. First output at input index slowPeriod + signalPeriod - 2
 * (33 for 12/26/9), so warmup = slowPeriod + signalPeriod - 1. With 'first' seeding every EMA starts from its
 * first input and values come from the first input on (warmup 1).
 */
export class MACDIndicator extends SingleInputIndicator<MACDResult> {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  readonly seeding: EMASeeding;
  readonly warmup: number;
  private readonly fast: EMACore;
  private readonly slow: EMACore;
  private readonly signal: EMACore;
  /** Input index from which the fast EMA is fed. */
  private readonly fastStart: number;
  private readonly result = { macd: NaN, signal: NaN, histogram: NaN };
  private count = 0; // inputs seen, saturating at `warmup`
  private uCount = 0;

  constructor(params: MACDParams) {
    super(params.source);
    this.fastPeriod = requirePeriod('fastPeriod', params.fastPeriod);
    this.slowPeriod = requirePeriod('slowPeriod', params.slowPeriod);
    this.signalPeriod = requirePeriod('signalPeriod', params.signalPeriod);
    if (this.fastPeriod >= this.slowPeriod) {
      throw new Error(`fastPeriod must be less than slowPeriod; got fastPeriod ${this.fastPeriod}, slowPeriod ${this.slowPeriod}`);
    }
    const seeding = params.seeding ?? 'talib';
    if (seeding !== 'talib' && seeding !== 'first') throw new Error(`seeding must be 'talib' or 'first'; got ${String(seeding)}`);
    this.seeding = seeding;
    this.fast = new EMACore(this.fastPeriod, seeding);
    this.slow = new EMACore(this.slowPeriod, seeding);
    this.signal = new EMACore(this.signalPeriod, seeding);
    this.fastStart = seeding === 'talib' ? this.slowPeriod - this.fastPeriod : 0;
    this.warmup = seeding === 'talib' ? this.slowPeriod + this.signalPeriod - 1 : 1;
  }

  get value(): MACDResult | null {
    return this.count >= this.warmup ? this.result : null;
  }

  get isReady(): boolean {
    return this.count >= this.warmup;
  }

  update(input: number): MACDResult | null {
    this.uCount = this.count;
    return this.apply(input, false);
  }

  replace(input: number): MACDResult | null {
    if (this.count === 0) return this.update(input);
    this.count = this.uCount;
    return this.apply(input, true);
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signal.reset();
    this.count = this.uCount = 0;
    this.result.macd = this.result.signal = this.result.histogram = NaN;
  }

  /** Feeds the EMAs; on a replace, exactly those fed by the replaced input are replaced (that depends only on the index). */
  private apply(x: number, replacing: boolean): MACDResult | null {
    const index = this.count;
    if (this.count < this.warmup) this.count++;
    const slowReady = replacing ? this.slow.repush(x) : this.slow.push(x);
    if (index < this.fastStart) return null;
    const fastReady = replacing ? this.fast.repush(x) : this.fast.push(x);
    if (!slowReady || !fastReady) return null;
    const macd = this.fast.ema - this.slow.ema;
    const signalReady = replacing ? this.signal.repush(macd) : this.signal.push(macd);
    if (!signalReady) return null;
    const r = this.result;
    r.macd = macd;
    r.signal = this.signal.ema;
    r.histogram = macd - r.signal;
    return r;
  }
}

export const macdDescriptor = defineIndicator({
  type: 'macd',
  title: 'Moving Average Convergence/Divergence',
  reference: 'TA-Lib ta_MACD.c',
  params: {
    fastPeriod: period(12, 1),
    slowPeriod: period(26, 1),
    signalPeriod: period(9, 1),
    source: source(),
    seeding: z.enum(['talib', 'first']).default('talib'),
  },
  check: (c) => (c.fastPeriod < c.slowPeriod ? null : { path: 'fastPeriod', message: 'fastPeriod must be less than slowPeriod' }),
  fields: ['macd', 'signal', 'histogram'],
  scale: 'oscillator',
  lookback: (c) => (c.seeding === 'first' ? 0 : c.slowPeriod + c.signalPeriod - 2),
  create: (c) => new MACDIndicator(c),
  events: (name) => crossPair(name, `${name}.macd`, `${name}.signal`),
});
