import type { OrderSide } from '../types.ts';

/**
 * Venue orders and the fee saving of netting.
 *
 * Every strategy fill is booked on the strategy as if it had traded alone (its own price, its own fee). The
 * book groups the fills of one symbol at one fill time; with netting off each fill is its own venue order,
 * with netting on a group becomes one venue order for the net quantity:
 *
 *   net = Σ buy quantity − Σ sell quantity; the matched quantity crosses internally without a fee;
 *   venue fee = (fees of the dominant side's fills) × |net| / (dominant side's quantity),
 *
 * i.e. the residual pays the fee rate (and price) its own legs carried. Saving = Σ strategy fees − venue fee,
 * per symbol and in total. A group is final once no fill can join it any more: fills of a bar come at most one
 * bar (of the coarsest timeframe) after their fill time, so `flushBefore(now − horizon)` closes them.
 */

export interface VenueOrderRecord {
  readonly symbol: string;
  readonly time: number;
  /** null when the legs cancelled exactly (nothing reached the venue). */
  readonly side: OrderSide | null;
  readonly quantity: number;
  /** Strategy fills it stands for, and their fees. */
  readonly legs: number;
  readonly strategyFees: number;
  readonly venueFee: number;
}

export interface SymbolVenueTotals {
  symbol: string;
  /** Orders sent to the venue (a group that cancelled exactly sends none). */
  venueOrders: number;
  legs: number;
  strategyFees: number;
  venueFees: number;
  feeSaving: number;
  /** Quantity matched between strategies instead of traded at the venue. */
  internalised: number;
}

export interface VenueTotals {
  netting: boolean;
  venueOrders: number;
  legs: number;
  strategyFees: number;
  venueFees: number;
  feeSaving: number;
  bySymbol: SymbolVenueTotals[];
}

interface Group {
  symbol: string;
  time: number;
  buyQty: number;
  sellQty: number;
  buyFee: number;
  sellFee: number;
  legs: number;
}

export class NettingBook {
  private readonly open = new Map<string, Group>();
  private oldest = Infinity;
  private readonly totals = new Map<string, SymbolVenueTotals>();
  /** Venue orders in the order their groups closed (kept only when `keepOrders`). */
  readonly orders: VenueOrderRecord[] = [];

  constructor(
    readonly netting: boolean,
    private readonly keepOrders = true,
  ) {}

  /** Books one strategy fill. */
  add(symbol: string, side: OrderSide, quantity: number, fee: number, time: number): void {
    if (!this.netting) {
      this.close({ symbol, time, buyQty: side === 'buy' ? quantity : 0, sellQty: side === 'sell' ? quantity : 0, buyFee: side === 'buy' ? fee : 0, sellFee: side === 'sell' ? fee : 0, legs: 1 });
      return;
    }
    const key = `${symbol}\u0000${time}`;
    let g = this.open.get(key);
    if (g === undefined) {
      g = { symbol, time, buyQty: 0, sellQty: 0, buyFee: 0, sellFee: 0, legs: 0 };
      this.open.set(key, g);
      if (time < this.oldest) this.oldest = time;
    }
    if (side === 'buy') {
      g.buyQty += quantity;
      g.buyFee += fee;
    } else {
      g.sellQty += quantity;
      g.sellFee += fee;
    }
    g.legs++;
  }

  /** Closes every group with a fill time before `time` (in time order, then by symbol: deterministic). */
  flushBefore(time: number): void {
    if (this.open.size === 0 || this.oldest >= time) return;
    const due: Group[] = [];
    let oldest = Infinity;
    for (const [key, g] of this.open) {
      if (g.time < time) {
        due.push(g);
        this.open.delete(key);
      } else if (g.time < oldest) oldest = g.time;
    }
    this.oldest = oldest;
    due.sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    for (const g of due) this.close(g);
  }

  /** Closes every open group (end of the run). */
  flushAll(): void {
    this.flushBefore(Infinity);
  }

  private close(g: Group): void {
    const net = g.buyQty - g.sellQty;
    const strategyFees = g.buyFee + g.sellFee;
    let venueFee = 0;
    let side: OrderSide | null = null;
    // The residual pays its own legs' fee rate; exact zero when the legs cancel.
    if (net > 0) {
      side = 'buy';
      venueFee = net === g.buyQty ? g.buyFee : (g.buyFee * net) / g.buyQty;
    } else if (net < 0) {
      side = 'sell';
      venueFee = -net === g.sellQty ? g.sellFee : (g.sellFee * -net) / g.sellQty;
    }
    const quantity = Math.abs(net);
    let t = this.totals.get(g.symbol);
    if (t === undefined) {
      t = { symbol: g.symbol, venueOrders: 0, legs: 0, strategyFees: 0, venueFees: 0, feeSaving: 0, internalised: 0 };
      this.totals.set(g.symbol, t);
    }
    if (side !== null) t.venueOrders++;
    t.legs += g.legs;
    t.strategyFees += strategyFees;
    t.venueFees += venueFee;
    t.feeSaving = t.strategyFees - t.venueFees;
    t.internalised += Math.min(g.buyQty, g.sellQty);
    if (this.keepOrders) this.orders.push({ symbol: g.symbol, time: g.time, side, quantity, legs: g.legs, strategyFees, venueFee });
  }

  /** Totals over closed groups; symbols in alphabetical order. */
  report(): VenueTotals {
    const bySymbol = [...this.totals.values()].map((t) => ({ ...t })).sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    const sum = (k: 'venueOrders' | 'legs' | 'strategyFees' | 'venueFees') => bySymbol.reduce((a, t) => a + t[k], 0);
    const strategyFees = sum('strategyFees');
    const venueFees = sum('venueFees');
    return { netting: this.netting, venueOrders: sum('venueOrders'), legs: sum('legs'), strategyFees, venueFees, feeSaving: strategyFees - venueFees, bySymbol };
  }
}
