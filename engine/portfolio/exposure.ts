import type { GateContext } from '../execution/order-gate.ts';
import type { OrderSide } from '../types.ts';

/**
 * Positions across strategies, kept up to date from fills so a limit check costs O(symbols + pending entries),
 * not O(strategies):
 * - per symbol: the net quantity (Σ signed fill quantities), the gross quantity of open positions and their count;
 * - the open positions in total, and the entries approved but not filled yet (with their estimated notional).
 * A symbol is valued at the last close of its finest-timeframe strategy (the freshest price the portfolio sees).
 */

/** What the exposure book needs of a strategy slot. */
export interface PositionSlot {
  ctx: GateContext;
  sym: SymbolState;
  /** Quantity of the open position (0: flat) and its sign (+1 long, −1 short). */
  openQty: number;
  openSign: number;
  /** Estimated notional of an approved entry not filled yet (0: none). */
  reserved: number;
}

export interface SymbolState {
  readonly symbol: string;
  /** Σ signed fill quantities of every strategy: the account's real position when orders are netted. */
  net: number;
  /** Σ quantity of the open positions (longs and shorts alike). */
  grossQty: number;
  open: number;
  priceSlot: PositionSlot;
  priceTfMs: number;
  lastFillPrice: number;
}

export class ExposureBook {
  readonly symbols: SymbolState[] = [];
  private readonly bySymbol = new Map<string, SymbolState>();
  openCount = 0;
  /** Slots holding a reservation, in the order they were approved. */
  readonly pending: PositionSlot[] = [];

  /** The state of `symbol`; the slot becomes its price source if its timeframe is the finest so far. */
  attach(slot: PositionSlot, symbol: string, timeframeMs: number): SymbolState {
    let s = this.bySymbol.get(symbol);
    if (s === undefined) {
      s = { symbol, net: 0, grossQty: 0, open: 0, priceSlot: slot, priceTfMs: timeframeMs, lastFillPrice: 0 };
      this.bySymbol.set(symbol, s);
      this.symbols.push(s);
    } else if (timeframeMs < s.priceTfMs) {
      s.priceSlot = slot;
      s.priceTfMs = timeframeMs;
    }
    return s;
  }

  /** The symbol's last price: its finest strategy's last close, else the last fill price. */
  price(s: SymbolState): number {
    return s.priceSlot.ctx.lastPrice ?? s.lastFillPrice;
  }

  onFill(slot: PositionSlot, entry: boolean, side: OrderSide, quantity: number, price: number): void {
    const s = slot.sym;
    s.net += side === 'buy' ? quantity : -quantity;
    s.lastFillPrice = price;
    const sign = side === 'buy' ? 1 : -1;
    if (slot.openQty !== 0 && (entry ? sign === slot.openSign : sign !== slot.openSign && quantity < slot.openQty * (1 - 1e-12))) {
      // An add-on (same side) or a partial exit (opposite side): the position stays open with a new size.
      if (entry && slot.reserved > 0) this.unreserve(slot);
      const next = entry ? slot.openQty + quantity : slot.openQty - quantity;
      s.grossQty += next - slot.openQty;
      slot.openQty = next;
      return;
    }
    if (entry) {
      if (slot.reserved > 0) this.unreserve(slot);
      if (slot.openQty === 0) {
        s.open++;
        this.openCount++;
      } else s.grossQty -= slot.openQty;
      slot.openQty = quantity;
      slot.openSign = side === 'buy' ? 1 : -1;
      s.grossQty += quantity;
    } else if (slot.openQty !== 0) this.close(slot);
  }

  /** A position that vanished without a fill (the strategy was reset): forget it, and its share of the net. */
  drop(slot: PositionSlot): void {
    if (slot.openQty === 0) return;
    slot.sym.net -= slot.openSign * slot.openQty;
    this.close(slot);
  }

  private close(slot: PositionSlot): void {
    const s = slot.sym;
    s.open--;
    this.openCount--;
    s.grossQty = s.open === 0 ? 0 : s.grossQty - slot.openQty;
    slot.openQty = 0;
    slot.openSign = 0;
  }

  reserve(slot: PositionSlot, notional: number): void {
    if (slot.reserved === 0) this.pending.push(slot);
    slot.reserved = notional > 0 ? notional : Number.MIN_VALUE;
  }

  unreserve(slot: PositionSlot): void {
    if (slot.reserved === 0) return;
    slot.reserved = 0;
    const i = this.pending.indexOf(slot);
    if (i >= 0) this.pending.splice(i, 1);
  }

  /** Drops reservations whose entry is no longer pending (it filled, or was cancelled without a fill). */
  prunePending(): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const slot = this.pending[i];
      if (!slot.ctx.hasPendingOrder) {
        slot.reserved = 0;
        this.pending.splice(i, 1);
      }
    }
  }

  /** Σ|notional| of open positions and pending entries in `symbol` (after grossNotional). */
  symbolGross = 0;

  /** Σ|notional| of open positions and pending entries in total; the part in `symbol` is left in `symbolGross`. */
  grossNotional(symbol: string): number {
    let gross = 0;
    let symbolGross = 0;
    for (let i = 0; i < this.symbols.length; i++) {
      const s = this.symbols[i];
      if (s.grossQty === 0) continue;
      const n = s.grossQty * this.price(s);
      gross += n;
      if (s.symbol === symbol) symbolGross += n;
    }
    for (let i = 0; i < this.pending.length; i++) {
      const p = this.pending[i];
      gross += p.reserved;
      if (p.sym.symbol === symbol) symbolGross += p.reserved;
    }
    this.symbolGross = symbolGross;
    return gross;
  }
}
