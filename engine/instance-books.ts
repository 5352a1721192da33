import type { StrategyConfig } from './config/schema.ts';
import type { EngineEvents } from './events.ts';
import type { Account } from './execution/account.ts';
import type { OrderGate } from './execution/order-gate.ts';
import type { ExecutionVenue, VenueOrderKind } from './execution/venue.ts';
import { stopTrigger, type StopTrigger } from './execution/stops.ts';
import { liquidationHit, type MarginBook } from './execution/margin.ts';
import { positionQuantity, type SizingDecision } from './execution/sizing.ts';
import { buildMetrics } from './metrics/snapshot.ts';
import type { MetricsTracker } from './metrics/tracker.ts';
import type { Legs } from './strategy/legs.ts';
import { DEFAULT_FILL_RULES, type FillRules } from './orders/fill-rules.ts';
import { GTC, tifText, type TimeInForce } from './orders/order.ts';
import type { Candle, Fill, Order, OrderReason, OrderSide, Position, Signal, StrategyMetrics, StrategyStatus, Trade } from './types.ts';

/** The optional parts of an order beyond side, reason and quantity. */
export type OrderExtra = Partial<Pick<Order, 'type' | 'limitPrice' | 'stopPrice' | 'reverse' | 'clientId'>>;

/** Entries and add-ons open or grow a position; the rest reduce or close one. */
export function isOpening(order: Order): boolean {
  return order.reason === 'entry' || order.reason === 'add';
}

