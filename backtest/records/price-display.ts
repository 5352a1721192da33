import type { DuckDBConnection } from '@duckdb/node-api';
import { m4Indices } from '../../data/m4-indices.ts';
import type { TableColumn } from '../../data/table-file.ts';
import { writeTableWith } from '../../data/table-file.ts';
import { declaredSeries } from '../../engine/config/series.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { SeriesKey } from '../../engine/types.ts';
import { seriesId } from '../../engine/types.ts';
import { GrowableCandles } from '../run/growable.ts';
import type { RecordedSeries } from '../run/price-recorder.ts';

export const DISPLAY_FILE = 'prices-display.parquet';
/** Time buckets per series in the overview: twice the report's price line (500 buckets), so it can zoom once. */
export const OVERVIEW_BUCKETS = 1000;
/** Candles kept per charted series: the newest ones, as many as the report's candlestick chart draws. */
export const CHART_CANDLES = 20_000;

/** What the display file holds of one charted series, for the manifest. */
export interface ChartedSeries {
  symbol: string;
  timeframe: string;
  /** The input series the chart's candles were aggregated from. */
  source: string;
  /** Candles of the series over the whole run, and how many of the newest the file keeps. */
  candles: number;
  kept: number;
}

/** The display rule and its outcome, as the manifest prints it. */
export interface DisplaySummary {
  file: string;
  rule: string;
  overviewBuckets: number;
  chartCandles: number;
  charted: ChartedSeries[];
}

/** Rows of the display file, appended view by view; the candles stamped with close times. */
class DisplayRows {
  readonly view: string[] = [];
  readonly symbol: string[] = [];
  readonly timeframe: string[] = [];
  readonly candles = new GrowableCandles();

  push(view: string, symbol: string, timeframe: string, closeTime: number, o: number, h: number, l: number, c: number, v: number): void {
    this.view.push(view);
    this.symbol.push(symbol);
    this.timeframe.push(timeframe);
    this.candles.push(closeTime, o, h, l, c, v);
  }

  columns(): TableColumn[] {
    const c = this.candles.views();
    return [
      { name: 'view', kind: 'string', values: this.view },
      { name: 'close_time', kind: 'time', values: c.time },
      { name: 'symbol', kind: 'string', values: this.symbol },
      { name: 'timeframe', kind: 'string', values: this.timeframe },
      { name: 'open', kind: 'number', values: c.open },
      { name: 'high', kind: 'number', values: c.high },
      { name: 'low', kind: 'number', values: c.low },
      { name: 'close', kind: 'number', values: c.close },
      { name: 'volume', kind: 'number', values: c.volume },
    ];
  }
}

/** Overview rows: the M4 candles of each input series over the whole run (lowest and highest close, low and high). */
function addOverview(rows: DisplayRows, s: RecordedSeries): void {
  const t = s.closeTime;
  for (const i of m4Indices(t, [s.close, s.low, s.high], OVERVIEW_BUCKETS)) rows.push('overview', s.symbol, s.timeframe, t[i], s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]);
}

/**
 * Chart rows: the newest CHART_CANDLES candles of `timeframe`, aggregated from `s` in buckets aligned to the epoch
 * as the engine's aggregator aligns them (open of the first, highest high, lowest low, close of the last, summed
 * volume), each stamped with its close time. A last bucket the data ends inside is kept, as the chart shows it.
 */
function addChart(rows: DisplayRows, s: RecordedSeries, timeframe: string): ChartedSeries {
  const src = timeframeMs(s.timeframe);
  const target = timeframeMs(timeframe);
  const t = s.closeTime;
  const bucketOf = (i: number) => Math.floor((t[i] - src) / target) * target;
  // Close times ascend, so a new bucket starts at the first row past the current bucket's end.
  let candles = 0;
  for (let i = 0, end = Number.NEGATIVE_INFINITY; i < t.length; i++) {
    if (t[i] - src < end) continue;
    candles++;
    end = bucketOf(i) + target;
  }
  const kept = Math.min(candles, CHART_CANDLES);
  // The first row of the oldest kept bucket, found from the end.
  let start = t.length;
  for (let seen = 0; start > 0; start--) {
    if (start === t.length || bucketOf(start - 1) !== bucketOf(start)) seen++;
    if (seen > kept) break;
  }
  for (let i = start; i < t.length; ) {
    const bucket = bucketOf(i);
    const open = s.open[i];
    let high = s.high[i];
    let low = s.low[i];
    let volume = 0;
    let close = open;
    for (; i < t.length && bucketOf(i) === bucket; i++) {
      high = Math.max(high, s.high[i]);
      low = Math.min(low, s.low[i]);
      volume += s.volume[i];
      close = s.close[i];
    }
    rows.push('chart', s.symbol, timeframe, bucket + target, open, high, low, close, volume);
  }
  return { symbol: s.symbol, timeframe, source: s.timeframe, candles, kept };
}

/** The coarsest input series of `symbol` that `timeframe` aggregates from exactly (the fewest rows to read). */
function chartSource(sources: readonly RecordedSeries[], symbol: string, timeframe: string): RecordedSeries | undefined {
  const target = timeframeMs(timeframe);
  return sources
    .filter((s) => s.symbol === symbol && timeframeMs(s.timeframe) <= target && target % timeframeMs(s.timeframe) === 0)
    .sort((a, b) => timeframeMs(b.timeframe) - timeframeMs(a.timeframe))[0];
}

/** Each series the configs declare (primary and informative), once, in first-seen order. */
function chartedSeries(configs: readonly StrategyConfig[]): SeriesKey[] {
  const seen = new Set<string>();
  return configs.flatMap((c) =>
    declaredSeries(c).filter((s) => {
      const id = seriesId(s.symbol, s.timeframe);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    }),
  );
}

/**
 * prices-display.parquet: what the report and notebooks draw of the run's candles (`sources`, as the run
 * recorded them), so a run folder does not copy its input (the manifest names the data and its hash). Two views, in the `view` column:
 * - `overview`: per input series, the M4 candles of OVERVIEW_BUCKETS time buckets over the whole run;
 * - `chart`: per series a strategy declares, its newest CHART_CANDLES candles at that timeframe.
 * Columns: view, close_time (UTC timestamp, the time signals are stamped with), symbol, timeframe, open, high,
 * low, close, volume.
 */
export async function writeDisplayPrices(conn: DuckDBConnection, path: string, sources: readonly RecordedSeries[], configs: readonly StrategyConfig[]): Promise<DisplaySummary> {
  const rows = new DisplayRows();
  for (const s of sources) addOverview(rows, s);
  const charted: ChartedSeries[] = [];
  for (const want of chartedSeries(configs)) {
    const s = chartSource(sources, want.symbol, want.timeframe);
    if (s) charted.push(addChart(rows, s, want.timeframe));
  }
  await writeTableWith(conn, path, 'parquet', rows.columns());
  return {
    file: DISPLAY_FILE,
    rule: `overview: per input series, the first, last, lowest-close, highest-close, lowest-low and highest-high candle of each of ${OVERVIEW_BUCKETS} time buckets; chart: per declared series, the newest ${CHART_CANDLES} candles at its timeframe, aggregated from the coarsest input series that divides it`,
    overviewBuckets: OVERVIEW_BUCKETS,
    chartCandles: CHART_CANDLES,
    charted,
  };
}
