import type { Calendar } from '../markets/calendar.ts';
import type { Candle, OrderSide } from '../types.ts';
import type { FillRules } from './fill-rules.ts';
import type { Trail, WorkingOrder } from './order.ts';
import { expiredBefore, expiryOf, type Expiry } from './tif.ts';
import { ratchet, trailDistance } from './trailing.ts';
import { newTrigger, triggerOrder, type Trigger } from './trigger.ts';

/** A bracket's protective children, placed (as one OCO group) when the entry fills. Prices are absolute. */
export interface BracketChildren {
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  readonly trail?: Trail;
}

/** Why a working order left the book without filling. */
export type CancelReason = 'expired' | 'oco' | 'cancelled';

/** What the book asks of its owner: fill an order (return false when the fill was rejected; the order is then dropped) and hear of cancels. */
export interface BookHandler {
  fill(order: WorkingOrder, trigger: Readonly<Trigger>, bar: Candle): boolean;
  cancelled(order: WorkingOrder, reason: CancelReason, time: number): void;
}

interface Entry {
  order: WorkingOrder;
  expiry: Expiry;
  /** Bars opening before this instant do not try it (a bracket child with stopsFrom next_bar). */
  activeFrom: number;
  children: BracketChildren | null;
  seq: number;
}

const STOP_TYPES = new Set(['stop', 'trailing_stop', 'stop_limit']);

/** Which of a bar's hits filled first: at the open, then stops or targets as the both-touched policy says. */
function rank(h: { e: Entry; t: Trigger }, stopFirst: boolean): number {
  return h.t.atOpen ? 0 : STOP_TYPES.has(h.e.order.type) === stopFirst ? 1 : 2;
}

/**
 * The working orders of one symbol and the one matching step per bar. Per bar: orders past their time in force
 * are cancelled, the rest are tried with `triggerOrder`; the triggered ones fill in the order the bar reached
 * them: those that filled at the open first, then (the path inside the bar being unknown) stops before targets
 * under `stop_first`, targets before stops under `target_first`, placement order otherwise. A fill cancels its
 * OCO siblings and places its bracket children, which (stopsFrom `entry_bar`) are tried on the same bar: stops
 * always, targets only when the entry filled at the open (a target touched before an intrabar fill proves nothing).
 * After the bar closes, trailing stops ratchet (`onClose`).
 */
export class OrderBook {
  private entries: Entry[] = [];
  private seq = 0;
  private childSeq = 0;
  private readonly trigger = newTrigger();
  /** The ATR at the last close (for the first level of an ATR trail placed before the next close). */
  private atr: number | null = null;
  /**
   * Bounds inside which no working order can trigger, so most bars are settled by the book's own fields without
   * reading an order: a bar whose low stays above `lowGate` reaches no buy limit or sell stop, one whose high
   * stays under `highGate` no sell limit or buy stop; and nothing expires or activates before `untilGate` and
   * from `activeGate`. Rebuilt (`dirty`) whenever an order is placed, leaves, moves or is tried.
   */
  private dirty = true;
  private lowGate = -Infinity;
  private highGate = Infinity;
  private untilGate = Infinity;
  private activeGate = -Infinity;
  /** Some order counts its bars (a bars TIF) or fills on any bar (market): every bar takes the full step. */
  private fullStep = false;

  constructor(
    public rules: FillRules,
    private readonly calendar: Calendar,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  /** The working orders, in placement order. */
  orders(): WorkingOrder[] {
    return this.entries.map((e) => e.order);
  }

  find(id: string): WorkingOrder | null {
    const i = this.indexOf(id);
    return i < 0 ? null : this.entries[i].order;
  }

  // A loop, not findIndex with a closure: this runs for every order placed or cancelled.
  private indexOf(id: string): number {
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) if (entries[i].order.id === id) return i;
    return -1;
  }

  /** Places `order`, decided at `placedAt` (a bar's close): it is first tried on the next bar. */
  place(order: WorkingOrder, placedAt: number, children: BracketChildren | null = null, activeFrom = placedAt): void {
    if (this.find(order.id) !== null) throw new Error(`an order with id "${order.id}" is already working`);
    this.entries.push({ order, expiry: expiryOf(order.tif, placedAt, this.calendar), activeFrom, children, seq: ++this.seq });
    this.dirty = true;
  }

  /** Removes a working order by id; returns it, or null when none works under that id. */
  cancel(id: string): WorkingOrder | null {
    const i = this.indexOf(id);
    if (i < 0) return null;
    this.dirty = true;
    return this.entries.splice(i, 1)[0].order;
  }

  /** Cancels every working order (a position closed elsewhere, the strategy stopped); returns them. */
  clear(): WorkingOrder[] {
    const out = this.entries.map((e) => e.order);
    this.entries = [];
    this.dirty = true;
    return out;
  }

