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
  readonly time: number;
  buyQty: number;
  sellQty: number;
  buyFee: number;
  sellFee: number;
  legs: number;
}

/** One symbol's open groups (by fill time) and totals; the OMS keeps a reference so a fill costs no string key. */
export class SymbolNetting {
  readonly open = new Map<number, Group>();
  readonly totals: SymbolVenueTotals;
  /** The group the last fill joined: fills of one time come together, so most fills skip the map. */
  last: Group | null = null;

  constructor(
    private readonly book: NettingBook,
    readonly symbol: string,
  ) {
    this.totals = { symbol, venueOrders: 0, legs: 0, strategyFees: 0, venueFees: 0, feeSaving: 0, internalised: 0 };
  }

  /** Books one strategy fill. */
  add(side: OrderSide, quantity: number, fee: number, time: number): void {
    const buy = side === 'buy';
    if (!this.book.netting) {
      this.book.close(this, { time, buyQty: buy ? quantity : 0, sellQty: buy ? 0 : quantity, buyFee: buy ? fee : 0, sellFee: buy ? 0 : fee, legs: 1 });
      return;
    }
    let g: Group | null | undefined = this.last;
    if (g === null || g.time !== time) {
      g = this.open.get(time);
      if (g === undefined) {
        g = { time, buyQty: 0, sellQty: 0, buyFee: 0, sellFee: 0, legs: 0 };
        this.open.set(time, g);
        this.book.opened(time);
      }
      this.last = g;
    }
    if (buy) {
      g.buyQty += quantity;
      g.buyFee += fee;
    } else {
      g.sellQty += quantity;
      g.sellFee += fee;
    }
    g.legs++;
  }
}

export class NettingBook {
  private readonly symbols = new Map<string, SymbolNetting>();
  private openGroups = 0;
  private oldest = Infinity;
  /** Venue orders in the order their groups closed (kept only when `keepOrders`). */
  readonly orders: VenueOrderRecord[] = [];

  constructor(
    readonly netting: boolean,
    private readonly keepOrders = false,
  ) {}

  /** The book of one symbol (created on first use). */
  forSymbol(symbol: string): SymbolNetting {
    let s = this.symbols.get(symbol);
    if (s === undefined) {
      s = new SymbolNetting(this, symbol);
      this.symbols.set(symbol, s);
    }
    return s;
  }

  /** Books one strategy fill. */
  add(symbol: string, side: OrderSide, quantity: number, fee: number, time: number): void {
    this.forSymbol(symbol).add(side, quantity, fee, time);
  }

  /** @internal A symbol book opened a group. */
  opened(time: number): void {
    this.openGroups++;
    if (time < this.oldest) this.oldest = time;
  }

  /** Closes every group with a fill time before `time` (in time order, then by symbol: deterministic). */
  flushBefore(time: number): void {
    if (this.openGroups === 0 || this.oldest >= time) return;
    const due: { s: SymbolNetting; g: Group }[] = [];
    let oldest = Infinity;
    for (const s of this.symbols.values()) {
      for (const [t, g] of s.open) {
        if (t < time) {
          due.push({ s, g });
          s.open.delete(t);
          if (s.last === g) s.last = null;
        } else if (t < oldest) oldest = t;
      }
    }
    this.oldest = oldest;
    this.openGroups -= due.length;
    due.sort((a, b) => a.g.time - b.g.time || (a.s.symbol < b.s.symbol ? -1 : a.s.symbol > b.s.symbol ? 1 : 0));
    for (const d of due) this.close(d.s, d.g);
  }

  /** Closes every open group (end of the run). */
  flushAll(): void {
    this.flushBefore(Infinity);
  }

  /** @internal Turns a group into a venue order and adds it to the symbol's totals. */
  close(s: SymbolNetting, g: Group): void {
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
    const t = s.totals;
    if (side !== null) t.venueOrders++;
    t.legs += g.legs;
    t.strategyFees += strategyFees;
    t.venueFees += venueFee;
    t.feeSaving = t.strategyFees - t.venueFees;
    t.internalised += Math.min(g.buyQty, g.sellQty);
    if (this.keepOrders) this.orders.push({ symbol: s.symbol, time: g.time, side, quantity: Math.abs(net), legs: g.legs, strategyFees, venueFee });
  }

  /** Totals over closed groups; symbols in alphabetical order. */
  report(): VenueTotals {
    const bySymbol = [...this.symbols.values()]
      .map((s) => ({ ...s.totals }))
      .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    const sum = (k: 'venueOrders' | 'legs' | 'strategyFees' | 'venueFees') => bySymbol.reduce((a, t) => a + t[k], 0);
    const strategyFees = sum('strategyFees');
    const venueFees = sum('venueFees');
    return { netting: this.netting, venueOrders: sum('venueOrders'), legs: sum('legs'), strategyFees, venueFees, feeSaving: strategyFees - venueFees, bySymbol };
  }
}
