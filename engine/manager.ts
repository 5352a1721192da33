import { BarGroup } from './bar-group.ts';
import { declaredSeries } from './config/series.ts';
import type { Clock } from './clock.ts';
import { parseStrategyConfig } from './config/parse.ts';
import type { StrategyConfig, StrategyConfigInput } from './config/schema.ts';
import { DataDistributor } from './distributor.ts';
import { EngineEvents } from './events.ts';
import type { OrderGate } from './execution/order-gate.ts';
import { StrategyInstance, type EquitySink } from './instance.ts';
import { SeriesRoutes } from './series-routes.ts';
import { DetailRoutes, detailSeries } from './detail-routes.ts';
import { StoppedQueue, StoppedStrategy, StrategyStoppedError, UnknownStrategyError } from './stopped-strategy.ts';

export { UnknownStrategyError };
import { mergeConfig } from './config/merge.ts';
import type { StrategyFactory } from './strategy/strategy.ts';
import { calendarFor } from './markets/market.ts';
import type { ManagerObserver, ManagerOptions } from './manager-options.ts';
import { type Candle, type FeedStatus, type SeriesKey, type StrategyMetrics, type StrategyStatus } from './types.ts';

export type { ManagerObserver, ManagerOptions } from './manager-options.ts';

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
 *
 * Bars are delivered in bar groups (engine/bar-group.ts): all bars closing at one timestamp, in this total
 * order: the feed's order (by close time, then series as the feed sorts them), each source bar followed by the
 * aggregated bars it completes (aggregators in creation order). A group is delivered in passes: first every
 * bar goes to the strategies reading its series as informative, then to the order matching of the strategies
 * resolving their fills on it (`execution.detail`, engine/detail-routes.ts), then to the strategies whose
 * primary series it is, which evaluate (in bar order, then subscription order). So no strategy evaluates before
 * every bar of its moment is known, and none sees a bar that closes later.
 */
export class StrategyManager {
  readonly events: EngineEvents;
  /** Every strategy in start order: live instances, and stopped ones reduced to their final record. */
  private readonly strategies = new Map<string, StrategyInstance | StoppedStrategy>();
  private readonly equitySinks = new Map<string, EquitySink>();
  private readonly stopped: StoppedQueue;
  private readonly distributor = new DataDistributor();
  private readonly modules: ReadonlyMap<string, StrategyFactory>;
  private readonly gate: OrderGate | undefined;
  private readonly routes = new SeriesRoutes();
  private readonly detail = new DetailRoutes();
  private readonly group = new BarGroup();
  /** Called after each bar group is delivered, with its close time (a backtest samples portfolio equity here). */
  onGroupDone: ((time: number) => void) | null = null;
  private readonly deliverAggregated = (c: Candle) => this.group.addDerived(c);
  private readonly clock: Clock | undefined;
  /** Replaced (never mutated) on add/remove, so a candle in flight sees one consistent list. */
  private observers: readonly ManagerObserver[];
  /** Why new entries are refused (the feed is warming up, stale or reconnecting), or null. */
  private feedBlock: string | null = null;
  private readonly entryBlock = () => this.feedBlock;

  constructor(opts: ManagerOptions = {}) {
    this.events = opts.events ?? new EngineEvents();
    this.modules = opts.modules ?? new Map();
    this.gate = opts.gate;
    this.clock = opts.clock;
    this.observers = [...(opts.observers ?? [])];
    this.stopped = new StoppedQueue(opts.stoppedHistory ?? 1000);
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
    this.releaseGroup();
    this.routes.setSources(series);
    this.group.setSources(series);
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
    this.subscribe(this.createInstance(id, parsed));
    this.events.emit('status', { strategyId: id, from: null, to: 'running', reason: 'started', time: this.now() });
    if (this.events.has('config')) this.events.emit('config', { strategyId: id, config: parsed, reason: 'start', time: this.now() });
    this.live(id, 'start').publishMetrics();
    return id;
  }

  private createInstance(id: string, config: StrategyConfig): StrategyInstance {
    const instance = new StrategyInstance({ id, config, events: this.events, factory: this.factoryFor(config), gate: this.gate, entryBlock: this.entryBlock });
    instance.equitySink = this.equitySinks.get(id) ?? null;
    this.strategies.set(id, instance);
    return instance;
  }

