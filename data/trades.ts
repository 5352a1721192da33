import { bucketStart } from '../engine/timeframe.ts';
import type { Timeframe } from '../engine/types.ts';
import { allocColumns, truncateColumns, type CandleColumns } from './columns.ts';
import type { RawTrades } from './formats/raw.ts';
import { REASON, type Rejection } from './validate.ts';

/** The reason a trade must not be used, or null. */
export function checkTrade(time: number, price: number, amount: number): string | null {
  if (!Number.isFinite(time)) return REASON.badTimestamp;
  if (!Number.isFinite(price) || !Number.isFinite(amount)) return REASON.nonFinite;
  if (price <= 0) return REASON.nonPositivePrice;
  if (amount < 0) return REASON.negativeVolume;
  return null;
}

export interface TradeAggregation {
  readonly candles: CandleColumns;
  readonly rejected: Rejection[];
  /** Trades found before an earlier-timestamped one (sorted into place; equal times keep file order). */
  readonly reordered: number;
  /** Trades that went into candles. */
  readonly used: number;
}

/**
 * Aggregates trades into UTC-aligned candles of `timeframe`: open = first trade, high = max, low = min,
 * close = last, volume = sum of amounts. "First" and "last" are by timestamp, then file order. Bad trades
 * are rejected (never averaged in). Buckets without trades are gaps, not candles.
 */
export function aggregateTrades(trades: RawTrades, timeframe: Timeframe): TradeAggregation {
  const { time, price, amount } = trades;
  const rejected: Rejection[] = [];
  const keep: number[] = [];
  let sorted = true;
  let reordered = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < trades.length; i++) {
    const reason = checkTrade(time[i], price[i], amount[i]);
    if (reason) {
      rejected.push({ index: i, reason });
      continue;
    }
    keep.push(i);
    if (time[i] < max) {
      sorted = false;
      reordered++;
    } else max = time[i];
  }
  if (!sorted) keep.sort((a, b) => time[a] - time[b] || a - b);
  const out = allocColumns(keep.length);
  let n = -1;
  let bucket = Number.NaN;
  for (const i of keep) {
    const b = bucketStart(time[i], timeframe);
    const p = price[i];
    if (b !== bucket) {
      n++;
      bucket = b;
      out.openTime[n] = b;
      out.open[n] = out.high[n] = out.low[n] = out.close[n] = p;
      out.volume[n] = amount[i];
    } else {
      if (p > out.high[n]) out.high[n] = p;
      if (p < out.low[n]) out.low[n] = p;
      out.close[n] = p;
      out.volume[n] += amount[i];
    }
  }
  return { candles: truncateColumns(out, n + 1), rejected, reordered, used: keep.length };
}
