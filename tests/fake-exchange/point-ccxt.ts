import type { Exchange } from 'ccxt';

/** Rewrites every absolute URL string in a (possibly nested) ccxt `urls.api` value to start at `base`. */
function rewrite(value: unknown, base: string): unknown {
  if (typeof value === 'string') return value.replace(/^(https?|wss?):\/\/[^/]+/, base);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, base));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = rewrite(v, base);
    return out;
  }
  return value;
}

/**
 * Points a real ccxt exchange at a local server (the FakeExchange): every REST base URL in `urls.api`
 * keeps its path and gets `baseUrl` as scheme and host (`https://api.binance.com/api/v3` ->
 * `http://127.0.0.1:PORT/api/v3`). Also limits market loading to spot (binance would otherwise ask the
 * futures and options hosts too) and turns off the calls a public-data client never needs.
 */
export function pointCcxtAt<E extends Exchange>(exchange: E, baseUrl: string): E {
  const base = baseUrl.replace(/\/+$/, '');
  exchange.urls.api = rewrite(exchange.urls.api, base) as typeof exchange.urls.api;
  const options = exchange.options as Record<string, unknown>;
  const fm = options.fetchMarkets;
  if (Array.isArray(fm)) options.fetchMarkets = ['spot'];
  else if (fm && typeof fm === 'object') options.fetchMarkets = { ...(fm as object), types: ['spot'] };
  options.fetchCurrencies = false;
  options.adjustForTimeDifference = false;
  options.fetchMargins = false;
  return exchange;
}
