import type { StrategyConfig } from './config/schema.ts';
import type { StrategyInstance } from './instance.ts';
import type { Order, Position, StrategyMetrics } from './types.ts';

/**
 * What stays of a stopped strategy once its instance is released: its config and its final figures. A stopped
 * strategy processes nothing, so the instance's indicators, history and buffers (16-32 KB each) only held
 * memory; a server that starts and stops strategies all day would otherwise grow without bound.
 */
export class StoppedStrategy {
  readonly status = 'stopped' as const;

  private constructor(
    readonly id: string,
    readonly config: StrategyConfig,
    private readonly finalMetrics: StrategyMetrics,
    readonly lastTime: number | null,
    readonly lastPrice: number | null,
    /** Cash and the position left open (a stop with closePosition: false) when it stopped, read as a live account's. */
    readonly account: { readonly cash: number; readonly position: Position | null },
  ) {}

  /** A stopped strategy holds no pending order: nothing of it runs any more. */
  readonly hasPendingOrder = false;
  openOrders(): Order[] {
    return [];
  }

  static of(instance: StrategyInstance): StoppedStrategy {
    const account = { cash: instance.account.cash, position: instance.account.position };
    return new StoppedStrategy(instance.id, instance.config, instance.getMetrics(), instance.lastTime, instance.lastPrice, account);
  }

  /** The metrics as they stood when the strategy stopped. */
  getMetrics(): StrategyMetrics {
    return this.finalMetrics;
  }
}

/** Ids of stopped strategies, oldest first, at most `capacity`: the oldest is evicted when a newer one would exceed it. */
export class StoppedQueue {
  private readonly ids = new Set<string>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`stoppedHistory must be a whole number >= 0, got ${capacity}`);
  }

  /** Records a newly stopped id; returns the ids evicted to stay within capacity (oldest first). */
  add(id: string): string[] {
    this.ids.delete(id);
    this.ids.add(id);
    const evicted: string[] = [];
    for (const old of this.ids) {
      if (this.ids.size <= this.capacity) break;
      this.ids.delete(old);
      evicted.push(old);
    }
    return evicted;
  }

  /** A stopped strategy started again. */
  remove(id: string): void {
    this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }
}

/** Asked of a stopped strategy what only a live instance has (its account, indicators, a config change). */
export class StrategyStoppedError extends Error {
  constructor(readonly strategyId: string, action: string) {
    super(`strategy "${strategyId}" is stopped: ${action} needs a running strategy (restart it; a stopped strategy keeps only its config and final metrics)`);
    this.name = 'StrategyStoppedError';
  }
}

/** An id no strategy of the manager has (or had, within the stopped records it keeps). */
export class UnknownStrategyError extends Error {
  constructor(readonly strategyId: string) {
    super(`unknown strategy "${strategyId}"`);
    this.name = 'UnknownStrategyError';
  }
}
