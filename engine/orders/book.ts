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
    return this.entries.find((e) => e.order.id === id)?.order ?? null;
  }

  /** Places `order`, decided at `placedAt` (a bar's close): it is first tried on the next bar. */
  place(order: WorkingOrder, placedAt: number, children: BracketChildren | null = null, activeFrom = placedAt): void {
    if (this.find(order.id) !== null) throw new Error(`an order with id "${order.id}" is already working`);
    this.entries.push({ order, expiry: expiryOf(order.tif, placedAt, this.calendar), activeFrom, children, seq: ++this.seq });
  }

  /** Removes a working order by id; returns it, or null when none works under that id. */
  cancel(id: string): WorkingOrder | null {
    const i = this.entries.findIndex((e) => e.order.id === id);
    if (i < 0) return null;
    return this.entries.splice(i, 1)[0].order;
  }

  /** Cancels every working order (a position closed elsewhere, the strategy stopped); returns them. */
  clear(): WorkingOrder[] {
    const out = this.entries.map((e) => e.order);
    this.entries = [];
    return out;
  }

  /** The matching step for one bar (see the class comment). Allocates nothing unless an order expires or triggers. */
  onBar(bar: Candle, handler: BookHandler): void {
    const entries = this.entries;
    if (entries.length === 0) return;
    let expired = false;
    let inactive = false;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (expiredBefore(e.expiry, bar.openTime)) expired = true;
      if (e.activeFrom > bar.openTime) inactive = true;
    }
    if (expired) {
      for (const e of [...entries]) {
        if (expiredBefore(e.expiry, bar.openTime)) {
          this.remove(e);
          handler.cancelled(e.order, 'expired', bar.openTime);
        }
      }
    }
    // match() collects its hits before it changes the book, so the live list can be its candidates.
    this.match(bar, handler, inactive ? this.entries.filter((e) => e.activeFrom <= bar.openTime) : this.entries, true);
    for (const e of this.entries) if (e.activeFrom <= bar.openTime) e.expiry.barsLeft--;
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
    const stopFirst = this.rules.bothTouched === 'stop_first';
    const rank = (h: { e: Entry; t: Trigger }) => (h.t.atOpen ? 0 : STOP_TYPES.has(h.e.order.type) === stopFirst ? 1 : 2);
    if (hits.length > 1) hits.sort((a, b) => rank(a) - rank(b) || a.e.seq - b.e.seq);
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
      o.stop = ratchet(o.side === 'sell' ? 'long' : 'short', o.stop, close, trailDistance(o.trail, close, atr))!;
    }
  }

  private remove(e: Entry): void {
    const i = this.entries.indexOf(e);
    if (i >= 0) this.entries.splice(i, 1);
  }
}
