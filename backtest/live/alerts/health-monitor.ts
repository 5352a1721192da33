/**
 * Health of a running manager and its feed, measured from outside the engine (which may not read clocks):
 * the monitor is a ManagerObserver (it reads its own clocks around each candle the manager takes in and each
 * instance's processing of it), listens to the engine's events, and evaluates the anomaly rules of engine/health
 * on every candle and on a timer (a stale feed is noticed without candles). Alert changes go out as `alert`
 * events on the manager's bus. `start()` begins the timer, `stop()` detaches everything.
 *
 * The latency and delay quantiles (sorting 512-sample windows) are computed on the timer and for each report,
 * not per candle: the rules on a candle read the quantiles of the last timer tick (at most `evaluateEveryMs` old).
 * Without a timer (`evaluateEveryMs` 0, or before `start()`) every candle sorts them.
 */
import { performance } from 'node:perf_hooks';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { AlertTracker } from '../../../engine/health/alert-tracker.ts';
import { RollingWindow } from '../../../engine/health/rolling-quantiles.ts';
import { evaluateHealth, staleAfter } from '../../../engine/health/rules.ts';
import { DEFAULT_THRESHOLDS, type Alert, type FeedHealthInput, type HealthThresholds, type StrategyHealthInput } from '../../../engine/health/types.ts';
import type { StrategyInstance } from '../../../engine/instance.ts';
import type { ManagerObserver, StrategyManager } from '../../../engine/manager.ts';
import { timeframeMs } from '../../../engine/timeframe.ts';
import type { Candle, FeedStatus } from '../../../engine/types.ts';

/** What a backtest of the strategy's version says is normal. */
export interface Baseline {
  maxDrawdown: number | null;
  /** Mean time between signals in the backtest (ms). */
  signalIntervalMs: number | null;
  /** Where it came from (a run id). */
  source: string;
}

export interface MonitorOptions {
  thresholds?: Partial<HealthThresholds>;
  /** Wall clock (default Date.now). */
  now?: () => number;
  /** High-resolution clock for processing times (default performance.now). */
  perfNow?: () => number;
  /** Timer evaluation period (default 1000 ms; 0: only on candles and evaluate() calls). */
  evaluateEveryMs?: number;
  /** Samples in the latency windows (default 512). */
  latencyWindow?: number;
  /**
   * The wall time (epoch ms) at which the feed meant `candle` to arrive, by its own clock: a paced replay's
   * schedule. Null or absent: the candle's close time (a live feed's candle is due when its period ends).
   * Feed delay = arrival wall time − this.
   */
  feedDueAt?: (candle: Candle) => number | null;
  /** Looks up the backtest baseline of a strategy's config (called on start and on every config change). */
  baseline?: (strategyId: string, config: StrategyConfig) => Baseline | null | Promise<Baseline | null>;
}

interface Track {
  errors: number;
  latency: RollingWindow;
  bars: number;
  firstCandleTime: number | null;
  lastSignalTime: number | null;
  signals: number;
  signalIntervalSum: number;
  violations: Map<string, number>;
  violatedSeen: number;
  baseline: Baseline | null;
  /** Latency p50 and p99 as of the last quantile refresh. */
  p50: number | null;
  p99: number | null;
}

export interface StrategyHealth extends StrategyHealthInput {
  name: string;
  sinceLastSignalMs: number | null;
  baselineSource: string | null;
  alerts: Alert[];
}

export interface HealthReport {
  status: 'ok' | 'warning' | 'critical';
  time: string;
  feed: FeedHealthInput & { staleAfterMs: number; sinceLastCandleMs: number | null };
  strategies: StrategyHealth[];
  alerts: Alert[];
  /** The last alert changes, newest last (at most 100). */
  recent: Alert[];
  thresholds: HealthThresholds;
}

export class HealthMonitor {
  private static readonly registry = new WeakMap<object, HealthMonitor>();

  /** The monitor attached to `manager`, if any. */
  static of(manager: StrategyManager): HealthMonitor | null {
    return HealthMonitor.registry.get(manager.events) ?? null;
  }

  /** The monitor attached to `manager`, or a new one started with `opts`. */
  static attach(manager: StrategyManager, opts: MonitorOptions = {}): HealthMonitor {
    return HealthMonitor.of(manager) ?? new HealthMonitor(manager, opts).start();
  }

  readonly thresholds: HealthThresholds;
  private readonly tracks = new Map<string, Track>();
  private readonly tracker = new AlertTracker();
  private readonly recent: Alert[] = [];
  private readonly now: () => number;
  private readonly perfNow: () => number;
  private readonly started: number;
  private readonly delay: RollingWindow;
  private delayQ: (number | null)[] = [null, null];
  private feedStatus: FeedStatus | null = null;
  private feedDetail: string | null = null;
  private lastCandleWall: number | null = null;
  private intervalMs: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly offs: (() => void)[] = [];
  /** Processing start of the instance being timed (instances process one candle at a time, one after another). */
  private instanceT0 = 0;

