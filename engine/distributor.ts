import { seriesId, type Candle, type SeriesKey } from './types.ts';

export type SubscriptionFilter = SeriesKey;

export interface CandleSubscriber {
  readonly id: string;
  onCandle(candle: Candle): void;
}

interface Slot {
  readonly subscriber: CandleSubscriber;
  readonly key: string;
  /** Cleared on unsubscribe, so a delivery already walking the old list skips it. */
  live: boolean;
}

/**
 * Routes each closed candle to the strategies subscribed to its (symbol, timeframe). Subscriptions are
 * indexed by series, so a candle costs O(matching subscribers), not O(all strategies). Subscribers of one
 * series are called in subscription order (deterministic).
 *
 * A strategy has one primary subscription (the series that drives its evaluation) and any number of
 * informative ones (other series it reads). The two are delivered separately (`distributeInformative`,
 * `distributeCandle`) so the manager can apply every informative bar of a bar group before any strategy
 * evaluates (engine/bar-group.ts).
 */
export class DataDistributor {
  /**
   * Subscriber lists are copy-on-write: (un)subscribing replaces a series' array instead of mutating it, so a
   * delivery in progress walks a stable list even when a subscriber (un)subscribes someone while handling it.
   */
  private readonly bySeries = new Map<string, readonly Slot[]>();
  private readonly byId = new Map<string, Slot>();
  private readonly informativeBySeries = new Map<string, readonly Slot[]>();
  private readonly informativeById = new Map<string, Slot[]>();
  // One-entry memo of the last series looked up, so a replay of one series does not build and hash a
  // series id per candle. Cleared on every (un)subscribe, i.e. whenever `bySeries` changes.
  private memoSymbol: string | null = null;
  private memoTimeframe = '';
  private memoList: readonly Slot[] | undefined = undefined;

  subscribeStrategy(subscriber: CandleSubscriber, filter: SubscriptionFilter): void {
    if (this.byId.has(subscriber.id)) throw new Error(`strategy ${subscriber.id} is already subscribed`);
    const slot: Slot = { subscriber, key: seriesId(filter.symbol, filter.timeframe), live: true };
    this.byId.set(subscriber.id, slot);
    this.memoSymbol = null;
    this.bySeries.set(slot.key, [...(this.bySeries.get(slot.key) ?? []), slot]);
  }

  /** Adds an informative series of `subscriber.id` (a strategy may read many; each series once). */
  subscribeInformative(subscriber: CandleSubscriber, filter: SubscriptionFilter): void {
    const key = seriesId(filter.symbol, filter.timeframe);
    const mine = this.informativeById.get(subscriber.id) ?? [];
    if (mine.some((s) => s.key === key)) throw new Error(`strategy ${subscriber.id} already reads ${filter.symbol} ${filter.timeframe}`);
    const slot: Slot = { subscriber, key, live: true };
    this.informativeById.set(subscriber.id, [...mine, slot]);
    this.informativeBySeries.set(key, [...(this.informativeBySeries.get(key) ?? []), slot]);
  }

  /** Removes every subscription of `id`, primary and informative. */
  unsubscribeStrategy(id: string): void {
    for (const slot of this.informativeById.get(id) ?? []) {
      slot.live = false;
      removeSlot(this.informativeBySeries, slot);
    }
    this.informativeById.delete(id);
    const slot = this.byId.get(id);
    if (!slot) return;
    this.byId.delete(id);
    this.memoSymbol = null;
    this.memoList = undefined; // the old list still holds the slot, and through it the released strategy
    slot.live = false;
    removeSlot(this.bySeries, slot);
  }

  /** True when some strategy reads an informative series (otherwise bar groups need no informative pass). */
  get hasInformative(): boolean {
    return this.informativeBySeries.size > 0;
  }

  /** Delivers a closed candle to the strategies reading its series as informative; returns how many received it. */
  distributeInformative(candle: Candle): number {
    const list = this.informativeBySeries.get(seriesId(candle.symbol, candle.timeframe));
    return list ? deliver(list, candle) : 0;
  }

  /** The subscription filter: does this candle belong to this subscription? */
  filterForStrategy(candle: Candle, filter: SubscriptionFilter): boolean {
    return candle.symbol === filter.symbol && candle.timeframe === filter.timeframe;
  }

  /**
   * Delivers a closed candle to its series' subscribers; returns how many received it. A subscriber
   * unsubscribed during this delivery (by itself or another) receives nothing more; one subscribed during it
   * starts with the next candle.
   */
  distributeCandle(candle: Candle): number {
    const list = this.listFor(candle.symbol, candle.timeframe);
    return list ? deliver(list, candle) : 0;
  }

  private listFor(symbol: string, timeframe: string): readonly Slot[] | undefined {
    if (symbol === this.memoSymbol && timeframe === this.memoTimeframe) return this.memoList;
    const list = this.bySeries.get(seriesId(symbol, timeframe));
    this.memoSymbol = symbol;
    this.memoTimeframe = timeframe;
    this.memoList = list;
    return list;
  }

  subscribers(series: SeriesKey): readonly string[] {
    return (this.bySeries.get(seriesId(series.symbol, series.timeframe)) ?? []).map((s) => s.subscriber.id);
  }

  /** Series anyone subscribes to (primary first, then informative-only ones), in first-subscription order. */
  subscribedSeries(): SeriesKey[] {
    const keys = new Set([...this.bySeries.keys(), ...this.informativeBySeries.keys()]);
    return [...keys].map((k) => {
      const [symbol, timeframe] = k.split('|');
      return { symbol, timeframe };
    });
  }
}

/** Copy-on-write removal of one slot from its series' list. */
function removeSlot(index: Map<string, readonly Slot[]>, slot: Slot): void {
  const list = (index.get(slot.key) ?? []).filter((s) => s !== slot);
  if (list.length === 0) index.delete(slot.key);
  else index.set(slot.key, list);
}

/** Calls each live slot of `list` with the candle; returns how many were called. */
function deliver(list: readonly Slot[], candle: Candle): number {
  let delivered = 0;
  for (let i = 0; i < list.length; i++) {
    const slot = list[i];
    if (!slot.live) continue;
    slot.subscriber.onCandle(candle);
    delivered++;
  }
  return delivered;
}
