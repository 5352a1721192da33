import { DataDistributor } from './distributor.ts';
import type { StrategyConfig } from './config/schema.ts';
import type { Candle, SeriesKey } from './types.ts';

/** What a strategy with `execution.detail` takes from the finer series: one bar at a time, in time order. */
export interface DetailMatcher {
  readonly id: string;
  readonly config: StrategyConfig;
  /** Matches the strategy's orders against one finer bar (engine/instance.ts processDetail). */
  processDetail(bar: Candle): void;
}

/** The finer series a config resolves its fills on (its own symbol at `execution.detail`), or null without detail. */
export function detailSeries(config: StrategyConfig): SeriesKey | null {
  const tf = config.execution.detail;
  return tf === undefined ? null : { symbol: config.symbol, timeframe: tf };
}

/**
 * Intrabar detail (`execution.detail`, like freqtrade's `--timeframe-detail`): the bars of a finer series of a
 * strategy's own symbol go to its order matching, and never to its rules or indicators. The manager delivers a bar
 * group's finer bars here after the informative pass and before the evaluating pass, so every finer bar closing at
 * or before a strategy bar's close has been matched when that bar is evaluated, and an order placed at the close
 * is first tried on the next finer bar (whose open is the next strategy bar's open).
 */
export class DetailRoutes {
  private readonly distributor = new DataDistributor();
  /** Strategies subscribed here (most runs have none, and then a bar group costs one check). */
  private readonly ids = new Set<string>();

  /** Routes the finer bars of `matcher`'s detail series to it; a throw goes to `fail` (that strategy only). */
  subscribe(matcher: DetailMatcher, fail: (err: unknown) => void): void {
    const series = detailSeries(matcher.config);
    if (series === null) return;
    const onCandle = (bar: Candle) => {
      try {
        matcher.processDetail(bar);
      } catch (err) {
        fail(err);
      }
    };
    this.distributor.subscribeStrategy({ id: matcher.id, onCandle }, series);
    this.ids.add(matcher.id);
  }

  unsubscribe(id: string): void {
    if (!this.ids.delete(id)) return;
    this.distributor.unsubscribeStrategy(id);
  }

  /** The detail pass of a bar group: each bar to the strategies resolving their fills on its series, in bar order. */
  deliver(candles: readonly Candle[]): void {
    if (this.ids.size === 0) return;
    for (let i = 0; i < candles.length; i++) this.distributor.distributeCandle(candles[i]);
  }
}
