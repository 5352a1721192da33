import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { portfolioMetricsRow, strategyMetricsRow, type MetricsRow } from '../../backtest/run/library.ts';
import { loadConfigs } from '../../backtest/run/load-configs.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { declaredSeries } from '../../engine/config/series.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { StrategyMetrics, Timeframe } from '../../engine/types.ts';
import { attributionData, rollingCorrelationData, type OldAnalytics } from './analytics.ts';
import { downsampleIndexes } from './downsample.ts';
import { queryColumns, queryRows, type Row } from './duck.ts';
import { barsFor, indicatorSeries, type BarColumns, type IndicatorSeries } from './indicators.ts';
import { monthlyReturns, type MonthlyReturn } from './monthly.ts';
import type { PickedRun, PickedRuns } from './pick-run.ts';
import type { RunManifest } from '../../backtest/records/manifest.ts';
import { droppedCandles, displayPriceRows } from '../../backtest/records/price-display-read.ts';
import { readMetricsDocument } from '../../backtest/records/strategy-summaries.ts';

/**
 * The notebooks' data folder, written before every build: JSON only, so the pages need no Parquet or DuckDB in
 * the browser. Every file is always written (with `available: false` when there is no such run), so the
 * notebooks build and say what is missing instead of failing.
 *
 *   backtest.json  the run: id, command, data, strategies, metrics rows (strategies then `__portfolio__`),
 *                  attribution and correlation
 *   equity.json    per strategy and the portfolio: time, equity, drawdown (downsampled, peaks kept)
 *   monthly.json   monthly returns per strategy and the portfolio, from the full-resolution curves
 *   trades.json    every closed trade (times epoch ms)
 *   signals.json   every signal
 *   attribution.json  per period (day, week, month) and strategy the contribution (attribution.parquet)
 *   correlation.json  the rolling correlation of each pair per period (correlation.parquet)
 *   bars.json      per series the bars each strategy traded (its timeframe), and per strategy its indicators
 *   sweep.json     the sweep: parameters, ranking metric, one row per combination (sweep.parquet)
 */
export const DATA_FILES = ['backtest.json', 'equity.json', 'monthly.json', 'trades.json', 'signals.json', 'bars.json', 'attribution.json', 'correlation.json', 'sweep.json'] as const;

export interface ExportOptions {
  /** Points kept per equity curve (default 4,000). */
  maxPoints?: number;
  /** Bars kept per series, the most recent (default 100,000). */
  maxBars?: number;
}

export interface ExportSummary {
  backtest: string | null;
  sweep: string | null;
  files: string[];
}

const PORTFOLIO = '__portfolio__';
const sql = (path: string) => `'${path.replaceAll("'", "''")}'`;

function write(dir: string, name: string, value: unknown): string {
  writeFileSync(join(dir, name), JSON.stringify(value));
  return name;
}

/** Writes every data file for the picked runs into `dir`. */
export async function exportNotebookData(runs: PickedRuns, dir: string, opts: ExportOptions = {}): Promise<ExportSummary> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  if (runs.backtest) {
    const b = await backtestData(runs.backtest, opts);
    for (const [name, value] of Object.entries(b)) files.push(write(dir, name, value));
  } else {
    const none = { available: false, note: runs.notes.backtest ?? 'no backtest run' };
    files.push(write(dir, 'backtest.json', none), write(dir, 'equity.json', { series: [] }), write(dir, 'monthly.json', []));
    files.push(write(dir, 'trades.json', []), write(dir, 'signals.json', []), write(dir, 'bars.json', { series: {}, strategies: {} }));
    files.push(write(dir, 'attribution.json', { source: null, omitted: [], rows: [] }), write(dir, 'correlation.json', { source: null, window: null, rows: [] }));
  }
  files.push(write(dir, 'sweep.json', runs.sweep ? await sweepData(runs.sweep) : { available: false, note: runs.notes.sweep ?? 'no sweep run' }));
  return { backtest: runs.backtest?.runId ?? null, sweep: runs.sweep?.runId ?? null, files };
}

/** A backtest manifest's strategy: backtest runs always record its name, engine timeframe and capital. */
type ManifestStrategy = RunManifest['strategies'][number] & { timeframe: Timeframe; name: string; capital: number };

