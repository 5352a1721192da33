import type { StrategyConfig } from '../../engine/config/schema.ts';
import { MarketSchema } from '../../engine/markets/market.ts';
import { DEFAULT_EXCHANGE } from '../../data/store-schema.ts';
import { openStore } from '../../data/store.ts';
import { isStore } from './data-source.ts';

/** Where a strategy's market came from, in words for the manifest. */
export type MarketSource = string;

/**
 * The market each config runs on: its own when it states one; else, reading a store, the market recorded for
 * its symbol at import (series_info; `strata data import --market us_equity`); else the default, crypto (24/7).
 * A recorded market that is not a named one (a custom spec keeps only its name) is not applied, and says so.
 */
export async function withStoreMarkets(configs: readonly StrategyConfig[], data: { paths: readonly string[]; exchange?: string }): Promise<{ configs: StrategyConfig[]; sources: MarketSource[] }> {
  const store = data.paths.find(isStore);
  const recorded = store && configs.some((c) => c.market === undefined) ? await recordedMarkets(store, data.exchange ?? DEFAULT_EXCHANGE) : new Map<string, string>();
  const out = configs.map((c) => {
    if (c.market !== undefined) return { config: c, source: 'the config' };
    const name = recorded.get(c.symbol);
    if (name === undefined) return { config: c, source: 'the default (crypto, 24/7)' };
    const market = MarketSchema.safeParse(name);
    if (!market.success) return { config: c, source: `the default (crypto, 24/7): the store records ${c.symbol}'s market as "${name}", which a config must spell out` };
    return { config: { ...c, market: market.data }, source: `the store (${c.symbol} imported as ${name})` };
  });
  return { configs: out.map((o) => o.config), sources: out.map((o) => o.source) };
}

/** The market recorded for each symbol of one exchange in a store (its series are imported with one market; the first by timeframe is taken). */
async function recordedMarkets(path: string, exchange: string): Promise<Map<string, string>> {
  const db = await openStore(path);
  try {
    const reader = await db.connection.runAndReadAll('SELECT symbol, timeframe, market FROM series_info WHERE exchange = $1 ORDER BY symbol, timeframe', [exchange]);
    const out = new Map<string, string>();
    for (const r of reader.getRowObjects()) if (!out.has(String(r.symbol))) out.set(String(r.symbol), String(r.market));
    return out;
  } finally {
    db.close();
  }
}
