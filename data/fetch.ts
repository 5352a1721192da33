import ccxt, { type Exchange } from 'ccxt';
import { timeframeMs } from '../engine/timeframe.ts';
import type { Timeframe } from '../engine/types.ts';
import { allocColumns, truncateColumns } from './columns.ts';
import { findGaps, type GapReport } from './gaps.ts';
import { readSeries } from './store-read.ts';
import { appendQuarantine, upsertCandles, type QuarantineRow } from './store-write.ts';
import { inTransaction, type SeriesRef, type Store } from './store.ts';
import { validateBatch } from './validate.ts';
import { sleep as wait } from './sleep.ts';

/** What every ccxt download into the store is given (candles here, funding in data/funding/funding-fetch.ts). */
export interface DownloadOptions {
  /** A ccxt exchange id (`binance`) or a ready instance (tests point one at a fake server). */
  readonly exchange: string | Exchange;
  readonly symbol: string;
  /** First time wanted, epoch ms. */
  readonly since: number;
  /** Times before this, epoch ms (default: up to now). */
  readonly until?: number;
  readonly store: Store;
  /** Name of the exchange in the store (default: the ccxt id). */
  readonly storeExchange?: string;
  /** Rows asked per request (default 1000; exchanges may send fewer). */
  readonly pageLimit?: number;
  /** Retries per request on ccxt.NetworkError (default 5), waiting retryDelayMs * 2^attempt. */
  readonly maxRetries?: number;
  readonly retryDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface FetchOptions extends DownloadOptions {
  readonly timeframe: Timeframe;
  /** The clock deciding which candle is still forming (default Date.now). */
  readonly now?: () => number;
  /** false: download the whole range even where the store has candles (fills holes; default true). */
  readonly resume?: boolean;
  readonly onProgress?: (p: FetchProgress) => void;
}

export interface FetchProgress {
  readonly pages: number;
  readonly candles: number;
  /** Open time of the newest candle received. */
  readonly reached: number;
}

export interface FetchReport {
  readonly series: SeriesRef;
  readonly source: string;
  /** Where downloading started (later than `since` when the store already had the head of the range). */
  readonly startedAt: number;
  /** The store already held part of the range: only the missing head and tail were downloaded. */
  readonly resumed: boolean;
  readonly requests: number;
  readonly retries: number;
  readonly received: number;
  readonly imported: number;
  readonly quarantined: number;
  readonly byReason: Record<string, number>;
  readonly duplicates: number;
  /** Still-forming candles left out. */
  readonly forming: number;
  readonly gaps: GapReport;
}

/** First and last stored open time of a series within [from, to), or null when it has none there. */
async function storedRange(store: Store, series: SeriesRef, from: number, to: number): Promise<{ first: number; last: number } | null> {
  const r = await store.connection.runAndReadAll(
    `SELECT min(open_time)::DOUBLE, max(open_time)::DOUBLE FROM candles
     WHERE exchange = $1 AND symbol = $2 AND timeframe = $3 AND open_time >= $4 AND open_time < $5`,
    [series.exchange, series.symbol, series.timeframe, BigInt(Math.trunc(from)), BigInt(Math.trunc(Math.min(to, 8.64e15)))],
  );
  const [first, last] = r.getRows()[0] as [number | null, number | null];
  return first === null || last === null ? null : { first, last };
}

/**
 * Calls `call` until it succeeds, retrying only ccxt.NetworkError (never a bad symbol or another exchange error)
 * up to `maxRetries` times, waiting retryDelayMs * 2^attempt; `onAttempt` and `onRetry` count requests and retries.
 */
export async function retryingNetwork<T>(
  call: () => Promise<T>,
  o: { maxRetries: number; retryDelayMs: number; sleep: (ms: number) => Promise<void> },
  onAttempt: () => void = () => {},
  onRetry: () => void = () => {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    onAttempt();
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof ccxt.NetworkError) || attempt >= o.maxRetries) throw err;
      onRetry();
      await o.sleep(o.retryDelayMs * 2 ** attempt);
    }
  }
}

/** A ccxt exchange by id with rate limiting on; throws on an unknown id, naming a few known ones. */
export function createExchange(id: string): Exchange {
  const ctor = (ccxt as unknown as Record<string, new (config: object) => Exchange>)[id];
  if (!ccxt.exchanges.includes(id) || typeof ctor !== 'function') {
    throw new Error(`unknown exchange "${id}" (ccxt knows ${ccxt.exchanges.length}, e.g. ${ccxt.exchanges.slice(0, 5).join(', ')})`);
  }
  return new ctor({ enableRateLimit: true });
}