async function backtestData(run: PickedRun, opts: ExportOptions): Promise<Record<string, unknown>> {
  const m = run.manifest;
  const strategies = (m.strategies ?? []) as ManifestStrategy[];
  const metricsDoc = readMetricsDocument(run.dir) as unknown as { strategies: { id: string; symbol: string; timeframe: string; metrics: StrategyMetrics }[]; portfolio: Record<string, unknown> };
  const portfolio = metricsDoc.portfolio as Parameters<typeof portfolioMetricsRow>[0] & { initialCapital: number; analytics?: { correlation?: { ids: string[]; matrix: (number | null)[][] }; attribution?: Record<string, unknown> }; attribution?: Record<string, number>; diversificationRatio?: number | null };
  const metrics: MetricsRow[] = [...metricsDoc.strategies.map((s) => strategyMetricsRow(s.metrics, s.symbol, s.timeframe)), portfolioMetricsRow(portfolio)];

  const capitals = new Map<string, number>(strategies.map((s) => [s.id, s.capital]));
  capitals.set(PORTFOLIO, portfolio.initialCapital);
  const { equity, monthly } = await equityData(join(run.dir, 'equity.parquet'), capitals, opts.maxPoints ?? 4_000);
  const trades = await queryRows(
    `SELECT strategy_id, symbol, side, quantity, epoch_ms(entry_time)::DOUBLE AS entry_time, entry_price, epoch_ms(exit_time)::DOUBLE AS exit_time, exit_price, pnl, "return", fees, exit_reason
     FROM read_parquet(${sql(join(run.dir, 'trades.parquet'))})`,
  );
  const signalsFile = join(run.dir, 'signals.parquet');
  const signals = existsSync(signalsFile)
    ? await queryRows(`SELECT epoch_ms(time)::DOUBLE AS time, strategy_id, symbol, action, price, confidence, reason FROM read_parquet(${sql(signalsFile)})`)
    : [];
  const configs = strategyConfigs(run, strategies);
  const bars = await barsData(run, strategies, configs, opts.maxBars ?? 100_000);

  const data = (m.data ?? {}) as Record<string, unknown>;
  const backtest = {
    available: true,
    runId: run.runId,
    createdAt: m.createdAt ?? null,
    command: m.command ?? null,
    dir: run.dir,
    data: { paths: data.paths, series: data.series, candles: data.candles, firstCandleClose: data.firstCandleClose, lastCandleClose: data.lastCandleClose, hash: data.hash },
    strategies: strategies.map((s) => ({ id: s.id, name: s.name, symbol: s.symbol, timeframe: s.timeframe, capital: s.capital, source: s.source ?? null, fillPolicy: s.fillPolicy ?? null, config: configs.get(s.id) ?? null })),
    metrics,
    attribution: portfolio.attribution ?? {},
    diversificationRatio: portfolio.diversificationRatio ?? null,
    // Above 20 strategies the matrix is in correlation-matrix.parquet, and a heatmap of it would not be read.
    correlation: portfolio.analytics?.correlation?.matrix ? { ids: portfolio.analytics.correlation.ids, matrix: portfolio.analytics.correlation.matrix } : null,
  };
  const attribution = await attributionData(run.dir, portfolio.analytics as OldAnalytics | undefined);
  const correlation = await rollingCorrelationData(run.dir, portfolio.analytics as OldAnalytics | undefined);
  return { 'backtest.json': backtest, 'equity.json': equity, 'monthly.json': monthly, 'trades.json': trades, 'signals.json': signals, 'bars.json': bars, 'attribution.json': attribution, 'correlation.json': correlation };
}

interface Curve {
  id: string;
  time: number[];
  equity: number[];
  drawdown: number[];
}

/** equity.parquet: per curve (strategies in file order, then the portfolio) a downsampled copy and its monthly returns. */
async function equityData(file: string, capitals: Map<string, number>, maxPoints: number): Promise<{ equity: { maxPoints: number; series: (Curve & { points: number })[] }; monthly: MonthlyReturn[] }> {
  const cols = await queryColumns(`SELECT epoch_ms(time)::DOUBLE AS t, strategy_id AS id, equity, drawdown FROM read_parquet(${sql(file)})`);
  const curves = new Map<string, Curve>();
  const ids = cols.id as string[];
  for (let i = 0; i < ids.length; i++) {
    let c = curves.get(ids[i]);
    if (!c) curves.set(ids[i], (c = { id: ids[i], time: [], equity: [], drawdown: [] }));
    c.time.push(cols.t[i] as number);
    c.equity.push(cols.equity[i] as number);
    c.drawdown.push(cols.drawdown[i] as number);
  }
  const series: (Curve & { points: number })[] = [];
  const monthly: MonthlyReturn[] = [];
  for (const c of curves.values()) {
    monthly.push(...monthlyReturns(c.id, c.time, c.equity, capitals.get(c.id) ?? c.equity[0] ?? 0));
    const keep = downsampleIndexes(c.time, c.equity, c.drawdown, maxPoints);
    series.push({ id: c.id, points: c.time.length, time: keep.map((i) => c.time[i]), equity: keep.map((i) => c.equity[i]), drawdown: keep.map((i) => c.drawdown[i]) });
  }
  return { equity: { maxPoints, series }, monthly };
}

/** Each strategy's parsed config: from the results DB (as run), else from its config file as it is now. */
function strategyConfigs(run: PickedRun, strategies: ManifestStrategy[]): Map<string, StrategyConfig> {
  const out = new Map<string, StrategyConfig>();
  for (const row of run.strategies) {
    try {
      out.set(String(row.strategy_id), parseStrategyConfig(JSON.parse(String(row.config_json)), String(row.strategy_id)));
    } catch {
      // A config this version cannot parse: the notebook shows the trades without indicators.
    }
  }
  for (const s of strategies) {
    if (out.has(s.id) || !s.source) continue;
    const [, file, index] = /^(.*?)(?:\[(\d+)\])?$/.exec(s.source)!;
    try {
      const loaded = loadConfigs([file]);
      const c = loaded[index === undefined ? 0 : Number(index)]?.config;
      if (c) out.set(s.id, c);
    } catch {
      // The file moved or changed shape since the run.
    }
  }
  return out;
}

