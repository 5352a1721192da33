import * as z from 'zod';

/**
 * The instrument a strategy trades and its margin terms. Every field is optional and resolved by `marginTerms`,
 * so a config without them parses to exactly what it did before (spot, leverage 1, no borrow cost).
 */
export const MarginFields = {
  /** `spot` (the default: cash only), `margin` (borrowed, isolated) or `perpetual` (a perpetual future: isolated margin and funding). */
  instrument: z.enum(['spot', 'margin', 'perpetual']).optional(),
  /** Notional per unit of margin; default 1. Above 1 only for `margin` and `perpetual`. */
  leverage: z.number().min(1).max(125).optional(),
  /** Only isolated margin is modelled: each position's margin is its own, the rest of the cash is never at risk. */
  marginMode: z.literal('isolated').optional(),
  /** Maintenance margin rate of the position's notional; default 0.004 (Binance USDT-M first tier). */
  maintenanceMargin: z.number().min(0).max(0.5).optional(),
  /** Borrow cost of a spot or margin short, a fraction of the entry notional per day held; default 0. */
  borrowRatePerDay: z.number().min(0).max(0.1).optional(),
  /** A perpetual backtest over a range with missing funding history: refuse (`error`, the default) or run and record the gap (`warn`). */
  funding: z.strictObject({ missing: z.enum(['error', 'warn']).default('error') }).optional(),
};

/** Binance USDT-M futures' maintenance margin rate of the first notional tier. */
export const DEFAULT_MAINTENANCE_MARGIN = 0.004;

export type Instrument = 'spot' | 'margin' | 'perpetual';

/** The resolved margin terms of a config. */
export interface MarginTerms {
  instrument: Instrument;
  leverage: number;
  marginMode: 'isolated';
  maintenanceMargin: number;
  borrowRatePerDay: number;
  fundingMissing: 'error' | 'warn';
}

interface MarginInput {
  instrument?: Instrument;
  leverage?: number;
  marginMode?: 'isolated';
  maintenanceMargin?: number;
  borrowRatePerDay?: number;
  funding?: { missing: 'error' | 'warn' };
}

/** The config's margin terms with their defaults. */
export function marginTerms(c: MarginInput): MarginTerms {
  return {
    instrument: c.instrument ?? 'spot',
    leverage: c.leverage ?? 1,
    marginMode: 'isolated',
    maintenanceMargin: c.maintenanceMargin ?? DEFAULT_MAINTENANCE_MARGIN,
    borrowRatePerDay: c.borrowRatePerDay ?? 0,
    fundingMissing: c.funding?.missing ?? 'error',
  };
}

/** True when the engine keeps margin state for the config: any instrument but spot, or a spot short's borrow cost. */
export function usesMargin(c: MarginInput): boolean {
  return (c.instrument ?? 'spot') !== 'spot' || (c.borrowRatePerDay ?? 0) > 0;
}

/** Cross-field checks: leverage, maintenance and funding options only where the instrument has them. */
export function checkMargin(c: MarginInput & { allowShort: boolean }, issue: (path: (string | number)[], message: string) => void): void {
  const instrument = c.instrument ?? 'spot';
  if (instrument === 'spot') {
    if (c.leverage !== undefined && c.leverage > 1) issue(['leverage'], `leverage ${c.leverage} needs "instrument": "margin" or "perpetual" (spot trades only the cash it has)`);
    if (c.maintenanceMargin !== undefined) issue(['maintenanceMargin'], 'maintenanceMargin needs "instrument": "margin" or "perpetual" (a spot position is never liquidated)');
    if (c.marginMode !== undefined) issue(['marginMode'], 'marginMode needs "instrument": "margin" or "perpetual"');
  }
  if (instrument === 'perpetual' && c.borrowRatePerDay !== undefined) issue(['borrowRatePerDay'], 'a perpetual pays funding, not a borrow rate: borrowRatePerDay is for spot and margin shorts');
  if (instrument !== 'perpetual' && c.funding !== undefined) issue(['funding'], 'funding is for "instrument": "perpetual"');
  const lev = c.leverage ?? 1;
  const mm = c.maintenanceMargin ?? DEFAULT_MAINTENANCE_MARGIN;
  if (instrument !== 'spot' && mm >= 1 / lev) issue(['maintenanceMargin'], `maintenanceMargin ${mm} is at least the initial margin 1/leverage = ${1 / lev}: the position would be liquidated at entry`);
}