  /** Hands strategy `id`'s equity after each of its bars to `sink`, also after a restart (see EquitySink). */
  setEquitySink(id: string, sink: EquitySink): void {
    this.equitySinks.set(id, sink);
    const s = this.get(id);
    if (s instanceof StrategyInstance) s.equitySink = sink;
  }

  /** Stops a strategy for good: unsubscribed, open position closed at the last price (unless told otherwise). */
  stopStrategy(id: string, opts: { closePosition?: boolean } = {}): void {
    const s = this.get(id);
    if (!(s instanceof StrategyInstance) || s.status === 'stopped') return;
    this.distributor.unsubscribeStrategy(id);
    this.detail.unsubscribe(id);
    if (opts.closePosition !== false && s.status !== 'errored') s.closeAtLastPrice('stopped');
    s.setStatus('stopped', 'stopped by request');
    // Released: the record replaces the instance in place (start order kept); the oldest records go past the cap.
    this.strategies.set(id, StoppedStrategy.of(s));
    for (const old of this.stopped.add(id)) this.strategies.delete(old);
  }

  pauseStrategy(id: string): void {
    const s = this.get(id);
    if (!(s instanceof StrategyInstance) || s.status !== 'running') throw new Error(`strategy ${id} is ${s.status}, only a running strategy can be paused`);
    s.setStatus('paused', 'paused by request');
  }

  resumeStrategy(id: string): void {
    const s = this.get(id);
    if (!(s instanceof StrategyInstance) || s.status !== 'paused') throw new Error(`strategy ${id} is ${s.status}, only a paused strategy can be resumed`);
    s.setStatus('running', 'resumed by request');
  }

  /** Resets a strategy to its initial state (fresh account, indicators and metrics) and runs it again. */
  restartStrategy(id: string): void {
    const record = this.get(id);
    const from = record.status;
    const wasSubscribed = from === 'running' || from === 'paused';
    let s: StrategyInstance;
    if (record instanceof StoppedStrategy) {
      // A fresh instance is what reset() gives a live one: a new account, indicators and metrics.
      this.stopped.remove(id);
      s = this.createInstance(id, record.config);
    } else {
      s = record;
      s.reset();
    }
    if (!wasSubscribed) {
      this.ensureRoute(s.config);
      this.subscribe(s);
    }
    this.events.emit('status', { strategyId: id, from, to: 'running', reason: 'restarted', time: this.now() });
    s.publishMetrics();
  }

  /** Applies a partial config (deep-merged, re-validated) to a running strategy without losing its position or metrics. */
  updateConfig(id: string, partial: Record<string, unknown>): StrategyConfig {
    const s = this.live(id, 'a config update');
    const merged = parseStrategyConfig(mergeConfig(s.config, partial), `update of ${id}`);
    s.replaceConfig(merged, this.factoryFor(merged));
    if (this.events.has('config')) this.events.emit('config', { strategyId: id, config: merged, reason: 'update', time: this.now() });
    return merged;
  }

