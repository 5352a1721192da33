import type { Exchange } from 'ccxt';

/** Called for every raw kline event: the exchange's market id, its interval string, the open time, and `x` (closed). */
export type KlineHint = (marketId: string, interval: string, openTime: number, closed: boolean) => void;

/**
 * ccxt's unified OHLCV rows drop Binance's `x` flag (the kline is final). This peeks at the raw messages
 * before ccxt parses them, so the live feed can emit a candle the moment the exchange closes it instead of
 * waiting for the next one to open. Returns false (and installs nothing) for exchanges whose kline stream
 * has no such flag; the feed then treats a newer open time as the close. Must run before the first `watch*`
 * call (ccxt binds the handler when it creates a connection).
 */
export function installClosedHints(exchange: Exchange, hint: KlineHint): boolean {
  if (!exchange.id.startsWith('binance')) return false;
  const ex = exchange as unknown as { handleMessage(client: unknown, message: unknown): unknown };
  const original = ex.handleMessage.bind(exchange);
  ex.handleMessage = (client: unknown, message: unknown) => {
    if (message !== null && typeof message === 'object') {
      let m = message as Record<string, unknown>;
      if (m.data !== null && typeof m.data === 'object') m = m.data as Record<string, unknown>;
      const k = m.k as Record<string, unknown> | undefined;
      if (m.e === 'kline' && k && typeof k === 'object') hint(String(k.s), String(k.i), Number(k.t), k.x === true);
    }
    return original(client, message);
  };
  return true;
}