/** When a position was entered: the bar's open time, and whether it filled at the open. */
interface EntryBar {
  bar: number;
  atOpen: boolean;
}
// Never written: an instance before its first entry reads it (get, and delete or clear of nothing).
const NO_ENTRY_BARS: Map<string, EntryBar> = new Map();

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
  /** The named fill rules this config runs under (engine/orders/fill-rules.ts). */
  protected fillRules: FillRules = DEFAULT_FILL_RULES;
  /** The bar each open position was entered on (its open time) and whether the entry filled at that bar's open. */
  private entryBarsMap: Map<string, EntryBar> | null = null;
  /** The bar each open position was entered on, by symbol (a shared empty map before the first entry). */
  protected get entryBars(): Map<string, EntryBar> {
    return this.entryBarsMap ?? NO_ENTRY_BARS;
  }
  protected fillSeq = 0;
  /** Margin, liquidation, funding and borrow state; null for spot without a borrow rate (then nothing here runs per bar). */
  margin: MarginBook | null = null;
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

  /**
   * Places an order decided on `candle` (stamped `time`): a market order fills at the next bar's open (or this
   * close); any other type (`extra.type`) goes to the working orders (placeWorking). Entries pass the feed's and the
   * gate's review first; a reversal's entry half too (blocked, it stays a plain exit).
   */
  protected placeOrder(side: OrderSide, reason: OrderReason, quantity: number, candle: Candle, time = candle.closeTime, extra: OrderExtra = {}, tif: TimeInForce = GTC): void {
    let order: Order = {
      id: `${this.id}:o${++this.orderSeq}`,
      strategyId: this.id,
      symbol: candle.symbol,
      side,
      quantity,
      type: 'market',
      reason,
      createdAt: time,
      ...extra,
      ...(extra.type !== undefined && extra.type !== 'market' ? { tif: tifText(tif) } : {}),
    };
    if (reason === 'entry' || reason === 'add' || order.reverse) {
      const why = this.entryBlock?.() ?? null;
      const verdict = why !== null ? { blocked: true as const, limit: 'feed', detail: why } : this.gate ? this.gate.review(order, this) : { blocked: false as const };
      if (verdict.blocked) {
        if (why === null) this.recordViolation(verdict.limit);
        this.events.emit('orderBlocked', { order, strategyId: this.id, limit: verdict.limit, detail: verdict.detail, time: candle.closeTime });
        if (!order.reverse) return;
        const { reverse: _dropped, ...plain } = order;
        order = plain;
      }
    }
    this.events.emit('order', order);
    if (order.type !== 'market') this.placeWorking(order, candle, tif);
    else if (this.config.execution.fill === 'close') this.fill(order, candle.close, time, 'market', candle.openTime);
    else if (order.symbol === this.config.symbol) this.pending = order;
    else this.legs.setPending(order);
  }

  /** Hands a non-market order to the working orders (engine/instance-orders.ts). */
  protected abstract placeWorking(order: Order, candle: Candle, tif: TimeInForce): void;
  /** An entry or add-on filled in `symbol` (its trailing stop starts here). */
  protected abstract onEntry(symbol: string): void;
  /** Cancels every working order (the strategy stops or the data ends). */
  protected abstract dropWorking(time: number): void;

  protected executePending(candle: Candle): void {
    const order = this.pending!;
    this.pending = null;
    // A pending exit whose position a stop already closed, or an entry while a position is open, is moot.
    const flat = this.account.isFlat;
    if (order.reason === 'entry' ? !flat : flat) return;
    this.fill(order, candle.open, candle.openTime, 'market');
  }

  /**
   * Fills `order` through the venue against `reference` (a bar's open or close, or a stop/target level) on the
   * bar opening at `barOpen`: opens (sized now, at the venue's quote, from the gate's sizing base when it has one,
   * else the cash), adds to, reduces or closes the position; a reversal closes and opens the opposite side at the
   * same reference (two fills of one order). A rejection (sizing or venue) leaves the books untouched, is
   * reported, and returns false.
   */
  protected fill(order: Order, reference: number, time: number, kind: VenueOrderKind, barOpen = time, atOpen = true): boolean {
    if (order.reason === 'entry' || order.reason === 'add') return this.fillEntry(order, reference, time, kind, barOpen, atOpen, order.reason);
    const p = this.account.positionOf(order.symbol)!;
    const partial = order.reason === 'scale_out' && order.quantity > 0 && order.quantity < p.quantity;
    const quantity = partial ? order.quantity : p.quantity;
    const r = this.venue.execute(order, quantity, reference, time, kind);
    if (!r.ok) return this.venueRejected(order, r.reason, time);
    let trade = partial ? this.account.reduce(quantity, r.price, r.fee, time, order.reason, order.symbol) : this.account.close(r.price, r.fee, time, order.reason, order.symbol);
    if (this.margin !== null) trade = this.settleCarry(trade, p, quantity);
    this.emitFill(order, quantity, r.price, r.fee, time, order.reason);
    this.metrics.onTrade(trade);
    this.events.emit('trade', trade);
    if (!partial) this.onFlat(order.symbol);
    if (order.reverse) this.fillEntry(order, reference, time, kind, barOpen, atOpen, 'entry');
    return true;
  }

  private fillEntry(order: Order, reference: number, time: number, kind: VenueOrderKind, barOpen: number, atOpen: boolean, reason: 'entry' | 'add'): boolean {
    const venue = this.venue;
    // Under leverage every sizing rule works on buying power: the cash (or the gate's base) times the leverage.
    const base = (this.gate?.sizingEquity?.(this) ?? this.account.cash) * (this.margin === null ? 1 : this.margin.terms.leverage);
    const decision: SizingDecision = positionQuantity(this.config, base, venue.quote(order.side, reference, kind), venue.feeRate, order.quantity);
    if (decision.limit) this.recordViolation(decision.limit);
    const quantity = decision.quantity;
    if (!(quantity > 0)) {
      this.reject(order, decision.reason ?? decision.limit ?? 'insufficientCash', decision.rejection ?? 'no quantity can be afforded', time);
      return false;
    }
    // A reversal's opening half reaches the venue as an entry (a portfolio's exposure counts it as one).
    const r = venue.execute(order.reverse ? { ...order, reason: 'entry' } : order, quantity, reference, time, kind);
    if (!r.ok) return this.venueRejected(order, r.reason, time);
    const { stopLoss, takeProfit } = this.config.risk;
    if (reason === 'add') this.account.add(order.symbol, quantity, r.price, r.fee);
    else {
      this.account.open(order.symbol, order.side === 'buy' ? 'long' : 'short', quantity, r.price, r.fee, time, stopLoss ?? null, takeProfit ?? null);
      (this.entryBarsMap ??= new Map()).set(order.symbol, { bar: barOpen, atOpen });
    }
    this.emitFill(order, quantity, r.price, r.fee, time, reason);
    this.onEntry(order.symbol);
    return true;
  }

  /** An order that cannot be done as asked: the `rejected` event with its reason (counted per strategy in the summary). */
  protected reject(order: Order, reason: string, detail: string, time: number): void {
    this.recordViolation(reason);
    this.events.emit('rejected', { order, strategyId: this.id, reason, detail, time });
  }

  /** A position in `symbol` closed (its working exit orders and scale-out state go with it). */
  protected onFlat(symbol: string): void {
    this.entryBars.delete(symbol);
  }

  private venueRejected(order: Order, reason: string, time: number): false {
    this.recordViolation('venueRejected');
    this.events.emit('orderBlocked', { order, strategyId: this.id, limit: 'venueRejected', detail: reason, time });
    return false;
  }

  private emitFill(order: Order, quantity: number, price: number, fee: number, time: number, reason: OrderReason): void {
    const fill: Fill = { id: `${this.id}:f${++this.fillSeq}`, orderId: order.id, strategyId: this.id, symbol: order.symbol, side: order.side, quantity, price, fee, time, reason };
    this.events.emit('fill', fill);
    this.metricsChanged();
  }

  /**
   * Stop loss (or trailing stop) and take profit against this bar; a stop is a market order (slippage), a
   * take-profit a limit. On the bar the position was entered: nothing under stopsFrom `next_bar`; only the stop
   * when the entry filled inside the bar (a target touched then may have come before the fill).
   */
  protected checkStops(p: Position, candle: Candle): void {
    const hit = this.stopHit;
    const entered = this.entryBarsMap === null ? undefined : this.entryBarsMap.get(p.symbol);
    let q = p;
    if (entered !== undefined && entered.bar === candle.openTime) {
      if (this.fillRules.stopsFrom === 'next_bar') return;
      if (!entered.atOpen) q = { ...p, takeProfitPrice: null };
    }
    if (!stopTrigger(q, candle, hit, this.fillRules.bothTouched, this.fillRules.penetration)) return;
    const reason = hit.reason;
    const exitSide: OrderSide = p.side === 'long' ? 'sell' : 'buy';
    const order: Order = { id: `${this.id}:o${++this.orderSeq}`, strategyId: this.id, symbol: p.symbol, side: exitSide, quantity: p.quantity, type: 'market', reason, createdAt: candle.openTime };
    this.emitSignal('EXIT', candle, 1, reason);
    this.events.emit('order', order);
    this.fill(order, hit.price, candle.openTime, reason === 'take_profit' ? 'limit' : 'market');
  }

  /** Funding accrued and borrow cost of the closed part, into the trade's P&L and the books (engine/execution/margin.ts). */
  private settleCarry(trade: Trade, p: Position, quantity: number): Trade {
    const { trade: settled, cash } = this.margin!.settle(trade, p, quantity);
    this.account.cash += cash;
    this.account.realizedPnL += settled.pnl - trade.pnl;
    return settled;
  }

  /**
   * The liquidation level of an isolated position against this bar, like a stop (engine/execution/margin.ts
   * liquidationHit): closed at the level, or at the open on a gap, with the taker fee and no slippage.
   * `stopFirst` leaves a tighter stop to checkStops; the check after it passes false.
   */
  protected checkLiquidation(p: Position, candle: Candle, stopFirst: boolean): void {
    const m = this.margin!;
    const level = m.levelOf(p);
    if (level === null || !liquidationHit(p, level, candle, stopFirst, m.hit)) return;
    const { price, gap } = m.hit;
    const order: Order = { id: `${this.id}:o${++this.orderSeq}`, strategyId: this.id, symbol: p.symbol, side: p.side === 'long' ? 'sell' : 'buy', quantity: p.quantity, type: 'market', reason: 'liquidation', createdAt: candle.openTime };
    const margin = m.marginOf(p);
    const realized = this.account.realizedPnL;
    this.emitSignal('EXIT', candle, 1, 'liquidation');
    this.events.emit('order', order);
    if (!this.fill(order, price, candle.openTime, 'limit')) return;
    m.liquidations++;
    const loss = realized - this.account.realizedPnL;
    this.events.emit('liquidation', { strategyId: this.id, symbol: p.symbol, side: p.side, quantity: p.quantity, level, price, gap, margin, loss, beyondMargin: Math.max(0, loss - margin), time: candle.openTime });
  }

  /** A funding payment at `time` on the open perpetual position in `symbol`, marked at that symbol's last close. */
  applyFunding(symbol: string, time: number, rate: number): void {
    const m = this.margin;
    if (m === null || m.terms.instrument !== 'perpetual') return;
    const p = this.account.positionOf(symbol);
    const mark = this.lastPriceOf(symbol);
    if (p === null || mark === null) return;
    const cash = m.fund(p, mark, rate);
    this.account.cash += cash;
    this.events.emit('funding', { strategyId: this.id, symbol, side: p.side, quantity: p.quantity, mark, rate, cash, time });
    this.metricsChanged();
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
    this.dropWorking(primary.closeTime);
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