/**
 * Downloads candles through ccxt's fetchOHLCV into the store: pages of `pageLimit`, each next page starting
 * one timeframe after the newest candle received; resumes after the newest stored candle (and fills in
 * a missing head before the oldest stored one; holes in between need `resume: false`); retries network
 * errors with exponential backoff (never a bad symbol or other exchange error); validates every page like
 * a file import (bad rows quarantined with source `ccxt:<id>`; row N = the N-th row received in this
 * download); leaves out the still-forming candle. Each page is committed on its own, so an interrupted
 * download resumes where it stopped.
 */
export async function fetchCandles(opts: FetchOptions): Promise<FetchReport> {
  const ex = typeof opts.exchange === 'string' ? createExchange(opts.exchange) : opts.exchange;
  const step = timeframeMs(opts.timeframe);
  const now = opts.now ?? (() => Date.now());
  const sleep = opts.sleep ?? ((ms: number) => wait(ms));
  const limit = opts.pageLimit ?? 1000;
  const maxRetries = opts.maxRetries ?? 5;
  const retryDelay = opts.retryDelayMs ?? 1000;
  const series: SeriesRef = { exchange: opts.storeExchange ?? ex.id, symbol: opts.symbol, timeframe: opts.timeframe };
  const source = `ccxt:${ex.id}`;
  if (!ex.has.fetchOHLCV) throw new Error(`${ex.id} has no fetchOHLCV in ccxt`);

  const end = opts.until ?? Number.POSITIVE_INFINITY;
  const stored = opts.resume === false ? null : await storedRange(opts.store, series, opts.since, end);
  // Resume: download only what is missing around what the store holds in [since, until).
  const segments: [number, number][] = stored
    ? [
        ...(stored.first > opts.since ? [[opts.since, stored.first] as [number, number]] : []),
        [stored.last + step, end],
      ]
    : [[opts.since, end]];
  const resumed = stored !== null;
  const startedAt = segments[0][0];

  let requests = 0;
  let retries = 0;
  let received = 0;
  let imported = 0;
  let duplicates = 0;
  let forming = 0;
  let pages = 0;
  const byReason: Record<string, number> = {};
  let quarantined = 0;

  const withRetry = <T>(call: () => Promise<T>): Promise<T> =>
    retryingNetwork(call, { maxRetries, retryDelayMs: retryDelay, sleep }, () => requests++, () => retries++);

  /** Downloads open times [from, to), page by page. */
  const fetchRange = async (from: number, to: number) => {
    let since = from;
    const params = Number.isFinite(to) ? { until: to - 1 } : {};
    for (;;) {
      if (since >= to || since + step > now()) return;
      const page = await withRetry(() => ex.fetchOHLCV(opts.symbol, opts.timeframe, since, limit, params));
      if (page.length === 0) return;
      pages++;
      const cols = allocColumns(page.length);
      const rowNumbers: number[] = [];
      let newest = Number.NEGATIVE_INFINITY;
      let reachedNow = false;
      let n = 0;
      const base = received;
      for (const row of page) {
        const t = Number(row[0]);
        received++;
        if (Number.isFinite(t) && t > newest) newest = t;
        if (t < since || t >= to) continue;
        if (t + step > now()) {
          forming++;
          reachedNow = true;
          continue;
        }
        cols.openTime[n] = t;
        cols.open[n] = Number(row[1] ?? Number.NaN);
        cols.high[n] = Number(row[2] ?? Number.NaN);
        cols.low[n] = Number(row[3] ?? Number.NaN);
        cols.close[n] = Number(row[4] ?? Number.NaN);
        cols.volume[n] = Number(row[5] ?? Number.NaN);
        rowNumbers.push(received);
        n++;
      }
      const batch = validateBatch(truncateColumns(cols, n), opts.timeframe);
      const rejects: QuarantineRow[] = batch.rejected.map((r) => ({
        rowNumber: rowNumbers[r.index],
        reason: r.reason,
        raw: JSON.stringify(page[rowNumbers[r.index] - base - 1]),
      }));
      await inTransaction(opts.store, async () => {
        await upsertCandles(opts.store, series, batch.candles);
        await appendQuarantine(opts.store, source, series, rejects);
      });
      imported += batch.candles.length;
      duplicates += batch.duplicates;
      for (const r of rejects) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
      quarantined += rejects.length;
      if (Number.isFinite(newest)) opts.onProgress?.({ pages, candles: imported, reached: newest });
      if (reachedNow || !Number.isFinite(newest) || newest + step <= since) return;
      since = newest + step;
    }
  };
  for (const [from, to] of segments) await fetchRange(from, to);

  const all = await readSeries(opts.store, series, { from: opts.since, to: opts.until });
  return {
    series,
    source,
    startedAt,
    resumed,
    requests,
    retries,
    received,
    imported,
    quarantined,
    byReason,
    duplicates,
    forming,
    gaps: findGaps(all.openTime, opts.timeframe),
  };
}
