import { CircularBuffer } from './circular-buffer.ts';
import type { StrategyConfig } from './config/schema.ts';
import type { EngineEvents } from './events.ts';
import { Account } from './execution/account.ts';
import { FillModel } from './execution/fill-model.ts';
import type { OrderGate } from './execution/order-gate.ts';
import { SimulatedVenue, type ExecutionVenue, type VenueOrderKind } from './execution/venue.ts';
import { stopTrigger, type StopTrigger } from './execution/stops.ts';
import { positionQuantity, type SizingDecision } from './execution/sizing.ts';
import { IndicatorManager } from './indicators/indicator-manager.ts';
import { buildMetrics } from './metrics/snapshot.ts';
import { MetricsTracker } from './metrics/tracker.ts';
import { orderForIntent } from './strategy/intent-order.ts';
import { RuleStrategy } from './strategy/rule-strategy.ts';
import type { Intent, Strategy, StrategyContext, StrategyFactory } from './strategy/strategy.ts';
import { barsPerYear } from './timeframe.ts';
import type { Candle, Fill, Order, OrderReason, OrderSide, Signal, StrategyMetrics, StrategyStatus } from './types.ts';
import { formatPercent } from './format.ts';

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
 *    inside one bar the stop is assumed to come first, which is the pessimistic choice);
 * 3. the bar enters the history buffer and the indicators;
 * 4. the strategy is asked for an intent on every bar; the intent counts only while `running` with no order
 *    pending (a paused strategy keeps its indicators and rules warm and its stops armed, but opens nothing);
 * 5. equity is marked to market at the close and metrics are updated (and the gate's `onBar` told); the
 *    max-drawdown breaker may pause it.
 *
 * Every fill goes through an ExecutionVenue (engine/execution/venue.ts): the gate's (a portfolio OMS) or a
 * SimulatedVenue on the config's execution settings.
 */
export class StrategyInstance {
  readonly id: string;
  config: StrategyConfig;
  status: StrategyStatus = 'running';
  errorMessage: string | null = null;
  readonly violatedLimits: string[] = [];

  private readonly events: EngineEvents;
  private readonly gate: OrderGate | undefined;
  private readonly entryBlock: (() => string | null) | undefined;
  private factory: StrategyFactory | undefined;
  private history!: CircularBuffer<Candle>;
  private indicators!: IndicatorManager;
  private strategy!: Strategy;
  private fillModel!: FillModel;
  /** Where fills are priced: the gate's venue (a portfolio's OMS) or a simulated one on this config's execution settings. */
  private venue!: ExecutionVenue;
  account!: Account;
  metrics!: MetricsTracker;
  private pending: Order | null = null;
  private lastCandle: Candle | null = null;
  lastSignal: Signal | null = null;
  private orderSeq = 0;
  /** Reused by checkStops (no allocation per bar). */
  private readonly stopHit: StopTrigger = { price: 0, reason: 'stop_loss' };
  private fillSeq = 0;
  /** True while a bar is being processed: metrics updates wait for the bar's end so they show its close. */
  private inBar = false;
  private metricsDue = false;
  private readonly ctx: { -readonly [K in keyof StrategyContext]: StrategyContext[K] };

  constructor(opts: InstanceOptions) {
    this.id = opts.id;
    this.config = opts.config;
    this.events = opts.events;
    this.gate = opts.gate;
    this.entryBlock = opts.entryBlock;
    this.factory = opts.factory;
    this.ctx = {} as StrategyContext;
    this.build(true);
  }

  /** (Re)builds the strategy logic; with `fresh`, also the account, metrics and history. */
  private build(fresh: boolean): void {
    const c = this.config;
    this.indicators = new IndicatorManager(c.indicators);
    this.strategy = c.module ? this.makeCodeStrategy() : new RuleStrategy(c, this.indicators);
    this.fillModel = new FillModel(c.execution);
    this.venue = this.gate?.venueFor?.(this, c) ?? new SimulatedVenue(this.fillModel);
    // At least the warm-up (indicators', plus the rules' lookback), so replaceConfig's replay rebuilds every window.
    const size = Math.max(c.bufferSize, Math.max(this.indicators.warmup, 1) + (this.strategy.lookback ?? 0));
    if (!fresh && this.history.capacity !== size) this.history = resized(this.history, size);
    if (fresh) {
      this.history = new CircularBuffer<Candle>(size);
      this.account = new Account(this.id, c.capital);
      this.metrics = new MetricsTracker(c.capital, barsPerYear(c.timeframe));
      this.pending = null;
      this.lastCandle = null;
      this.lastSignal = null;
      this.orderSeq = 0;
      this.fillSeq = 0;
      this.violatedLimits.length = 0;
    }
    Object.assign(this.ctx, { history: this.history, indicators: this.indicators, config: c, params: c.params });
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
    const bars = this.history.toArray();
    for (const bar of bars) {
      this.indicators.update(bar);
      this.fillContext(bar, bar.close);
      this.strategy.onCandle(this.ctx);
    }
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
    if (this.pending !== null) this.executePending(candle);
    if (!this.account.isFlat) this.checkStops(candle);
    this.history.push(candle);
    this.indicators.update(candle);
    // The strategy sees every bar, even while paused or waiting on a fill, so crossing memory and internal
    // state never go stale; its intents count only while running with no order pending.
    this.fillContext(candle, this.account.equityAt(candle.close));
    const intent = this.strategy.onCandle(this.ctx);
    if (intent !== null && intent.action !== 'HOLD' && this.status === 'running' && this.pending === null) this.act(intent, candle);
    const equity = this.account.equityAt(candle.close);
    if (!Number.isFinite(equity)) throw new Error(`equity is ${equity} after the bar at ${candle.openTime}`);
    this.metrics.onBar(equity, !this.account.isFlat);
    this.gate?.onBar?.(this, candle);
    if (this.events.has('equity')) {
      this.events.emit('equity', { strategyId: this.id, time: candle.closeTime, equity, drawdown: this.metrics.drawdown });
    }
    const maxDd = this.config.risk.maxDrawdown;
    if (maxDd !== undefined && this.status === 'running' && this.metrics.drawdown >= maxDd) this.tripDrawdownBreaker(candle);
  }

  private fillContext(candle: Candle, equity: number): void {
    const ctx = this.ctx;
    ctx.candle = candle;
    ctx.position = this.account.position;
    ctx.cash = this.account.cash;
    ctx.equity = equity;
  }

  /** Maps an intent to a signal and an order, given the current position. */
  private act(intent: Intent, candle: Candle): void {
    const order = orderForIntent(intent.action, this.account.position?.side ?? null, this.config.allowShort);
    if (order === null) return;
    const confidence = intent.confidence ?? 1;
    if (!(confidence >= 0 && confidence <= 1)) throw new Error(`strategy returned confidence ${confidence} (must be within 0..1)`);
    if (intent.quantity !== undefined && !(intent.quantity > 0 && Number.isFinite(intent.quantity))) {
      throw new Error(`strategy returned quantity ${intent.quantity} (must be a positive finite number)`);
    }
    this.emitSignal(intent.action, candle, confidence, intent.reason ?? intent.action.toLowerCase());
    this.placeOrder(order.side, order.reason, intent.quantity ?? 0, candle);
  }

  private emitSignal(action: Signal['action'], candle: Candle, confidence: number, reason: string): void {
    const signal: Signal = { strategyId: this.id, action, symbol: candle.symbol, price: candle.close, confidence, reason, time: candle.closeTime };
    this.lastSignal = signal;
    this.events.emit('signal', signal);
  }

  private placeOrder(side: OrderSide, reason: OrderReason, quantity: number, candle: Candle): void {
    const order: Order = {
      id: `${this.id}:o${++this.orderSeq}`,
      strategyId: this.id,
      symbol: candle.symbol,
      side,
      quantity,
      type: 'market',
      reason,
      createdAt: candle.closeTime,
    };
    if (reason === 'entry' && this.entryBlock) {
      const why = this.entryBlock();
      if (why !== null) {
        this.events.emit('orderBlocked', { order, strategyId: this.id, limit: 'feed', detail: why, time: candle.closeTime });
        return;
      }
    }
    if (this.gate && reason === 'entry') {
      const verdict = this.gate.review(order, this);
      if (verdict.blocked) {
        this.recordViolation(verdict.limit);
        this.events.emit('orderBlocked', { order, strategyId: this.id, limit: verdict.limit, detail: verdict.detail, time: candle.closeTime });
        return;
      }
    }
    this.events.emit('order', order);
    if (this.config.execution.fill === 'close') this.fill(order, candle.close, candle.closeTime, 'market');
    else this.pending = order;
  }

  private executePending(candle: Candle): void {
    const order = this.pending!;
    this.pending = null;
    // A pending exit whose position a stop already closed, or an entry while a position is open, is moot.
    const isEntry = order.reason === 'entry';
    if (isEntry !== this.account.isFlat) return;
    this.fill(order, candle.open, candle.openTime, 'market');
  }

  /**
   * Fills `order` through the venue against `reference` (a bar's open or close, or a stop/target level): opens
   * (sized now, at the venue's quote, from the gate's sizing base when it has one, else the cash) or closes the
   * position. A venue rejection leaves the books untouched and is reported as an orderBlocked event.
   */
  private fill(order: Order, reference: number, time: number, kind: VenueOrderKind): void {
    const venue = this.venue;
    let quantity: number;
    if (order.reason === 'entry') {
      const base = this.gate?.sizingEquity?.(this) ?? this.account.cash;
      const decision: SizingDecision = positionQuantity(this.config, base, venue.quote(order.side, reference, kind), venue.feeRate, order.quantity);
      if (decision.limit) this.recordViolation(decision.limit);
      quantity = decision.quantity;
      if (!(quantity > 0)) {
        const detail = decision.rejection ?? 'no quantity can be afforded';
        this.events.emit('orderBlocked', { order, strategyId: this.id, limit: decision.limit ?? 'insufficientCash', detail, time });
        return;
      }
      const r = venue.execute(order, quantity, reference, time, kind);
      if (!r.ok) return this.venueRejected(order, r.reason, time);
      const { stopLoss, takeProfit } = this.config.risk;
      this.account.open(order.symbol, order.side === 'buy' ? 'long' : 'short', quantity, r.price, r.fee, time, stopLoss ?? null, takeProfit ?? null);
      this.emitFill(order, quantity, r.price, r.fee, time);
    } else {
      quantity = this.account.position!.quantity;
      const r = venue.execute(order, quantity, reference, time, kind);
      if (!r.ok) return this.venueRejected(order, r.reason, time);
      const trade = this.account.close(r.price, r.fee, time, order.reason);
      this.emitFill(order, quantity, r.price, r.fee, time);
      this.metrics.onTrade(trade);
      this.events.emit('trade', trade);
    }
  }

  private venueRejected(order: Order, reason: string, time: number): void {
    this.recordViolation('venueRejected');
    this.events.emit('orderBlocked', { order, strategyId: this.id, limit: 'venueRejected', detail: reason, time });
  }

  private emitFill(order: Order, quantity: number, price: number, fee: number, time: number): void {
    const fill: Fill = { id: `${this.id}:f${++this.fillSeq}`, orderId: order.id, strategyId: this.id, symbol: order.symbol, side: order.side, quantity, price, fee, time, reason: order.reason };
    this.events.emit('fill', fill);
    this.metricsChanged();
  }

  /** Stop loss and take profit against this bar; a stop is a market order (slippage), a take-profit a limit. */
  private checkStops(candle: Candle): void {
    const p = this.account.position!;
    const hit = this.stopHit;
    if (!stopTrigger(p, candle, hit)) return;
    const reason = hit.reason;
    const exitSide: OrderSide = p.side === 'long' ? 'sell' : 'buy';
    const order: Order = { id: `${this.id}:o${++this.orderSeq}`, strategyId: this.id, symbol: p.symbol, side: exitSide, quantity: p.quantity, type: 'market', reason, createdAt: candle.openTime };
    this.emitSignal('EXIT', candle, 1, reason);
    this.events.emit('order', order);
    this.fill(order, hit.price, candle.openTime, reason === 'stop_loss' ? 'market' : 'limit');
  }

  private tripDrawdownBreaker(candle: Candle): void {
    this.recordViolation('maxDrawdown');
    if (!this.account.isFlat && this.pending === null) {
      const side: OrderSide = this.account.position!.side === 'long' ? 'sell' : 'buy';
      this.emitSignal('EXIT', candle, 1, 'max_drawdown');
      this.placeOrder(side, 'max_drawdown', 0, candle);
    }
    this.setStatus('paused', `max drawdown ${formatPercent(this.metrics.drawdown)} reached the ${formatPercent(this.config.risk.maxDrawdown!)} limit`);
  }

  recordViolation(limit: string): void {
    if (!this.violatedLimits.includes(limit)) this.violatedLimits.push(limit);
  }

  /** Closes any open position at the last seen close (used when a strategy is stopped). */
  closeAtLastPrice(reason: OrderReason): void {
    const bar = this.lastCandle;
    if (this.account.isFlat || bar === null) return;
    this.pending = null;
    const side: OrderSide = this.account.position!.side === 'long' ? 'sell' : 'buy';
    const order: Order = { id: `${this.id}:o${++this.orderSeq}`, strategyId: this.id, symbol: bar.symbol, side, quantity: this.account.position!.quantity, type: 'market', reason, createdAt: bar.closeTime };
    this.events.emit('order', order);
    this.fill(order, bar.close, bar.closeTime, 'market');
  }

  setStatus(to: StrategyStatus, reason: string): void {
    const from = this.status;
    if (from === to) return;
    this.status = to;
    this.events.emit('status', { strategyId: this.id, from, to, reason, time: this.lastCandle?.closeTime ?? 0 });
    this.metricsChanged();
  }

  /** A fill or status change: listeners of 'metrics' get a snapshot (at the end of the bar when inside one). */
  private metricsChanged(): void {
    if (!this.events.has('metrics')) return;
    if (this.inBar) this.metricsDue = true;
    else this.publishMetrics();
  }

  /** Emits the current metrics snapshot, if anyone listens. */
  publishMetrics(): void {
    this.metricsDue = false;
    if (this.events.has('metrics')) this.events.emit('metrics', this.getMetrics());
  }

  /** Marks the instance errored with the message; it processes nothing further. */
  fail(err: unknown): void {
    this.errorMessage = err instanceof Error ? err.message : String(err);
    this.events.emit('error', { strategyId: this.id, message: this.errorMessage, time: this.lastCandle?.closeTime ?? 0 });
    this.setStatus('errored', this.errorMessage);
  }

  get lastPrice(): number | null {
    return this.lastCandle?.close ?? null;
  }

  get lastTime(): number | null {
    return this.lastCandle?.closeTime ?? null;
  }

  get hasPendingOrder(): boolean {
    return this.pending !== null;
  }

  getMetrics(): StrategyMetrics {
    return buildMetrics(this);
  }
}

/** A buffer of another capacity holding the newest items of `from`. */
function resized<T>(from: CircularBuffer<T>, capacity: number): CircularBuffer<T> {
  const to = new CircularBuffer<T>(capacity);
  for (const item of from.toArray()) to.push(item);
  return to;
}
