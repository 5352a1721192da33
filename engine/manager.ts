import { CandleAggregator } from './aggregator.ts';
import type { Clock } from './clock.ts';
import { parseStrategyConfig } from './config/parse.ts';
import type { StrategyConfig, StrategyConfigInput } from './config/schema.ts';
import { DataDistributor } from './distributor.ts';
import { EngineEvents } from './events.ts';
import type { OrderGate } from './execution/order-gate.ts';
import { StrategyInstance } from './instance.ts';
import { mergeConfig } from './config/merge.ts';
import type { StrategyFactory } from './strategy/strategy.ts';
import { calendarFor } from './markets/market.ts';
import { bucketStart, timeframeMs } from './timeframe.ts';
import { seriesId, type Candle, type FeedStatus, type SeriesKey, type StrategyMetrics, type StrategyStatus } from './types.ts';

export interface ManagerOptions {
  events?: EngineEvents;
  /** Loaded strategy modules by the `module` string of their configs. */
  modules?: ReadonlyMap<string, StrategyFactory>;
  gate?: OrderGate;
  /** Stamps lifecycle events; the engine passes its clock. */
  clock?: Clock;
  /** Watchers of the candle flow (instrumentation such as a health monitor); more can be added with addObserver. */
  observers?: readonly ManagerObserver[];
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

export interface StrategySummary {
  id: string;
  name: string;
  symbol: string;
  timeframe: string;
  status: StrategyStatus;
}

/**
 * Owns the strategy instances and routes candles to them (the StrategyManager of the design document). Strategies can be
 * started, stopped, paused, resumed, restarted and reconfigured while candles flow. Each instance runs inside
 * its own try/catch: one that throws is marked `errored` and the others carry on unaffected.
 *
 * Candles of timeframes the feed does not deliver are built by one CandleAggregator per target series from
 * the finest source series of that symbol that divides it.
 */
export class StrategyManager {
  readonly events: EngineEvents;
  private readonly strategies = new Map<string, StrategyInstance>();
  private readonly distributor = new DataDistributor();
  private readonly modules: ReadonlyMap<string, StrategyFactory>;
  private readonly gate: OrderGate | undefined;
  /** Series the feed delivers directly (empty: route every candle as it comes). */
  private sources: SeriesKey[] = [];
  /** Source series id -> aggregators fed by it, in creation order. */
  private readonly aggregators = new Map<string, CandleAggregator[]>();
  private readonly aggregatorTargets = new Set<string>();
  private readonly deliverAggregated = (c: Candle) => {
    if (this.events.has('candle')) this.events.emit('candle', { candle: c, closed: true });
    this.distributor.distributeCandle(c);
  };
  private readonly clock: Clock | undefined;
  /** Replaced (never mutated) on add/remove, so a candle in flight sees one consistent list. */
  private observers: readonly ManagerObserver[];
  /** Close time of the newest candle seen, so an aggregator created mid-run can skip the bucket it joined late. */
  private lastClose = Number.NEGATIVE_INFINITY;
  /** Why new entries are refused (the feed is warming up, stale or reconnecting), or null. */
  private feedBlock: string | null = null;
  private readonly entryBlock = () => this.feedBlock;

  constructor(opts: ManagerOptions = {}) {
    this.events = opts.events ?? new EngineEvents();
    this.modules = opts.modules ?? new Map();
    this.gate = opts.gate;
    this.clock = opts.clock;
    this.observers = [...(opts.observers ?? [])];
  }

  /** Adds an observer of the candle flow; returns the function that removes it. */
  addObserver(observer: ManagerObserver): () => void {
    this.observers = [...this.observers, observer];
    return () => {
      this.observers = this.observers.filter((o) => o !== observer);
    };
  }

  private now(): number {
    const t = this.clock?.now() ?? 0;
    return Number.isFinite(t) ? t : 0;
  }

  /** Tells the manager which series the feed delivers, so coarser timeframes can be aggregated. */
  setSourceSeries(series: readonly SeriesKey[]): void {
    this.sources = [...series];
    for (const s of this.strategies.values()) if (s.status === 'running' || s.status === 'paused') this.ensureRoute(s.config);
  }

  /** The id a config asks for (its id, else one derived from its name), before any suffix that makes it unique. */
  requestedId(config: StrategyConfig): string {
    return config.id ?? slug(config.name ?? `${config.symbol}-${config.timeframe}`);
  }

