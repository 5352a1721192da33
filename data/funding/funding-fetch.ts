import { createExchange, retryingNetwork, type DownloadOptions } from '../fetch.ts';
import { appendQuarantine, type QuarantineRow } from '../store-write.ts';
import { inTransaction, type Store } from '../store.ts';
import { fundingGaps, validateFunding, type FundingGaps } from './funding-check.ts';
import { readFunding, upsertFunding, type FundingRow } from './funding-store.ts';

/** `symbol` is the perpetual, unified (`BTC/USDT:USDT`); `since`/`until` bound funding times. */
export type FundingFetchOptions = DownloadOptions;

export interface FundingFetchReport {
  readonly exchange: string;
  readonly symbol: string;
  readonly source: string;
  readonly requests: number;
  readonly received: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly byReason: Record<string, number>;
  /** Payments the stored history misses in [since, until) after the download. */
  readonly gaps: FundingGaps;
}

/**
 * Downloads funding history through ccxt's fetchFundingRateHistory into the store: pages ascending from
 * `since`, each next page one millisecond after the newest time received; network errors retried with
 * backoff. Rows are checked (data/funding/funding-check.ts) and bad ones quarantined with source
 * `ccxt:<id>:funding` and their row number in this download. The report ends with the gaps left in the range.
 */
export async function fetchFunding(opts: FundingFetchOptions): Promise<FundingFetchReport> {
  const ex = typeof opts.exchange === 'string' ? createExchange(opts.exchange) : opts.exchange;
  if (!ex.has.fetchFundingRateHistory) throw new Error(`${ex.id} has no fetchFundingRateHistory in ccxt`);
  const limit = opts.pageLimit ?? 1000;
  const maxRetries = opts.maxRetries ?? 5;
  const retryDelay = opts.retryDelayMs ?? 1000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const exchange = opts.storeExchange ?? ex.id;
  const source = `ccxt:${ex.id}:funding`;
  const end = opts.until ?? Number.POSITIVE_INFINITY;
  let requests = 0;
  let received = 0;
  let imported = 0;
  let duplicates = 0;
  let quarantined = 0;
  const byReason: Record<string, number> = {};
  let since = opts.since;
  for (;;) {
    const page = await retryingNetwork(() => ex.fetchFundingRateHistory(opts.symbol, since, limit, Number.isFinite(end) ? { until: end - 1 } : {}), { maxRetries, retryDelayMs: retryDelay, sleep }, () => requests++);
    if (page.length === 0) break;
    const rows: FundingRow[] = [];
    const numbers: number[] = [];
    let newest = Number.NEGATIVE_INFINITY;
    for (const r of page) {
      received++;
      const time = Number(r.timestamp);
      if (Number.isFinite(time)) newest = Math.max(newest, time);
      if (time < since || time >= end) continue;
      rows.push({ time, rate: Number(r.fundingRate) });
      numbers.push(received);
    }
    const checked = validateFunding(rows);
    const rejects: QuarantineRow[] = checked.rejected.map((x) => ({ rowNumber: numbers[x.index], reason: x.reason, raw: JSON.stringify(rows[x.index]) }));
    await inTransaction(opts.store, async () => {
      await upsertFunding(opts.store, exchange, opts.symbol, checked.accepted, source);
      await appendQuarantine(opts.store, source, { exchange, symbol: opts.symbol, timeframe: 'funding' }, rejects);
    });
    imported += checked.accepted.length;
    duplicates += checked.duplicates;
    quarantined += rejects.length;
    for (const r of rejects) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
    if (!Number.isFinite(newest) || newest < since || page.length < limit) break;
    since = newest + 1;
  }
  const history = await readFunding(opts.store, exchange, opts.symbol, { from: opts.since, to: opts.until });
  const gaps = fundingGaps(history, opts.since, Number.isFinite(end) ? end : history.times.length > 0 ? history.times[history.times.length - 1] + 1 : opts.since);
  return { exchange, symbol: opts.symbol, source, requests, received, imported, duplicates, quarantined, byReason, gaps };
}
