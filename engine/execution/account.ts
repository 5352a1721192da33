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
  stopIsTrailing?: boolean;
  entries?: number;
}

/**
 * One strategy's virtual account: cash and at most one position per symbol. Isolated per strategy, so two
 * strategies on one symbol each keep their own books.
 *
 * The strategy's own symbol (`symbol`) is the primary one: `position`, `isFlat` and the `price` arguments
 * refer to it. A strategy reading other symbols (informative series) may hold a position in each of them as
 * well; those are marked at their own last price, given through `mark`.
 */
export class Account {
  cash: number;
  realizedPnL = 0;
  fees = 0;
  private pos: OpenPosition | null = null;
  /** Open positions in symbols other than the primary one, in the order they were opened. */
  private others: OpenPosition[] = [];
  /** Last price of each other symbol (for marking its position). */
  private readonly marks = new Map<string, number>();

  constructor(
    readonly strategyId: string,
    readonly initialCapital: number,
    readonly symbol = '',
  ) {
    this.cash = initialCapital;
  }

  get position(): Position | null {
    return this.pos;
  }

  /** Every open position, the primary symbol's first. */
  get positions(): Position[] {
    return this.pos === null ? [...this.others] : [this.pos, ...this.others];
  }

  /** The open position in `symbol`, if any. */
  positionOf(symbol: string): Position | null {
    if (symbol === this.symbol) return this.pos;
    return this.others.find((p) => p.symbol === symbol) ?? null;
  }

  /** Flat in the primary symbol. */
  get isFlat(): boolean {
    return this.pos === null;
  }

  /** Flat in every symbol. */
  get isFlatEverywhere(): boolean {
    return this.pos === null && this.others.length === 0;
  }

  /** The last price of another symbol, used to mark its position. */
  mark(symbol: string, price: number): void {
    this.marks.set(symbol, price);
  }

  /** Marked-to-market equity: the primary position at `price`, the others at their last marks. */
  equityAt(price: number): number {
    const p = this.pos;
    let equity = p === null ? this.cash : p.side === 'long' ? this.cash + p.quantity * price : this.cash - p.quantity * price;
    for (let i = 0; i < this.others.length; i++) {
      const o = this.others[i];
      const at = this.marks.get(o.symbol) ?? o.entryPrice;
      equity += o.side === 'long' ? o.quantity * at : -o.quantity * at;
    }
    return equity;
  }

  unrealizedAt(price: number): number {
    let sum = this.pos === null ? 0 : unrealized(this.pos, price);
    for (const o of this.others) sum += unrealized(o, this.marks.get(o.symbol) ?? o.entryPrice);
    return sum;
  }

  /** Gross notional of every open position at current prices (primary at `price`). */
  notionalAt(price: number): number {
    let sum = this.pos === null ? 0 : this.pos.quantity * price;
    for (const o of this.others) sum += o.quantity * (this.marks.get(o.symbol) ?? o.entryPrice);
    return sum;
  }

  open(symbol: string, side: PositionSide, quantity: number, price: number, fee: number, time: number, stopLoss: number | null, takeProfit: number | null): void {
    if (this.positionOf(symbol) !== null || (this.symbol === '' && this.pos !== null)) throw new Error(`${this.strategyId}: cannot open a ${symbol} position while one is open`);
    this.cash += side === 'long' ? -(quantity * price) - fee : quantity * price - fee;
    this.fees += fee;
    const dir = side === 'long' ? 1 : -1;
    // Frozen: strategies receive this object in their context and must not be able to change the books.
    const position = Object.freeze({
      symbol,
      side,
      quantity,
      entryPrice: price,
      entryTime: time,
      entryFee: fee,
      stopPrice: stopLoss === null ? null : price * (1 - dir * stopLoss),
      takeProfitPrice: takeProfit === null ? null : price * (1 + dir * takeProfit),
    });
    if (this.symbol === '' || symbol === this.symbol) this.pos = position;
    else {
      this.others.push(position);
      this.marks.set(symbol, price);
    }
  }

  /** Moves the stop of the position in `symbol` (a trailing stop's new level; `trailing` says it is the trail's). */
  moveStop(symbol: string, stopPrice: number | null, trailing: boolean): void {
    const p = this.positionOf(symbol);
    if (!p) throw new Error(`${this.strategyId}: no ${symbol} position to move the stop of`);
    this.replace(p, { ...p, stopPrice, stopIsTrailing: trailing });
  }

  /**
   * Adds `quantity` at `price` to the open position (pyramiding / DCA): the entry price becomes the
   * quantity-weighted average, the entry fee accumulates, and `entries` counts the fills.
   */
  add(symbol: string, quantity: number, price: number, fee: number): void {
    const p = this.positionOf(symbol);
    if (!p) throw new Error(`${this.strategyId}: no ${symbol} position to add to`);
    this.cash += p.side === 'long' ? -(quantity * price) - fee : quantity * price - fee;
    this.fees += fee;
    const total = p.quantity + quantity;
    this.replace(p, { ...p, quantity: total, entryPrice: (p.quantity * p.entryPrice + quantity * price) / total, entryFee: p.entryFee + fee, entries: (p.entries ?? 1) + 1 });
  }

  /**
   * Closes `quantity` of the position (a partial exit): the round trip of that part, carrying its pro-rata share
   * of the entry fee; the rest stays open at the same average entry. Closing all of it is `close`.
   */
  reduce(quantity: number, price: number, fee: number, time: number, reason: OrderReason, symbol = this.symbol): Trade {
    const p = this.positionOf(symbol);
    if (!p) throw new Error(`${this.strategyId}: no ${symbol} position to reduce`);
    if (!(quantity > 0 && quantity < p.quantity)) throw new Error(`${this.strategyId}: cannot reduce a ${p.quantity} position by ${quantity}`);
    const share = p.entryFee * (quantity / p.quantity);
    const part = { ...p, quantity, entryFee: share };
    this.replace(p, part);
    const trade = this.close(price, fee, time, reason, symbol);
    const rest = { ...p, quantity: p.quantity - quantity, entryFee: p.entryFee - share };
    const frozen = Object.freeze(rest);
    if (this.symbol === '' || symbol === this.symbol) this.pos = frozen;
    else this.others.push(frozen);
    return trade;
  }

  /** Swaps the frozen position object `old` for a frozen copy of `next` (strategies hold the old one read-only). */
  private replace(old: Position, next: OpenPosition): void {
    const frozen = Object.freeze(next);
    if (old === this.pos) this.pos = frozen;
    else this.others = this.others.map((o) => (o === old ? frozen : o));
  }

  /** Closes the whole position (the primary symbol's unless told); returns the round trip with P&L net of both legs' fees. */
  close(price: number, fee: number, time: number, reason: OrderReason, symbol = this.symbol): Trade {
    const p = symbol === this.symbol ? this.pos : this.positionOf(symbol);
    if (!p) throw new Error(`${this.strategyId}: no ${symbol ? `${symbol} ` : ''}position to close`);
    this.cash += p.side === 'long' ? p.quantity * price - fee : -(p.quantity * price) - fee;
    this.fees += fee;
    const gross = p.side === 'long' ? p.quantity * (price - p.entryPrice) : p.quantity * (p.entryPrice - price);
    const fees = p.entryFee + fee;
    const pnl = gross - fees;
    this.realizedPnL += pnl;
    if (p === this.pos) this.pos = null;
    else this.others = this.others.filter((o) => o !== p);
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

function unrealized(p: OpenPosition, price: number): number {
  return p.side === 'long' ? p.quantity * (price - p.entryPrice) : p.quantity * (p.entryPrice - price);
}
