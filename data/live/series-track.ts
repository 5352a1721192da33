import { timeframeMs } from '../../engine/timeframe.ts';
import type { Candle, SeriesKey } from '../../engine/types.ts';

/** What happened to a candle offered to a track. */
export type OfferOutcome = 'stored' | 'duplicate' | 'revision' | 'outside';

/** A run of open times the exchange does not have (REST proved it): reported, never traded. */
export interface MissingRun {
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
}

const RECENT = 64;

/**
 * The state of one subscribed series between the exchange and the engine. Invariant: every candle opening
 * before `next` has been emitted (or reported missing) exactly once, in open-time order; candles at or after
 * `next` wait in `known` until they are final. A candle is final when the stream says so (Binance's `x: true`),
 * when REST serves it with a newer candle after it, or (exchanges without a closed flag) when a newer open
 * time arrives. Same open time twice: the last write wins until it is emitted; afterwards an equal copy is a
 * duplicate and a different one a revision, both counted and dropped (an emitted bar is never changed).
 */
export class SeriesTrack {
  readonly id: string;
  readonly step: number;
  /** Open time of the next candle to emit. */
  next: number;
  private readonly known = new Map<number, Candle>();
  private readonly finals = new Set<number>();
  private readonly missing: MissingRun[] = [];
  /** Recently emitted candles by open time, to tell duplicates from revisions. */
  private readonly recent = new Map<number, Candle>();
  /** Newest open time the stream has shown (a candle before it has closed). */
  newestStreamed = Number.NEGATIVE_INFINITY;
  /** Wall time of the last stream message for this series. */
  lastMessageAt: number;
  /** Wall time at which a hole before `newestStreamed` was first noticed, or null. */
  holeSince: number | null = null;
  connected = false;
  everConnected = false;
  stale = false;
  readonly stats = { streamed: 0, rest: 0, emitted: 0, duplicates: 0, revisions: 0, invalid: 0, missing: 0, reconnects: 0, stale: 0 };
  readonly gaps: MissingRun[] = [];

  constructor(
    readonly key: SeriesKey,
    readonly index: number,
    from: number,
    /** Candles opening at or after this are never emitted. */
    readonly until: number,
    now: number,
  ) {
    this.id = `${key.symbol}|${key.timeframe}`;
    this.step = timeframeMs(key.timeframe);
    this.next = from;
    this.lastMessageAt = now;
  }

  candle(t: number, o: number, h: number, l: number, c: number, v: number): Candle {
    return { symbol: this.key.symbol, timeframe: this.key.timeframe, openTime: t, closeTime: t + this.step, open: o, high: h, low: l, close: c, volume: v };
  }

  /** Records a candle (final or in progress); see the class comment for duplicates and revisions. */
  offer(c: Candle, final: boolean): OfferOutcome {
    const t = c.openTime;
    if (t >= this.until) return 'outside';
    if (t < this.next) {
      const seen = this.recent.get(t);
      if (seen === undefined || sameValues(seen, c)) {
        this.stats.duplicates++;
        return 'duplicate';
      }
      this.stats.revisions++;
      return 'revision';
    }
    if (final || !this.finals.has(t)) this.known.set(t, c);
    if (final) this.finals.add(t);
    return 'stored';
  }

  /** Exchanges without a closed flag: a newer open time closes every candle before it. */
  closeBefore(t: number): void {
    for (const k of this.known.keys()) if (k < t) this.finals.add(k);
  }

  isFinal(t: number): boolean {
    return this.finals.has(t);
  }

  /** The in-progress value held for `t`, if any. */
  held(t: number): Candle | undefined {
    return this.known.get(t);
  }

  /** Open times in [next, upTo) are proven missing at the exchange. */
  markMissing(upTo: number): void {
    let from = -1;
    for (let t = Math.max(this.next, this.missingEnd()); t < upTo; t += this.step) {
      if (this.finals.has(t)) {
        if (from >= 0) this.missing.push({ from, to: t });
        from = -1;
      } else if (from < 0) from = t;
    }
    if (from >= 0) this.missing.push({ from, to: upTo });
  }

  private missingEnd(): number {
    return this.missing.length > 0 ? this.missing[this.missing.length - 1].to : Number.NEGATIVE_INFINITY;
  }

  /** True once every candle before `until` has been emitted. */
  get done(): boolean {
    return this.next >= this.until;
  }

  /**
   * Skips a missing run starting at `next` (returning it, for the gap report), or returns null. Call before
   * peek() until it returns null.
   */
  skipMissing(): MissingRun | null {
    while (this.missing.length > 0 && this.missing[0].to <= this.next) this.missing.shift();
    const run = this.missing[0];
    if (!run || run.from > this.next) return null;
    this.missing.shift();
    const to = Math.min(run.to, this.until);
    const gap = { from: this.next, to };
    this.stats.missing += Math.ceil((to - this.next) / this.step);
    this.gaps.push(gap);
    this.next = to;
    return gap;
  }

  /**
   * The status line of a missing run, or null for a run of no candle. Slots are counted by open time: [from, to)
   * holds ceil((to - from) / step) of them.
   */
  describeGap(gap: MissingRun): string | null {
    const n = Math.ceil((gap.to - gap.from) / this.step);
    if (n <= 0) return null;
    const iso = (t: number) => new Date(t).toISOString();
    const span = n === 1 ? `opening ${iso(gap.from)}` : `opening ${iso(gap.from)} to ${iso(gap.from + (n - 1) * this.step)}`;
    return `${this.id}: ${n} candle(s) ${span} missing at the exchange (stream and REST)`;
  }

  /** The next candle to emit, when it is final. */
  peek(): Candle | null {
    if (this.done || !this.finals.has(this.next)) return null;
    return this.known.get(this.next) ?? null;
  }

  /** Removes the candle peek() returned and moves on. */
  pop(): Candle {
    const t = this.next;
    const c = this.known.get(t)!;
    this.known.delete(t);
    this.finals.delete(t);
    this.recent.set(t, c);
    if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value!);
    this.next = t + this.step;
    this.stats.emitted++;
    return c;
  }

  /** Close time of the earliest candle this track could still emit (Infinity when done). */
  get nextClose(): number {
    return this.done ? Number.POSITIVE_INFINITY : this.next + this.step;
  }

  /** True when a candle before the newest streamed open time is not yet final (a hole REST must fill). */
  hasHole(): boolean {
    const bound = Math.min(this.newestStreamed, this.until);
    if (this.next >= bound) return false;
    const slots = Math.round((bound - this.next) / this.step);
    let finalSlots = 0;
    for (const t of this.finals) if (t >= this.next && t < bound) finalSlots++;
    return finalSlots < slots;
  }

  /** Caught up: nothing before the streamed candle is waiting. */
  get caughtUp(): boolean {
    return this.newestStreamed > Number.NEGATIVE_INFINITY && !this.hasHole();
  }
}

function sameValues(a: Candle, b: Candle): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}
