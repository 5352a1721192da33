import type { OhlcvColumns } from '../../data/column-chunk.ts';
import { ColumnarFeed, type ColumnarSeries } from '../../data/historical-feed.ts';
import type { Feed } from '../../engine/feed.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { MarketEvent, SeriesKey } from '../../engine/types.ts';

/**
 * A replay that can run for as long as a demo stays open: each pass replays the same candles shifted forward
 * by the data's span (time only moves forward), with prices scaled so each pass continues where the last
 * one closed instead of jumping back.
 */
export class LoopingReplay implements Feed {
  readonly series: readonly SeriesKey[];
  /** Passes completed. */
  passes = 0;
  private readonly span: number;

  constructor(
    private readonly input: readonly ColumnarSeries[],
    private readonly maxPasses = Number.POSITIVE_INFINITY,
  ) {
    this.series = input.map((s) => s.series);
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of input) {
      const c = s.columns;
      if (c.length === 0) continue;
      lo = Math.min(lo, c.openTime[0]);
      hi = Math.max(hi, c.openTime[c.length - 1] + timeframeMs(s.series.timeframe));
    }
    this.span = Number.isFinite(hi - lo) ? hi - lo : 0;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    const factors = this.input.map(() => 1);
    for (let pass = 0; pass < this.maxPasses && this.span > 0; pass++) {
      const shifted = this.input.map((s, i) => ({ series: s.series, columns: shift(s.columns, pass * this.span, factors[i]) }));
      for (const e of new ColumnarFeed(shifted)) yield e;
      this.input.forEach((s, i) => {
        const c = s.columns;
        if (c.length > 0 && c.open[0] > 0) factors[i] *= c.close[c.length - 1] / c.open[0];
      });
      this.passes++;
    }
  }
}

function shift(c: OhlcvColumns, dt: number, scale: number): OhlcvColumns {
  if (dt === 0 && scale === 1) return c;
  const map = (a: Float64Array, f: (v: number) => number) => {
    const out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = f(a[i]);
    return out;
  };
  const px = (v: number) => v * scale;
  return { length: c.length, openTime: map(c.openTime, (t) => t + dt), open: map(c.open, px), high: map(c.high, px), low: map(c.low, px), close: map(c.close, px), volume: c.volume };
}

/**
 * Re-times `columns` to start at `start` and repeats them (prices chained end to start) up to `until`: used to
 * lay a short sample beside a longer one so both move during a demo.
 */
export function tileColumns(columns: OhlcvColumns, timeframe: string, start: number, until: number): OhlcvColumns {
  const n = columns.length;
  if (n === 0) return columns;
  const first = columns.openTime[0];
  const span = columns.openTime[n - 1] - first + timeframeMs(timeframe);
  const cols: number[][] = [[], [], [], [], [], []];
  let scale = 1;
  for (let r = 0; start + r * span < until; r++) {
    const dt = start - first + r * span;
    for (let i = 0; i < n; i++) {
      const t = columns.openTime[i] + dt;
      if (t >= until) break;
      cols[0].push(t);
      cols[1].push(columns.open[i] * scale);
      cols[2].push(columns.high[i] * scale);
      cols[3].push(columns.low[i] * scale);
      cols[4].push(columns.close[i] * scale);
      cols[5].push(columns.volume[i]);
    }
    if (columns.open[0] > 0) scale *= columns.close[n - 1] / columns.open[0];
  }
  const [openTime, open, high, low, close, volume] = cols.map((c) => Float64Array.from(c));
  return { length: openTime.length, openTime, open, high, low, close, volume };
}
