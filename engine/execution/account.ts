import type { OrderReason, Position, PositionSide, Trade } from '../types.ts';

interface OpenPosition {
  symbol: string;
  side: PositionSide;
  quantity: number;
  entryPrice: number;
  entryTime: number;
  entryFee: number;
  stopPrice: number | null;
  takeProfitPrice: number | null;
}

/**
 * One strategy's virtual account: cash and at most one position in its symbol. Isolated per strategy, so
 * two strategies on one symbol each keep their own books.
 */
export class Account {
  cash: number;
  realizedPnL = 0;
  fees = 0;
  private pos: OpenPosition | null = null;

  constructor(readonly strategyId: string, readonly initialCapital: number) {
    this.cash = initialCapital;
  }

  get position(): Position | null {
    return this.pos;
  }

  get isFlat(): boolean {
    return this.pos === null;
  }

  /** Marked-to-market equity at `price`. */
  equityAt(price: number): number {
    const p = this.pos;
    if (!p) return this.cash;
    return p.side === 'long' ? this.cash + p.quantity * price : this.cash - p.quantity * price;
  }

  unrealizedAt(price: number): number {
    const p = this.pos;
    if (!p) return 0;
    return p.side === 'long' ? p.quantity * (price - p.entryPrice) : p.quantity * (p.entryPrice - price);
  }

  open(symbol: string, side: PositionSide, quantity: number, price: number, fee: number, time: number, stopLoss: number | null, takeProfit: number | null): void {
    if (this.pos) throw new Error(`${this.strategyId}: cannot open a position while one is open`);
    this.cash += side === 'long' ? -(quantity * price) - fee : quantity * price - fee;
    this.fees += fee;
    const dir = side === 'long' ? 1 : -1;
    // Frozen: strategies receive this object in their context and must not be able to change the books.
    this.pos = Object.freeze({
      symbol,
      side,
      quantity,
      entryPrice: price,
      entryTime: time,
      entryFee: fee,
      stopPrice: stopLoss === null ? null : price * (1 - dir * stopLoss),
      takeProfitPrice: takeProfit === null ? null : price * (1 + dir * takeProfit),
    });
  }

  /** Closes the whole position; returns the round trip with P&L net of both legs' fees. */
  close(price: number, fee: number, time: number, reason: OrderReason): Trade {
    const p = this.pos;
    if (!p) throw new Error(`${this.strategyId}: no position to close`);
    this.cash += p.side === 'long' ? p.quantity * price - fee : -(p.quantity * price) - fee;
    this.fees += fee;
    const gross = p.side === 'long' ? p.quantity * (price - p.entryPrice) : p.quantity * (p.entryPrice - price);
    const fees = p.entryFee + fee;
    const pnl = gross - fees;
    this.realizedPnL += pnl;
    this.pos = null;
    return {
      strategyId: this.strategyId,
      symbol: p.symbol,
      side: p.side,
      quantity: p.quantity,
      entryTime: p.entryTime,
      entryPrice: p.entryPrice,
      exitTime: time,
      exitPrice: price,
      pnl,
      return: pnl / (p.quantity * p.entryPrice),
      fees,
      exitReason: reason,
    };
  }
}
