import type { Exchange } from 'ccxt';

/** Rewrites every absolute URL string in a (possibly nested) ccxt `urls.api` value onto `http` / `ws` bases. */
function rewrite(value: unknown, http: string, ws: string): unknown {
  if (typeof value === 'string') {
    if (/^wss?:\/\//.test(value)) return value.replace(/^wss?:\/\/[^/]+/, ws);
    return value.replace(/^https?:\/\/[^/]+/, http);
  }
  if (Array.isArray(value)) return value.map((v) => rewrite(v, http, ws));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = rewrite(v, http, ws);
    return out;
  }
  return value;
}

/** Market kinds a pointed client loads: spot, and USDⓈ-M perpetuals (`linear`) for funding history. */
export type MarketKind = 'spot' | 'linear';

/**
 * Points a real ccxt exchange at another host (a local fake exchange in tests; `--exchange-url`): every REST
 * base URL in `urls.api` keeps its path and gets `baseUrl` as scheme and host
 * (`https://api.binance.com/api/v3` -> `http://127.0.0.1:PORT/api/v3`), every WebSocket URL the same host
 * with `ws://` (`wss://stream.binance.com:9443/ws` -> `ws://127.0.0.1:PORT/ws`). Also limits binance's market
 * loading to `markets` (spot by default; it would otherwise ask the futures and options hosts) and turns off the calls a public-data
 * client never needs. A plain `ws://` URL needs `await exchange.loadHttpProxyAgent()` before the first
 * `watch*` call (ccxt refuses it otherwise): see pointExchangeAt.
 */
export function rewriteExchangeUrls<E extends Exchange>(exchange: E, baseUrl: string, markets: readonly MarketKind[] = ['spot']): E {
  const http = baseUrl.replace(/\/+$/, '');
  const ws = http.replace(/^http/, 'ws');
  exchange.urls.api = rewrite(exchange.urls.api, http, ws) as typeof exchange.urls.api;
  const options = exchange.options as Record<string, unknown>;
  const fm = options.fetchMarkets;
  if (Array.isArray(fm)) options.fetchMarkets = [...markets];
  else if (fm && typeof fm === 'object') options.fetchMarkets = { ...(fm as object), types: [...markets] };
  options.fetchCurrencies = false;
  options.adjustForTimeDifference = false;
  options.fetchMargins = false;
  return exchange;
}

/** rewriteExchangeUrls, then readies ccxt for plain `ws://` streams (the http agent it insists on). */
export async function pointExchangeAt<E extends Exchange>(exchange: E, baseUrl: string): Promise<E> {
  rewriteExchangeUrls(exchange, baseUrl);
  if (baseUrl.startsWith('http://')) await exchange.loadHttpProxyAgent();
  return exchange;
}
