import type { Feed } from '../../engine/feed.ts';
import type { MarketEvent, SeriesKey } from '../../engine/types.ts';
import { GrowableFloat64 } from './growable.ts';

/**
 * A feed's closed candles in the order it delivered them, as columns in one SharedArrayBuffer: posted to a
 * worker thread the buffer is shared, not copied. Keeping the delivery order (rather than re-merging series)
 * makes a replay in a worker see exactly the events the original feed gave.
 */
export interface SharedCandles {
  readonly series: readonly SeriesKey[];
  readonly length: number;
  readonly buffer: SharedArrayBuffer;
}

// Column order in the buffer: series index, open time, close time, then OHLCV.
const COLUMNS = 8;

/** Collects closed candles in arrival order, then shares them. */
export class SharedCandleWriter {
  private readonly index: Map<string, number>;
  private readonly cols = Array.from({ length: COLUMNS }, () => new GrowableFloat64(4096));

  constructor(readonly series: readonly SeriesKey[]) {
    this.index = new Map(series.map((s, i) => [`${s.symbol}\u0000${s.timeframe}`, i]));
  }

  /** False when the candle is not of one of the feed's series (the feed cannot then be replayed from columns). */
  push(c: { symbol: string; timeframe: string; openTime: number; closeTime: number; open: number; high: number; low: number; close: number; volume: number }): boolean {
    const i = this.index.get(`${c.symbol}\u0000${c.timeframe}`);
    if (i === undefined) return false;
    const k = this.cols;
    k[0].push(i);
    k[1].push(c.openTime);
    k[2].push(c.closeTime);
    k[3].push(c.open);
    k[4].push(c.high);
    k[5].push(c.low);
    k[6].push(c.close);
    k[7].push(c.volume);
    return true;
  }

  share(): SharedCandles {
    const n = this.cols[0].length;
    const buffer = new SharedArrayBuffer(COLUMNS * n * Float64Array.BYTES_PER_ELEMENT);
    this.cols.forEach((c, k) => new Float64Array(buffer, k * n * 8, n).set(c.view()));
    return { series: this.series, length: n, buffer };
  }
}

/** Replays shared candles as closed-candle events, in their recorded order. */
export class SharedCandleFeed implements Feed {
  readonly series: readonly SeriesKey[];

  constructor(private readonly data: SharedCandles) {
    this.series = data.series;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    const { length: n, buffer } = this.data;
    const col = (k: number) => new Float64Array(buffer, k * n * 8, n);
    const [series, openTime, closeTime, open, high, low, close, volume] = Array.from({ length: COLUMNS }, (_, k) => col(k));
    const keys = this.series;
    for (let i = 0; i < n; i++) {
      const s = keys[series[i]];
      yield { kind: 'candle', candle: { symbol: s.symbol, timeframe: s.timeframe, openTime: openTime[i], closeTime: closeTime[i], open: open[i], high: high[i], low: low[i], close: close[i], volume: volume[i] }, closed: true };
    }
  }
}
