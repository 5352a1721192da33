import type { StrategyConfig } from './config/schema.ts';
import type { Alert } from './health/types.ts';
import type { Candle, FeedStatus, Fill, Order, Signal, StrategyMetrics, StrategyStatus, Trade } from './types.ts';

/** Every engine event, by name. Adapters (run writers, the web socket, the session log) subscribe here. */
export interface EngineEventMap {
  /** A candle routed to strategies (closed) or an in-progress one for dashboards (closed: false). */
  candle: { candle: Candle; closed: boolean };
  signal: Signal;
  order: Order;
  fill: Fill;
  trade: Trade;
  /** An order the risk layer refused or scaled down, with the limit that did it. */
  orderBlocked: { order: Order; strategyId: string; limit: string; detail: string; time: number };
  /**
   * An order that cannot be done as asked, never silently changed: `insufficientCash`, `belowMinimum`, `lotSize`
   * (an explicit stake that is not a whole number of lots), `reverseNotEnabled` (an opposite entry on the bar that
   * closed the position, without orders.reverse), `maxEntries`.
   */
  rejected: { order: Order; strategyId: string; reason: string; detail: string; time: number };
  /** An isolated position reached its liquidation level: closed at `price` (the level, or the open on a gap); `beyondMargin` is the loss past the isolated margin (0 unless it gapped). */
  liquidation: { strategyId: string; symbol: string; side: 'long' | 'short'; quantity: number; level: number; price: number; gap: boolean; margin: number; loss: number; beyondMargin: number; time: number };
  /** A funding payment on an open perpetual position: `cash` is what the strategy received (negative: paid). */
  funding: { strategyId: string; symbol: string; side: 'long' | 'short'; quantity: number; mark: number; rate: number; cash: number; time: number };
  /** A working order left the book without filling: its time in force ran out, an OCO sibling filled, the strategy cancelled or replaced it, or its position is gone. */
  orderCancelled: { order: Order; strategyId: string; reason: 'expired' | 'oco' | 'cancelled' | 'replaced' | 'moot'; time: number };
  /** A trailing stop ratcheted to a new level (`from`: the stop it replaces, null when there was none); only built while someone listens. */
  stopMoved: { strategyId: string; symbol: string; side: 'long' | 'short'; from: number | null; to: number; time: number };
  metrics: StrategyMetrics;
  /** Bar-by-bar marked-to-market equity of one strategy (only emitted while someone listens). */
  equity: { strategyId: string; time: number; equity: number; drawdown: number };
  status: { strategyId: string; from: StrategyStatus | null; to: StrategyStatus; reason: string; time: number };
  error: { strategyId: string; message: string; time: number };
  feed: { status: FeedStatus; detail: string; time: number };
  /** A strategy's config took effect: started, partially updated, or replaced whole (rollback); version stores listen. */
  config: { strategyId: string; config: StrategyConfig; reason: 'start' | 'update' | 'set'; time: number };
  /** A health alert raised or cleared. The engine never emits it: the health monitor around it does, on this bus, so every adapter (WebSocket, session log, sinks) hears it. */
  alert: Alert;
}

export type EngineEventName = keyof EngineEventMap;
type Listener<K extends EngineEventName> = (payload: EngineEventMap[K]) => void;

/**
 * Synchronous typed emitter. Listeners run in subscription order, so every adapter sees events in the
 * engine's deterministic order. `has()` lets hot paths skip building payloads nobody listens to.
 */
export class EngineEvents {
  // Copy-on-write: on/off replace a list instead of mutating it, so a listener that unsubscribes during an
  // emit never makes that emit skip the next listener. An emit in progress calls the listeners it started with.
  private readonly listeners: { [K in EngineEventName]?: readonly Listener<K>[] } = {};

  /** Subscribes `fn`; the returned function unsubscribes it (once; calling it again does nothing). */
  on<K extends EngineEventName>(name: K, fn: Listener<K>): () => void {
    this.setList(name, [...this.list(name), fn]);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const list = this.list(name);
      const i = list.indexOf(fn);
      if (i >= 0) this.setList(name, [...list.slice(0, i), ...list.slice(i + 1)]);
    };
  }

  has(name: EngineEventName): boolean {
    const list = this.listeners[name];
    return list !== undefined && list.length > 0;
  }

  emit<K extends EngineEventName>(name: K, payload: EngineEventMap[K]): void {
    const list = this.listeners[name] as readonly Listener<K>[] | undefined;
    if (!list) return;
    for (let i = 0; i < list.length; i++) list[i](payload);
  }

  private list<K extends EngineEventName>(name: K): readonly Listener<K>[] {
    return (this.listeners[name] as readonly Listener<K>[] | undefined) ?? [];
  }

  private setList<K extends EngineEventName>(name: K, list: readonly Listener<K>[]): void {
    (this.listeners as Record<K, readonly Listener<K>[]>)[name] = list;
  }
}
