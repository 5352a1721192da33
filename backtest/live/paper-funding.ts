import { marginTerms } from '../../engine/config/margin-schema.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { perpetualOf, type FundingSymbol } from '../../data/live/live-funding.ts';
import type { SessionEntry } from './session-log.ts';

/**
 * The symbols a paper session polls funding for: those its perpetual strategies (`instrument: "perpetual"`, the
 * configs it was created with) trade, each with the perpetual market whose funding applies and the newest
 * funding time the log already holds (none: `start`, the session's first candle, so every payment while it runs
 * is delivered and logged once).
 */
export function fundingSymbols(configs: readonly StrategyConfig[], entries: readonly SessionEntry[], start: number): FundingSymbol[] {
  const symbols = [...new Set(configs.filter((c) => marginTerms(c).instrument === 'perpetual').map((c) => c.symbol))].sort();
  const after = new Map(symbols.map((s) => [s, start]));
  for (const e of entries) if (e.k === 'fundingRate' && after.has(e.symbol)) after.set(e.symbol, Math.max(after.get(e.symbol)!, e.time));
  return symbols.map((symbol) => ({ symbol, market: perpetualOf(symbol), after: after.get(symbol)! }));
}
