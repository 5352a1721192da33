import { CircularBuffer } from './circular-buffer.ts';
import type { StrategyConfig } from './config/schema.ts';
import type { EngineEvents } from './events.ts';
import { Account } from './execution/account.ts';
import { FillModel } from './execution/fill-model.ts';
import type { OrderGate } from './execution/order-gate.ts';
import { SimulatedVenue } from './execution/venue.ts';
import { IndicatorManager } from './indicators/indicator-manager.ts';
import { annualisationOf } from './markets/annualisation.ts';
import { MetricsTracker } from './metrics/tracker.ts';
import { RuleStrategy } from './strategy/rule-strategy.ts';
import { Legs } from './strategy/legs.ts';
import { replayHistory, sameSeries, seriesStates, type SeriesState } from './strategy/series-state.ts';
import { isIntentList, type Intent, type Strategy, type StrategyContext, type StrategyFactory } from './strategy/strategy.ts';
import type { Candle, OrderSide } from './types.ts';
import { formatPercent } from './format.ts';
import { InstanceOrders } from './instance-orders.ts';
import { marginTerms, usesMargin } from './config/margin-schema.ts';
import { MarginBook } from './execution/margin.ts';

export interface InstanceOptions {
  id: string;
  config: StrategyConfig;
  events: EngineEvents;
  /** For configs with `module`: the loaded module's factory (the runner loads modules; the engine does no I/O). */
  factory?: StrategyFactory;
  /** The portfolio layer's say on every order (approve, scale or block); absent means approve all. */
  gate?: OrderGate;
  /** Why new entries are refused right now (the feed is warming up, stale or reconnecting), or null; from the manager. */
  entryBlock?: () => string | null;
}

/**
 * One isolated strategy: its own history buffer, indicators, account, metrics and risk state. Nothing
 * mutable is shared with other instances; all it receives are immutable candles.
 *
 * Per closed bar, in this order:
 * 1. an order pending from the previous bar (fill policy `next_open`) fills at this bar's open;
 * 2. stop loss / take profit are checked against this bar (gaps fill at the open; when both are touched
 *    inside one bar the stop is assumed to come first, which is the pessimistic choice); with `execution.detail`
 *    steps 1 and 2 ran on the finer bars inside this one instead (processDetail);
 * 3. the bar enters the history buffer and the indicators;
 * 4. the strategy is asked for an intent on every bar; the intent counts only while `running` with no order
 *    pending (a paused strategy keeps its indicators and rules warm and its stops armed, but opens nothing);
 * 5. equity is marked to market at the close and metrics are updated (and the gate's `onBar` told); the
 *    max-drawdown breaker may pause it.
 *
 * Every fill goes through an ExecutionVenue (engine/execution/venue.ts): the gate's (a portfolio OMS) or a
 * SimulatedVenue on the config's execution settings.
 */
/** Receives a strategy's equity after each of its bars (StrategyManager.setEquitySink). */
export type EquitySink = (time: number, equity: number, drawdown: number) => void;

export class StrategyInstance extends InstanceOrders {
  private factory: StrategyFactory | undefined;
  private history!: CircularBuffer<Candle>;
  /** Informative series by alias (empty for a single-series strategy). */
  private series!: Map<string, SeriesState>;
  protected indicators!: IndicatorManager;
  private strategy!: Strategy;
  private fillModel!: FillModel;
  /** The config has execution.detail (read once per build: processBar tests one field). */
  private detailed = false;
  /** Close time of the last detail bar matched, and of the strategy's own last bar (execution.detail). */
  private detailClose = Number.NEGATIVE_INFINITY;
  private lastBarClose = Number.NEGATIVE_INFINITY;
  /** Fills resolved on detail bars: working orders, stops, targets, liquidations and scale-outs (not the next-open market fills). */
  detailFills = 0;
  private readonly ctx: { -readonly [K in keyof StrategyContext]: StrategyContext[K] };

  /**
   * Each bar's close time, equity and drawdown, as the `equity` event carries them but with no object per bar:
   * a backtest records every bar of every strategy, and the allocation would cost more than the recording.
   */
  equitySink: EquitySink | null = null;

  constructor(opts: InstanceOptions) {
    super(opts);
    this.factory = opts.factory;
    this.ctx = {} as StrategyContext;
    this.build(true);
  }

