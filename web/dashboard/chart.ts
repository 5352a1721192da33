/** The live chart: close line with high-low wicks, the in-progress candle dashed, signals as triangles. */
import type { Candle } from '../../engine/types.ts';
import { $, el, svgEl } from './dom.ts';
import { fmtPrice, fmtTime } from './format.ts';
import { perFrame, seriesId, state } from './state.ts';

const MAX_CANDLES = 300;
/** The SVG's size and its margins (left for the price labels, bottom for the time labels). */
const [W, H] = [800, 320];
const [L, R, T, B] = [64, 12, 12, 28];

const select = () => $<HTMLSelectElement>('#chart-series');

/** A closed candle replaces the last one of the same open time or is appended; an open one is the partial. */
export function onCandle(c: Candle, closed: boolean): void {
  const id = seriesId(c.symbol, c.timeframe);
  if (!state.candles.has(id)) {
    state.candles.set(id, []);
    if (!state.series.some((s) => seriesId(s.symbol, s.timeframe) === id)) state.series.push({ symbol: c.symbol, timeframe: c.timeframe });
    fillSeriesSelect();
  }
  if (closed) {
    const list = state.candles.get(id)!;
    const last = list[list.length - 1];
    if (last && last.openTime === c.openTime) list[list.length - 1] = c;
    else list.push(c);
    if (list.length > MAX_CANDLES) list.shift();
    state.partial.delete(id);
  } else {
    state.partial.set(id, c);
  }
  if (select().value === id) scheduleChart();
}

const scheduleChart = perFrame(() => renderChart());

/** The series picker: the feed's series first, then any other that sent candles; the choice is kept. */
export function fillSeriesSelect(): void {
  const sel = select();
  const current = sel.value;
  const ids = state.series.map((s) => seriesId(s.symbol, s.timeframe));
  for (const id of state.candles.keys()) if (!ids.includes(id)) ids.push(id);
  if (sel.options.length === ids.length && Array.from(sel.options).every((o, i) => o.value === ids[i])) return;
  sel.innerHTML = '';
  for (const id of ids) sel.appendChild(el('option', { value: id }, [id.replace('|', ' ')]));
  if (ids.includes(current)) sel.value = current;
}

export function initChart(): void {
  select().addEventListener('change', renderChart);
}

function text(attrs: Record<string, string | number>, content: string): SVGElement {
  const t = svgEl('text', attrs);
  t.textContent = content;
  return t;
}

export function renderChart(): void {
  const root = $('#chart');
  const id = select().value;
  const closed = state.candles.get(id) ?? [];
  const partial = state.partial.get(id);
  const all = partial ? [...closed, partial] : closed;
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `live price ${id}` });
  if (all.length < 2) {
    svg.appendChild(text({ x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: '#667085' }, id ? 'waiting for candles…' : 'no live feed'));
    root.replaceChildren(svg);
    return;
  }
  const symbol = id.split('|')[0];
  const t0 = all[0].closeTime;
  const t1 = all[all.length - 1].closeTime;
  const sigs = state.signals.filter((s) => s.symbol === symbol && s.time >= t0 && s.time <= t1);
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of all) {
    lo = Math.min(lo, c.low);
    hi = Math.max(hi, c.high);
  }
  for (const s of sigs) {
    lo = Math.min(lo, s.price);
    hi = Math.max(hi, s.price);
  }
  if (hi - lo < 1e-12) {
    hi += 1e-9;
    lo -= 1e-9;
  }
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const x = (t: number) => L + ((t - t0) / Math.max(1, t1 - t0)) * (W - L - R);
  const y = (v: number) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    svg.appendChild(svgEl('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#eef1f6' }));
    svg.appendChild(text({ x: L - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#667085' }, fmtPrice(v)));
  }
  [t0, (t0 + t1) / 2, t1].forEach((tt, i) => {
    svg.appendChild(text({ x: x(tt), y: H - 8, 'text-anchor': i === 0 ? 'start' : i === 2 ? 'end' : 'middle', 'font-size': 10, fill: '#667085' }, fmtTime(tt)));
  });
  // wicks, then the close line
  const wick = closed.map((c) => `M${x(c.closeTime).toFixed(1)},${y(c.high).toFixed(1)}V${y(c.low).toFixed(1)}`).join('');
  svg.appendChild(svgEl('path', { d: wick, stroke: '#c9d1de', 'stroke-width': 1 }));
  const d = closed.map((c, i) => `${i ? 'L' : 'M'}${x(c.closeTime).toFixed(1)},${y(c.close).toFixed(1)}`).join('');
  svg.appendChild(svgEl('path', { d, fill: 'none', stroke: '#1d2330', 'stroke-width': 1.4, class: 'price-line' }));
  if (partial && closed.length) {
    const lastC = closed[closed.length - 1];
    svg.appendChild(svgEl('path', { d: `M${x(lastC.closeTime)},${y(lastC.close)}L${x(partial.closeTime)},${y(partial.close)}`, stroke: '#4269d0', 'stroke-dasharray': '3 3', 'stroke-width': 1.4, fill: 'none', class: 'partial' }));
    svg.appendChild(svgEl('circle', { cx: x(partial.closeTime), cy: y(partial.close), r: 3, fill: '#4269d0' }));
  }
  for (const s of sigs) {
    const st = state.strategies.get(s.strategyId);
    const buy = s.action === 'BUY';
    const cx = x(s.time);
    const cy = y(s.price);
    const pts = buy ? [cx, cy - 7, cx - 6, cy + 4, cx + 6, cy + 4] : [cx, cy + 7, cx - 6, cy - 4, cx + 6, cy - 4];
    const tri = svgEl('polygon', { points: pts.map((n) => n.toFixed(1)).join(' '), fill: st ? st.color : '#888', stroke: buy ? '#138a36' : '#c62828', class: 'signal-mark' });
    const title = svgEl('title', {});
    title.textContent = `${s.strategyId}: ${s.action} @ ${fmtPrice(s.price)} · ${fmtTime(s.time)} · ${s.reason}`;
    tri.appendChild(title);
    svg.appendChild(tri);
  }
  root.replaceChildren(svg);
}
