import ccxt, { type Exchange } from 'ccxt';
import type { Timeframe } from '../../engine/types.ts';

export interface RestRangeOptions {
  /** Candles per request (default 1000). */
  readonly limit?: number;
  /** Retries per request on ccxt.NetworkError (default 4), waiting retryDelayMs * 2^attempt. */
  readonly maxRetries?: number;
  readonly retryDelayMs?: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Stop paging once a row opens at or after this. */
  readonly until?: number;
}

export interface RestRange {
  /** Rows as ccxt returns them ([t, o, h, l, c, v]), in the order received. */
  readonly rows: number[][];
  readonly requests: number;
  readonly retries: number;
}

/**
 * Every candle from `since` to the newest the exchange serves (the still-forming one included), page by page
 * through fetchOHLCV; network errors are retried with exponential backoff, anything else is thrown.
 */
export async function fetchRestRange(ex: Exchange, symbol: string, timeframe: Timeframe, since: number, opts: RestRangeOptions): Promise<RestRange> {
  const limit = opts.limit ?? 1000;
  const maxRetries = opts.maxRetries ?? 4;
  const delay = opts.retryDelayMs ?? 250;
  const until = opts.until ?? Number.POSITIVE_INFINITY;
  const rows: number[][] = [];
  let requests = 0;
  let retries = 0;
  let from = since;
  for (;;) {
    let page: number[][];
    for (let attempt = 0; ; attempt++) {
      requests++;
      try {
        page = (await ex.fetchOHLCV(symbol, timeframe, from, limit)) as number[][];
        break;
      } catch (err) {
        if (!(err instanceof ccxt.NetworkError) || attempt >= maxRetries) throw err;
        retries++;
        await opts.sleep(delay * 2 ** attempt);
      }
    }
    if (page.length === 0) break;
    let newest = Number.NEGATIVE_INFINITY;
    for (const r of page) {
      rows.push(r);
      const t = Number(r[0]);
      if (t > newest) newest = t;
    }
    if (page.length < limit || !Number.isFinite(newest) || newest < from || newest >= until) break;
    from = newest + 1;
  }
  return { rows, requests, retries };
}
