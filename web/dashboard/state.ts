/** What the dashboard knows: strategies, candles per series, recent signals; and the render scheduling. */
import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { StrategySummary } from '../../engine/manager.ts';
import type { Candle, SeriesKey, Signal, StrategyMetrics, StrategyStatus } from '../../engine/types.ts';

export const PALETTE = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];

export interface StrategyView {
  summary: StrategySummary;
  metrics: StrategyMetrics | null;
  config: StrategyConfig | null;
  /** Swatch and chart-marker colour, fixed when the strategy first appears. */
  color: string;
}

export const state = {
  strategies: new Map<string, StrategyView>(),
  /** Closed candles per series id. */
  candles: new Map<string, Candle[]>(),
  /** The in-progress candle per series id. */
  partial: new Map<string, Candle>(),
  signals: [] as Signal[],
  series: [] as SeriesKey[],
};

export const seriesId = (symbol: string, timeframe: string) => `${symbol}|${timeframe}`;

/** A strategy's series: its own (alias null) first, then the informative ones its config declares. */
export function strategySeries(s: StrategyView): { alias: string | null; symbol: string; timeframe: string }[] {
  const own = { alias: null, symbol: s.summary.symbol, timeframe: s.summary.timeframe };
  if (!s.summary.symbol) return [];
  return [own, ...Object.entries(s.config?.series ?? {}).map(([alias, d]) => ({ alias, symbol: d.symbol ?? s.summary.symbol, timeframe: d.timeframe }))];
}

export interface Patch {
  summary?: StrategySummary;
  metrics?: StrategyMetrics;
  config?: StrategyConfig;
  status?: StrategyStatus;
}

/** A function that runs `fn` at the next animation frame, once however often it is called before then. */
export function perFrame(fn: () => void): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      fn();
    });
  };
}

let renderAll: () => void = () => undefined;

/** The function that redraws every panel (set once by the entry module). */
export function onRender(fn: () => void): void {
  renderAll = fn;
}

/** Redraws every panel at the next animation frame. */
export const schedule = perFrame(() => renderAll());

export function renderNow(): void {
  renderAll();
}

/** Adds or updates a strategy and schedules a redraw. */
export function upsert(id: string, patch: Patch): void {
  let s = state.strategies.get(id);
  if (!s) {
    s = { summary: { id, name: id, symbol: '', timeframe: '', status: 'running' }, metrics: null, config: null, color: PALETTE[state.strategies.size % PALETTE.length] };
    state.strategies.set(id, s);
  }
  if (patch.summary) s.summary = patch.summary;
  if (patch.metrics) {
    s.metrics = patch.metrics;
    s.summary.status = patch.metrics.status;
  }
  if (patch.config) s.config = patch.config;
  if (patch.status) {
    s.summary.status = patch.status;
    if (s.metrics) s.metrics.status = patch.status;
  }
  schedule();
}

/** A strategy as GET /api/v1/strategies/:id answers it, into the store. */
export function upsertDetail(s: StrategySummary & { metrics: StrategyMetrics; config: StrategyConfig }): void {
  upsert(s.id, { summary: { id: s.id, name: s.name, symbol: s.symbol, timeframe: s.timeframe, status: s.status }, metrics: s.metrics, config: s.config });
}
