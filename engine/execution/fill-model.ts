import type { OrderSide } from '../types.ts';

export type FillPolicy = 'next_open' | 'close';

export interface ExecutionSettings {
  /**
   * `next_open` (default): a signal on bar t's close fills at bar t+1's open, so a strategy can never trade
   * on a price it used to decide. `close`: fills at the signal bar's close (optimistic; for comparison).
   */
  fill: FillPolicy;
  /** Fee per fill, basis points of notional (10 = 0.1%). */
  feeBps: number;
  /** Adverse price move per market fill, basis points. */
  slippageBps: number;
}

export const DEFAULT_EXECUTION: ExecutionSettings = { fill: 'next_open', feeBps: 10, slippageBps: 0 };

/** Prices and fees of simulated market fills; one model for backtests and paper trading. */
export class FillModel {
  readonly feeRate: number;
  readonly slipRate: number;

  constructor(readonly settings: ExecutionSettings) {
    this.feeRate = settings.feeBps / 10_000;
    this.slipRate = settings.slippageBps / 10_000;
  }

  /** Market fill price: slippage always moves the price against the trader. */
  marketPrice(side: OrderSide, reference: number): number {
    return side === 'buy' ? reference * (1 + this.slipRate) : reference * (1 - this.slipRate);
  }

  fee(quantity: number, price: number): number {
    return quantity * price * this.feeRate;
  }
}