  constructor(
    readonly manager: StrategyManager,
    private readonly opts: MonitorOptions = {},
  ) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...opts.thresholds };
    this.now = opts.now ?? Date.now;
    this.perfNow = opts.perfNow ?? (() => performance.now());
    this.started = this.now();
    this.delay = new RollingWindow(opts.latencyWindow ?? 512);
    HealthMonitor.registry.set(manager.events, this);
    const ev = manager.events;
    this.offs.push(
      ev.on('signal', (s) => {
        const t = this.track(s.strategyId);
        if (t.lastSignalTime !== null && s.time > t.lastSignalTime) t.signalIntervalSum += s.time - t.lastSignalTime;
        t.lastSignalTime = s.time;
        t.signals++;
      }),
      ev.on('error', (e) => this.track(e.strategyId).errors++),
      ev.on('orderBlocked', (b) => {
        // Inside the strategy's bar: it counts as that bar (bars is incremented when the bar ends).
        if (b.limit !== 'feed') this.track(b.strategyId).violations.set(b.limit, this.track(b.strategyId).bars + 1);
      }),
      ev.on('feed', (f) => {
        if (f.status === 'connected' && this.feedStatus === 'warmup') this.delay.clear();
        this.feedStatus = f.status;
        this.feedDetail = f.detail;
        this.evaluate();
      }),
      ev.on('status', (s) => {
        if (s.to === 'errored' || (s.from === 'errored' && s.to === 'running')) this.evaluate();
      }),
      ev.on('config', (c) => this.refreshBaseline(c.strategyId, c.config)),
    );
    for (const inst of manager.instances()) this.refreshBaseline(inst.id, inst.config);
    this.offs.push(manager.addObserver(this.observer()));
  }

  /** Starts the evaluation timer (unref'd: it never keeps the process alive). */
  start(): this {
    const every = this.opts.evaluateEveryMs ?? 1000;
    if (every > 0 && this.timer === null) {
      this.timer = setInterval(() => this.evaluate(true), every);
      this.timer.unref();
    }
    return this;
  }

  /** Stops the timer and detaches the listeners and the observer. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const off of this.offs) off();
    this.offs.length = 0;
    if (HealthMonitor.registry.get(this.manager.events) === this) HealthMonitor.registry.delete(this.manager.events);
  }

  private track(id: string): Track {
    let t = this.tracks.get(id);
    if (!t) {
      t = { errors: 0, latency: new RollingWindow(this.opts.latencyWindow ?? 512), bars: 0, firstCandleTime: null, lastSignalTime: null, signals: 0, signalIntervalSum: 0, violations: new Map(), violatedSeen: 0, baseline: null, p50: null, p99: null };
      this.tracks.set(id, t);
    }
    return t;
  }

  /** The hooks: feed delay and arrival of every candle the manager takes in, and each instance's processing time. */
  private observer(): ManagerObserver {
    return {
      candleIn: (candle: Candle) => {
        const wall = this.now();
        this.lastCandleWall = wall;
        // Warm-up candles are history fetched late on purpose: their delay says nothing about the feed.
        if (this.feedStatus !== 'warmup') this.delay.add(wall - (this.opts.feedDueAt?.(candle) ?? candle.closeTime));
        const tf = timeframeMs(candle.timeframe);
        if (this.intervalMs === null || tf < this.intervalMs) this.intervalMs = tf;
      },
      candleDone: () => {
        // with the timer running it refreshes the quantiles; without one (tests, evaluateEveryMs 0) each candle does
        this.evaluate(this.timer === null);
      },
      beforeInstance: () => {
        this.instanceT0 = this.perfNow();
      },
      afterInstance: (inst: StrategyInstance, candle: Candle) => this.noteProcessed(inst, candle, this.perfNow() - this.instanceT0),
    };
  }

  /** Notes one processed candle of an instance: its time, and what it changed (violations, first candle). */
  private noteProcessed(inst: StrategyInstance, candle: Candle, ms: number): void {
    const t = this.track(inst.id);
    t.latency.add(ms);
    t.bars++;
    t.firstCandleTime ??= candle.closeTime;
    if (inst.violatedLimits.length > t.violatedSeen) {
      for (const l of inst.violatedLimits.slice(t.violatedSeen)) t.violations.set(l, t.bars);
      t.violatedSeen = inst.violatedLimits.length;
    }
  }

  private refreshBaseline(id: string, config: StrategyConfig): void {
    const look = this.opts.baseline;
    if (!look) return;
    const t = this.track(id);
    void Promise.resolve()
      .then(() => look(id, config))
      .then((b) => {
        if (this.manager.has(id) && this.manager.view(id).config === config) t.baseline = b;
      })
      .catch(() => undefined);
  }

  /** Sets a strategy's baseline directly (tests, or a baseline from a chosen run). */
  setBaseline(id: string, b: Baseline | null): void {
    this.track(id).baseline = b;
  }

  /** Sorts the windows: latency quantiles of every strategy and the feed delay's. */
  private refreshQuantiles(): void {
    for (const inst of this.manager.instances()) {
      const t = this.track(inst.id);
      [t.p50, t.p99] = t.latency.quantiles([0.5, 0.99]);
    }
    this.delayQ = this.delay.quantiles([0.5, 0.99]);
  }

  private inputs(): { strategies: StrategyHealthInput[]; feed: FeedHealthInput } {
    const th = this.thresholds;
    const strategies = [...this.manager.instances()].map((inst): StrategyHealthInput => {
      const t = this.track(inst.id);
      const observed = t.signals >= th.minSignalsForRate && t.signals > 1 ? t.signalIntervalSum / (t.signals - 1) : null;
      const recent = [...t.violations].filter(([, at]) => t.bars - at < th.violationWindowBars).map(([l]) => l);
      const price = inst.lastPrice;
      const pos = inst.account.position;
      const equity = price === null ? inst.account.cash : inst.account.equityAt(price);
      return {
        id: inst.id,
        status: inst.status,
        errorMessage: inst.errorMessage,
        errors: t.errors,
        lastCandleTime: inst.lastTime,
        firstCandleTime: t.firstCandleTime,
        latencyP50: t.p50,
        latencyP99: t.p99,
        latencySamples: t.latency.size,
        lastSignalTime: t.lastSignalTime,
        signals: t.signals,
        usualSignalIntervalMs: t.baseline?.signalIntervalMs ?? observed,
        drawdown: inst.metrics.drawdown,
        maxDrawdown: inst.metrics.maxDrawdown,
        baselineMaxDrawdown: t.baseline?.maxDrawdown ?? null,
        exposure: pos && price !== null && equity > 0 ? (pos.quantity * price) / equity : 0,
        entryExposure: pos ? entryExposure(pos.quantity, pos.entryPrice, inst.account.equityAt(pos.entryPrice)) : 0,
        exposureLimit: inst.config.risk.maxPositionSize ?? null,
        recentViolations: recent,
      };
    });
    const [d50, d99] = this.delayQ;
    const feed: FeedHealthInput = {
      status: this.feedStatus,
      statusDetail: this.feedDetail,
      lastCandleWall: this.lastCandleWall,
      startedWall: this.started,
      intervalMs: this.intervalMs,
      delayP50: d50,
      delayP99: d99,
    };
    return { strategies, feed };
  }

  /** Runs the rules now (with `fresh`, on newly sorted quantiles); emits and returns the alert changes. */
  evaluate(fresh = true): Alert[] {
    if (fresh) this.refreshQuantiles();
    const now = this.now();
    const { strategies, feed } = this.inputs();
    // Without any feed report or candle yet (a manager with no feed attached) the feed is not judged.
    const judgeFeed = this.feedStatus !== null || this.lastCandleWall !== null;
    const changes = this.tracker.update(evaluateHealth(strategies, judgeFeed ? feed : null, now, this.thresholds), now);
    for (const a of changes) {
      this.recent.push(a);
      if (this.recent.length > 100) this.recent.shift();
      this.manager.events.emit('alert', a);
    }
    return changes;
  }

  /** Alerts raised and not yet cleared. */
  activeAlerts(): Alert[] {
    return this.tracker.current();
  }

  /** Everything GET /api/v1/health shows. */
  report(): HealthReport {
    this.refreshQuantiles();
    const now = this.now();
    const { strategies, feed } = this.inputs();
    const active = this.tracker.current();
    const status = active.some((a) => a.severity === 'critical') ? 'critical' : active.length > 0 ? 'warning' : 'ok';
    return {
      status,
      time: new Date(now).toISOString(),
      feed: { ...feed, staleAfterMs: staleAfter(feed, this.thresholds), sinceLastCandleMs: feed.lastCandleWall === null ? null : now - feed.lastCandleWall },
      strategies: strategies.map((s) => ({
        ...s,
        name: this.manager.view(s.id).config.name ?? s.id,
        sinceLastSignalMs: s.lastSignalTime === null || s.lastCandleTime === null ? null : s.lastCandleTime - s.lastSignalTime,
        baselineSource: this.track(s.id).baseline?.source ?? null,
        alerts: active.filter((a) => a.strategyId === s.id),
      })),
      alerts: active,
      recent: [...this.recent],
      thresholds: this.thresholds,
    };
  }
}

/** Position value over equity at the entry price (0 when that equity is not positive). */
function entryExposure(quantity: number, entryPrice: number, equityAtEntry: number): number {
  return equityAtEntry > 0 ? (quantity * entryPrice) / equityAtEntry : 0;
}