  /** Starts a strategy from a config (raw JSON or parsed); returns its id, unique within this manager. */
  startStrategy(config: StrategyConfigInput | StrategyConfig): string {
    const parsed = parseStrategyConfig(config, `strategy ${(config as { id?: string }).id ?? (config as { name?: string }).name ?? ''}`.trim());
    const id = this.uniqueId(this.requestedId(parsed));
    this.ensureRoute(parsed);
    const instance = new StrategyInstance({ id, config: parsed, events: this.events, factory: this.factoryFor(parsed), gate: this.gate, entryBlock: this.entryBlock });
    this.strategies.set(id, instance);
    this.distributor.subscribeStrategy({ id, onCandle: (c) => this.runIsolated(instance, c) }, { symbol: parsed.symbol, timeframe: parsed.timeframe });
    this.events.emit('status', { strategyId: id, from: null, to: 'running', reason: 'started', time: this.now() });
    if (this.events.has('config')) this.events.emit('config', { strategyId: id, config: parsed, reason: 'start', time: this.now() });
    instance.publishMetrics();
    return id;
  }

  /** Stops a strategy for good: unsubscribed, open position closed at the last price (unless told otherwise). */
  stopStrategy(id: string, opts: { closePosition?: boolean } = {}): void {
    const s = this.get(id);
    if (s.status === 'stopped') return;
    this.distributor.unsubscribeStrategy(id);
    if (opts.closePosition !== false && s.status !== 'errored') s.closeAtLastPrice('stopped');
    s.setStatus('stopped', 'stopped by request');
  }

  pauseStrategy(id: string): void {
    const s = this.get(id);
    if (s.status !== 'running') throw new Error(`strategy ${id} is ${s.status}, only a running strategy can be paused`);
    s.setStatus('paused', 'paused by request');
  }

  resumeStrategy(id: string): void {
    const s = this.get(id);
    if (s.status !== 'paused') throw new Error(`strategy ${id} is ${s.status}, only a paused strategy can be resumed`);
    s.setStatus('running', 'resumed by request');
  }

  /** Resets a strategy to its initial state (fresh account, indicators and metrics) and runs it again. */
  restartStrategy(id: string): void {
    const s = this.get(id);
    const from = s.status;
    const wasSubscribed = from === 'running' || from === 'paused';
    s.reset();
    if (!wasSubscribed) {
      this.ensureRoute(s.config);
      this.distributor.subscribeStrategy({ id, onCandle: (c) => this.runIsolated(s, c) }, { symbol: s.config.symbol, timeframe: s.config.timeframe });
    }
    this.events.emit('status', { strategyId: id, from, to: 'running', reason: 'restarted', time: this.now() });
    s.publishMetrics();
  }

  /** Applies a partial config (deep-merged, re-validated) to a running strategy without losing its position or metrics. */
  updateConfig(id: string, partial: Record<string, unknown>): StrategyConfig {
    const s = this.get(id);
    const merged = parseStrategyConfig(mergeConfig(s.config, partial), `update of ${id}`);
    s.replaceConfig(merged, this.factoryFor(merged));
    if (this.events.has('config')) this.events.emit('config', { strategyId: id, config: merged, reason: 'update', time: this.now() });
    return merged;
  }

  /** Replaces a running strategy's config whole (a rollback to a stored version); like updateConfig, position and metrics stay. */
  setConfig(id: string, config: StrategyConfigInput | StrategyConfig): StrategyConfig {
    const s = this.get(id);
    const parsed = parseStrategyConfig(config, `new config of ${id}`);
    s.replaceConfig(parsed, this.factoryFor(parsed));
    if (this.events.has('config')) this.events.emit('config', { strategyId: id, config: parsed, reason: 'set', time: this.now() });
    return parsed;
  }

  list(): StrategySummary[] {
    return [...this.strategies.values()].map((s) => ({
      id: s.id,
      name: s.config.name ?? s.id,
      symbol: s.config.symbol,
      timeframe: s.config.timeframe,
      status: s.status,
    }));
  }

  has(id: string): boolean {
    return this.strategies.has(id);
  }

  getMetrics(id: string): StrategyMetrics {
    return this.get(id).getMetrics();
  }

  getInstance(id: string): StrategyInstance {
    return this.get(id);
  }

  instances(): IterableIterator<StrategyInstance> {
    return this.strategies.values();
  }

  /** The entry point for a new closed candle from the feed. */
  onNewCandle(candle: Candle): void {
    const observers = this.observers;
    if (observers.length === 0) return this.routeCandle(candle);
    for (const o of observers) o.candleIn?.(candle);
    this.routeCandle(candle);
    for (const o of observers) o.candleDone?.(candle);
  }

  private routeCandle(candle: Candle): void {
    if (candle.closeTime > this.lastClose) this.lastClose = candle.closeTime;
    if (this.events.has('candle')) this.events.emit('candle', { candle, closed: true });
    this.distributor.distributeCandle(candle);
    if (this.aggregators.size === 0) return; // nothing to build: skip the per-candle series-id lookup
    const aggs = this.aggregators.get(seriesId(candle.symbol, candle.timeframe));
    if (aggs) for (let i = 0; i < aggs.length; i++) aggs[i].push(candle, this.deliverAggregated);
  }

