import type { ColumnarSeries } from '../../data/historical-feed.ts';
import { ColumnarFeed } from '../../data/historical-feed.ts';
import { BacktestClock } from '../../engine/clock.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { configSymbols } from '../../engine/config/series.ts';
import { Engine } from '../../engine/engine.ts';
import type { OrderGate } from '../../engine/execution/order-gate.ts';
import { StrategyManager } from '../../engine/manager.ts';
import { MetricsTracker } from '../../engine/metrics/tracker.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import { annualisationOf } from '../../engine/markets/annualisation.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import { atEndOfData, type StrategyMetrics, type StrategyStatus, type Trade } from '../../engine/types.ts';
import { GrowableFloat64 } from './growable.ts';
import { trackerPerformance, type Performance } from './metric-select.ts';

/**
 * A test window inside a longer run: the bars before `start` (open time) only warm the strategy up (it may
 * not open positions there), and metrics count the bars from `start` on, as if the strategy had been
 * deployed flat at `start` with warm indicators.
 */
export interface RunWindow {
  start: number;
  /** Close a position still open at the end at the last close (fees and slippage charged; reason end_of_data). */
  closeAtEnd: boolean;
}

export interface ConfigRunOptions {
  config: StrategyConfig;
  inputs: readonly ColumnarSeries[];
  modules?: ReadonlyMap<string, StrategyFactory>;
  /** Open-time range [from, to) of the candles replayed. */
  from?: number;
  to?: number;
  window?: RunWindow;
}

/** Bar-by-bar equity of the counted bars (close times), and whether a position was open at each close. */
export interface WindowCurve {
  time: Float64Array;
  equity: Float64Array;
  inPosition: Uint8Array;
}

export interface ConfigRunResult {
  status: StrategyStatus;
  error: string | null;
  /** The engine's metrics of the whole replay (identical to `strata backtest` for the same config and data). */
  metrics: StrategyMetrics;
  /** With a window: performance of the counted bars, their equity curve and trades. */
  window: { performance: Performance; curve: WindowCurve; trades: Trade[] } | null;
}

/**
 * Runs one strategy config over in-memory columns: the lean runner behind sweeps and walk-forward (no
 * signal/fill lists, no data fingerprint). Only the series of the symbols the config reads are replayed.
 */
export async function runConfig(opts: ConfigRunOptions): Promise<ConfigRunResult> {
  const { config, window } = opts;
  const symbols = configSymbols(config);
  const inputs = opts.inputs.filter((s) => symbols.includes(s.series.symbol));
  const gate: OrderGate | undefined = window
    ? { review: (order) => (order.createdAt > window.start ? { blocked: false } : { blocked: true, limit: 'warmup', detail: 'warm-up bars only prime the strategy' }) }
    : undefined;
  const manager = new StrategyManager({ modules: opts.modules, gate });
  const feed = new ColumnarFeed(inputs, { from: opts.from, to: opts.to });
  manager.setSourceSeries(feed.series);
  const id = manager.startStrategy(config);
  const instance = manager.getInstance(id);

  const time = new GrowableFloat64(256);
  const equity = new GrowableFloat64(256);
  const inPosition: number[] = [];
  const trades: Trade[] = [];
  if (window) {
    manager.events.on('equity', (e) => {
      if (e.time <= window.start) return;
      time.push(e.time);
      equity.push(e.equity);
      inPosition.push(instance.account.isFlat ? 0 : 1);
    });
    manager.events.on('trade', (t) => trades.push(t));
  }

  await new Engine(manager, new BacktestClock()).run(feed);

  if (!window) return { status: instance.status, error: instance.errorMessage, metrics: atEndOfData(manager.getMetrics(id)), window: null };

  const ok = instance.status === 'running' || instance.status === 'paused';
  if (window.closeAtEnd && ok && !instance.account.isFlat && time.length > 0) {
    instance.closeAtLastPrice('end_of_data');
    // The last counted bar is where the position was closed: its equity is now the cash after the exit fill.
    equity.view()[equity.length - 1] = instance.account.cash;
  }
  const annual = annualisationOf(config);
  const tracker = new MetricsTracker(config.capital, annual.periodsPerYear, annual.basis);
  const eq = equity.view();
  const times = time.view();
  const step = timeframeMs(config.timeframe);
  for (let i = 0; i < eq.length; i++) tracker.onBar(eq[i], inPosition[i] === 1, times[i] - step, times[i]);
  let realized = 0;
  let fees = 0;
  for (const t of trades) {
    tracker.onTrade(t);
    realized += t.pnl;
    fees += t.fees;
  }
  return {
    status: instance.status,
    error: instance.errorMessage,
    metrics: atEndOfData(manager.getMetrics(id)),
    window: {
      performance: trackerPerformance(tracker, realized, fees),
      curve: { time: time.view().slice(), equity: eq.slice(), inPosition: Uint8Array.from(inPosition) },
      trades,
    },
  };
}
