import type { TifConfig } from './config/orders-schema.ts';
import type { StrategyConfig } from './config/schema.ts';
import { lots } from './execution/sizing.ts';
import { detailBarsPerBar } from './config/detail-timeframe.ts';
import { InstanceBooks, type OrderExtra } from './instance-books.ts';
import { calendarFor } from './markets/market.ts';
import { OrderBook, type BookHandler } from './orders/book.ts';
import { GTC, type TimeInForce, type Trail, type WorkingOrder } from './orders/order.ts';
import { ratchet, trailDistance } from './orders/trailing.ts';
import { limitFill, newTrigger, type Trigger } from './orders/trigger.ts';
import { orderForIntent } from './strategy/intent-order.ts';
import type { Intent } from './strategy/strategy.ts';
import type { IndicatorManager } from './indicators/indicator-manager.ts';
import type { Candle, Order, OrderSide, Position, StrategyStatus } from './types.ts';

type RiskConfig = StrategyConfig['risk'];

// Never written: reads of an instance without working orders see it (get, values, and delete or clear of nothing).
const NO_WORKING: Map<string, Order> = new Map();

/** An intent's limit or stop price, checked (module functions, not closures: this runs for every order placed). */
function orderPrice(v: number | undefined, type: string, what: string): number {
  if (v === undefined || !(v > 0 && Number.isFinite(v))) throw new Error(`strategy returned a ${type} order without a positive ${what} price`);
  return v;
}

/** An entry order's level `offset` from the signal close, in the order's direction (a buy's +offset is above). */
function offsetLevel(close: number, side: OrderSide, offset: number): number {
  return close * (side === 'buy' ? 1 + offset : 1 - offset);
}

/** A config's or an intent's time in force as the order model's. */
export function toTif(t: TifConfig | undefined): TimeInForce {
  if (t === undefined || t === 'gtc') return GTC;
  if (t === 'day') return { kind: 'day' };
  return { kind: 'bars', bars: t.bars };
}

/**
 * The working-order side of a strategy instance (engine/instance.ts builds on it): intents become market or
 * working orders (limit, stop, stop-limit with a time in force, cancel and replace by client id), the book is
 * matched on each bar, trailing stops follow the closes, and scale-out steps take partial profits. Working
 * orders are for the strategy's own symbol; other symbols it trades take market orders.
 */
export abstract class InstanceOrders extends InstanceBooks {
  /** The working-order book; null until the first working order (most strategies never place one, and a
   * fleet of a thousand instances pays for every object each bar touches). */
  private bookOrNull: OrderBook | null = null;
  protected abstract indicators: IndicatorManager;
  /** The engine's order for each working order, by id; null until the first (an empty Map costs ~200 bytes). */
  private workingOrders: Map<string, Order> | null = null;

  /** The working orders to read (a shared empty map before the first). */
  private get working(): Map<string, Order> {
    return this.workingOrders ?? NO_WORKING;
  }
  /** Scale-out steps done for the open position, and the quantity their fractions are of (its largest size). */
  private scaleDone = 0;
  private scaleBase = 0;
  /** The config's scale-out steps and trailing stop, read once per build: the per-bar checks test one field. */
  private scaleSteps: NonNullable<RiskConfig['scaleOut']> | null = null;
  private trailing: RiskConfig['trailingStop'] | null = null;
  private trailSpec: Trail | null = null;
  private scratchTrigger: Trigger | null = null;
  private handlerOrNull: BookHandler | null = null;
  /** Finer bars per strategy bar under execution.detail (1 without). */
  private detailBarsPerBar = 1;

  private get book(): OrderBook {
    return (this.bookOrNull ??= new OrderBook(this.fillRules, calendarFor(this.config.market)));
  }

  private get handler(): BookHandler {
    return (this.handlerOrNull ??= this.newHandler());
  }

  private newHandler(): BookHandler {
    return {
      fill: (wo, t, bar) => {
        const order = this.working.get(wo.id)!;
        this.working.delete(wo.id);
        const flat = this.account.positionOf(order.symbol) === null;
        if (order.reason === 'entry' ? !flat : flat) {
          this.events.emit('orderCancelled', { order, strategyId: this.id, reason: 'moot', time: bar.openTime });
          return false;
        }
        return this.fill(order, t.price, bar.openTime, t.kind, bar.openTime, t.atOpen);
      },
      cancelled: (wo, reason, time) => {
        const order = this.working.get(wo.id)!;
        this.working.delete(wo.id);
        this.events.emit('orderCancelled', { order, strategyId: this.id, reason, time });
      },
    };
  }