  /**
   * A feed status event: published as 'feed', and the entry block follows it. 'warmup', 'stale' and
   * 'reconnecting' block new entries of every strategy (signals still go out, the orders are reported as
   * orderBlocked with limit 'feed'); 'connected' and 'recovered' lift the block; other statuses change nothing.
   */
  onFeedStatus(status: FeedStatus, detail: string, time: number): void {
    if (status === 'warmup' || status === 'stale' || status === 'reconnecting') this.feedBlock = `${status}: ${detail}`;
    else if (status === 'connected' || status === 'recovered') this.feedBlock = null;
    this.events.emit('feed', { status, detail, time });
  }

  /** Why new entries are refused right now (the feed's state), or null when they are allowed. */
  get entriesBlockedBy(): string | null {
    return this.feedBlock;
  }

  /** An in-progress candle (live feeds): shown to dashboards, with aggregated previews; never to strategies. */
  onPartialCandle(candle: Candle): void {
    if (!this.events.has('candle')) return;
    this.events.emit('candle', { candle, closed: false });
    const aggs = this.aggregators.get(seriesId(candle.symbol, candle.timeframe));
    if (aggs) for (const a of aggs) this.events.emit('candle', { candle: a.preview(candle), closed: false });
  }

  /** Broadcast: a candle to every strategy subscribed to its series. */
  broadcastToStrategies(candle: Candle): void {
    this.distributor.distributeCandle(candle);
  }

  private runIsolated(instance: StrategyInstance, candle: Candle): void {
    if (this.observers.length !== 0) return this.runObserved(instance, candle);
    try {
      instance.processCandle(candle);
    } catch (err) {
      this.failInstance(instance, err);
    }
  }

  private runObserved(instance: StrategyInstance, candle: Candle): void {
    const observers = this.observers;
    for (const o of observers) o.beforeInstance?.(instance, candle);
    let failed = false;
    let error: unknown;
    try {
      instance.processCandle(candle);
    } catch (err) {
      failed = true;
      error = err;
    }
    for (const o of observers) o.afterInstance?.(instance, candle);
    if (!failed) return;
    for (const o of observers) o.instanceFailed?.(instance, error);
    this.failInstance(instance, error);
  }

  private failInstance(instance: StrategyInstance, err: unknown): void {
    this.distributor.unsubscribeStrategy(instance.id);
    instance.fail(err);
  }

  /** Makes sure candles of the config's series will arrive: directly, or through an aggregator. */
  private ensureRoute(config: StrategyConfig): void {
    if (this.sources.length === 0) return;
    const { symbol, timeframe } = config;
    if (this.sources.some((s) => s.symbol === symbol && s.timeframe === timeframe)) return;
    const target = seriesId(symbol, timeframe);
    if (this.aggregatorTargets.has(target)) return;
    const targetMs = timeframeMs(timeframe);
    const candidates = this.sources
      .filter((s) => s.symbol === symbol && timeframeMs(s.timeframe) < targetMs && targetMs % timeframeMs(s.timeframe) === 0)
      .sort((a, b) => timeframeMs(b.timeframe) - timeframeMs(a.timeframe));
    if (candidates.length === 0) {
      const have = this.sources.map((s) => `${s.symbol} ${s.timeframe}`).join(', ');
      throw new Error(`no data for ${symbol} ${timeframe}: the feed delivers ${have || 'nothing'}, none of which aggregates into ${timeframe}`);
    }
    const source = candidates[0];
    const key = seriesId(source.symbol, source.timeframe);
    const list = this.aggregators.get(key) ?? [];
    const aggregator = new CandleAggregator(symbol, source.timeframe, timeframe, calendarFor(config.market));
    // Created mid-run: the bucket under way has already missed source candles, so start with the next whole one.
    if (this.lastClose > Number.NEGATIVE_INFINITY) aggregator.startAt(bucketStart(this.lastClose - 1, timeframe) + targetMs);
    list.push(aggregator);
    this.aggregators.set(key, list);
    this.aggregatorTargets.add(target);
  }

  private factoryFor(config: StrategyConfig): StrategyFactory | undefined {
    if (!config.module) return undefined;
    const f = this.modules.get(config.module);
    if (!f) throw new Error(`strategy module "${config.module}" is not loaded (load it with loadStrategyModules before starting)`);
    return f;
  }

  private uniqueId(base: string): string {
    if (!this.strategies.has(base)) return base;
    for (let n = 2; ; n++) if (!this.strategies.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  private get(id: string): StrategyInstance {
    const s = this.strategies.get(id);
    if (!s) throw new UnknownStrategyError(id);
    return s;
  }
}

export class UnknownStrategyError extends Error {
  constructor(readonly strategyId: string) {
    super(`unknown strategy "${strategyId}"`);
    this.name = 'UnknownStrategyError';
  }
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'strategy';
}
