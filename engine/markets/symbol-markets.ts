import type { Calendar } from './calendar.ts';
import { calendarFor, marketName, type Market } from './market.ts';

/**
 * The calendar of each traded symbol, from the configs that trade it: a symbol trades in one market, so two
 * configs giving one symbol different markets is an error naming both. Symbols no config names are crypto.
 */
export function calendarsBySymbol(configs: readonly { readonly id?: string; readonly symbol: string; readonly market?: Market }[]): (symbol: string) => Calendar {
  const bySymbol = new Map<string, { market: Market | undefined; id: string | undefined }>();
  for (const c of configs) {
    const seen = bySymbol.get(c.symbol);
    if (seen === undefined) bySymbol.set(c.symbol, { market: c.market, id: c.id });
    else if (JSON.stringify(seen.market ?? 'crypto') !== JSON.stringify(c.market ?? 'crypto')) {
      throw new Error(`${c.symbol} is given two markets: ${marketName(seen.market)} by "${seen.id ?? '?'}" and ${marketName(c.market)} by "${c.id ?? '?'}" (a symbol trades in one market)`);
    }
  }
  return (symbol) => calendarFor(bySymbol.get(symbol)?.market);
}
