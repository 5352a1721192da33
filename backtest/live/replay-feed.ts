import type { Feed } from '../../engine/feed.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { MarketEvent, SeriesKey } from '../../engine/types.ts';
import { entryCandle, type ControlOp, type SessionEntry } from './session-log.ts';

/**
 * The inputs of a session log as an in-memory Feed for backtest mode: every logged closed candle, feed status
 * and funding rate, in log order. Control entries are not events: `onControl` runs them when the feed reaches them, that
 * is after the previous event was fully processed and before the next is read, exactly where they ran live.
 */
export class LogReplayFeed implements Feed {
  constructor(
    readonly series: readonly SeriesKey[],
    private readonly entries: readonly SessionEntry[],
    private readonly onControl: (op: ControlOp, index: number) => void,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    const series = this.series;
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (e.k === 'candle') yield { kind: 'candle', candle: entryCandle(e, series, timeframeMs), closed: true };
      else if (e.k === 'feed') yield { kind: 'status', status: e.status, detail: e.detail, time: e.time };
      else if (e.k === 'fundingRate') yield { kind: 'funding', symbol: e.symbol, time: e.time, rate: e.rate };
      else if (e.k === 'control') {
        const { k: _k, ...op } = e;
        this.onControl(op as ControlOp, i);
      }
    }
  }
}
