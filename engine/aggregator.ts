import { marketBucketStart } from './markets/bars.ts';
import type { Calendar } from './markets/calendar.ts';
import { bucketStart, timeframeMs } from './timeframe.ts';
import type { Candle, Timeframe } from './types.ts';

/**
 * Builds candles of a coarser timeframe from closed candles of a finer one (1m -> 15m), in UTC-aligned
 * buckets, or with a session calendar in the market's buckets (engine/markets/bars.ts): 1h US equity bars open
 * at 09:30 New York time and the last one closes with the session at 16:00; a daily bar closes with the day's last
 * session; source candles outside every session are left out. The same code serves backtests and live sessions,
 * so a 15m strategy sees identical bars either way.
 *
 * A bucket is emitted as soon as it is known to be closed: when the source candle that ends exactly at the
 * bucket's end arrives, or, if that one is missing (a gap), when the first candle of a later bucket arrives.
 * A bucket that is still open at the end of the data is never emitted: it is not a closed candle.
 */
export class CandleAggregator {
  readonly targetMs: number;
  private bucketOpen = Number.NaN;
  private bucketEnd = Number.NaN;
  private readonly calendar: Calendar | null;
  private o = 0;
  private h = 0;
  private l = 0;
  private c = 0;
  private v = 0;
  private lastSourceOpen = Number.NEGATIVE_INFINITY;
  private firstOpen = Number.NEGATIVE_INFINITY;

  constructor(
    readonly symbol: string,
    readonly source: Timeframe,
    readonly target: Timeframe,
    calendar?: Calendar,
  ) {
    this.calendar = calendar && !calendar.alwaysOpen ? calendar : null;
    const s = timeframeMs(source);
    this.targetMs = timeframeMs(target);
    if (this.targetMs <= s || this.targetMs % s !== 0) {
      throw new Error(`cannot aggregate ${symbol} ${source} into ${target}: ${target} is not a multiple of ${source}`);
    }
  }

  /** Feeds one closed source candle; calls `emit` for each target candle it closes (0, 1 or, after a gap, 2). */
  push(candle: Candle, emit: (closed: Candle) => void): void {
    if (candle.openTime <= this.lastSourceOpen) {
      throw new Error(
        `aggregator ${this.symbol} ${this.source}->${this.target}: candle at ${candle.openTime} is not after the previous one (${this.lastSourceOpen})`,
      );
    }
    this.lastSourceOpen = candle.openTime;
    if (candle.openTime < this.firstOpen) return;
    const start = this.bucketOf(candle.openTime);
    if (start === null) return;
    if (start !== this.bucketOpen) {
      if (!Number.isNaN(this.bucketOpen)) emit(this.build());
      this.bucketOpen = start;
      this.bucketEnd = this.endOf(start, candle.openTime);
      this.o = candle.open;
      this.h = candle.high;
      this.l = candle.low;
      this.c = candle.close;
      this.v = candle.volume;
    } else {
      if (candle.high > this.h) this.h = candle.high;
      if (candle.low < this.l) this.l = candle.low;
      this.c = candle.close;
      this.v += candle.volume;
    }
    if (candle.closeTime === this.bucketEnd) {
      emit(this.build());
      this.bucketOpen = Number.NaN;
    }
  }

  /**
   * Ignores source candles opening before `time` (a bucket start). For an aggregator created while data is
   * already flowing: the bucket under way has missed candles and must not be emitted as if it were whole.
   */
  startAt(time: number): void {
    this.firstOpen = time;
  }

  /** The target candle as it stands with `inProgress` (an unclosed source candle) included; state is unchanged. */
  preview(inProgress: Candle): Candle {
    const start = this.bucketOf(inProgress.openTime) ?? bucketStart(inProgress.openTime, this.target);
    if (start !== this.bucketOpen) return this.shape(start, this.endOf(start, inProgress.openTime), inProgress.open, inProgress.high, inProgress.low, inProgress.close, inProgress.volume);
    return this.shape(
      start,
      this.bucketEnd,
      this.o,
      Math.max(this.h, inProgress.high),
      Math.min(this.l, inProgress.low),
      inProgress.close,
      this.v + inProgress.volume,
    );
  }

  reset(): void {
    this.bucketOpen = Number.NaN;
    this.bucketEnd = Number.NaN;
    this.lastSourceOpen = Number.NEGATIVE_INFINITY;
    this.firstOpen = Number.NEGATIVE_INFINITY;
  }

  private build(): Candle {
    return this.shape(this.bucketOpen, this.bucketEnd, this.o, this.h, this.l, this.c, this.v);
  }

  /** The bucket of a source candle's open time; null when a session calendar has no session then. */
  private bucketOf(openTime: number): number | null {
    return this.calendar ? marketBucketStart(this.calendar, openTime, this.target) : bucketStart(openTime, this.target);
  }

  /** Where the bucket opened at `start` ends: its length, cut at the session's close (intraday) or the day's last close. */
  private endOf(start: number, openTime: number): number {
    const cal = this.calendar;
    const full = start + this.targetMs;
    if (!cal) return full;
    if (this.targetMs < 86_400_000) return Math.min(full, cal.sessionAt(openTime)?.close ?? full);
    if (this.targetMs === 86_400_000) return cal.sessionsOn(cal.dayOf(openTime)).at(-1)?.close ?? full;
    return full;
  }

  private shape(openTime: number, closeTime: number, open: number, high: number, low: number, close: number, volume: number): Candle {
    return {
      symbol: this.symbol,
      timeframe: this.target,
      openTime,
      closeTime,
      open,
      high,
      low,
      close,
      volume,
    };
  }
}

/** Aggregates a whole in-memory series (tests, resampling on import). */
export function aggregateCandles(candles: readonly Candle[], target: Timeframe, calendar?: Calendar): Candle[] {
  if (candles.length === 0) return [];
  const agg = new CandleAggregator(candles[0].symbol, candles[0].timeframe, target, calendar);
  const out: Candle[] = [];
  for (const c of candles) agg.push(c, (x) => out.push(x));
  return out;
}
