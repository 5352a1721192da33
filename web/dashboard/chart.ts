/**
 * The live chart on TradingView's lightweight-charts: candlesticks and volume of any series the session
 * delivers, the in-progress candle updated as it moves, the chosen strategy's indicators (price-scale ones over
 * the candles, oscillators in panes below), its fills as markers at their prices and its open position's entry,
 * stop and target as price lines. Zoom (wheel), pan (drag) and the crosshair are the library's; the legend shows
 * the bar under the crosshair. History comes from GET /api/v1/live/chart; WebSocket candles keep it moving.
 */
import { CandlestickSeries, createChart, createSeriesMarkers, CrosshairMode, HistogramSeries, LineSeries, LineStyle, type IChartApi, type ISeriesApi, type ISeriesMarkersPluginApi, type MouseEventParams, type Time } from 'lightweight-charts';
import type { Candle } from '../../engine/types.ts';
import { api } from './api.ts';
import { barOf, fillMarkers, paneFormatFor, paneLayout, priceFormatFor, toSec, valueAt, volumeOf, type ChartData, type FillMarker, type IndicatorLine } from './chart-model.ts';
import { $, el } from './dom.ts';
import { fmtPrice, fmtQty, fmtTime } from './format.ts';
import { seriesId, state, strategySeries } from './state.ts';
import { LINE_COLORS, onThemeChange, theme } from './theme.ts';

const PRICE_PANE_PX = 340;
const OSC_PANE_PX = 110;
/** Bars in view when a series is first shown. */
const INITIAL_BARS = 160;
/** Indicators and fills are re-read at most this often while candles close. */
const REFRESH_MS = 1500;

interface View {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
  markers: ISeriesMarkersPluginApi<Time>;
  lines: Map<string, ISeriesApi<'Line'>>;
  data: ChartData;
  /** Closed candles as drawn, oldest first (for marker placement and the legend). */
  closed: Candle[];
  live: Candle | null;
  fillMarks: FillMarker[];
}

let view: View | null = null;
let loading = 0;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

const seriesSelect = () => $<HTMLSelectElement>('#chart-series');
const strategySelect = () => $<HTMLSelectElement>('#chart-strategy');

function chosen(): { symbol: string; timeframe: string; strategy: string } | null {
  const [symbol, timeframe] = seriesSelect().value.split('|');
  return symbol && timeframe ? { symbol, timeframe, strategy: strategySelect().value } : null;
}

/** Every series worth offering: the feed's, each strategy's own and informative ones, and any that sent candles. */
function seriesIds(): string[] {
  const ids = state.series.map((s) => seriesId(s.symbol, s.timeframe));
  for (const s of state.strategies.values()) for (const d of strategySeries(s)) ids.push(seriesId(d.symbol, d.timeframe));
  for (const id of state.candles.keys()) ids.push(id);
  return [...new Set(ids)];
}

/** A series' label in the picker: the chosen strategy's informative ones carry their alias (`BTC/USDT 4h @h4`). */
function seriesLabel(id: string): string {
  const s = state.strategies.get(strategySelect().value);
  const alias = s ? strategySeries(s).find((d) => d.alias !== null && seriesId(d.symbol, d.timeframe) === id)?.alias : undefined;
  return `${id.replace('|', ' ')}${alias ? ` @${alias}` : ''}`;
}

/** Shows `id` (a series of the chosen strategy, from its card) in the chart. */
export function showSeries(strategy: string, id: string): void {
  if (strategySelect().value !== strategy) {
    strategySelect().value = strategy;
    fillSeriesSelect();
  }
  if (!Array.from(seriesSelect().options).some((o) => o.value === id)) seriesSelect().appendChild(el('option', { value: id }, [seriesLabel(id)]));
  seriesSelect().value = id;
  void load();
  $('#chart-panel').scrollIntoView({ block: 'nearest' });
}

function fillOptions(sel: HTMLSelectElement, options: [string, string][]): boolean {
  const current = sel.value;
  if (sel.options.length === options.length && options.every(([v, t], i) => sel.options[i].value === v && sel.options[i].text === t)) return false;
  sel.replaceChildren(...options.map(([value, text]) => el('option', { value }, [text])));
  if (options.some(([v]) => v === current)) sel.value = current;
  return sel.value !== current;
}

