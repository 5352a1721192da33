import { bucketStart, timeframeMs } from '../../engine/timeframe.ts';
import type { SeriesKey } from '../../engine/types.ts';
import type { SessionEntry } from './session-log.ts';

/** Where a session's live feed picks up after its logged inputs. */
export interface ResumePoint {
  /** Per series, the open time of the first candle the feed fetches. */
  from: number[];
  /** The newest time of any logged input (candle close, feed status, funding payment): the feed stamps no earlier. */
  lastTime: number;
  /** Closed candles logged. */
  candles: number;
  /** Nothing but the header is logged: the session starts from its warm-up. */
  fresh: boolean;
}

/**
 * The resume point of a session log. Per series the feed goes on after the newest logged candle, and never
 * before the bar holding the newest logged funding payment: a payment at T is delivered before the first candle
 * closing after T, so every candle closing at or before T was delivered or reported as a gap before it. A
 * candle the crashed process had skipped as a gap and REST has since published would otherwise be fetched
 * after the payment, and the log would hold a bar closing before an event it follows (the rebuild's backtest
 * clock refuses that, and an uninterrupted session never traded that bar).
 */
export function resumePoint(series: readonly SeriesKey[], warmupFrom: readonly number[], entries: readonly SessionEntry[]): ResumePoint {
  const lastOpen = series.map(() => Number.NEGATIVE_INFINITY);
  let lastTime = Number.NEGATIVE_INFINITY;
  let lastFunding = Number.NEGATIVE_INFINITY;
  let candles = 0;
  let fresh = true;
  for (const e of entries) {
    if (e.k === 'candle') {
      candles++;
      fresh = false;
      if (e.t > lastOpen[e.s]) lastOpen[e.s] = e.t;
      lastTime = Math.max(lastTime, e.t + timeframeMs(series[e.s].timeframe));
    } else if (e.k === 'feed') {
      fresh = false;
      lastTime = Math.max(lastTime, e.time);
    } else if (e.k === 'fundingRate') {
      lastFunding = Math.max(lastFunding, e.time);
      lastTime = Math.max(lastTime, e.time);
    }
  }
  const from = series.map((s, i) => {
    const next = lastOpen[i] > Number.NEGATIVE_INFINITY ? lastOpen[i] + timeframeMs(s.timeframe) : warmupFrom[i];
    return lastFunding > Number.NEGATIVE_INFINITY ? Math.max(next, bucketStart(lastFunding, s.timeframe)) : next;
  });
  return { from, lastTime, candles, fresh };
}