  /** (Re)builds the strategy logic; with `fresh`, also the account, metrics and history. */
  private build(fresh: boolean): void {
    const c = this.config;
    this.indicators = new IndicatorManager(c.indicators);
    if (fresh) {
      this.series = seriesStates(c);
      this.legs = new Legs(c);
    }
    this.strategy = c.module ? this.makeCodeStrategy() : new RuleStrategy(c, this.indicators, this.series);
    this.buildOrders(fresh);
    this.fillModel = new FillModel(c.execution);
    this.detailed = c.execution.detail !== undefined;
    this.venue = this.gate?.venueFor?.(this, c) ?? new SimulatedVenue(this.fillModel);
    // At least the warm-up (indicators', plus the rules' lookback), so replaceConfig's replay rebuilds every window.
    const size = Math.max(c.bufferSize, Math.max(this.indicators.warmup, 1) + (this.strategy.lookback ?? 0));
    if (!fresh && this.history.capacity !== size) this.history = this.history.resized(size);
    if (fresh) {
      this.history = new CircularBuffer<Candle>(size);
      this.account = new Account(this.id, c.capital, c.symbol);
      this.margin = usesMargin(c) ? new MarginBook(marginTerms(c)) : null;
      const annual = annualisationOf(c);
      this.metrics = new MetricsTracker(c.capital, annual.periodsPerYear, annual.basis);
      this.pending = null;
      this.lastCandle = null;
      this.lastSignal = null;
      this.orderSeq = 0;
      this.fillSeq = 0;
      this.detailFills = 0;
      this.detailClose = this.lastBarClose = Number.NEGATIVE_INFINITY;
      this.violatedLimits.length = 0;
    }
    Object.assign(this.ctx, { history: this.history, indicators: this.indicators, config: c, params: c.params, series: this.series });
  }

  private makeCodeStrategy(): Strategy {
    if (!this.factory) throw new Error(`strategy ${this.id}: module "${this.config.module}" was not loaded`);
    return this.factory(this.config, this.indicators);
  }

  /** Swaps in a new config (same symbol, timeframe and capital); indicators are rebuilt by replaying the history buffer. */
  replaceConfig(config: StrategyConfig, factory?: StrategyFactory): void {
    const old = this.config;
    for (const key of ['symbol', 'timeframe', 'capital'] as const) {
      if (config[key] !== old[key]) throw new Error(`cannot change ${key} of running strategy ${this.id}; stop it and start a new one`);
    }
    if (config.execution.detail !== old.execution.detail) throw new Error(`cannot change execution.detail of running strategy ${this.id}; stop it and start a new one`);
    if (!sameSeries(config, old)) throw new Error(`cannot change the series of running strategy ${this.id}; stop it and start a new one`);
    const previous = { strategy: this.strategy, indicators: this.indicators, fillModel: this.fillModel, venue: this.venue, factory: this.factory, history: this.history };
    this.config = config;
    if (factory) this.factory = factory;
    try {
      this.build(false);
      this.warmFromHistory();
    } catch (err) {
      this.config = old;
      Object.assign(this, previous);
      Object.assign(this.ctx, { history: this.history, indicators: this.indicators, config: old, params: old.params });
      throw err;
    }
  }

  /** Replays the buffer through fresh indicators and strategy so crossing memory and warm-up match a continuous run; intents are discarded. */
  private warmFromHistory(): void {
    const indicators = this.indicators;
    replayHistory(this.history.toArray(), this.series, (alias, bar) => indicators.updateSeries(alias, bar), (bar) => {
      indicators.update(bar);
      this.fillContext(bar, bar.close);
      this.strategy.onCandle(this.ctx);
    });
  }

  /**
   * A closed bar of the informative series `alias`, delivered by the barrier before any primary bar closing at
   * the same time: recorded in the series' state and fed to the indicators bound to it. Nothing is evaluated.
   * On the trading series of another symbol it also fills that symbol's pending order at the bar's open,
   * checks that position's stops, and marks it at the close.
   */
  processInformative(alias: string, candle: Candle): void {
    if (this.status !== 'running' && this.status !== 'paused') return;
    const state = this.series.get(alias);
    if (state === undefined) throw new Error(`strategy ${this.id} reads no series "${alias}"`);
    const legs = this.legs;
    if (!legs.isEmpty && legs.trades(alias, candle.symbol)) {
      const order = legs.takePending(candle.symbol);
      if (order !== null && (order.reason === 'entry') === (this.account.positionOf(candle.symbol) === null)) this.fill(order, candle.open, candle.openTime, 'market');
      const held = this.account.positionOf(candle.symbol);
      if (this.margin !== null && held !== null) this.checkLiquidation(held, candle, true);
      const p = this.account.positionOf(candle.symbol);
      if (p !== null) this.checkStops(p, candle);
      this.account.mark(candle.symbol, candle.close);
      legs.setBar(candle);
    }
    state.record(candle);
    this.indicators.updateSeries(alias, candle);
  }

  /** Back to the initial state with the same config (restartStrategy). */
  reset(): void {
    this.build(true);
    this.strategy.reset?.();
    this.status = 'running';
    this.errorMessage = null;
  }

