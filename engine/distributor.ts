import { seriesId, type Candle, type SeriesKey } from './types.ts';

export type SubscriptionFilter = SeriesKey;

export interface CandleSubscriber {
  readonly id: string;
  onCandle(candle: Candle): void;
}

/**
 * Routes each closed candle to the strategies subscribed to its (symbol, timeframe). Subscriptions are
 * indexed by series, so a candle costs O(matching subscribers), not O(all strategies). Subscribers of one
 * series are called in subscription order (deterministic).
 */
export class DataDistributor {
  private readonly bySeries = new Map<string, CandleSubscriber[]>();
  private readonly filters = new Map<string, SubscriptionFilter>();

  subscribeStrategy(subscriber: CandleSubscriber, filter: SubscriptionFilter): void {
    if (this.filters.has(subscriber.id)) throw new Error(`strategy ${subscriber.id} is already subscribed`);
    this.filters.set(subscriber.id, filter);
    const key = seriesId(filter.symbol, filter.timeframe);
    let list = this.bySeries.get(key);
    if (!list) this.bySeries.set(key, (list = []));
    list.push(subscriber);
  }

  unsubscribeStrategy(id: string): void {
    const filter = this.filters.get(id);
    if (!filter) return;
    this.filters.delete(id);
    const key = seriesId(filter.symbol, filter.timeframe);
    const list = this.bySeries.get(key)!;
    list.splice(
      list.findIndex((s) => s.id === id),
      1,
    );
    if (list.length === 0) this.bySeries.delete(key);
  }

  /** The seed's filter test: does this candle belong to this subscription? */
  filterForStrategy(candle: Candle, filter: SubscriptionFilter): boolean {
    return candle.symbol === filter.symbol && candle.timeframe === filter.timeframe;
  }

  /** Delivers a closed candle to its series' subscribers; returns how many received it. */
  distributeCandle(candle: Candle): number {
    const list = this.bySeries.get(seriesId(candle.symbol, candle.timeframe));
    if (!list) return 0;
    // A subscriber may unsubscribe itself while handling the candle; iterate over a stable snapshot length.
    const n = list.length;
    for (let i = 0; i < n && i < list.length; i++) list[i].onCandle(candle);
    return n;
  }

  subscribers(series: SeriesKey): readonly string[] {
    return (this.bySeries.get(seriesId(series.symbol, series.timeframe)) ?? []).map((s) => s.id);
  }

  /** Series anyone subscribes to, in first-subscription order. */
  subscribedSeries(): SeriesKey[] {
    return [...this.bySeries.keys()].map((k) => {
      const [symbol, timeframe] = k.split('|');
      return { symbol, timeframe };
    });
  }
}
