import { CandleAggregator } from '../../engine/aggregator.ts';
import { IndicatorManager } from '../../engine/indicators/indicator-manager.ts';
import { INDICATOR_META } from '../../engine/indicators/meta.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { Candle, Timeframe } from '../../engine/types.ts';

/** Closed candles of one series, columnar; `time` is the open time (epoch ms UTC). */
export interface BarColumns {
  symbol: string;
  timeframe: Timeframe;
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** One indicator of a strategy over its bars: a value per bar (null while warming up), per output field. */
export interface IndicatorSeries {
  name: string;
  type: string;
  /** Drawn over the price (moving averages, bands) or in a panel of its own (RSI, MACD, ATR). */
  priceScale: boolean;
  /** Field -> values; single-output indicators have the one field `value`. */
  fields: Record<string, (number | null)[]>;
  /** Constant levels (RSI overbought/oversold). */
  levels: Record<string, number>;
}

/** A candle as the engine sees it, from a bar of a columnar series. */
function candleAt(c: BarColumns, i: number, tfMs: number): Candle {
  return { symbol: c.symbol, timeframe: c.timeframe, openTime: c.time[i], closeTime: c.time[i] + tfMs, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] };
}

/** Appends one candle to columnar bars. */
export function appendBar(out: BarColumns, c: Candle): void {
  out.time.push(c.openTime);
  out.open.push(c.open);
  out.high.push(c.high);
  out.low.push(c.low);
  out.close.push(c.close);
  out.volume.push(c.volume);
}

/**
 * The bars a strategy on `timeframe` saw: the source candles aggregated with the engine's own aggregator (UTC
 * buckets, a bucket emitted once closed, the last unfinished one never), or the source itself when equal.
 */
export function barsFor(source: BarColumns, timeframe: Timeframe): BarColumns {
  if (timeframe === source.timeframe) return source;
  const agg = new CandleAggregator(source.symbol, source.timeframe, timeframe);
  const out: BarColumns = { symbol: source.symbol, timeframe, time: [], open: [], high: [], low: [], close: [], volume: [] };
  const emit = (c: Candle) => appendBar(out, c);
  const tfMs = timeframeMs(source.timeframe);
  for (let i = 0; i < source.time.length; i++) agg.push(candleAt(source, i, tfMs), emit);
  return out;
}

/**
 * Each indicator of the config computed bar by bar with the engine's indicator classes (the values its rules
 * read). An indicator bound to an informative series is fed that series' bars (`informative`, by alias) as the
 * engine's barrier delivers them: every bar closing at or before a primary bar's close, before that bar.
 */
export function indicatorSeries(config: Pick<StrategyConfig, 'indicators'>, bars: BarColumns, informative: ReadonlyMap<string, BarColumns> = new Map()): IndicatorSeries[] {
  const manager = new IndicatorManager(config.indicators);
  const tfMs = timeframeMs(bars.timeframe);
  const cursors = [...informative].map(([alias, b]) => ({ alias, b, next: 0, tfMs: timeframeMs(b.timeframe) }));
  const out: { series: IndicatorSeries; getters: [string, () => number][] }[] = manager.names().map((name) => {
    const cfg = manager.config(name);
    const meta = INDICATOR_META[cfg.type];
    const fieldNames = meta.fields.length ? [...meta.fields] : ['value'];
    const getters = fieldNames.map((f): [string, () => number] => [f, manager.getter(meta.fields.length ? `${name}.${f}` : name)!]);
    const levels: Record<string, number> = {};
    for (const k of meta.constants) levels[k] = (cfg as unknown as Record<string, number>)[k];
    return { series: { name, type: cfg.type, priceScale: meta.priceScale, fields: Object.fromEntries(fieldNames.map((f) => [f, []])), levels }, getters };
  });
  for (let i = 0; i < bars.time.length; i++) {
    const close = bars.time[i] + tfMs;
    for (const c of cursors) while (c.next < c.b.time.length && c.b.time[c.next] + c.tfMs <= close) manager.updateSeries(c.alias, candleAt(c.b, c.next++, c.tfMs));
    manager.update(candleAt(bars, i, tfMs));
    for (const { series, getters } of out) {
      for (const [f, get] of getters) {
        const v = get();
        series.fields[f].push(Number.isFinite(v) ? v : null);
      }
    }
  }
  return out.map((o) => o.series);
}
