import type { CircularBuffer } from '../circular-buffer.ts';
import type { StrategyConfig } from '../config/schema.ts';
import type { IndicatorManager } from '../indicators/indicator-manager.ts';
import type { TifConfig } from '../config/orders-schema.ts';
import type { Candle, Position } from '../types.ts';

/**
 * What a strategy sees on each closed bar. Read-only: a strategy turns events into intents and does no I/O
 * (execution, storage and broadcasting are the engine's and its adapters' business).
 */
export interface StrategyContext {
  /** The bar that just closed. */
  readonly candle: Candle;
  /** This strategy's own history, newest first via `get(0)`. */
  readonly history: CircularBuffer<Candle>;
  /** This strategy's own indicators, already updated with `candle`. */
  readonly indicators: IndicatorManager;
  readonly position: Position | null;
  readonly cash: number;
  readonly equity: number;
  readonly config: StrategyConfig;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /**
   * Every informative series the config declares, by alias: its last closed bar as of `candle`'s close (null
   * before its first) and its history. Indicators bound to a series are in `indicators` under their names.
   */
  readonly series: ReadonlyMap<string, SeriesView>;
}

/** An informative series as a strategy sees it. */
export interface SeriesView {
  readonly alias: string;
  readonly symbol: string;
  readonly timeframe: string;
  /** The series' last closed bar at or before the primary bar's close; null before its first bar. */
  readonly candle: Candle | null;
  /** Its bars, newest first via `get(0)`. */
  readonly history: CircularBuffer<Candle>;
}

/**
 * BUY: open a long when flat, or close a short (flip it with `reverse`), or add to a long (orders.maxEntries > 1).
 * SELL: close a long (or flip it), or open or add to a short when shorts are allowed. EXIT: close whatever is
 * open. HOLD: nothing. CANCEL: cancel the working order `order.clientId`.
 */
export interface Intent {
  action: 'BUY' | 'SELL' | 'EXIT' | 'HOLD' | 'CANCEL';
  /** 0..1; defaults to 1 for code strategies. */
  confidence?: number;
  reason?: string;
  /** Overrides the config's sizing for this entry (base-asset quantity). */
  quantity?: number;
  /**
   * The symbol to act on: the strategy's own (default) or another symbol of a declared series (a pairs trade
   * is long one, short the other). Each symbol has its own position and its own pending order.
   */
  symbol?: string;
  /** The order to place instead of a market order (engine/orders/): type, prices, time in force, and a client id for cancel and replace. */
  order?: IntentOrderSpec;
  /** Close the opposite position and open this side in one order (needs allowShort for shorts). */
  reverse?: boolean;
  /**
   * Set by rule strategies: the opposite entry also fired on the bar this intent closes a position, and flipping is
   * not enabled (orders.reverse); the instance reports it as a `rejected` event (reverseNotEnabled).
   */
  oppositeEntry?: string;
}

/**
 * A working order from a code strategy. `limit` and `stop` are absolute prices (limit: a limit's price; stop: a
 * stop's trigger; both for stop_limit). An intent whose `clientId` names a working order replaces it.
 */
export interface IntentOrderSpec {
  type: 'market' | 'limit' | 'stop' | 'stop_limit';
  limit?: number;
  stop?: number;
  /** "gtc" (default), "day" or {bars: N}. */
  tif?: TifConfig;
  clientId?: string;
}

/** True for the list form of onCandle's answer (several intents on one bar, e.g. both legs of a pair). */
export function isIntentList(x: Intent | readonly Intent[]): x is readonly Intent[] {
  return Array.isArray(x);
}

/** A strategy written in code. JSON rule configs are one implementation (engine/strategy/rule-strategy.ts). */
export interface Strategy {
  /** Called on every closed bar after indicators update; return null (or HOLD) to do nothing, a list to act on several symbols. */
  onCandle(ctx: StrategyContext): Intent | readonly Intent[] | null;
  /** Called when the strategy is rebuilt or restarted; drop any internal state. */
  reset?(): void;
  /**
   * Earlier bars its own logic reads besides its indicators' warm-up (a rule strategy: its deepest rule, known
   * at compile time). The instance keeps at least that much history, so a rebuilt strategy replays into the
   * state of a continuous run.
   */
  readonly lookback?: number;
}

/** What a strategy module exports (default export or named `strategy`): a factory given the parsed config. */
export type StrategyFactory = (config: StrategyConfig, indicators: IndicatorManager) => Strategy;