  /** (Re)reads the order rules from the config; `fresh` also empties the book. */
  protected buildOrders(fresh: boolean): void {
    const o = this.config.orders;
    this.fillRules = { penetration: o?.penetration ?? 0, bothTouched: o?.bothTouched ?? 'stop_first', stopsFrom: o?.stopsFrom ?? 'entry_bar' };
    this.scaleSteps = this.config.risk.scaleOut ?? null;
    this.detailBarsPerBar = detailBarsPerBar(this.config.timeframe, this.config.execution.detail);
    const t = (this.trailing = this.config.risk.trailingStop ?? null);
    this.trailSpec = t === null ? null : 'percent' in t ? { kind: 'percent', value: t.percent } : 'amount' in t ? { kind: 'amount', value: t.amount } : { kind: 'atr', multiple: t.multiple };
    if (fresh) {
      this.bookOrNull = null;
      this.working.clear();
      this.entryBars.clear();
      this.scaleDone = 0;
    } else if (this.bookOrNull !== null) this.bookOrNull.rules = this.fillRules;
  }

  private get workingCount(): number {
    return this.bookOrNull === null ? 0 : this.bookOrNull.size;
  }

  /** Every order not yet filled: the market order pending for the next open (if any), then the working orders in placement order. */
  openOrders(): Order[] {
    const open: Order[] = this.pending === null ? [] : [this.pending];
    for (const o of this.working.values()) open.push(o);
    return open;
  }

  override get hasPendingOrder(): boolean {
    return this.pending !== null || this.workingCount > 0;
  }

  /**
   * Maps an intent to a signal and an order, given the current position in the intent's symbol (the strategy's
   * own unless it names another it declared). An intent on a symbol with a market order pending is ignored, and so
   * is an entry while a working entry waits (unless it replaces it by client id).
   */
  protected act(intent: Intent, candle: Candle): void {
    let bar = candle;
    if (intent.symbol !== undefined && intent.symbol !== candle.symbol) {
      if (!this.legs.symbols.includes(intent.symbol)) throw new Error(`strategy returned an intent on ${intent.symbol}, which it does not trade (declare it in "series"; trades: ${[candle.symbol, ...this.legs.symbols].join(', ')})`);
      if (intent.order !== undefined && intent.order.type !== 'market') throw new Error(`strategy returned a ${intent.order.type} order on ${intent.symbol}: working orders are for the strategy's own symbol (${candle.symbol})`);
      const last = this.legs.bar(intent.symbol);
      if (last === null || this.legs.pendingFor(intent.symbol) !== null) return;
      bar = last;
    } else if (this.pending !== null) return;
    const clientId = intent.order?.clientId;
    if (intent.action === 'CANCEL') return this.cancelClient(clientId, candle.closeTime, 'cancelled');
    const p = this.account.positionOf(bar.symbol);
    const maxEntries = this.config.orders?.maxEntries;
    // Without pyramiding the plain form allocates nothing (this runs on every BUY or SELL intent).
    const rules = maxEntries === undefined || maxEntries <= 1 ? this.config.allowShort : { allowShort: this.config.allowShort, maxEntries, entries: p?.entries };
    const order = orderForIntent(intent.action, p?.side ?? null, rules, intent.reverse === true);
    if (order === null) return;
    const confidence = intent.confidence ?? 1;
    if (!(confidence >= 0 && confidence <= 1)) throw new Error(`strategy returned confidence ${confidence} (must be within 0..1)`);
    if (intent.quantity !== undefined && !(intent.quantity > 0 && Number.isFinite(intent.quantity))) {
      throw new Error(`strategy returned quantity ${intent.quantity} (must be a positive finite number)`);
    }
    const action = intent.action as 'BUY' | 'SELL' | 'EXIT';
    if ('refused' in order) {
      this.emitSignal(action, bar, confidence, intent.reason ?? action.toLowerCase(), candle.closeTime);
      const side: OrderSide = action === 'BUY' ? 'buy' : 'sell';
      return this.reject(this.draft(side, 'add', bar, candle.closeTime), order.refused, order.detail, candle.closeTime);
    }
    if (clientId !== undefined && this.clientOrder(clientId) !== null) this.cancelClient(clientId, candle.closeTime, 'replaced');
    else if (order.reason === 'entry' && this.hasWorkingEntry()) return;
    const { extra, tif } = this.orderShape(intent, order.side, order.reason, bar);
    this.emitSignal(action, bar, confidence, intent.reason ?? action.toLowerCase(), candle.closeTime);
    this.placeOrder(order.side, order.reason, intent.quantity ?? 0, bar, candle.closeTime, { ...extra, ...(order.reverse ? { reverse: true } : {}) }, tif);
    if (intent.oppositeEntry !== undefined && order.reason === 'exit' && !order.reverse) {
      const detail = `${intent.oppositeEntry} fired on the bar that closed the ${p!.side}; the opposite position is not opened (set "orders": {"reverse": true} to flip in one order)`;
      // Named after the closing order, so order ids stay what they were before the report existed; a decision, not a limit.
      const opposite: Order = { id: `${this.id}:o${this.orderSeq}:opposite`, strategyId: this.id, symbol: bar.symbol, side: order.side, quantity: 0, type: 'market', reason: 'entry', createdAt: candle.closeTime };
      this.events.emit('rejected', { order: opposite, strategyId: this.id, reason: 'reverseNotEnabled', detail, time: candle.closeTime });
    }
  }

