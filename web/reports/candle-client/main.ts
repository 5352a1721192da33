/**
 * The report's candlestick chart in the browser (bundled with lightweight-charts by candle-script.ts and inlined
 * into the page, so a saved report needs no network): a strategy picker, candles and volume, indicator overlays
 * and oscillator panes, entry/exit markers, each trade's stop and target as segments from entry to exit, and a
 * trades table whose rows zoom the chart to their trade when clicked.
 */
import { CandlestickSeries, createChart, createSeriesMarkers, HistogramSeries, LineSeries, LineStyle, type IChartApi, type Time, type LineData } from 'lightweight-charts';
import type { StrategyChart } from '../candle-data.ts';
import { barTimeOf, paneFormatFor, paneLayout, priceFormatFor, type IndicatorLine } from '../../dashboard/chart-model.ts';
import type { Candle } from '../../../engine/types.ts';

/** Trades whose stop and target segments are drawn (each is two small series). */
const MAX_SEGMENT_TRADES = 300;
const COLORS = ['#4269d0', '#efb118', '#a463f2', '#ff8ab7', '#6cc5b0', '#9c6b4e', '#97bbf5'];
const css = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
const sec = (ms: number) => (ms / 1000) as Time;

interface Shown {
  chart: IChartApi;
  data: StrategyChart;
  candles: Candle[];
  markers: { time: number; kind: 'entry' | 'exit'; trade: number; price: number }[];
}

let shown: Shown | null = null;

function render(holder: HTMLElement, data: StrategyChart): void {
  shown?.chart.remove();
  const box = holder.querySelector<HTMLElement>('.candle-chart')!;
  box.replaceChildren();
  const up = css('--up', '#138a36');
  const down = css('--down', '#c62828');
  const candles: Candle[] = data.candles.map(([t, o, h, l, c, v]) => ({ symbol: data.symbol, timeframe: data.timeframe, openTime: t, closeTime: 0, open: o, high: h, low: l, close: c, volume: v }));
  const step = candles.length > 1 ? candles[1].openTime - candles[0].openTime : 60_000;
  for (let i = 0; i < candles.length; i++) (candles[i] as { closeTime: number }).closeTime = candles[i].openTime + step;
  const lines: IndicatorLine[] = data.indicators.map((l) => ({ ...l, type: l.indicator }));
  const { overlays, panes } = paneLayout(lines);
  box.style.height = `${380 + panes.length * 110}px`;
  const chart = createChart(box, {
    autoSize: true,
    layout: { background: { color: css('--bg', '#fff') }, textColor: css('--muted', '#667085') },
    grid: { vertLines: { color: css('--grid', '#f0f2f5') }, horzLines: { color: css('--grid', '#f0f2f5') } },
    timeScale: { timeVisible: true, secondsVisible: false },
    localization: { timeFormatter: (s: number) => new Date(s * 1000).toISOString().replace('T', ' ').slice(0, 16) },
  });
  const priceFormat = priceFormatFor(candles);
  const series = chart.addSeries(CandlestickSeries, { priceFormat, upColor: up, downColor: down, borderUpColor: up, borderDownColor: down, wickUpColor: up, wickDownColor: down });
  series.setData(candles.map((c) => ({ time: sec(c.openTime), open: c.open, high: c.high, low: c.low, close: c.close })));
  const volume = chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume', lastValueVisible: false, priceLineVisible: false });
  volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  volume.setData(candles.map((c) => ({ time: sec(c.openTime), value: c.volume, color: c.close >= c.open ? `${up}59` : `${down}59` })));
  let colour = 0;
  const addLine = (l: IndicatorLine, pane: number) =>
    chart
      .addSeries(LineSeries, { priceFormat: pane === 0 ? priceFormat : paneFormatFor(panes[pane - 1]), color: COLORS[colour++ % COLORS.length], lineWidth: 2, priceLineVisible: false, lastValueVisible: pane > 0, title: pane > 0 ? l.name : '', crosshairMarkerVisible: false }, pane)
      .setData(l.points.map(([t, v]) => ({ time: sec(t), value: v })));
  overlays.forEach((l) => addLine(l, 0));
  panes.forEach((g, i) => g.forEach((l) => addLine(l, i + 1)));
  chart.panes().forEach((p, i) => p.setHeight(i === 0 ? 380 : 110));
  // stop and target of each trade as a segment from its entry bar to its exit bar: a two-point line each (a line
  // series joins its points across gaps, so one series per segment); the newest MAX_SEGMENT_TRADES trades
  const segmentStyle = { lineWidth: 1 as const, lineStyle: LineStyle.Dashed, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false, priceFormat, autoscaleInfoProvider: () => null };
  for (const t of data.trades.slice(-MAX_SEGMENT_TRADES)) {
    const from = barTimeOf(candles, t.entryTime);
    const to = barTimeOf(candles, t.exitTime);
    if (from === null || to === null) continue;
    for (const [level, color] of [[t.stop, down], [t.target, up]] as const) {
      if (level === null) continue;
      const pts: LineData<Time>[] = from === to ? [{ time: sec(from), value: level }] : [{ time: sec(from), value: level }, { time: sec(to), value: level }];
      chart.addSeries(LineSeries, { ...segmentStyle, color, pointMarkersVisible: from === to }).setData(pts);
    }
  }
  const markers: Shown['markers'] = [];
  data.trades.forEach((t, i) => {
    const e = barTimeOf(candles, t.entryTime);
    const x = barTimeOf(candles, t.exitTime);
    if (e !== null) markers.push({ time: e, kind: 'entry', trade: i, price: t.entryPrice });
    if (x !== null) markers.push({ time: x, kind: 'exit', trade: i, price: t.exitPrice });
  });
  markers.sort((a, b) => a.time - b.time);
  const long = (i: number) => data.trades[i].side === 'long';
  createSeriesMarkers(
    series,
    markers.map((m) => {
      const buy = (m.kind === 'entry') === long(m.trade);
      return { time: sec(m.time), position: 'atPriceMiddle' as const, price: m.price, shape: buy ? ('arrowUp' as const) : ('arrowDown' as const), color: buy ? up : down, text: m.kind === 'entry' ? `#${m.trade + 1}` : '' };
    }),
  );
  shown = { chart, data, candles, markers };
  fillTrades(holder, data);
}

