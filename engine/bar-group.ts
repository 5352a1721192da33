import { bucketStart } from './timeframe.ts';
import type { Candle, SeriesKey } from './types.ts';

interface Source {
  readonly symbol: string;
  readonly timeframe: string;
}

/**
 * The bar-group barrier: collects every closed bar that closes at one timestamp (source bars from the feed and
 * the coarser bars the aggregators complete with them) so the manager can deliver the whole group before any
 * strategy evaluates. That is what makes informative series lookahead-safe: a strategy evaluating on the bar
 * that closes at t sees, of every other series, the last bar closed at or before t, never one closing later.
 *
 * A group at time t is complete when every source series whose bucket boundary t is (t is a multiple of its
 * timeframe, UTC-aligned) has delivered its bar at t. A source bar that never comes (a gap in the data) cannot
 * hold a group for ever: the first bar closing later releases the group, as do a feed status event and the end
 * of the feed. Without declared sources every bar is a group of its own.
 *
 * The same object runs in backtests and paper sessions (Engine.run feeds both), so both see identical groups.
 */
export class BarGroup {
  /** Close time of the bars collected so far (NaN when empty). */
  time = Number.NaN;
  /** The group's bars in delivery order: each source bar followed by the aggregated bars it completed. */
  readonly candles: Candle[] = [];
  /** Source bars of the group that came from the feed (observers are told when each is done). */
  readonly sourceCandles: Candle[] = [];
  private sources: readonly Source[] = [];
  /** Per source: has it delivered its bar at `time`? */
  private arrived: boolean[] = [];
  private expected = 0;
  private got = 0;
  private memoSymbol = '';
  private memoTimeframe = '';
  private memoIndex = -1;

  /** The series the feed delivers; one-bar groups when empty. */
  setSources(series: readonly SeriesKey[]): void {
    this.sources = series.map((s) => ({ symbol: s.symbol, timeframe: s.timeframe }));
    this.arrived = this.sources.map(() => false);
    this.memoSymbol = '';
    this.memoIndex = -1;
  }

  get isEmpty(): boolean {
    return this.candles.length === 0;
  }

  /** Adds a bar from the feed; the caller releases any group of an earlier time first. */
  addSource(candle: Candle): void {
    if (this.candles.length === 0) this.open(candle.closeTime);
    this.candles.push(candle);
    this.sourceCandles.push(candle);
    const i = this.sourceIndex(candle);
    if (i >= 0 && !this.arrived[i]) {
      this.arrived[i] = true;
      this.got++;
    }
  }

  /** Adds a bar an aggregator completed with the last source bar. */
  addDerived(candle: Candle): void {
    this.candles.push(candle);
  }

  /** Every expected source bar of the group is in (always true without declared sources). */
  get complete(): boolean {
    return this.got >= this.expected;
  }

  /** Empties the group for the next time (the caller has read `candles` and `sourceCandles`). */
  clear(): void {
    this.candles.length = 0;
    this.sourceCandles.length = 0;
    this.time = Number.NaN;
  }

  private open(time: number): void {
    this.time = time;
    this.got = 0;
    let expected = 0;
    const sources = this.sources;
    for (let i = 0; i < sources.length; i++) {
      this.arrived[i] = false;
      if (closesAt(sources[i].timeframe, time)) expected++;
    }
    this.expected = expected;
  }

  private sourceIndex(candle: Candle): number {
    if (candle.symbol === this.memoSymbol && candle.timeframe === this.memoTimeframe) return this.memoIndex;
    const sources = this.sources;
    let found = -1;
    for (let i = 0; i < sources.length && found < 0; i++) if (sources[i].symbol === candle.symbol && sources[i].timeframe === candle.timeframe) found = i;
    this.memoSymbol = candle.symbol;
    this.memoTimeframe = candle.timeframe;
    this.memoIndex = found;
    return found;
  }
}

/** Does a bar of `timeframe` close at `time` (is `time` one of its UTC-aligned bucket boundaries)? */
export function closesAt(timeframe: string, time: number): boolean {
  return bucketStart(time, timeframe) === time;
}