  processCandle(candle: Candle): void {
    if (this.status !== 'running' && this.status !== 'paused') return;
    this.inBar = true;
    try {
      this.processBar(candle);
    } finally {
      this.inBar = false;
    }
    if (this.metricsDue) this.publishMetrics();
  }

  private processBar(candle: Candle): void {
    this.lastCandle = candle;
    // With detail, the finer bars inside this bar have matched the orders already; a bar none came for is matched whole.
    if (!this.detailed || this.detailClose <= candle.openTime) {
      if (this.pending !== null) this.executePending(candle);
      this.matchExits(candle);
    }
    this.lastBarClose = candle.closeTime;
    this.history.push(candle);
    this.indicators.update(candle);
    // The strategy sees every bar, even while paused or waiting on a fill, so crossing memory and internal
    // state never go stale; its intents count only while running with no order pending.
    this.fillContext(candle, this.account.equityAt(candle.close));
    const intent = this.strategy.onCandle(this.ctx);
    if (intent !== null && this.status === 'running') {
      if (!isIntentList(intent)) {
        if (intent.action !== 'HOLD') this.act(intent, candle);
      } else for (const one of intent) if (one.action !== 'HOLD') this.act(one, candle);
    }
    this.trailAfterClose(candle);
    const equity = this.account.equityAt(candle.close);
    if (!Number.isFinite(equity)) throw new Error(`equity is ${equity} after the bar at ${candle.openTime}`);
    this.metrics.onBar(equity, !this.account.isFlatEverywhere, candle.openTime, candle.closeTime);
    this.gate?.onBar?.(this, candle);
    if (this.equitySink !== null) this.equitySink(candle.closeTime, equity, this.metrics.drawdown);
    if (this.events.has('equity')) {
      this.events.emit('equity', { strategyId: this.id, time: candle.closeTime, equity, drawdown: this.metrics.drawdown });
    }
    const maxDd = this.config.risk.maxDrawdown;
    if (maxDd !== undefined && this.status === 'running' && this.metrics.drawdown >= maxDd) this.tripDrawdownBreaker(candle);
  }

  /** The working orders, liquidation, stops and scale-out steps against one bar (the strategy's, or a finer one). */
  private matchExits(bar: Candle): void {
    this.matchBook(bar);
    if (this.margin !== null && !this.account.isFlat) this.checkLiquidation(this.account.position!, bar, true);
    if (!this.account.isFlat) this.checkStops(this.account.position!, bar);
    if (this.margin !== null && !this.account.isFlat) this.checkLiquidation(this.account.position!, bar, false);
    this.checkScaleOut(bar);
  }

  /**
   * A bar of the `execution.detail` series, delivered before the strategy's own bar closing at or after it: the
   * market order pending from the last strategy bar fills at its open (the strategy bar's open), then the orders
   * and stops are matched against it, and a trailing stop follows its close. Rules and indicators never see it.
   * A finer bar opening before the strategy's last closed bar is too late to match anything and is skipped.
   */
  processDetail(bar: Candle): void {
    if ((this.status !== 'running' && this.status !== 'paused') || bar.openTime < this.lastBarClose) return;
    this.detailClose = bar.closeTime;
    if (!this.hasPendingOrder && this.account.isFlat) return;
    this.lastCandle = bar;
    this.inBar = true;
    try {
      if (this.pending !== null) this.executePending(bar);
      const before = this.fillSeq;
      this.matchExits(bar);
      this.detailFills += this.fillSeq - before;
      this.trailAfterClose(bar);
    } finally {
      this.inBar = false;
    }
    if (this.metricsDue) this.publishMetrics();
  }

  private fillContext(candle: Candle, equity: number): void {
    const ctx = this.ctx;
    ctx.candle = candle;
    ctx.position = this.account.position;
    ctx.cash = this.account.cash;
    ctx.equity = equity;
  }

  private tripDrawdownBreaker(candle: Candle): void {
    this.recordViolation('maxDrawdown');
    if (!this.account.isFlat && this.pending === null) {
      const side: OrderSide = this.account.position!.side === 'long' ? 'sell' : 'buy';
      this.emitSignal('EXIT', candle, 1, 'max_drawdown');
      this.placeOrder(side, 'max_drawdown', 0, candle);
    }
    for (const symbol of this.legs.symbols) {
      const p = this.account.positionOf(symbol);
      const bar = this.legs.bar(symbol);
      if (p === null || bar === null || this.legs.pendingFor(symbol) !== null) continue;
      this.emitSignal('EXIT', bar, 1, 'max_drawdown', candle.closeTime);
      this.placeOrder(p.side === 'long' ? 'sell' : 'buy', 'max_drawdown', 0, bar, candle.closeTime);
    }
    this.setStatus('paused', `max drawdown ${formatPercent(this.metrics.drawdown)} reached the ${formatPercent(this.config.risk.maxDrawdown!)} limit`);
  }
}
