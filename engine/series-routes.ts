import { CandleAggregator } from './aggregator.ts';
import type { Calendar } from './markets/calendar.ts';
import { bucketStart, timeframeMs } from './timeframe.ts';
import { seriesId, type Candle, type SeriesKey } from './types.ts';

/**
 * Which series the feed delivers and the aggregators that build the others: each target series is built by one
 * CandleAggregator from the finest source series of its symbol whose timeframe divides it.
 */
export class SeriesRoutes {
  /** Series the feed delivers directly (empty: route every candle as it comes). */
  private sources: SeriesKey[] = [];
  /** Source series id -> aggregators fed by it, in creation order. */
  private readonly aggregators = new Map<string, CandleAggregator[]>();
  private readonly targets = new Set<string>();
  /** Close time of the newest candle seen, so an aggregator created mid-run can skip the bucket it joined late. */
  lastClose = Number.NEGATIVE_INFINITY;

  setSources(series: readonly SeriesKey[]): void {
    this.sources = [...series];
  }

  get hasSources(): boolean {
    return this.sources.length > 0;
  }

  /** Feeds a source candle to the aggregators it drives; each finished bucket goes to `deliver`. */
  push(candle: Candle, deliver: (c: Candle) => void): void {
    if (this.aggregators.size === 0) return;
    const aggs = this.aggregators.get(seriesId(candle.symbol, candle.timeframe));
    if (aggs) for (let i = 0; i < aggs.length; i++) aggs[i].push(candle, deliver);
  }

  /** The in-progress buckets an in-progress source candle updates (dashboard previews). */
  previews(candle: Candle): Candle[] {
    const aggs = this.aggregators.get(seriesId(candle.symbol, candle.timeframe));
    return aggs ? aggs.map((a) => a.preview(candle)) : [];
  }

  /** Makes sure candles of `symbol` `timeframe` will arrive: directly, or through a new aggregator bucketing by `calendar`. */
  ensure(symbol: string, timeframe: string, calendar: Calendar): void {
    if (this.sources.length === 0) return;
    if (this.sources.some((s) => s.symbol === symbol && s.timeframe === timeframe)) return;
    const target = seriesId(symbol, timeframe);
    if (this.targets.has(target)) return;
    const targetMs = timeframeMs(timeframe);
    const candidates = this.sources
      .filter((s) => s.symbol === symbol && timeframeMs(s.timeframe) < targetMs && targetMs % timeframeMs(s.timeframe) === 0)
      .sort((a, b) => timeframeMs(b.timeframe) - timeframeMs(a.timeframe));
    if (candidates.length === 0) {
      const have = this.sources.map((s) => `${s.symbol} ${s.timeframe}`).join(', ');
      throw new Error(`no data for ${symbol} ${timeframe}: the feed delivers ${have || 'nothing'}, none of which aggregates into ${timeframe}`);
    }
    const source = candidates[0];
    const key = seriesId(source.symbol, source.timeframe);
    const list = this.aggregators.get(key) ?? [];
    const aggregator = new CandleAggregator(symbol, source.timeframe, timeframe, calendar);
    // Created mid-run: the bucket under way has already missed source candles, so start with the next whole one.
    if (this.lastClose > Number.NEGATIVE_INFINITY) aggregator.startAt(bucketStart(this.lastClose - 1, timeframe) + targetMs);
    list.push(aggregator);
    this.aggregators.set(key, list);
    this.targets.add(target);
  }
}
