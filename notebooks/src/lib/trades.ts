/**
 * The "trades on the chart" notebook: one strategy's bars (its own timeframe) with its indicators, entries and
 * exits, and the oscillators it reads in panels below, all on one time axis.
 */
import * as Plot from '@observablehq/plot';
import type { BarsData, IndicatorData, SignalData, TradeData } from '../../loader/types.ts';
import { pct, utc } from './format.ts';

export interface Bar {
  time: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  i: number;
}

/** The bars with index in [from, to), as rows. */
export function barRows(b: BarsData, from = 0, to = b.time.length): Bar[] {
  const out: Bar[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, b.time.length); i++) out.push({ time: new Date(b.time[i]), open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], i });
  return out;
}

/** First bar index with open time >= t. */
export function barIndex(b: BarsData, t: number): number {
  let lo = 0;
  let hi = b.time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (b.time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bar range to draw: around a trade (with `pad` bars either side), else the last `span` bars. */
export function windowFor(b: BarsData, trade: TradeData | null, pad: number, span: number): [number, number] {
  if (!trade) return [Math.max(0, b.time.length - span), b.time.length];
  const a = barIndex(b, trade.entry_time);
  const z = barIndex(b, trade.exit_time);
  return [Math.max(0, a - pad), Math.min(b.time.length, z + pad + 1)];
}

const INDICATOR_COLORS = ['#4e79a7', '#f28e2c', '#af7aa1', '#59a14f', '#9c755f', '#e15759'];

/** Line rows of the indicator fields over bars [from, to). */
function fieldRows(b: BarsData, ind: IndicatorData, field: string, from: number, to: number) {
  const vs = ind.fields[field];
  const out: { time: Date; value: number; series: string }[] = [];
  for (let i = from; i < to; i++) if (vs[i] !== null && vs[i] !== undefined) out.push({ time: new Date(b.time[i]), value: vs[i]!, series: field === 'value' ? ind.name : `${ind.name}.${field}` });
  return out;
}

export interface PriceChartOptions {
  width: number;
  height?: number;
  trades: readonly TradeData[];
  signals?: readonly SignalData[];
  indicators: readonly IndicatorData[];
  /** risk.stopLoss / risk.takeProfit of the config, drawn from each entry to its exit. */
  stopLoss?: number | null;
  takeProfit?: number | null;
  highlight?: TradeData | null;
}

/** Candlesticks of bars [from, to) with price-scale indicators, trades (entry ▲, exit ▼, a line coloured by P&L) and stop/target levels. */
export function priceChart(b: BarsData, from: number, to: number, o: PriceChartOptions) {
  const bars = barRows(b, from, to);
  const t0 = b.time[from];
  const t1 = b.time[Math.max(from, to - 1)];
  const inView = (t: TradeData) => t.exit_time >= t0 && t.entry_time <= t1;
  const trades = o.trades.filter(inView);
  const overlays = o.indicators.filter((i) => i.priceScale).flatMap((ind) => Object.keys(ind.fields).map((f) => fieldRows(b, ind, f, from, to)));
  const seriesNames = overlays.map((rows) => rows[0]?.series).filter((s): s is string => s !== undefined);
  const bodyWidth = Math.max(1, Math.min(9, (o.width - 80) / Math.max(1, bars.length) * 0.65));
  const levels = trades.flatMap((t) => {
    const dir = t.side === 'short' ? -1 : 1;
    const out: { x1: Date; x2: Date; y: number; kind: string }[] = [];
    if (o.stopLoss) out.push({ x1: new Date(t.entry_time), x2: new Date(t.exit_time), y: t.entry_price * (1 - dir * o.stopLoss), kind: 'stop' });
    if (o.takeProfit) out.push({ x1: new Date(t.entry_time), x2: new Date(t.exit_time), y: t.entry_price * (1 + dir * o.takeProfit), kind: 'target' });
    return out;
  });
  const tradeTitle = (t: TradeData) => `${t.side} ${t.quantity.toPrecision(4)} ${t.symbol}\nin  ${utc(t.entry_time)} @ ${t.entry_price}\nout ${utc(t.exit_time)} @ ${t.exit_price} (${t.exit_reason})\npnl ${t.pnl.toFixed(2)} (${pct(t.return)}), fees ${t.fees.toFixed(2)}`;
  const signals = (o.signals ?? []).filter((s) => s.time >= t0 && s.time <= t1 + 1);
  return Plot.plot({
    width: o.width,
    height: o.height ?? 420,
    marginLeft: 72,
    x: { type: 'utc', label: null, domain: [new Date(t0), new Date(t1)] },
    y: { grid: true, label: `${b.symbol} ${b.timeframe}`, nice: true, zero: false },
    color: { domain: seriesNames, range: seriesNames.map((_, i) => INDICATOR_COLORS[i % INDICATOR_COLORS.length]), legend: seriesNames.length > 0 },
    marks: [
      Plot.rect(trades, { x1: (t: TradeData) => new Date(t.entry_time), x2: (t: TradeData) => new Date(t.exit_time), fill: (t: TradeData) => (t.pnl >= 0 ? '#59a14f' : '#e15759'), fillOpacity: (t: TradeData) => (o.highlight && t === o.highlight ? 0.16 : 0.07) }),
      Plot.ruleX(bars, { x: 'time', y1: 'low', y2: 'high', stroke: '#777', strokeWidth: 1 }),
      Plot.ruleX(bars, { x: 'time', y1: 'open', y2: 'close', stroke: (d: Bar) => (d.close >= d.open ? '#3a9a5b' : '#d04848'), strokeWidth: bodyWidth }),
      ...overlays.map((rows) => Plot.line(rows, { x: 'time', y: 'value', stroke: 'series', strokeWidth: 1.4 })),
      Plot.ruleY(levels, { x1: 'x1', x2: 'x2', y: 'y', stroke: (d: { kind: string }) => (d.kind === 'stop' ? '#d04848' : '#3a9a5b'), strokeDasharray: '3,3', strokeOpacity: 0.8 }),
      Plot.link(trades, { x1: (t: TradeData) => new Date(t.entry_time), y1: 'entry_price', x2: (t: TradeData) => new Date(t.exit_time), y2: 'exit_price', stroke: (t: TradeData) => (t.pnl >= 0 ? '#2c7a3f' : '#b02a2a'), strokeWidth: 2, markerEnd: 'arrow' }),
      Plot.dot(trades, { x: (t: TradeData) => new Date(t.entry_time), y: 'entry_price', symbol: 'triangle', r: 6, fill: '#2c7a3f', stroke: 'white', rotate: (t: TradeData) => (t.side === 'short' ? 180 : 0), title: tradeTitle }),
      Plot.dot(trades, { x: (t: TradeData) => new Date(t.exit_time), y: 'exit_price', symbol: 'triangle', r: 6, fill: '#b02a2a', stroke: 'white', rotate: (t: TradeData) => (t.side === 'short' ? 0 : 180), title: tradeTitle }),
      Plot.dot(signals, { x: (s: SignalData) => new Date(s.time), y: 'price', r: 2.5, fill: '#111', title: (s: SignalData) => `signal ${s.action} at bar close ${utc(s.time)} @ ${s.price}\n${s.reason} (confidence ${s.confidence})` }),
    ],
  });
}

/** A panel per indicator that is not on the price scale (RSI with its levels, MACD with its histogram, ATR). */
export function oscillatorCharts(b: BarsData, from: number, to: number, indicators: readonly IndicatorData[], width: number) {
  const t0 = new Date(b.time[from]);
  const t1 = new Date(b.time[Math.max(from, to - 1)]);
  return indicators
    .filter((i) => !i.priceScale)
    .map((ind) => {
      const lines = Object.keys(ind.fields).filter((f) => f !== 'histogram').map((f) => fieldRows(b, ind, f, from, to));
      const hist = 'histogram' in ind.fields ? fieldRows(b, ind, 'histogram', from, to) : [];
      const names = lines.map((rows) => rows[0]?.series).filter((s): s is string => s !== undefined);
      return Plot.plot({
        width,
        height: 150,
        marginLeft: 72,
        x: { type: 'utc', label: null, domain: [t0, t1] },
        y: { grid: true, label: ind.name, ...(ind.type === 'rsi' ? { domain: [0, 100] } : {}) },
        color: { domain: names, range: names.map((_, i) => INDICATOR_COLORS[i % INDICATOR_COLORS.length]), legend: names.length > 1 },
        marks: [
          ...(hist.length ? [Plot.ruleX(hist, { x: 'time', y1: 0, y2: 'value', stroke: (d: { value: number }) => (d.value >= 0 ? '#59a14f' : '#e15759'), strokeOpacity: 0.6, strokeWidth: Math.max(1, Math.min(9, ((width - 80) / Math.max(1, to - from)) * 0.65)) }), Plot.ruleY([0], { stroke: '#999' })] : []),
          ...Object.values(ind.levels).map((v) => Plot.ruleY([v], { stroke: '#999', strokeDasharray: '4,3' })),
          ...lines.map((rows) => Plot.line(rows, { x: 'time', y: 'value', stroke: 'series', strokeWidth: 1.3 })),
        ],
      });
    });
}

/** The whole run at a glance: close prices, every trade as a shaded span, the chosen window outlined. */
export function overviewChart(b: BarsData, trades: readonly TradeData[], from: number, to: number, width: number) {
  const step = Math.max(1, Math.floor(b.time.length / 2000));
  const closes: { time: Date; close: number }[] = [];
  for (let i = 0; i < b.time.length; i += step) closes.push({ time: new Date(b.time[i]), close: b.close[i] });
  return Plot.plot({
    width,
    height: 130,
    marginLeft: 72,
    x: { type: 'utc', label: null },
    y: { grid: true, label: 'close', nice: true, zero: false },
    marks: [
      Plot.rect(trades, { x1: (t: TradeData) => new Date(t.entry_time), x2: (t: TradeData) => new Date(t.exit_time), fill: (t: TradeData) => (t.pnl >= 0 ? '#59a14f' : '#e15759'), fillOpacity: 0.35 }),
      Plot.line(closes, { x: 'time', y: 'close', stroke: '#555', strokeWidth: 1 }),
      Plot.rect([{ a: new Date(b.time[from]), z: new Date(b.time[Math.max(from, to - 1)]) }], { x1: 'a', x2: 'z', fill: 'none', stroke: '#4e79a7', strokeWidth: 2 }),
    ],
  });
}