/** Keeps the pickers in step with the strategies and series; a new choice reloads the chart. */
export function fillSeriesSelect(): void {
  const strategies: [string, string][] = [...state.strategies.values()].map((s) => [s.summary.id, `${s.summary.name || s.summary.id}`]);
  const changedStrategy = fillOptions(strategySelect(), [['', 'no strategy'], ...strategies]);
  if (changedStrategy || (strategySelect().value === '' && strategies.length > 0 && view === null)) {
    if (strategySelect().value === '' && strategies.length > 0) strategySelect().value = strategies[0][0];
    followStrategy();
  }
  const changedSeries = fillOptions(seriesSelect(), seriesIds().map((id) => [id, seriesLabel(id)]));
  if (changedSeries || (view === null && seriesSelect().value)) void load();
}

/** Picks the chosen strategy's own series. */
function followStrategy(): void {
  const s = state.strategies.get(strategySelect().value);
  if (!s?.summary.symbol) return;
  const id = seriesId(s.summary.symbol, s.summary.timeframe);
  if (!Array.from(seriesSelect().options).some((o) => o.value === id)) seriesSelect().appendChild(el('option', { value: id }, [id.replace('|', ' ')]));
  seriesSelect().value = id;
}

export function initChart(): void {
  seriesSelect().addEventListener('change', () => void load());
  strategySelect().addEventListener('change', () => {
    fillSeriesSelect();
    followStrategy();
    void load();
  });
  onThemeChange(() => void load());
  (window as unknown as { __strataChart: unknown }).__strataChart = testHook;
}

async function fetchChart(q: { symbol: string; timeframe: string; strategy: string }): Promise<ChartData> {
  const p = new URLSearchParams({ symbol: q.symbol, timeframe: q.timeframe });
  if (q.strategy) p.set('strategy', q.strategy);
  return api<ChartData>('GET', `/live/chart?${p}`);
}

/** Builds the chart for the chosen series and strategy from the history the server recorded. */
async function load(): Promise<void> {
  const q = chosen();
  const ticket = ++loading;
  if (!q) return;
  let data: ChartData;
  try {
    data = await fetchChart(q);
  } catch {
    return;
  }
  if (ticket !== loading) return;
  view?.chart.remove();
  view = build(data);
  const n = view.closed.length;
  if (n > INITIAL_BARS) view.chart.timeScale().setVisibleLogicalRange({ from: n - INITIAL_BARS, to: n + 2 });
  else view.chart.timeScale().fitContent();
  showRange();
  legend(null);
}

function build(data: ChartData): View {
  const t = theme();
  const root = $('#chart');
  root.replaceChildren();
  const { overlays, panes } = paneLayout(data.indicators);
  root.style.height = `${PRICE_PANE_PX + panes.length * OSC_PANE_PX}px`;
  const chart = createChart(root, {
    autoSize: true,
    layout: { background: { color: t.card }, textColor: t.muted, fontFamily: getComputedStyle(document.body).fontFamily, panes: { separatorColor: t.line } },
    grid: { vertLines: { color: t.grid }, horzLines: { color: t.grid } },
    crosshair: { mode: CrosshairMode.Normal },
    rightPriceScale: { borderColor: t.line },
    timeScale: { borderColor: t.line, timeVisible: true, secondsVisible: false },
    localization: { timeFormatter: (s: number) => fmtTime(s * 1000) },
  });
  const priceFormat = priceFormatFor(data.candles);
  // The price scale fits the candles; a stop or target far outside them shows once the scale is dragged (the
  // positions table lists them either way).
  const candles = chart.addSeries(CandlestickSeries, {
    priceFormat,
    upColor: t.up, downColor: t.down, borderUpColor: t.up, borderDownColor: t.down, wickUpColor: t.up, wickDownColor: t.down });
  const volume = chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume', lastValueVisible: false, priceLineVisible: false });
  volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  const closed = data.candles.slice();
  candles.setData(closed.map(barOf));
  volume.setData(closed.map((c) => volumeOf(c, t.upSoft, t.downSoft)));
  const live = data.inProgress && (closed.length === 0 || data.inProgress.openTime >= closed[closed.length - 1].openTime) ? data.inProgress : null;
  if (live) {
    candles.update(barOf(live));
    volume.update(volumeOf(live, t.upSoft, t.downSoft));
  }
  const lines = new Map<string, ISeriesApi<'Line'>>();
  let colour = 0;
  const addLine = (l: IndicatorLine, pane: number) => {
    const s = chart.addSeries(LineSeries, { priceFormat: pane === 0 ? priceFormat : paneFormatFor(panes[pane - 1]), color: LINE_COLORS[colour++ % LINE_COLORS.length], lineWidth: 2, priceLineVisible: false, lastValueVisible: pane > 0, title: pane > 0 ? l.name : '', crosshairMarkerVisible: false }, pane);
    s.setData(l.points.map(([time, value]) => ({ time: toSec(time - tfMs(data)) as Time, value })));
    lines.set(l.name, s);
  };
  overlays.forEach((l) => addLine(l, 0));
  panes.forEach((group, i) => group.forEach((l) => addLine(l, i + 1)));
  chart.panes().forEach((p, i) => p.setHeight(i === 0 ? PRICE_PANE_PX : OSC_PANE_PX));
  const markers = createSeriesMarkers(candles, []);
  const v: View = { chart, candles, volume, markers, lines, data, closed, live, fillMarks: [] };
  applyActivity(v, data);
  chart.subscribeCrosshairMove((p) => legend(p));
  chart.timeScale().subscribeVisibleLogicalRangeChange(() => showRange());
  return v;
}

