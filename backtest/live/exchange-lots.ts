import ccxt, { type Exchange } from 'ccxt';
import type { StrategyConfig } from '../../engine/config/schema.ts';

/** A market's quantity rules as ccxt reports them: its amount step and its minimum amount (either may be missing). */
export interface MarketQuantity {
  readonly lotSize?: number;
  readonly minQuantity?: number;
}

/**
 * The amount step and minimum of `symbol` on a loaded exchange. ccxt states the step either as a size (precision
 * mode TICK_SIZE, Binance's LOT_SIZE stepSize) or as decimal places (DECIMAL_PLACES: 5 means 0.00001); a mode
 * stating significant digits has no fixed step and gives none. Null when the exchange does not list the symbol.
 */
export function marketQuantity(exchange: Exchange, symbol: string): MarketQuantity | null {
  const market = exchange.markets?.[symbol];
  if (market === undefined) return null;
  const step = market.precision?.amount;
  const mode = exchange.precisionMode;
  const lot = typeof step !== 'number' || !(step > 0) ? undefined : mode === ccxt.TICK_SIZE ? step : mode === ccxt.DECIMAL_PLACES ? 10 ** -step : undefined;
  const min = market.limits?.amount?.min;
  return { ...(lot !== undefined ? { lotSize: Number(lot.toPrecision(12)) } : {}), ...(typeof min === 'number' && min > 0 ? { minQuantity: min } : {}) };
}

/**
 * The exchange's quantity rules for a new paper session's configs, by config index: a config that states neither
 * `execution.lotSize` nor `execution.minQuantity` trades its symbol in the exchange's amount steps and minimum, as
 * the exchange would accept the order (null: the config's own rules, or none known). The session header records
 * them (`lots`) beside the configs as given, so a resumed or replayed session sizes exactly as the live one did.
 */
export async function exchangeLots(configs: readonly StrategyConfig[], load: () => Promise<Exchange>, say: (line: string) => void): Promise<(MarketQuantity | null)[]> {
  const open = configs.map((c) => c.execution.lotSize === undefined && c.execution.minQuantity === undefined);
  if (!open.includes(true)) return configs.map(() => null);
  let exchange: Exchange;
  try {
    exchange = await load();
    await exchange.loadMarkets();
  } catch (err) {
    say(`market info: could not load the exchange's markets (${(err as Error).message}); quantities follow the configs only (no lot size or minimum)`);
    return configs.map(() => null);
  }
  return configs.map((c, i) => {
    if (!open[i]) return null;
    const q = marketQuantity(exchange, c.symbol);
    if (q === null || (q.lotSize === undefined && q.minQuantity === undefined)) {
      say(`market info: ${exchange.id} states no amount step or minimum for ${c.symbol}; strategy "${c.id}" sizes without one`);
      return null;
    }
    say(`market info: strategy "${c.id}" trades ${c.symbol} in lots of ${q.lotSize ?? 'any size'} with a minimum of ${q.minQuantity ?? 'none'} (${exchange.id}'s market info)`);
    return q;
  });
}

/** A session's configs as it runs them: the logged configs with the exchange's quantity rules the header recorded. */
export function withLots(configs: readonly StrategyConfig[], lots: readonly (MarketQuantity | null)[] | undefined): StrategyConfig[] {
  return configs.map((c, i) => {
    const q = lots?.[i];
    return q ? { ...c, execution: { ...c.execution, ...q } } : c;
  });
}
