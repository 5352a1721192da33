import { CircularBuffer } from '../circular-buffer.ts';
import { declaredSeries } from '../config/series.ts';
import type { StrategyConfig } from '../config/schema.ts';
import type { Candle } from '../types.ts';
import { BarView } from './rule-scope.ts';
import type { SeriesView } from './strategy.ts';

/**
 * What an instance holds of one informative series: its last closed bar (a BarView, so rule getters read it
 * without lookups) and its own history buffer. Updated only by the bar-group barrier's informative pass, so
 * when the primary bar at t evaluates, `candle` is the series' last bar closed at or before t.
 */
export class SeriesState extends BarView implements SeriesView {
  readonly history: CircularBuffer<Candle>;

  constructor(
    readonly alias: string,
    readonly symbol: string,
    readonly timeframe: string,
    capacity: number,
  ) {
    super();
    this.history = new CircularBuffer<Candle>(capacity);
  }

  record(candle: Candle): void {
    this.candle = candle;
    this.history.push(candle);
  }
}

/** One state per informative series the config declares, by alias, in declaration order. */
export function seriesStates(config: StrategyConfig): Map<string, SeriesState> {
  const out = new Map<string, SeriesState>();
  for (const s of declaredSeries(config).slice(1)) out.set(s.alias!, new SeriesState(s.alias!, s.symbol, s.timeframe, config.bufferSize));
  return out;
}

/** The informative series are the same (aliases, symbols, timeframes), so their states can be kept. */
export function sameSeries(a: StrategyConfig, b: StrategyConfig): boolean {
  return JSON.stringify(declaredSeries(a)) === JSON.stringify(declaredSeries(b));
}

/** One bar of a replay: `alias` null is the primary series. */
export interface ReplayStep {
  readonly alias: string | null;
  readonly candle: Candle;
}

/**
 * The stored bars of every series in the order the barrier delivered them: by close time, and at equal close
 * times the informative bars (in declaration order) before the primary one. Used to rebuild indicators after a
 * config change exactly as a continuous run would have built them.
 */
export function replayOrder(primary: readonly Candle[], series: ReadonlyMap<string, SeriesState>): ReplayStep[] {
  const steps: (ReplayStep & { rank: number })[] = primary.map((candle) => ({ alias: null, candle, rank: series.size }));
  let rank = 0;
  for (const [alias, s] of series) {
    const r = rank++;
    for (const candle of s.history.toArray()) steps.push({ alias, candle, rank: r });
  }
  // Array.prototype.sort is stable, so bars of one series keep their order.
  steps.sort((x, y) => x.candle.closeTime - y.candle.closeTime || x.rank - y.rank);
  return steps;
}

/**
 * Replays stored bars through rebuilt indicators in barrier order (`replayOrder`): informative bars go to the
 * indicators bound to their series, primary bars to `primaryBar`. Each series' `candle` ends as it was.
 */
export function replayHistory(primary: readonly Candle[], series: ReadonlyMap<string, SeriesState>, updateSeries: (alias: string, c: Candle) => void, primaryBar: (c: Candle) => void): void {
  if (series.size === 0) {
    for (const bar of primary) primaryBar(bar);
    return;
  }
  const latest = [...series.values()].map((s) => s.candle);
  for (const step of replayOrder(primary, series)) {
    if (step.alias === null) primaryBar(step.candle);
    else {
      series.get(step.alias)!.candle = step.candle;
      updateSeries(step.alias, step.candle);
    }
  }
  let i = 0;
  for (const s of series.values()) s.candle = latest[i++];
}
