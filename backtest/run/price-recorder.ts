import type { Candle } from '../../engine/types.ts';
import { seriesId } from '../../engine/types.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { PriceSeries } from './benchmarks.ts';
import { GrowableCandles } from './growable.ts';

/** One series' closed candles as the feed passed them, in columns: close times and OHLCV, ascending. */
export interface RecordedSeries {
  readonly symbol: string;
  readonly timeframe: string;
  readonly closeTime: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

interface Recording {
  symbol: string;
  timeframe: string;
  step: number;
  /** Stamped with close times. */
  columns: GrowableCandles;
}

/**
 * Records every series' closed candles as the feed passes, in columns: benchmarks value buy-and-hold with a
 * symbol's finest series, and the run folder draws its display prices from all of them without reading the
 * feed a second time.
 */
export class PriceRecorder {
  private readonly byId = new Map<string, Recording>();
  private readonly finest = new Map<string, PriceSeries | null>();
  /** The series of the previous candle: most candles follow one of the same series, so the map is seldom asked. */
  private last: Recording | null = null;

  onCandle(c: Candle): void {
    let r = this.last;
    if (r === null || r.symbol !== c.symbol || r.timeframe !== c.timeframe) r = this.byId.get(seriesId(c.symbol, c.timeframe)) ?? null;
    if (!r) {
      r = { symbol: c.symbol, timeframe: c.timeframe, step: timeframeMs(c.timeframe), columns: new GrowableCandles() };
      this.byId.set(seriesId(c.symbol, c.timeframe), r);
    }
    this.last = r;
    r.columns.push(c.closeTime, c.open, c.high, c.low, c.close, c.volume);
  }

  /** Every series, in the order the feed first delivered each. */
  recorded(): RecordedSeries[] {
    return [...this.byId.values()].map((r) => {
      const { time, ...ohlcv } = r.columns.views();
      return { symbol: r.symbol, timeframe: r.timeframe, closeTime: time, ...ohlcv };
    });
  }

  /** The symbol's finest series (the shortest bars; the first seen of equal ones), for buy-and-hold; read after the run. */
  series(symbol: string): PriceSeries | null {
    if (!this.finest.has(symbol)) {
      let finest: Recording | null = null;
      for (const r of this.byId.values()) if (r.symbol === symbol && (finest === null || r.step < finest.step)) finest = r;
      if (finest === null) this.finest.set(symbol, null);
      else {
        const { time, open, close } = finest.columns.views();
        const step = finest.step;
        this.finest.set(symbol, { symbol, closeTime: time, openTime: time.map((t) => t - step), open, close });
      }
    }
    return this.finest.get(symbol)!;
  }
}
