/**
 * The equity chart: every strategy's bar-by-bar equity in its colour and the portfolio's (their sum) in bold,
 * on a percentage scale so strategies of different capital compare (lightweight-charts' percentage mode: the
 * change from the first bar in view). The legend gives each line's equity under the crosshair.
 */
import { createChart, LineSeries, PriceScaleMode, type IChartApi, type ISeriesApi, type Time } from 'lightweight-charts';
import type * as z from 'zod';
import type { LiveEquitySchema } from '../api/live-schemas.ts';
import { api } from './api.ts';
import { toSec } from './chart-model.ts';
import { $, el } from './dom.ts';
import { fmtMoney, fmtTime } from './format.ts';
import { state } from './state.ts';
import { onThemeChange, theme } from './theme.ts';

type LiveEquity = z.infer<typeof LiveEquitySchema>;
const PORTFOLIO = '__portfolio__';

let chart: IChartApi | null = null;
const lines = new Map<string, ISeriesApi<'Line'>>();
let last: LiveEquity | null = null;

function ensureChart(): IChartApi {
  if (chart) return chart;
  const t = theme();
  chart = createChart($<HTMLElement>('#equity-chart'), {
    autoSize: true,
    layout: { background: { color: t.card }, textColor: t.muted, fontFamily: getComputedStyle(document.body).fontFamily },
    grid: { vertLines: { color: t.grid }, horzLines: { color: t.grid } },
    rightPriceScale: { mode: PriceScaleMode.Percentage, borderColor: t.line },
    timeScale: { borderColor: t.line, timeVisible: true, secondsVisible: false },
    localization: { timeFormatter: (s: number) => fmtTime(s * 1000) },
  });
  chart.subscribeCrosshairMove((p) => legend(p.time === undefined ? null : (p.time as number)));
  return chart;
}

/** Equity times are candle closes; several strategies on one time merge into one point each. */
const points = (list: { time: number; equity: number }[]) => {
  const out: { time: Time; value: number }[] = [];
  for (const p of list) {
    const t = toSec(p.time) as Time;
    if (out.length && out[out.length - 1].time === t) out[out.length - 1].value = p.equity;
    else out.push({ time: t, value: p.equity });
  }
  return out;
};

export async function renderEquity(): Promise<void> {
  const data = await api<LiveEquity>('GET', '/live/equity');
  last = data;
  const c = ensureChart();
  const t = theme();
  const want = new Set([PORTFOLIO, ...data.strategies.map((s) => s.id)]);
  for (const [id, s] of lines) {
    if (!want.has(id)) {
      c.removeSeries(s);
      lines.delete(id);
    }
  }
  const line = (id: string, color: string, width: 1 | 2 | 3) => {
    let s = lines.get(id);
    if (!s) {
      s = c.addSeries(LineSeries, { color, lineWidth: width, priceLineVisible: false, lastValueVisible: true, title: id === PORTFOLIO ? 'portfolio' : '' });
      lines.set(id, s);
    }
    return s;
  };
  for (const s of data.strategies) line(s.id, state.strategies.get(s.id)?.color ?? t.muted, 2).setData(points(s.points));
  if (data.strategies.length > 1) line(PORTFOLIO, t.fg, 3).setData(points(data.portfolio));
  else if (lines.has(PORTFOLIO)) {
    c.removeSeries(lines.get(PORTFOLIO)!);
    lines.delete(PORTFOLIO);
  }
  legend(null);
}

/** Equity of each line at `sec` (the newest point when null). */
function legend(sec: number | null): void {
  const box = $('#equity-legend');
  if (!last) return;
  const at = (list: { time: number; equity: number }[]) => {
    if (sec === null) return list[list.length - 1];
    let found: { time: number; equity: number } | undefined;
    for (const p of list) if (toSec(p.time) <= sec) found = p;
    return found;
  };
  const items = last.strategies.map((s) => ({ id: s.id, name: state.strategies.get(s.id)?.summary.name || s.id, color: state.strategies.get(s.id)?.color ?? '', p: at(s.points) }));
  if (last.strategies.length > 1) items.unshift({ id: PORTFOLIO, name: 'Portfolio', color: theme().fg, p: at(last.portfolio) });
  box.replaceChildren(
    ...items.map((i) => el('span', { class: 'lg', 'data-id': i.id }, [el('span', { class: 'swatch', style: `background:${i.color}` }), `${i.name} `, el('b', {}, [fmtMoney(i.p?.equity)])])),
    el('span', { class: 'lg muted' }, [sec === null ? 'latest' : fmtTime(sec * 1000)]),
  );
}

onThemeChange(() => {
  chart?.remove();
  chart = null;
  lines.clear();
  void renderEquity();
});