/** Candle duration of the chart's series in ms (indicator points are stamped at the close; bars at the open). */
function tfMs(d: ChartData): number {
  const c = d.candles[0] ?? d.inProgress;
  return c ? c.closeTime - c.openTime : 0;
}

/** Fill markers and the open position's levels. */
function applyActivity(v: View, d: ChartData): void {
  const t = theme();
  v.fillMarks = fillMarkers(v.live ? [...v.closed, v.live] : v.closed, d.fills, t.up, t.down);
  v.markers.setMarkers(v.fillMarks.map(({ fillId: _id, ...m }) => ({ ...m, time: m.time as Time })));
  for (const pl of v.candles.priceLines()) v.candles.removePriceLine(pl);
  const pos = d.position;
  if (pos) {
    v.candles.createPriceLine({ price: pos.entryPrice, color: t.muted, lineStyle: LineStyle.Dotted, lineWidth: 1, axisLabelVisible: true, title: `${pos.side} entry` });
    if (pos.stopPrice !== null) v.candles.createPriceLine({ price: pos.stopPrice, color: t.down, lineStyle: LineStyle.Dashed, lineWidth: 1, axisLabelVisible: true, title: 'stop' });
    if (pos.takeProfitPrice !== null) v.candles.createPriceLine({ price: pos.takeProfitPrice, color: t.up, lineStyle: LineStyle.Dashed, lineWidth: 1, axisLabelVisible: true, title: 'target' });
  }
}

/** A WebSocket candle: the in-progress one moves the last bar; a closed one fixes it and, soon, the indicators. */
export function onCandle(c: Candle, closed: boolean): void {
  const id = seriesId(c.symbol, c.timeframe);
  if (!state.candles.has(id)) {
    state.candles.set(id, []);
    fillSeriesSelect();
  }
  const v = view;
  if (!v || v.data.symbol !== c.symbol || v.data.timeframe !== c.timeframe) return;
  const last = v.live ?? v.closed[v.closed.length - 1];
  if (last && c.openTime < last.openTime) return; // older than what is drawn (history already holds it)
  const t = theme();
  v.candles.update(barOf(c));
  v.volume.update(volumeOf(c, t.upSoft, t.downSoft));
  noteDrawn(v, closed);
  if (closed) {
    const tail = v.closed[v.closed.length - 1];
    if (tail && tail.openTime === c.openTime) v.closed[v.closed.length - 1] = c;
    else v.closed.push(c);
    v.live = null;
    scheduleRefresh();
  } else {
    v.live = c;
  }
}

/** The chart's last bar after each live update (newest 500), so a test can see every move, however slow its page. */
const drawn: { time: number; close: number; closed: boolean }[] = [];
function noteDrawn(v: View, closed: boolean): void {
  const d = v.candles.data();
  const b = d[d.length - 1] as { time: number; close?: number } | undefined;
  if (b?.close === undefined) return;
  drawn.push({ time: b.time, close: b.close, closed });
  if (drawn.length > 500) drawn.splice(0, drawn.length - 500);
}

function scheduleRefresh(): void {
  if (refreshTimer !== null) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refresh();
  }, REFRESH_MS);
}