  /** The order type, prices and TIF an intent asks for: its own `order`, else (entries of rule configs) `orders.entry`. */
  private orderShape(intent: Intent, side: OrderSide, reason: string, bar: Candle): { extra: OrderExtra; tif: TimeInForce } {
    const spec = intent.order;
    if (spec !== undefined && spec.type !== 'market') {
      const extra: OrderExtra = { type: spec.type, ...(spec.type !== 'stop' ? { limitPrice: orderPrice(spec.limit, spec.type, 'limit') } : {}), ...(spec.type !== 'limit' ? { stopPrice: orderPrice(spec.stop, spec.type, 'stop') } : {}) };
      return { extra: { ...extra, ...(spec.clientId !== undefined ? { clientId: spec.clientId } : {}) }, tif: toTif(spec.tif) };
    }
    const entry = this.config.orders?.entry;
    if (reason !== 'entry' || entry === undefined || entry.type === 'market' || spec !== undefined) return { extra: spec?.clientId !== undefined ? { clientId: spec.clientId } : {}, tif: GTC };
    const c = bar.close;
    const extra: OrderExtra =
      entry.type === 'limit' ? { type: 'limit', limitPrice: offsetLevel(c, side, entry.offset) } : entry.type === 'stop' ? { type: 'stop', stopPrice: offsetLevel(c, side, entry.offset) } : { type: 'stop_limit', stopPrice: offsetLevel(c, side, entry.offset), limitPrice: offsetLevel(c, side, entry.limitOffset ?? entry.offset) };
    return { extra, tif: toTif(entry.tif) };
  }

  protected placeWorking(order: Order, candle: Candle, tif: TimeInForce): void {
    if (order.symbol !== this.config.symbol) throw new Error(`working orders are for the strategy's own symbol (${this.config.symbol}), not ${order.symbol}`);
    // With execution.detail the book is matched once per finer bar, so an N-bar time in force counts N bars' worth of them.
    const perBar = this.detailBarsPerBar;
    const base = { id: order.id, side: order.side, quantity: order.quantity, tif: tif.kind === 'bars' && perBar > 1 ? { kind: 'bars' as const, bars: tif.bars * perBar } : tif };
    const wo: WorkingOrder =
      order.type === 'limit' ? { ...base, type: 'limit', limit: order.limitPrice! } : order.type === 'stop' ? { ...base, type: 'stop', stop: order.stopPrice! } : { ...base, type: 'stop_limit', stop: order.stopPrice!, limit: order.limitPrice!, triggered: false };
    (this.workingOrders ??= new Map()).set(order.id, order);
    this.book.place(wo, candle.closeTime);
  }

  /** The working orders against this bar (before the market order pending from the last bar and the stops). */
  protected matchBook(candle: Candle): void {
    const book = this.bookOrNull;
    if (book !== null && book.size > 0) book.onBar(candle, this.handler);
  }

  /** After the bar closed: the trailing stop follows the close (only in the position's favour). */
  protected trailAfterClose(candle: Candle): void {
    if (this.trailing === null) return;
    const p = this.account.position;
    if (p === null) return;
    this.moveTrail(p, candle.close, candle.closeTime);
  }

  private moveTrail(p: Position, reference: number, time: number): void {
    const t = this.trailing!;
    const atr = 'atr' in t ? ((this.indicators.get(t.atr)?.value as number | null | undefined) ?? null) : null;
    const trail = this.trailSpec!;
    const next = ratchet(p.side, p.stopPrice, reference, trailDistance(trail, reference, atr));
    if (next === null || next === p.stopPrice) return;
    this.account.moveStop(p.symbol, next, true);
    if (this.events.has('stopMoved')) this.events.emit('stopMoved', { strategyId: this.id, symbol: p.symbol, side: p.side, from: p.stopPrice, to: next, time });
  }

