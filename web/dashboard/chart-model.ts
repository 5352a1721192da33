/**
 * The live chart's data as lightweight-charts takes it, from the API's answer (pure functions, no DOM): bars
 * in UTC seconds at each candle's open, fill markers on the bar whose interval holds the fill's instant, and
 * indicator lines grouped into the price pane or one pane per oscillator, as the indicator registry's scale says.
 */
import type * as z from 'zod';
import type { IndicatorLineSchema, LiveChartSchema } from '../api/live-schemas.ts';
import type { UTCTimestamp } from 'lightweight-charts';
import type { Candle } from '../../engine/types.ts';

export type ChartData = z.infer<typeof LiveChartSchema>;
/** A line as the charts draw it; `series` (which of the strategy's series it is computed on) only the live API sends. */
export type IndicatorLine = Omit<z.infer<typeof IndicatorLineSchema>, 'series'> & { series?: string | null };

/** lightweight-charts' time: UTC seconds. */
export type Sec = UTCTimestamp;
export const toSec = (ms: number) => Math.floor(ms / 1000) as Sec;

export interface Bar {
  time: Sec;
  open: number;
  high: number;
  low: number;
  close: number;
}

export const barOf = (c: Candle): Bar => ({ time: toSec(c.openTime), open: c.open, high: c.high, low: c.low, close: c.close });

export const volumeOf = (c: Candle, up: string, down: string) => ({ time: toSec(c.openTime), value: c.volume, color: c.close >= c.open ? up : down });

/**
 * Open time of the bar among `candles` (sorted) whose [open, close) holds `t`; when `t` is the close of a bar
 * that no bar follows at once (the last one, or one before a gap in the data), that bar's; null outside.
 */
export function barTimeOf(candles: readonly Candle[], t: number): number | null {
  let lo = 0;
  let hi = candles.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = candles[mid];
    if (t < c.openTime) hi = mid - 1;
    else if (t >= c.closeTime) lo = mid + 1;
    else return c.openTime;
  }
  // `hi` is now the last bar opening before t
  const before = candles[hi];
  return before && t === before.closeTime ? before.openTime : null;
}

export interface FillMarker {
  time: Sec;
  position: 'atPriceMiddle';
  price: number;
  shape: 'arrowUp' | 'arrowDown';
  color: string;
  text: string;
  /** The fill it marks (for the legend and the tests). */
  fillId: string;
}

/** One marker per fill, at its price, on its bar; entries and exits told apart by side and label. */
export function fillMarkers(candles: readonly Candle[], fills: readonly { id: string; side: string; price: number; time: number; reason: string }[], up: string, down: string): FillMarker[] {
  const out: FillMarker[] = [];
  for (const f of fills) {
    const t = barTimeOf(candles, f.time);
    if (t === null) continue;
    const buy = f.side === 'buy';
    out.push({ time: toSec(t), position: 'atPriceMiddle', price: f.price, shape: buy ? 'arrowUp' : 'arrowDown', color: buy ? up : down, text: f.reason === 'entry' ? (buy ? 'buy' : 'sell') : f.reason.replaceAll('_', ' '), fillId: f.id });
  }
  // lightweight-charts wants markers in time order
  return out.sort((a, b) => a.time - b.time);
}

/** Price-scale lines go over the candles; every other indicator gets its own pane (fields of one indicator share it). */
export function paneLayout(lines: readonly IndicatorLine[]): { overlays: IndicatorLine[]; panes: IndicatorLine[][] } {
  const overlays = lines.filter((l) => l.scale === 'price');
  const panes = new Map<string, IndicatorLine[]>();
  for (const l of lines) {
    if (l.scale === 'price') continue;
    const list = panes.get(l.indicator) ?? [];
    list.push(l);
    panes.set(l.indicator, list);
  }
  return { overlays, panes: [...panes.values()] };
}

/** The value of a line at a bar's close time (indicators are stamped with their candle's close), or null. */
export function valueAt(line: IndicatorLine, closeTime: number): number | null {
  const p = line.points;
  let lo = 0;
  let hi = p.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (p[mid][0] < closeTime) lo = mid + 1;
    else if (p[mid][0] > closeTime) hi = mid - 1;
    else return p[mid][1];
  }
  return null;
}

/** A price format showing about five significant digits of the series' typical price (0.0016 needs 7 decimals, 42,000 needs 2). */
export function priceFormatFor(candles: readonly Candle[]): { type: 'price'; precision: number; minMove: number } {
  const c = candles[candles.length - 1];
  return formatForMagnitude(c ? Math.abs(c.close) : 1);
}

/** The same for an indicator pane, from the largest value of its lines (an oscillator around 0 on a 0.0016 price is tiny). */
export function paneFormatFor(lines: readonly IndicatorLine[]): { type: 'price'; precision: number; minMove: number } {
  let m = 0;
  for (const l of lines) for (const [, v] of l.points) m = Math.max(m, Math.abs(v));
  return formatForMagnitude(m || 1);
}

function formatForMagnitude(p: number): { type: 'price'; precision: number; minMove: number } {
  const precision = p > 0 ? Math.min(10, Math.max(2, 4 - Math.floor(Math.log10(p)))) : 2;
  return { type: 'price', precision, minMove: 10 ** -precision };
}
