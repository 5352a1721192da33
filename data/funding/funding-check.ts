import type { FundingColumns, FundingRow } from './funding-store.ts';

/** A rate this large per interval is a unit mistake (a percent given as a fraction), not a funding rate. */
export const MAX_ABS_RATE = 0.1;

export interface FundingRejection {
  /** Index into the rows given. */
  readonly index: number;
  readonly reason: string;
}

/**
 * Checks raw funding rows: a finite time and rate, |rate| under MAX_ABS_RATE, and one rate per time (the same
 * row twice is a duplicate and kept once; two different rates for one time reject the later). Returns the
 * accepted rows sorted by time and every rejection with its reason.
 */
export function validateFunding(rows: readonly FundingRow[]): { accepted: FundingRow[]; rejected: FundingRejection[]; duplicates: number } {
  const byTime = new Map<number, FundingRow>();
  const rejected: FundingRejection[] = [];
  let duplicates = 0;
  rows.forEach((r, index) => {
    if (!Number.isFinite(r.time) || !Number.isInteger(r.time)) return rejected.push({ index, reason: 'time is not an epoch-ms instant' });
    if (!Number.isFinite(r.rate)) return rejected.push({ index, reason: 'rate is not a number' });
    if (Math.abs(r.rate) >= MAX_ABS_RATE) return rejected.push({ index, reason: `|rate| ${r.rate} is ${MAX_ABS_RATE * 100}% or more per interval (a percent given as a fraction?)` });
    const seen = byTime.get(r.time);
    if (seen === undefined) byTime.set(r.time, r);
    else if (seen.rate === r.rate) duplicates++;
    else rejected.push({ index, reason: `a second rate (${r.rate}) for ${new Date(r.time).toISOString()}, which has ${seen.rate}` });
  });
  const accepted = [...byTime.values()].sort((a, b) => a.time - b.time);
  return { accepted, rejected, duplicates };
}

/** Funding times a history is missing inside a range. */
export interface FundingGaps {
  /** The funding interval: the smallest step between stored times (8h on Binance), null with under two. */
  readonly intervalMs: number | null;
  readonly missing: number;
  /** Each run of missing payments: the first missing time, and how many. */
  readonly gaps: readonly { readonly from: number; readonly count: number }[];
}

/**
 * Where `history` misses payments in [from, to): before its first time, between times more than one interval
 * apart, and after its last, on the grid of its own interval. A backtest over a perpetual uses this to refuse
 * (or warn about) a range it would otherwise have to price as if funding were zero.
 */
export function fundingGaps(history: FundingColumns, from: number, to: number, intervalMs?: number): FundingGaps {
  const t = history.times;
  const step = intervalMs ?? smallestStep(t);
  if (step === null) return { intervalMs: null, missing: t.length === 0 ? Number.POSITIVE_INFINITY : 0, gaps: t.length === 0 ? [{ from, count: Number.POSITIVE_INFINITY }] : [] };
  const gaps: { from: number; count: number }[] = [];
  const add = (start: number, end: number) => {
    const count = Math.ceil((end - start) / step); // slots start, start + step, ... before end
    if (count > 0) gaps.push({ from: start, count });
  };
  const inRange = [...t].filter((x) => x >= from && x < to);
  const anchor = t.length > 0 ? t[0] : from;
  const firstSlot = anchor + Math.ceil((from - anchor) / step) * step;
  if (inRange.length === 0) add(firstSlot, to);
  else {
    add(firstSlot, inRange[0]);
    for (let i = 1; i < inRange.length; i++) add(inRange[i - 1] + step, inRange[i]);
    add(inRange[inRange.length - 1] + step, to);
  }
  return { intervalMs: step, missing: gaps.reduce((s, g) => s + g.count, 0), gaps };
}

/**
 * The smallest difference between consecutive times, null with under two times: missing payments only widen
 * steps, so the smallest one seen is the schedule's (the most common one is not, when a history is patchy).
 */
function smallestStep(t: Float64Array): number | null {
  if (t.length < 2) return null;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < t.length; i++) if (t[i] - t[i - 1] > 0 && t[i] - t[i - 1] < best) best = t[i] - t[i - 1];
  return Number.isFinite(best) ? best : null;
}