  /** Replaces a running strategy's config whole (a rollback to a stored version); like updateConfig, position and metrics stay. */
  setConfig(id: string, config: StrategyConfigInput | StrategyConfig): StrategyConfig {
    const s = this.live(id, 'a config change');
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

  /** The live instance (running, paused or errored); a stopped strategy has none (StrategyStoppedError). */
  getInstance(id: string): StrategyInstance {
    return this.live(id, 'its instance');
  }

  /** What every strategy has, live or stopped: id, config, status, last time and price, metrics. */
  view(id: string): StrategyInstance | StoppedStrategy {
    return this.get(id);
  }

  /** The live instances, in start order (stopped strategies have been released). */
  *instances(): IterableIterator<StrategyInstance> {
    for (const s of this.strategies.values()) if (s instanceof StrategyInstance) yield s;
  }

  /** Primary subscription (evaluates) and one informative subscription per declared series. */
  private subscribe(instance: StrategyInstance): void {
    const id = instance.id;
    const [primary, ...informative] = declaredSeries(instance.config);
    this.distributor.subscribeStrategy({ id, onCandle: (c) => this.runIsolated(instance, c) }, primary);
    for (const s of informative) {
      const alias = s.alias!;
      this.distributor.subscribeInformative({ id, onCandle: (c) => this.runInformative(instance, alias, c) }, s);
    }
    this.detail.subscribe(instance, (err) => this.failInstance(instance, err));
  }

  /**
   * The entry point for a new closed candle from the feed. It joins the bar group of its close time; the group
   * is delivered once complete (or when a later bar, a feed status or the end of the feed shows it is).
   */
  onNewCandle(candle: Candle): void {
    const group = this.group;
    if (!group.isEmpty && candle.closeTime !== group.time) this.releaseGroup();
    if (candle.closeTime > this.routes.lastClose) this.routes.lastClose = candle.closeTime;
    const observers = this.observers;
    for (let i = 0; i < observers.length; i++) observers[i].candleIn?.(candle);
    group.addSource(candle);
    this.routes.push(candle, this.deliverAggregated);
    if (group.complete) this.releaseGroup();
  }

  /** Delivers the bar group under way, if any: informative pass, then the evaluating pass (see the class doc). */
  releaseGroup(): void {
    const group = this.group;
    if (group.isEmpty) return;
    const candles = group.candles;
    const d = this.distributor;
    if (d.hasInformative) for (let i = 0; i < candles.length; i++) d.distributeInformative(candles[i]);
    this.detail.deliver(candles);
    const announce = this.events.has('candle');
    for (let i = 0; i < candles.length; i++) {
      const c = candles[i];
      if (announce) this.events.emit('candle', { candle: c, closed: true });
      d.distributeCandle(c);
    }
    const observers = this.observers;
    if (observers.length !== 0) for (const c of group.sourceCandles) for (const o of observers) o.candleDone?.(c);
    const time = group.time;
    group.clear();
    this.onGroupDone?.(time);
  }

  /**
   * A feed status event: published as 'feed', and the entry block follows it. 'warmup', 'stale' and
   * 'reconnecting' block new entries of every strategy (signals still go out, the orders are reported as
   * orderBlocked with limit 'feed'); 'connected' and 'recovered' lift the block; other statuses change nothing.
   */
  onFeedStatus(status: FeedStatus, detail: string, time: number): void {
    this.releaseGroup();
    if (status === 'warmup' || status === 'stale' || status === 'reconnecting') this.feedBlock = `${status}: ${detail}`;
    else if (status === 'connected' || status === 'recovered') this.feedBlock = null;
    this.events.emit('feed', { status, detail, time });
  }

  /**
   * A perpetual's funding rate at `time`: the bar group closing at or before it is delivered first (its stops,
   * liquidations and fills come before the payment, and its close is the mark), then every running or paused
   * strategy holding a perpetual position in `symbol` pays or receives, in start order.
   */
  onFunding(symbol: string, time: number, rate: number): void {
    this.releaseGroup();
    for (const s of this.strategies.values()) {
      if (!(s instanceof StrategyInstance) || (s.status !== 'running' && s.status !== 'paused')) continue;
      try {
        s.applyFunding(symbol, time, rate);
      } catch (err) {
        this.failInstance(s, err);
      }
    }
  }

  /** Why new entries are refused right now (the feed's state), or null when they are allowed. */
  get entriesBlockedBy(): string | null {
    return this.feedBlock;
  }

  /** An in-progress candle (live feeds): shown to dashboards, with aggregated previews; never to strategies. */
  onPartialCandle(candle: Candle): void {
    if (!this.events.has('candle')) return;
    this.events.emit('candle', { candle, closed: false });
    for (const preview of this.routes.previews(candle)) this.events.emit('candle', { candle: preview, closed: false });
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

  /** A bar of an informative series: the instance records it; a throw fails that instance only. */
  private runInformative(instance: StrategyInstance, alias: string, candle: Candle): void {
    try {
      instance.processInformative(alias, candle);
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
    this.detail.unsubscribe(instance.id);
    instance.fail(err);
  }

  /** Makes sure candles of every series the config reads will arrive: directly, or through an aggregator. */
  private ensureRoute(config: StrategyConfig): void {
    if (!this.routes.hasSources) return;
    const calendar = calendarFor(config.market);
    for (const s of declaredSeries(config)) this.routes.ensure(s.symbol, s.timeframe, calendar);
    const detail = detailSeries(config);
    if (detail !== null) this.routes.ensure(detail.symbol, detail.timeframe, calendar);
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

  private get(id: string): StrategyInstance | StoppedStrategy {
    const s = this.strategies.get(id);
    if (!s) throw new UnknownStrategyError(id);
    return s;
  }

  private live(id: string, action: string): StrategyInstance {
    const s = this.get(id);
    if (s instanceof StoppedStrategy) throw new StrategyStoppedError(id, action);
    return s;
  }
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'strategy';
}
