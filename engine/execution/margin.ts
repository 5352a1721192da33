import type { MarginTerms } from '../config/margin-schema.ts';
import type { Candle, MarginMetrics, Position, Trade } from '../types.ts';

const DAY_MS = 86_400_000;

/**
 * Liquidation price of an isolated position, Binance's isolated formula for one position with no other
 * positions in its margin: the price at which the margin left (initial margin entry·q/L plus the unrealised
 * P&L) equals the maintenance margin on the notional at that price (mm·q·P):
 *   long:  entry·(1 − 1/L) / (1 − mm)      short: entry·(1 + 1/L) / (1 + mm)
 * The linear form entry·(1 − 1/L + mm) charges maintenance on the entry notional instead; the two differ by
 * O(mm²·entry) (at L = 10, mm = 0.004: 0.90361 vs 0.904 of the entry). Fees and funding do not move it.
 */
export function liquidationPrice(side: 'long' | 'short', entry: number, leverage: number, mm: number): number {
  return side === 'long' ? (entry * (1 - 1 / leverage)) / (1 - mm) : (entry * (1 + 1 / leverage)) / (1 + mm);
}

/** A liquidation a bar triggered: where it fills and whether the bar opened through it (a gap). */
export interface LiquidationHit {
  price: number;
  level: number;
  gap: boolean;
}

/**
 * Whether `bar` reaches the liquidation level of `p`, like a stop: a bar opening through it liquidates at the
 * open (gap: true; the loss then exceeds the isolated margin, and the excess is reported); a bar whose low (long)
 * or high (short) reaches it liquidates at the level. With `stopFirst`, a stop tighter than the level is left to
 * the stop check (the price passes the stop first); a gap through the level still liquidates first.
 */
export function liquidationHit(p: Position, level: number, bar: Candle, stopFirst: boolean, out: LiquidationHit): boolean {
  const long = p.side === 'long';
  out.level = level;
  if (long ? bar.open <= level : bar.open >= level) {
    out.price = bar.open;
    out.gap = true;
    return true;
  }
  if (!(long ? bar.low <= level : bar.high >= level)) return false;
  const stop = p.stopPrice;
  if (stopFirst && stop !== null && (long ? stop > level : stop < level)) return false;
  out.price = level;
  out.gap = false;
  return true;
}

/**
 * The margin state of one strategy that trades on margin, a perpetual, or shorts spot at a borrow rate: totals of
 * funding and borrow cost, liquidations, and the funding each open position has accrued. A spot strategy without a
 * borrow rate has none (its instance holds null and touches nothing per bar).
 */
export class MarginBook {
  fundingPaid = 0;
  fundingReceived = 0;
  borrowCost = 0;
  liquidations = 0;
  /** Net funding (received − paid) accrued by each open position, by symbol. */
  private readonly accrued = new Map<string, number>();
  readonly hit: LiquidationHit = { price: 0, level: 0, gap: false };

  constructor(readonly terms: MarginTerms) {}

  get liquidates(): boolean {
    return this.terms.instrument !== 'spot';
  }

  /** The liquidation level of an open position (null for spot). */
  levelOf(p: Position): number | null {
    return this.liquidates ? liquidationPrice(p.side, p.entryPrice, this.terms.leverage, this.terms.maintenanceMargin) : null;
  }

  /** Isolated margin of a position: entry notional / leverage. */
  marginOf(p: Position): number {
    return (p.quantity * p.entryPrice) / this.terms.leverage;
  }

  /**
   * One funding payment on `p` at `mark`: notional × rate, paid by a long and received by a short when the rate is
   * positive (the other way round when negative). Returns the cash change (negative when paid).
   */
  fund(p: Position, mark: number, rate: number): number {
    const payment = p.quantity * mark * rate;
    const cash = p.side === 'long' ? -payment : payment;
    if (cash < 0) this.fundingPaid -= cash;
    else this.fundingReceived += cash;
    this.accrued.set(p.symbol, (this.accrued.get(p.symbol) ?? 0) + cash);
    return cash;
  }

  /**
   * Settles the carrying costs of the part `quantity` of `p` just closed into its trade: its share of the accrued
   * funding (already in the cash) and, for a spot or margin short, the borrow cost of entry notional × rate × days
   * held (charged now). Returns the trade with them in its P&L and the cash change still due (−borrow).
   */
  settle(trade: Trade, p: Position, quantity: number): { trade: Trade; cash: number } {
    const share = quantity / p.quantity;
    const accrued = this.accrued.get(p.symbol) ?? 0;
    const funding = accrued * share;
    if (share >= 1) this.accrued.delete(p.symbol);
    else if (accrued !== 0) this.accrued.set(p.symbol, accrued - funding);
    const rate = this.terms.borrowRatePerDay;
    const borrow = p.side === 'short' && rate > 0 && this.terms.instrument !== 'perpetual' ? quantity * p.entryPrice * rate * ((trade.exitTime - p.entryTime) / DAY_MS) : 0;
    this.borrowCost += borrow;
    if (funding === 0 && borrow === 0 && this.terms.instrument !== 'perpetual') return { trade, cash: 0 };
    const pnl = trade.pnl + funding - borrow;
    const out: Trade = { ...trade, pnl, return: pnl / (trade.quantity * trade.entryPrice), ...(this.terms.instrument === 'perpetual' ? { funding } : {}), ...(borrow > 0 ? { borrowCost: borrow } : {}) };
    return { trade: out, cash: -borrow };
  }

  /** The block of metrics: instrument, terms, funding and borrow totals, liquidations, the open position's level. */
  report(p: Position | null): MarginMetrics {
    const t = this.terms;
    return {
      instrument: t.instrument,
      leverage: t.leverage,
      marginMode: t.marginMode,
      maintenanceMargin: t.maintenanceMargin,
      borrowRatePerDay: t.borrowRatePerDay,
      fundingPaid: this.fundingPaid,
      fundingReceived: this.fundingReceived,
      fundingNet: this.fundingReceived - this.fundingPaid,
      borrowCost: this.borrowCost,
      liquidations: this.liquidations,
      liquidationPrice: p === null ? null : this.levelOf(p),
      marginUsed: p === null ? 0 : this.marginOf(p),
      maintenanceRequired: p === null || !this.liquidates ? 0 : p.quantity * p.entryPrice * t.maintenanceMargin,
    };
  }
}

/** The margin rules of a config in words, for the run's manifest. */
export function marginPolicy(t: MarginTerms): Record<string, unknown> {
  const liq =
    t.instrument === 'spot'
      ? 'none (spot is never liquidated)'
      : `isolated: long at entry·(1 − 1/${t.leverage})/(1 − ${t.maintenanceMargin}), short at entry·(1 + 1/${t.leverage})/(1 + ${t.maintenanceMargin}); checked per bar like a stop (before a looser stop), filled at the level with the taker fee, a gap through it at the open with the loss beyond the margin reported`;
  return {
    instrument: t.instrument,
    leverage: t.leverage,
    marginMode: t.marginMode,
    maintenanceMargin: t.maintenanceMargin,
    liquidation: liq,
    sizing: t.leverage === 1 ? 'on the cash' : `on buying power: cash × ${t.leverage}`,
    borrowRatePerDay: t.borrowRatePerDay,
    borrow: t.instrument === 'perpetual' ? 'none (perpetuals pay funding)' : `shorts pay entry notional × ${t.borrowRatePerDay} × days held, charged at the exit`,
    funding:
      t.instrument === 'perpetual'
        ? 'at each funding time T, after every bar closing at or before T: quantity × the last close at or before T × rate; longs pay positive rates, shorts receive them'
        : 'none',
  };
}
