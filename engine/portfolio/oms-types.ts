import type { StrategyConfig } from '../config/schema.ts';
import type { GateContext } from '../execution/order-gate.ts';
import type { ExecutionVenue } from '../execution/venue.ts';
import type { AllocationSettings, PortfolioLimits } from './config.ts';
import type { VenueTotals } from './netting.ts';

/** Options, records and the report of the order management system (engine/portfolio/oms.ts). */

export interface OmsOptions {
  /** Portfolio capital; default: the sum of the registered strategies' capital. Capital not given to a strategy is idle cash. */
  capital?: number;
  /** How strategies size entries; absent or null: from their own cash, as if alone. */
  allocation?: AllocationSettings | null;
  limits?: PortfolioLimits;
  /** Net opposing fills of one symbol at one time into one venue order (see netting.ts). */
  netting?: boolean;
  /** Keep every venue order (`venueOrders()`); off by default: a long run keeps only the totals. */
  recordVenueOrders?: boolean;
  /** The venue each strategy's orders reach; default: a SimulatedVenue on the strategy's execution settings. */
  venue?: (strategy: GateContext, config: StrategyConfig) => ExecutionVenue;
}

/** An order a portfolio limit refused. */
export interface BlockedOrder {
  time: number;
  strategyId: string;
  orderId: string;
  symbol: string;
  limit: string;
  detail: string;
}

export interface AllocationSnapshot {
  time: number;
  weights: number[];
}

export interface OmsReport {
  capital: number;
  idleCash: number;
  equity: number;
  netting: boolean;
  allocation: {
    mode: AllocationSettings['mode'];
    rebalance: string;
    lookback: number | string | null;
    targetVolatility: number | null;
    /** Current weights by strategy id, in start order. */
    weights: { id: string; weight: number }[];
    /** Weights at each rebalance (volatility mode), in start order of `weights`. */
    history: AllocationSnapshot[];
  } | null;
  limits: PortfolioLimits;
  /** Portfolio limits that blocked at least one order (or halted entries), in the order first hit. */
  violatedLimits: string[];
  blocked: { total: number; byLimit: Record<string, number>; byStrategy: Record<string, number> };
  /** Set once the portfolio drawdown limit halted new entries. */
  halted: { time: number; drawdown: number } | null;
  /** Peak-to-trough drawdown of portfolio equity, sampled once per event time (null when the OMS does not follow equity). */
  maxDrawdown: number | null;
  /** Net position per symbol across strategies (Σ signed fill quantities), valued at the last price seen. */
  netExposure: { symbol: string; quantity: number; notional: number }[];
  venue: VenueTotals;
}

/** Names of the portfolio limits as they appear in `violatedLimits` and orderBlocked events. */
export const PORTFOLIO_LIMIT = {
  maxGrossExposure: 'portfolio.maxGrossExposure',
  maxSymbolExposure: 'portfolio.maxSymbolExposure',
  maxOpenPositions: 'portfolio.maxOpenPositions',
  maxDrawdown: 'portfolio.maxDrawdown',
} as const;

/** Volatility window when the config gives no lookback, in bars. */
export const DEFAULT_LOOKBACK = 100;

/** capital − allocated, with the rounding dust of splitting the capital (|x| ≤ 1e-9 of it) taken as 0. */
export function idleOf(capital: number, allocated: number): number {
  const idle = capital - allocated;
  return Math.abs(idle) <= 1e-9 * Math.abs(capital) ? 0 : idle;
}
