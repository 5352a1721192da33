import type { StrategyConfig } from '../config/schema.ts';
import type { Candle, Order, Position, StrategyStatus } from '../types.ts';
import type { ExecutionVenue } from './venue.ts';

/** A read-only view of a strategy's account. */
export interface GateAccountView {
  readonly cash: number;
  readonly position: Position | null;
  equityAt(price: number): number;
  /** The open position in `symbol` (the strategy's own or another it trades), if any. */
  positionOf?(symbol: string): Position | null;
}

/** What the order gate knows about the strategy asking (kept narrow and read-only so the portfolio layer cannot mutate it). */
export interface GateContext {
  readonly id: string;
  readonly lastPrice: number | null;
  readonly lastTime: number | null;
  readonly status: StrategyStatus;
  readonly config: StrategyConfig;
  readonly account: GateAccountView;
  readonly hasPendingOrder: boolean;
  /** The last close of `symbol` (its own or another symbol it trades), or null before that symbol's first bar. */
  lastPriceOf?(symbol: string): number | null;
  /** Whether an order in `symbol` is waiting for that symbol's next bar. */
  hasPendingOrderIn?(symbol: string): boolean;
  /** Marked-to-market equity at the close of the last processed bar. */
  readonly metrics: { readonly equity: number };
}

export type GateVerdict = { blocked: false } | { blocked: true; limit: string; detail: string };

/**
 * The portfolio layer's hook into every entry order: approve it, or block it naming the limit. Exits are
 * never gated (reducing risk is always allowed). The optional members let a portfolio (engine/portfolio/oms.ts)
 * route fills through its own venue, size entries from shared capital and follow equity over time; a gate
 * without them leaves the instance exactly as it runs alone.
 */
export interface OrderGate {
  review(order: Order, strategy: GateContext): GateVerdict;
  /** The venue this strategy's orders go through; asked whenever the instance (re)builds (its account may not exist yet). */
  venueFor?(strategy: GateContext, config: StrategyConfig): ExecutionVenue;
  /** The capital entry sizing scales instead of the strategy's own cash (e.g. weight × portfolio equity). */
  sizingEquity?(strategy: GateContext): number;
  /**
   * Called after each bar a strategy processed: its equity at the close is `strategy.metrics.equity`. Only objects
   * are passed (numbers passed to a call that is not inlined are boxed: an allocation per strategy and bar).
   */
  onBar?(strategy: GateContext, candle: Candle): void;
}