  /** The matching step for one bar (see the class comment). Allocates nothing unless an order expires or triggers. */
  onBar(bar: Candle, handler: BookHandler): void {
    const entries = this.entries;
    if (entries.length === 0) return;
    const open = bar.openTime;
    if (this.dirty) this.buildGates();
    if (!this.fullStep && bar.low > this.lowGate && bar.high < this.highGate && open < this.untilGate && open >= this.activeGate) return;
    this.dirty = true; // the step below may fill, cancel, expire or trigger (a stop-limit) orders
    let expired = false;
    let inactive = false;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (expiredBefore(e.expiry, open)) expired = true;
      else if (e.activeFrom > open) inactive = true;
    }
    if (expired) {
      for (const e of [...entries]) {
        if (expiredBefore(e.expiry, open)) {
          this.remove(e);
          handler.cancelled(e.order, 'expired', open);
        }
      }
    }
    // match() collects its hits before it changes the book, so the live list can be its candidates.
    const candidates = inactive ? this.entries.filter((e) => e.activeFrom <= open) : this.entries;
    this.match(bar, handler, candidates, true);
    // Bar counts run down only for orders with one (a GTC or day order's is Infinity): one pass over the rest.
    for (const e of this.entries) if (e.expiry.barsLeft !== Infinity && e.activeFrom <= open) e.expiry.barsLeft--;
  }

  /** The bounds of the fast check in onBar (see the fields); conservative: a gate only says "cannot trigger". */
  private buildGates(): void {
    let low = -Infinity;
    let high = Infinity;
    let until = Infinity;
    let active = -Infinity;
    let fullStep = false;
    for (const e of this.entries) {
      const o = e.order;
      if (e.expiry.barsLeft !== Infinity) fullStep = true;
      if (e.expiry.until < until) until = e.expiry.until;
      if (e.activeFrom > active) active = e.activeFrom;
      const buy = o.side === 'buy';
      // A buy limit (or a triggered buy stop-limit) and a sell stop are reached from above; the others from below.
      const level = o.type === 'limit' ? o.limit : o.type === 'stop_limit' ? (o.triggered ? o.limit : o.stop) : o.type === 'market' ? NaN : o.stop;
      const fromAbove = o.type === 'limit' || (o.type === 'stop_limit' && o.triggered) ? buy : !buy;
      if (Number.isNaN(level)) fullStep = true;
      else if (fromAbove) low = Math.max(low, level);
      else high = Math.min(high, level);
    }
    this.lowGate = low;
    this.highGate = high;
    this.untilGate = until;
    this.activeGate = active;
    this.fullStep = fullStep;
    this.dirty = false;
  }

  private match(bar: Candle, handler: BookHandler, candidates: readonly Entry[], targets: boolean): void {
    let hits: { e: Entry; t: Trigger }[] | null = null;
    for (let i = 0; i < candidates.length; i++) {
      const e = candidates[i];
      if (!targets && !STOP_TYPES.has(e.order.type)) continue;
      if (triggerOrder(e.order, bar, this.rules.penetration, this.trigger)) (hits ??= []).push({ e, t: { ...this.trigger } });
    }
    if (hits !== null) this.resolve(bar, handler, hits);
  }

  /** Fills the triggered orders in the order the bar reached them (see the class comment), with OCO and brackets. */
  private resolve(bar: Candle, handler: BookHandler, hits: { e: Entry; t: Trigger }[]): void {
    if (hits.length > 1) {
      const stopFirst = this.rules.bothTouched === 'stop_first';
      hits.sort((a, b) => rank(a, stopFirst) - rank(b, stopFirst) || a.e.seq - b.e.seq);
    }
    for (const { e, t } of hits) {
      if (!this.entries.includes(e)) continue; // cancelled by a sibling that filled first
      this.remove(e);
      if (!handler.fill(e.order, t, bar)) continue;
      const group = e.order.oco;
      if (group !== undefined) {
        for (const s of this.entries.filter((x) => x.order.oco === group)) {
          this.remove(s);
          handler.cancelled(s.order, 'oco', bar.openTime);
        }
      }
      if (e.children !== null) this.placeChildren(e, t, bar, handler);
    }
  }

  /** A filled entry's protective children: one OCO group on the opposite side, working for the position's life. */
  private placeChildren(parent: Entry, t: Trigger, bar: Candle, handler: BookHandler): void {
    const c = parent.children!;
    const side: OrderSide = parent.order.side === 'buy' ? 'sell' : 'buy';
    const oco = `${parent.order.id}:bracket`;
    const placed: Entry[] = [];
    const add = (order: WorkingOrder) => {
      const nextBar = this.rules.stopsFrom === 'next_bar';
      const entry: Entry = { order, expiry: { barsLeft: Infinity, until: Infinity }, activeFrom: nextBar ? bar.closeTime : bar.openTime, children: null, seq: ++this.seq };
      this.entries.push(entry);
      placed.push(entry);
    };
    const id = (what: string) => `${parent.order.id}:${what}${++this.childSeq}`;
    const base = { side, quantity: parent.order.quantity, tif: { kind: 'gtc' as const }, oco };
    if (c.stopLoss !== undefined) add({ ...base, id: id('sl'), type: 'stop', stop: c.stopLoss });
    if (c.takeProfit !== undefined) add({ ...base, id: id('tp'), type: 'limit', limit: c.takeProfit });
    if (c.trail !== undefined) {
      const d = trailDistance(c.trail, t.price, this.atr) ?? Infinity;
      add({ ...base, id: id('trail'), type: 'trailing_stop', trail: c.trail, stop: side === 'sell' ? t.price - d : t.price + d });
    }
    if (this.rules.stopsFrom === 'entry_bar') this.match(bar, handler, placed, t.atOpen);
  }

  /** After a bar closed: trailing stops follow its close (only in the position's favour); `atr` for ATR trails. */
  onClose(close: number, atr: number | null): void {
    this.atr = atr;
    for (const e of this.entries) {
      const o = e.order;
      if (o.type !== 'trailing_stop') continue;
      this.dirty = true;
      o.stop = ratchet(o.side === 'sell' ? 'long' : 'short', o.stop, close, trailDistance(o.trail, close, atr))!;
    }
  }

  private remove(e: Entry): void {
    const i = this.entries.indexOf(e);
    if (i >= 0) this.entries.splice(i, 1);
    this.dirty = true;
  }
}