  protected onEntry(symbol: string): void {
    const p = this.account.positionOf(symbol)!;
    if (symbol === this.config.symbol) {
      if ((p.entries ?? 1) === 1) this.scaleDone = 0;
      this.scaleBase = Math.max(p.entries === undefined ? 0 : this.scaleBase, p.quantity);
      if (this.trailing !== null && (p.entries ?? 1) === 1) this.moveTrail(p, p.entryPrice, p.entryTime);
    }
  }

  protected override onFlat(symbol: string): void {
    super.onFlat(symbol);
    if (this.workingOrders === null || this.workingOrders.size === 0) return;
    // Working exit orders of a closed position have nothing left to close.
    for (const order of [...this.working.values()]) {
      if (order.symbol !== symbol || order.reason === 'entry') continue;
      this.book.cancel(order.id);
      this.working.delete(order.id);
      this.events.emit('orderCancelled', { order, strategyId: this.id, reason: 'moot', time: this.lastCandle?.openTime ?? 0 });
    }
  }

  /**
   * Scale-out steps against this bar, after the stops (stops first is the pessimistic order): each step not yet
   * done whose level (average entry × (1 ± gain)) the bar reached sells its fraction of the position's largest size
   * at the level (at the open on a gap), as a limit; the same entry-bar rules as a take-profit apply.
   */
  protected checkScaleOut(candle: Candle): void {
    const steps = this.scaleSteps;
    if (steps === null) return;
    const p = this.account.position;
    if (p === null || this.scaleDone >= steps.length) return;
    const entered = this.entryBars.get(p.symbol);
    if (entered !== undefined && entered.bar === candle.openTime && (this.fillRules.stopsFrom === 'next_bar' || !entered.atOpen)) return;
    const exit: OrderSide = p.side === 'long' ? 'sell' : 'buy';
    while (this.scaleDone < steps.length) {
      const pos = this.account.position;
      if (pos === null) return;
      const step = steps[this.scaleDone];
      const level = pos.entryPrice * (pos.side === 'long' ? 1 + step.gain : 1 - step.gain);
      const scratch = (this.scratchTrigger ??= newTrigger());
      if (!limitFill(exit, level, candle, this.fillRules.penetration, scratch)) return;
      this.scaleDone++;
      const sized = lots(this.config, step.fraction * this.scaleBase, null, false);
      const order = this.draft(exit, 'scale_out', candle, candle.openTime, Math.min(sized.quantity, pos.quantity));
      if (!(sized.quantity > 0)) {
        this.reject(order, sized.reason ?? 'belowMinimum', sized.rejection ?? 'no whole lot to sell', candle.openTime);
        continue;
      }
      this.events.emit('order', order);
      this.fill(order, scratch.price, candle.openTime, 'limit');
    }
  }

  /** An order object for events that is not placed (a refusal) or is filled at once (a scale-out step). */
  private draft(side: OrderSide, reason: Order['reason'], bar: Candle, time: number, quantity = 0): Order {
    return { id: `${this.id}:o${++this.orderSeq}`, strategyId: this.id, symbol: bar.symbol, side, quantity, type: 'market', reason, createdAt: time };
  }

  private hasWorkingEntry(): boolean {
    for (const o of this.working.values()) if (o.reason === 'entry') return true;
    return false;
  }

  private clientOrder(clientId: string): Order | null {
    for (const o of this.working.values()) if (o.clientId === clientId) return o;
    return null;
  }

  private cancelClient(clientId: string | undefined, time: number, reason: 'cancelled' | 'replaced'): void {
    if (clientId === undefined) throw new Error('a CANCEL intent needs order.clientId (the id the order was placed with)');
    const order = this.clientOrder(clientId);
    if (order === null) return;
    this.book.cancel(order.id);
    this.working.delete(order.id);
    this.events.emit('orderCancelled', { order, strategyId: this.id, reason, time });
  }

  /** Leaving `running` (paused, stopped, errored, finished) cancels the working orders: a paused strategy opens nothing. */
  override setStatus(to: StrategyStatus, reason: string): void {
    if (to !== 'running' && this.workingCount > 0) this.dropWorking(this.lastCandle?.closeTime ?? 0);
    super.setStatus(to, reason);
  }

  /** Working orders are dropped with the positions (a stopped strategy, the end of the data). */
  protected override dropWorking(time: number): void {
    if (this.bookOrNull === null) return;
    for (const wo of this.bookOrNull.clear()) {
      const order = this.working.get(wo.id)!;
      this.working.delete(wo.id);
      this.events.emit('orderCancelled', { order, strategyId: this.id, reason: 'cancelled', time });
    }
  }
}