/** The chart view of the run's display prices split into series, then per strategy the bars of its timeframe and its indicators. */
async function barsData(run: PickedRun, strategies: ManifestStrategy[], configs: Map<string, StrategyConfig>, maxBars: number) {
  const rows = displayPriceRows(run.dir, 'chart');
  const result: { series: Record<string, BarColumns>; strategies: Record<string, { series: string; indicators: IndicatorSeries[]; note?: string }>; truncated: Record<string, number> } = { series: {}, strategies: {}, truncated: {} };
  if (rows === null) {
    for (const s of strategies) result.strategies[s.id] = { series: '', indicators: [], note: 'this run has no prices-display.parquet (made before runs stored their candles)' };
    return result;
  }
  const cols = await queryColumns(`SELECT epoch_ms(close_time)::DOUBLE AS close_time, symbol, timeframe, open, high, low, close, volume FROM ${rows} ORDER BY symbol, timeframe, close_time`);
  const sources = new Map<string, BarColumns>();
  for (let i = 0; i < cols.symbol.length; i++) {
    const key = `${cols.symbol[i]} ${cols.timeframe[i]}`;
    let s = sources.get(key);
    if (!s) sources.set(key, (s = { symbol: String(cols.symbol[i]), timeframe: String(cols.timeframe[i]), time: [], open: [], high: [], low: [], close: [], volume: [] }));
    s.time.push((cols.close_time[i] as number) - timeframeMs(s.timeframe));
    s.open.push(cols.open[i] as number);
    s.high.push(cols.high[i] as number);
    s.low.push(cols.low[i] as number);
    s.close.push(cols.close[i] as number);
    s.volume.push(cols.volume[i] as number);
  }
  /** The finest stored series of `symbol` that `timeframe` aggregates from. */
  const sourceFor = (symbol: string, timeframe: string) =>
    [...sources.values()]
      .filter((c) => c.symbol === symbol && timeframeMs(timeframe) % timeframeMs(c.timeframe) === 0)
      .sort((a, b) => timeframeMs(b.timeframe) - timeframeMs(a.timeframe))[0];
  for (const s of strategies) {
    const source = sourceFor(s.symbol, s.timeframe);
    if (!source) {
      result.strategies[s.id] = { series: '', indicators: [], note: `no ${s.symbol} candles in prices-display.parquet` };
      continue;
    }
    const key = `${s.symbol} ${s.timeframe}`;
    const full = barsFor(source, s.timeframe);
    const config = configs.get(s.id);
    const informative = new Map<string, BarColumns>();
    for (const d of config ? declaredSeries(config).slice(1) : []) {
      const src = sourceFor(d.symbol, d.timeframe);
      if (src) informative.set(d.alias!, barsFor(src, d.timeframe));
    }
    let indicators = config ? indicatorSeries(config, full, informative) : [];
    const drop = Math.max(0, full.time.length - maxBars);
    const notKept = droppedCandles(run.manifest.display, s.symbol, s.timeframe);
    if (drop + notKept > 0) result.truncated[key] = drop + notKept;
    if (drop > 0) {
      indicators = indicators.map((ind) => ({ ...ind, fields: Object.fromEntries(Object.entries(ind.fields).map(([f, v]) => [f, v.slice(drop)])) }));
    }
    result.series[key] ??= drop > 0 ? sliceBars(full, drop) : full;
    result.strategies[s.id] = { series: key, indicators, ...(config ? {} : { note: 'config not found: indicators not shown' }) };
  }
  return result;
}

function sliceBars(b: BarColumns, from: number): BarColumns {
  return { symbol: b.symbol, timeframe: b.timeframe, time: b.time.slice(from), open: b.open.slice(from), high: b.high.slice(from), low: b.low.slice(from), close: b.close.slice(from), volume: b.volume.slice(from) };
}

/** sweep.parquet as rows, with the manifest's description of the grid. */
async function sweepData(run: PickedRun): Promise<Record<string, unknown>> {
  const m = run.manifest;
  const file = join(run.dir, 'sweep.parquet');
  const rows: Row[] = existsSync(file) ? await queryRows(`SELECT * FROM read_parquet(${sql(file)})`) : [];
  return {
    available: rows.length > 0,
    ...(rows.length === 0 ? { note: `${run.dir}: no sweep.parquet` } : {}),
    runId: run.runId,
    createdAt: m.createdAt ?? null,
    command: m.command ?? null,
    dir: run.dir,
    strategy: m.strategy ?? null,
    params: m.params ?? [],
    metric: m.metric ?? null,
    combinations: m.combinations ?? rows.length,
    skipped: m.skipped ?? 0,
    errored: m.errored ?? 0,
    best: m.best ?? null,
    data: m.data ?? null,
    rows,
  };
}
