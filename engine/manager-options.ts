import type { Clock } from './clock.ts';
import type { EngineEvents } from './events.ts';
import type { OrderGate } from './execution/order-gate.ts';
import type { StrategyFactory } from './strategy/strategy.ts';
import type { StrategyInstance } from './instance.ts';
import type { Candle } from './types.ts';

export interface ManagerOptions {
  events?: EngineEvents;
  /** Loaded strategy modules by the `module` string of their configs. */
  modules?: ReadonlyMap<string, StrategyFactory>;
  gate?: OrderGate;
  /** Stamps lifecycle events; the engine passes its clock. */
  clock?: Clock;
  /** Watchers of the candle flow (instrumentation such as a health monitor); more can be added with addObserver. */
  observers?: readonly ManagerObserver[];
  /** Stopped strategies whose config and final metrics are kept (oldest forgotten first); default 1000. */
  stoppedHistory?: number;
}

/**
 * Instrumentation hooks around the candle flow, for code outside the engine (a health monitor timing each
 * strategy, counting failures). Every hook is optional and called synchronously; the engine reads no clock
 * itself, so an observer that wants latency reads its own clock in the before/after pair. Observers must not
 * throw: they run inside the manager's candle loop.
 */
export interface ManagerObserver {
  /** A closed candle from the feed enters the manager, before any strategy sees it. */
  candleIn?(candle: Candle): void;
  /** The manager has routed that candle: every strategy that takes it (directly or aggregated) has processed it. */
  candleDone?(candle: Candle): void;
  /** One instance is about to process a candle. */
  beforeInstance?(instance: StrategyInstance, candle: Candle): void;
  /** It has processed it, or thrown: called before the failure is handled, so the candle counts either way. */
  afterInstance?(instance: StrategyInstance, candle: Candle): void;
  /** It threw while processing the candle; it is marked errored right after. */
  instanceFailed?(instance: StrategyInstance, error: unknown): void;
}
