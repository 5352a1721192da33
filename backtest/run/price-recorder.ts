import type { Candle } from '../../engine/types.ts';
import { seriesId } from '../../engine/types.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { PriceSeries } from './benchmarks.ts';
import { GrowableFloat64 } from './growable.ts';

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
  columns: { closeTime: GrowableFloat64; open: GrowableFloat64; high: GrowableFloat64; low: GrowableFloat64; close: GrowableFloat64; volume: GrowableFloat64 };
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
      const grow = () => new GrowableFloat64(4096);
      r = { symbol: c.symbol, timeframe: c.timeframe, step: timeframeMs(c.timeframe), columns: { closeTime: grow(), open: grow(), high: grow(), low: grow(), close: grow(), volume: grow() } };
      this.byId.set(seriesId(c.symbol, c.timeframe), r);
    }
    this.last = r;
    const k = r.columns;
    k.closeTime.push(c.closeTime);
    k.open.push(c.open);
    k.high.push(c.high);
    k.low.push(c.low);
    k.close.push(c.close);
    k.volume.push(c.volume);
  }

  /** Every series, in the order the feed first delivered each. */
  recorded(): RecordedSeries[] {
    return [...this.byId.values()].map((r) => ({
      symbol: r.symbol,
      timeframe: r.timeframe,
      closeTime: r.columns.closeTime.view(),
      open: r.columns.open.view(),
      high: r.columns.high.view(),
      low: r.columns.low.view(),
      close: r.columns.close.view(),
      volume: r.columns.volume.view(),
    }));
  }

  /** The symbol's finest series (the shortest bars; the first seen of equal ones), for buy-and-hold; read after the run. */
  series(symbol: string): PriceSeries | null {
    if (!this.finest.has(symbol)) {
      let finest: Recording | null = null;
      for (const r of this.byId.values()) if (r.symbol === symbol && (finest === null || r.step < finest.step)) finest = r;
      const closeTime = finest?.columns.closeTime.view();
      const step = finest?.step ?? 0;
      this.finest.set(symbol, finest && closeTime ? { symbol, closeTime, openTime: closeTime.map((t) => t - step), open: finest.columns.open.view(), close: finest.columns.close.view() } : null);
    }
    return this.finest.get(symbol)!;
  }
}