function fillTrades(holder: HTMLElement, data: StrategyChart): void {
  const body = holder.querySelector('tbody')!;
  const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(2) : Math.abs(v) >= 1 ? v.toFixed(4) : v.toPrecision(5));
  const t = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
  body.innerHTML = data.trades
    .map((x, i) => `<tr data-trade="${i}" tabindex="0"><td class="num">${i + 1}</td><td>${x.side}</td><td>${t(x.entryTime)}</td><td class="num">${f(x.entryPrice)}</td><td>${t(x.exitTime)}</td><td class="num">${f(x.exitPrice)}</td><td class="num ${x.pnl >= 0 ? 'pos' : 'neg'}">${x.pnl.toFixed(2)}</td><td class="num">${(x.ret * 100).toFixed(2)}%</td><td>${x.reason.replace(/_/g, ' ')}</td></tr>`)
    .join('') || '<tr><td colspan="9" class="muted">no closed trades</td></tr>';
}

/** Shows a trade with a few bars either side. */
function zoomTo(i: number): void {
  if (!shown) return;
  const tr = shown.data.trades[i];
  const c = shown.candles;
  const from = barTimeOf(c, tr.entryTime);
  const to = barTimeOf(c, tr.exitTime);
  if (from === null || to === null) return;
  const a = c.findIndex((x) => x.openTime === from);
  const b = c.findIndex((x) => x.openTime === to);
  const pad = Math.max(5, Math.round((b - a) * 0.5));
  shown.chart.timeScale().setVisibleLogicalRange({ from: a - pad, to: b + pad });
}

for (const holder of Array.from(document.querySelectorAll<HTMLElement>('[data-candle-chart]'))) {
  const all = JSON.parse(document.getElementById(holder.dataset.candleChart!)!.textContent!) as StrategyChart[];
  const pick = holder.querySelector('select')!;
  const note = holder.querySelector<HTMLElement>('.candle-note')!;
  const show = () => {
    const d = all[Number(pick.value)];
    render(holder, d);
    note.textContent = [d.indicatorNote, d.truncated ? `the newest ${d.candles.length} candles` : ''].filter(Boolean).join(' · ');
  };
  pick.addEventListener('change', show);
  holder.querySelector('tbody')!.addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest('tr[data-trade]');
    if (!row) return;
    holder.querySelectorAll('tr.sel').forEach((r) => r.classList.remove('sel'));
    row.classList.add('sel');
    zoomTo(Number(row.getAttribute('data-trade')));
  });
  show();
}

/** For the browser tests: what the chart shows, read through the library. */
(window as unknown as { __strataReport: unknown }).__strataReport = {
  strategy: () => shown?.data.id ?? null,
  visibleRange: () => shown?.chart.timeScale().getVisibleRange() ?? null,
  bars: () => shown?.candles.length ?? 0,
  markers: () => shown?.markers ?? [],
  panes: () => shown?.chart.panes().length ?? 0,
};
