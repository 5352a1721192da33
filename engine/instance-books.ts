import type { StrategyConfig } from './config/schema.ts';
import type { EngineEvents } from './events.ts';
import type { Account } from './execution/account.ts';
import type { OrderGate } from './execution/order-gate.ts';
import type { ExecutionVenue, VenueOrderKind } from './execution/venue.ts';
import { stopTrigger, type StopTrigger } from './execution/stops.ts';
import { positionQuantity, type SizingDecision } from './execution/sizing.ts';
import { buildMetrics } from './metrics/snapshot.ts';
import type { MetricsTracker } from './metrics/tracker.ts';
import type { Legs } from './strategy/legs.ts';
import type { Candle, Fill, Order, OrderReason, OrderSide, Position, Signal, StrategyMetrics, StrategyStatus } from './types.ts';

/** What the books need from the instance's options. */
export interface BooksOptions {
  id: string;
  config: StrategyConfig;
  events: EngineEvents;
  gate?: OrderGate;
  entryBlock?: () => string | null;
}

/**
 * The order and account side of a strategy instance (engine/instance.ts builds on it): signals, orders, fills
 * through the venue, stops, the status and metrics snapshots. It holds the books; the instance feeds it bars
 * and intents.
 */
export abstract class InstanceBooks {
  readonly id: string;
  config: StrategyConfig;
  status: StrategyStatus = 'running';
  errorMessage: string | null = null;
  readonly violatedLimits: string[] = [];
  account!: Account;
  metrics!: MetricsTracker;
  lastSignal: Signal | null = null;

  protected readonly events: EngineEvents;
  protected readonly gate: OrderGate | undefined;
  protected readonly entryBlock: (() => string | null) | undefined;
  /** Where fills are priced: the gate's venue (a portfolio's OMS) or a simulated one on this config's execution settings. */
  protected venue!: ExecutionVenue;
  protected pending: Order | null = null;
  /** Other symbols it trades (declared informative series): their last bars and pending orders. */
  protected legs!: Legs;
  protected lastCandle: Candle | null = null;
  protected orderSeq = 0;
  /** Reused by checkStops (no allocation per bar). */
  private readonly stopHit: StopTrigger = { price: 0, reason: 'stop_loss' };
  protected fillSeq = 0;
  /** True while a bar is being processed: metrics updates wait for the bar's end so they show its close. */
  protected inBar = false;
  protected metricsDue = false;

  constructor(opts: BooksOptions) {
    this.id = opts.id;
    this.config = opts.config;
    this.events = opts.events;
    this.gate = opts.gate;
    this.entryBlock = opts.entryBlock;
  }

  /** A signal on `bar`'s symbol at its close, stamped `time` (the primary bar's close: when it was decided). */
  protected emitSignal(action: Signal['action'], bar: Candle, confidence: number, reason: string, time = bar.closeTime): void {
    const signal: Signal = { strategyId: this.id, action, symbol: bar.symbol, price: bar.close, confidence, reason, time };
    this.lastSignal = signal;
    this.events.emit('signal', signal);
  }

  protected placeOrder(side: OrderSide, reason: OrderReason, quantity: number, candle: Candle, time = candle.closeTime): void {
    const order: Order = {
      id: `${this.id}:o${++this.orderSeq}`,
      strategyId: this.id,
      symbol: candle.symbol,
      side,
      quantity,
      type: 'market',
      reason,
      createdAt: time,
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
    if (this.config.execution.fill === 'close') this.fill(order, candle.close, time, 'market');
    else if (order.symbol === this.config.symbol) this.pending = order;
    else this.legs.setPending(order);
  }

  protected executePending(candle: Candle): void {
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
  protected fill(order: Order, reference: number, time: number, kind: VenueOrderKind): void {
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
      quantity = this.account.positionOf(order.symbol)!.quantity;
      const r = venue.execute(order, quantity, reference, time, kind);
      if (!r.ok) return this.venueRejected(order, r.reason, time);
      const trade = this.account.close(r.price, r.fee, time, order.reason, order.symbol);
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
  protected checkStops(p: Position, candle: Candle): void {
    const hit = this.stopHit;
    if (!stopTrigger(p, candle, hit)) return;
    const reason = hit.reason;
    const exitSide: OrderSide = p.side === 'long' ? 'sell' : 'buy';
    const order: Order = { id: `${this.id}:o${++this.orderSeq}`, strategyId: this.id, symbol: p.symbol, side: exitSide, quantity: p.quantity, type: 'market', reason, createdAt: candle.openTime };
    this.emitSignal('EXIT', candle, 1, reason);
    this.events.emit('order', order);
    this.fill(order, hit.price, candle.openTime, reason === 'stop_loss' ? 'market' : 'limit');
  }

  recordViolation(limit: string): void {
    if (!this.violatedLimits.includes(limit)) this.violatedLimits.push(limit);
  }

  /** Closes every open position at its symbol's last seen close (a stopped strategy, the end of the data). */
  closeAtLastPrice(reason: OrderReason): void {
    const primary = this.lastCandle;
    if (primary === null) return;
    this.pending = null;
    this.legs.clearPending();
    for (const p of this.account.positions) {
      const bar = p.symbol === primary.symbol ? primary : this.legs.bar(p.symbol)!;
      const side: OrderSide = p.side === 'long' ? 'sell' : 'buy';
      const order: Order = { id: `${this.id}:o${++this.orderSeq}`, strategyId: this.id, symbol: p.symbol, side, quantity: p.quantity, type: 'market', reason, createdAt: primary.closeTime };
      this.events.emit('order', order);
      this.fill(order, bar.close, primary.closeTime, 'market');
    }
  }

  setStatus(to: StrategyStatus, reason: string): void {
    const from = this.status;
    if (from === to) return;
    this.status = to;
    this.events.emit('status', { strategyId: this.id, from, to, reason, time: this.lastCandle?.closeTime ?? 0 });
    this.metricsChanged();
  }

  /** A fill or status change: listeners of 'metrics' get a snapshot (at the end of the bar when inside one). */
  protected metricsChanged(): void {
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

  lastPriceOf(symbol: string): number | null {
    return symbol === this.config.symbol ? this.lastPrice : (this.legs.bar(symbol)?.close ?? null);
  }

  hasPendingOrderIn(symbol: string): boolean {
    return symbol === this.config.symbol ? this.pending !== null : this.legs.pendingFor(symbol) !== null;
  }

  get tradesOtherSymbols(): boolean {
    return !this.legs.isEmpty;
  }

  get hasPendingOrder(): boolean {
    return this.pending !== null;
  }

  getMetrics(): StrategyMetrics {
    return buildMetrics(this);
  }
}
