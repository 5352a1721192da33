import ccxt, { type Exchange } from 'ccxt';
import { pointExchangeAt } from './exchange-url.ts';

/**
 * A ccxt.pro exchange (REST and WebSocket) by id, rate limited. `url` points it at another host with the same
 * API (`--exchange-url`, a testing option: the fake exchange in testkit/fake-exchange serves Binance's API on
 * 127.0.0.1).
 */
export async function createLiveExchange(id: string, opts: { url?: string } = {}): Promise<Exchange> {
  const pro = (ccxt as unknown as { pro: Record<string, new (config: object) => Exchange> }).pro;
  const ctor = pro[id];
  if (typeof ctor !== 'function') {
    const known = Object.keys(pro).filter((k) => typeof pro[k] === 'function');
    throw new Error(`exchange "${id}" has no live (ccxt.pro) client; e.g. ${known.slice(0, 6).join(', ')}`);
  }
  const ex = new ctor({ enableRateLimit: true });
  if (opts.url) await pointExchangeAt(ex, opts.url);
  return ex;
}