/** Re-reads indicators, fills and the position without touching the zoom. */
async function refresh(): Promise<void> {
  const v = view;
  const q = chosen();
  if (!v || !q) return;
  let d: ChartData;
  try {
    d = await fetchChart(q);
  } catch {
    return;
  }
  if (view !== v || d.symbol !== v.data.symbol || d.timeframe !== v.data.timeframe || d.strategy !== v.data.strategy) return;
  v.data = { ...d, candles: v.data.candles };
  for (const l of d.indicators) v.lines.get(l.name)?.setData(l.points.map(([time, value]) => ({ time: toSec(time - tfMs(d)) as Time, value })));
  v.data.indicators = d.indicators;
  applyActivity(v, d);
  legend(null);
}

/** OHLCV and indicator values of the bar under the crosshair (the newest bar when the pointer is away). */
function legend(p: MouseEventParams<Time> | null): void {
  const v = view;
  const box = $('#chart-legend');
  if (!v) return box.replaceChildren();
  const all = v.live ? [...v.closed, v.live] : v.closed;
  const at = p?.time === undefined ? all[all.length - 1] : all.find((c) => toSec(c.openTime) === p.time);
  if (!at) return box.replaceChildren();
  const cls = at.close >= at.open ? 'up' : 'down';
  const item = (k: string, val: string, c = '') => el('span', { class: `lg ${c}`, 'data-k': k }, [el('b', {}, [k]), ` ${val}`]);
  const parts = [
    el('span', { class: 'lg time' }, [fmtTime(at.openTime)]),
    item('O', fmtPrice(at.open), cls),
    item('H', fmtPrice(at.high), cls),
    item('L', fmtPrice(at.low), cls),
    item('C', fmtPrice(at.close), cls),
    item('V', fmtQty(at.volume)),
  ];
  for (const l of v.data.indicators) {
    const val = valueAt(l, at.closeTime);
    if (val !== null) parts.push(item(l.name, fmtPrice(val)));
  }
  const mark = v.fillMarks.filter((m) => m.time === toSec(at.openTime));
  for (const m of mark) parts.push(item(m.text, `@ ${fmtPrice(m.price)}`, m.shape === 'arrowUp' ? 'up' : 'down'));
  if (at === v.live) parts.push(el('span', { class: 'lg muted' }, ['in progress']));
  box.replaceChildren(...parts);
}

function showRange(): void {
  const v = view;
  const box = $('#chart-range');
  const r = v?.chart.timeScale().getVisibleRange();
  if (!v || !r) {
    box.textContent = '';
    return;
  }
  const from = (r.from as number) * 1000;
  const to = (r.to as number) * 1000;
  box.dataset.from = String(from);
  box.dataset.to = String(to);
  const n = v.closed.filter((c) => c.openTime >= from && c.openTime <= to).length;
  box.textContent = `${n} bars · ${fmtTime(from)} – ${fmtTime(to)} UTC · wheel to zoom, drag to pan`;
}

/** For the browser tests and the console: what the chart holds, read through the library's own API. */
const testHook = {
  visibleRange: () => view?.chart.timeScale().getVisibleRange() ?? null,
  visibleLogicalRange: () => view?.chart.timeScale().getVisibleLogicalRange() ?? null,
  markers: () => view?.fillMarks.map((m) => ({ time: m.time, price: m.price, fillId: m.fillId, text: m.text })) ?? [],
  lines: () => [...(view?.lines.keys() ?? [])],
  panes: () => view?.chart.panes().length ?? 0,
  priceLines: () => view?.candles.priceLines().map((l) => ({ price: l.options().price, title: l.options().title })) ?? [],
  drawnUpdates: () => drawn.slice(),
  lastBar: () => {
    const d = view?.candles.data();
    return d && d.length ? d[d.length - 1] : null;
  },
  background: () => (view?.chart.options().layout.background as { color?: string } | undefined)?.color ?? null,
  bars: () => view?.candles.data().map((b) => { const { time, open, high, low, close } = b as { time: number; open: number; high: number; low: number; close: number }; return { time, open, high, low, close }; }) ?? [],
  barAt: (sec: number) => view?.candles.data().find((b) => b.time === sec) ?? null,
  lineValueAt: (name: string, sec: number) => (view?.lines.get(name)?.data().find((b) => b.time === sec) as { value?: number } | undefined)?.value ?? null,
};
