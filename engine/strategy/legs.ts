import type { StrategyConfig } from '../config/schema.ts';
import { declaredSeries } from '../config/series.ts';
import { timeframeMs } from '../timeframe.ts';
import type { Candle, Order } from '../types.ts';

/**
 * The other symbols a strategy may trade besides its own (a pairs trade: long one, short the other). Each is
 * traded on its finest declared series (its "trading series"): that series' bars mark its position, fill its
 * orders (at the next bar's open, or at the last close with fill "close") and trigger its stops, exactly as
 * the primary series does for the strategy's own symbol. Orders in one symbol wait for that symbol's bar.
 */
export class Legs {
  // Maps cost about 200 bytes each even empty; a strategy trading one symbol (nearly all) allocates none.
  /** Alias of each other symbol's trading series. */
  private readonly tradingAlias: Map<string, string> | null = null;
  private lastBar: Map<string, Candle> | null = null;
  private pending: Map<string, Order> | null = null;

  constructor(config: StrategyConfig) {
    const finest = new Map<string, { alias: string; ms: number }>();
    for (const s of declaredSeries(config).slice(1)) {
      if (s.symbol === config.symbol) continue;
      const ms = timeframeMs(s.timeframe);
      const best = finest.get(s.symbol);
      if (best === undefined || ms < best.ms) finest.set(s.symbol, { alias: s.alias!, ms });
    }
    if (finest.size > 0) this.tradingAlias = new Map([...finest].map(([symbol, { alias }]) => [symbol, alias]));
  }

  /** Symbols other than the strategy's own that it may trade. */
  get symbols(): string[] {
    return this.tradingAlias === null ? [] : [...this.tradingAlias.keys()];
  }

  get isEmpty(): boolean {
    return this.tradingAlias === null;
  }

  /** Is `alias` the series `symbol` is traded on? */
  trades(alias: string, symbol: string): boolean {
    return this.tradingAlias !== null && this.tradingAlias.get(symbol) === alias;
  }

  /** The last bar of `symbol`'s trading series, or null before its first. */
  bar(symbol: string): Candle | null {
    return this.lastBar?.get(symbol) ?? null;
  }

  setBar(candle: Candle): void {
    (this.lastBar ??= new Map()).set(candle.symbol, candle);
  }

  pendingFor(symbol: string): Order | null {
    return this.pending?.get(symbol) ?? null;
  }

  setPending(order: Order): void {
    (this.pending ??= new Map()).set(order.symbol, order);
  }

  /** Removes and returns the order pending in `symbol`. */
  takePending(symbol: string): Order | null {
    const o = this.pending?.get(symbol) ?? null;
    this.pending?.delete(symbol);
    return o;
  }

  clearPending(): void {
    this.pending?.clear();
  }
}
