import type { StrategyConfig } from '../config/schema.ts';
import { declaredSeries } from '../config/series.ts';
import type { GateAccountView, GateContext } from '../execution/order-gate.ts';
import { timeframeMs } from '../timeframe.ts';
import type { Position } from '../types.ts';
import type { ExposureBook } from './exposure.ts';
import type { NettingBook } from './netting.ts';
import { newSlot, type Slot } from './oms-venue.ts';

/**
 * A strategy as the exposure book sees it in one symbol other than its own (a pairs leg): the owner's context,
 * with that symbol's last price, position and pending order. It reads the owner's slot each time, so a rebuilt
 * strategy (a new context on the same slot) is followed without re-attaching.
 */
class LegContext implements GateContext {
  constructor(
    private readonly owner: Slot,
    private readonly symbol: string,
  ) {}

  get id(): string {
    return this.owner.ctx.id;
  }
  get lastPrice(): number | null {
    return this.owner.ctx.lastPriceOf?.(this.symbol) ?? null;
  }
  get lastTime(): number | null {
    return this.owner.ctx.lastTime;
  }
  get status(): GateContext['status'] {
    return this.owner.ctx.status;
  }
  get config(): StrategyConfig {
    return this.owner.ctx.config;
  }
  get account(): GateAccountView {
    const a = this.owner.ctx.account;
    const symbol = this.symbol;
    return { cash: a.cash, position: a.positionOf?.(symbol) ?? null, equityAt: (p: number) => a.equityAt(p), positionOf: (s: string): Position | null => a.positionOf?.(s) ?? null };
  }
  get hasPendingOrder(): boolean {
    return this.owner.ctx.hasPendingOrderIn?.(this.symbol) ?? false;
  }
  get metrics(): { readonly equity: number } {
    return this.owner.ctx.metrics;
  }
}

/**
 * The slot of `owner`'s position in `symbol`: the owner itself for its own symbol, else a leg slot made on first
 * use. A leg has its own exposure entry (net, gross, open count, reservation) and netting group for its symbol,
 * priced on the owner's finest series of that symbol; capital, weight, equity and blocked counts stay the
 * owner's.
 */
export function positionSlot(owner: Slot, symbol: string, exposure: ExposureBook, book: NettingBook): Slot {
  if (symbol === owner.sym.symbol) return owner;
  const legs = (owner.legs ??= new Map());
  let leg = legs.get(symbol);
  if (leg === undefined) {
    leg = newSlot(-1, new LegContext(owner, symbol), owner.inner, book.forSymbol(symbol), 0) as Slot;
    leg.owner = owner;
    leg.sym = exposure.attach(leg, symbol, finestMs(owner.ctx.config, symbol));
    legs.set(symbol, leg);
  }
  return leg;
}

/** The finest timeframe the config declares for `symbol` (its trading series). */
function finestMs(config: StrategyConfig, symbol: string): number {
  let best = Infinity;
  for (const s of declaredSeries(config)) if (s.symbol === symbol) best = Math.min(best, timeframeMs(s.timeframe));
  return best;
}
