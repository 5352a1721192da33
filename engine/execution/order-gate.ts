import type { Order } from '../types.ts';

/** What the order gate knows about the strategy asking (kept narrow so the portfolio layer cannot mutate it). */
export interface GateContext {
  readonly id: string;
  readonly lastPrice: number | null;
}

export type GateVerdict = { blocked: false } | { blocked: true; limit: string; detail: string };

/**
 * The portfolio layer's hook into every entry order: approve it, or block it naming the limit. Exits are
 * never gated (reducing risk is always allowed).
 */
export interface OrderGate {
  review(order: Order, strategy: GateContext): GateVerdict;
}
