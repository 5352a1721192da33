import type { Exchange } from 'ccxt';
import { pointExchangeAt, rewriteExchangeUrls } from '../../data/live/exchange-url.ts';

/**
 * Points a real ccxt exchange at a local server (the FakeExchange): REST base URLs keep their path on
 * `baseUrl` (`https://api.binance.com/api/v3` -> `http://127.0.0.1:PORT/api/v3`), WebSocket URLs move to
 * `ws://127.0.0.1:PORT/...`. Also limits market loading to spot and turns off calls a public-data client never
 * needs. For `watch*` calls use pointCcxtAtLive (it also loads the agent ccxt needs for `ws://`).
 */
export function pointCcxtAt<E extends Exchange>(exchange: E, baseUrl: string): E {
  return rewriteExchangeUrls(exchange, baseUrl);
}

/** pointCcxtAt plus `loadHttpProxyAgent()`, ready for ccxt.pro `watch*` calls against the fake's `/ws` stream. */
export function pointCcxtAtLive<E extends Exchange>(exchange: E, baseUrl: string): Promise<E> {
  return pointExchangeAt(exchange, baseUrl);
}
