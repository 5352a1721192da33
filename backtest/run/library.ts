/**
 * Strata as a library, for research scripts (`npx tsx my-study.ts`) and notebooks: load candles, run a backtest
 * in memory, get metrics, trades and equity as plain arrays or as Apache Arrow tables. Nothing here writes files
 * or registers runs; the CLI does that. Import it as `strata/lib` (package.json "exports") or by path.
 *
 *   const btc = await loadCandles('data/samples/UNITTEST_BTC-1m.json', { symbol: 'BTC/USDT' });
 *   const run = await backtest('examples/macd_btc_15m.json', btc);
 *   console.table(run.metrics);
 *   const trades = run.tradesTable(); // apache-arrow Table
 */
import { existsSync } from 'node:fs';
import { Float64, Table, TimestampMillisecond, Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import type { CandleColumns } from '../../data/columns.ts';
import { ColumnarFeed, readStoreColumns, type ColumnarSeries, type OhlcvColumns } from '../../data/historical-feed.ts';
import { loadFile, type ImportReport } from '../../data/import.ts';
import { listSeries } from '../../data/series.ts';
import { DEFAULT_EXCHANGE } from '../../data/store-schema.ts';
import { openStore } from '../../data/store.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import type { StrategyConfig, StrategyConfigInput } from '../../engine/config/schema.ts';
import { configSymbols } from '../../engine/config/series.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { StrategyMetrics, Timeframe, Trade } from '../../engine/types.ts';
import { loadConfigs, loadStrategyModules } from './load-configs.ts';
import { PERFORMANCE_COLUMNS } from './metric-select.ts';
import type { PortfolioMetrics } from './portfolio-totals.ts';
import { runBacktest, type BacktestOptions, type BacktestResult } from './run-backtest.ts';
import { equityParts } from '../records/run-files.ts';

export { runBacktest, type BacktestOptions, type BacktestResult, type EquitySeries, type StrategyResult } from './run-backtest.ts';
export { parseStrategyConfig, ConfigError } from '../../engine/config/parse.ts';
export type { StrategyConfig, StrategyConfigInput } from '../../engine/config/schema.ts';
export type { Candle, Signal, StrategyMetrics, Trade } from '../../engine/types.ts';
export { ColumnarFeed } from '../../data/historical-feed.ts';
export { createIndicator, IndicatorManager, INDICATOR_META } from '../../engine/indicators/index.ts';
export { CandleAggregator } from '../../engine/aggregator.ts';

/** One series of candles in memory, columnar (index i of every array is the same candle; times are epoch ms UTC). */
export interface Candles extends OhlcvColumns {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** What the file reader found (rows rejected, duplicates, gaps); null for store reads. */
  readonly report: ImportReport | null;
}

export interface LoadCandlesOptions {
  /** Needed for a store, and for a file whose name does not say it (freqtrade names like BTC_USDT-1m.json do). */
  symbol?: string;
  /** For a store with several timeframes of the symbol; for a file, overrides the one inferred. */
  timeframe?: Timeframe;
  /** Store exchange (default "default"). */
  exchange?: string;
  /** First open time kept (epoch ms or ISO date), inclusive. */
  from?: number | string;
  /** Open time where the data stops (epoch ms or ISO date), exclusive. */
  to?: number | string;
}

const isStore = (p: string) => /\.(duckdb|db)$/i.test(p);

function toMs(v: number | string | undefined, what: string): number | undefined {
  if (v === undefined || typeof v === 'number') return v;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw new Error(`${what}: "${v}" is not a date`);
  return ms;
}

function lowerBound(a: Float64Array, x: number, n: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function window(c: OhlcvColumns, from: number | undefined, to: number | undefined): OhlcvColumns {
  const a = from === undefined ? 0 : lowerBound(c.openTime, from, c.length);
  const b = to === undefined ? c.length : lowerBound(c.openTime, to, c.length);
  if (a === 0 && b === c.length) return c;
  return {
    length: Math.max(0, b - a),
    openTime: c.openTime.subarray(a, b),
    open: c.open.subarray(a, b),
    high: c.high.subarray(a, b),
    low: c.low.subarray(a, b),
    close: c.close.subarray(a, b),
    volume: c.volume.subarray(a, b),
  };
}

/**
 * Loads one series of candles from a candle file (JSON/CSV/Parquet/Feather, validated and sorted by the importer;
 * rejected rows are in `report`, never returned) or from a candle store (.duckdb; `symbol` required).
 */
export async function loadCandles(path: string, opts: LoadCandlesOptions = {}): Promise<Candles> {
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  const from = toMs(opts.from, 'from');
  const to = toMs(opts.to, 'to');
  if (isStore(path)) {
    if (!opts.symbol) throw new Error(`${path}: give { symbol } to read from a store`);
    const exchange = opts.exchange ?? DEFAULT_EXCHANGE;
    const timeframe = opts.timeframe ?? (await onlyTimeframe(path, opts.symbol, exchange));
    const columns = await readStoreColumns({ db: path, series: { symbol: opts.symbol, timeframe }, exchange, from, to });
    return { ...columns, symbol: opts.symbol, timeframe, report: null };
  }
  const loaded = await loadFile(path, { symbol: opts.symbol, timeframe: opts.timeframe });
  const c: CandleColumns = loaded.candles;
  return { ...window(c, from, to), symbol: loaded.report.series.symbol, timeframe: loaded.report.series.timeframe, report: loaded.report };
}

async function onlyTimeframe(path: string, symbol: string, exchange: string): Promise<Timeframe> {
  const store = await openStore(path);
  try {
    const tfs = (await listSeries(store)).filter((s) => s.symbol === symbol && s.exchange === exchange).map((s) => s.timeframe);
    if (tfs.length === 1) return tfs[0];
    if (tfs.length === 0) throw new Error(`${path}: no ${symbol} candles stored for exchange "${exchange}"`);
    throw new Error(`${path}: ${symbol} is stored in several timeframes (${tfs.sort((a, b) => timeframeMs(a) - timeframeMs(b)).join(', ')}); give { timeframe }`);
  } finally {
    store.close();
  }
}

/** A strategy: a config object (validated here), an already parsed config, or a config file path (one or many configs). */
export type StrategyInput = string | StrategyConfigInput | StrategyConfig;

/** Turns config objects and files into parsed configs (every problem named by its path). */
export function strategyConfigs(input: StrategyInput | readonly StrategyInput[]): StrategyConfig[] {
  const list = Array.isArray(input) ? (input as readonly StrategyInput[]) : [input as StrategyInput];
  return list.flatMap((c, i) => (typeof c === 'string' ? loadConfigs([c]).map((l) => l.config) : [parseStrategyConfig(c, `configs[${i}]`)]));
}

/** One row per strategy (then the portfolio, id `__portfolio__`): identity and every performance figure, snake_case. */
export interface MetricsRow {
  strategy_id: string;
  name: string;
  symbol: string | null;
  timeframe: string | null;
  status: string;
  [metric: string]: number | string | null;
}

/** One closed trade, times as epoch ms UTC (the columns of trades.csv). */
export interface TradeRow {
  strategy_id: string;
  symbol: string;
  side: string;
  quantity: number;
  entry_time: number;
  entry_price: number;
  exit_time: number;
  exit_price: number;
  pnl: number;
  return: number;
  fees: number;
  exit_reason: string;
  /** A perpetual's net funding while open (received − paid), in pnl; 0 for spot. */
  funding: number;
  /** A short's borrow cost, in pnl; 0 when none. */
  borrow_cost: number;
}

/** Every strategy's bar-by-bar equity, then the portfolio's (`__portfolio__`), as in equity.parquet. */
export interface EquityColumns {
  time: Float64Array;
  strategy_id: string[];
  equity: Float64Array;
  drawdown: Float64Array;
}

export interface BacktestOutcome {
  /** Everything the in-memory runner produced (signals, fills, blocked orders, portfolio analytics, data summary). */
  result: BacktestResult;
  configs: StrategyConfig[];
  metrics: MetricsRow[];
  trades: TradeRow[];
  equity: EquityColumns;
  /** The metrics rows as an Arrow table. */
  metricsTable(): Table;
  /** The trades as an Arrow table; entry_time and exit_time are Timestamp<MILLISECOND>. */
  tradesTable(): Table;
  /** The equity columns as an Arrow table; time is Timestamp<MILLISECOND>. */
  equityTable(): Table;
}

export interface BacktestLibOptions {
  /** Replaces every config's capital. */
  capital?: number;
  from?: number | string;
  to?: number | string;
  /** Run as one portfolio (shared capital, allocation, limits); see BacktestOptions.portfolio. */
  portfolio?: BacktestOptions['portfolio'];
  /** Record equity curves (default true). */
  recordEquity?: boolean;
  /** Worker threads to split the strategies over (default 1: this thread); the result is the same for any number. */
  workers?: number;
}

/**
 * Runs strategies over candles in memory (the engine the CLI runs, same results for the same configs and data)
 * and returns metrics, trades and equity as arrays, with Arrow tables on demand.
 */
export async function backtest(strategies: StrategyInput | readonly StrategyInput[], data: Candles | readonly Candles[], opts: BacktestLibOptions = {}): Promise<BacktestOutcome> {
  const parsed = strategyConfigs(strategies);
  if (parsed.length === 0) throw new Error('backtest: no strategies given');
  const configs = opts.capital === undefined ? parsed : parsed.map((c) => ({ ...c, capital: opts.capital! }));
  const series = Array.isArray(data) ? (data as readonly Candles[]) : [data as Candles];
  const inputs: ColumnarSeries[] = series.map((c) => ({ series: { symbol: c.symbol, timeframe: c.timeframe }, columns: c }));
  for (const c of configs) {
    for (const symbol of configSymbols(c)) {
      if (!series.some((s) => s.symbol === symbol)) throw new Error(`strategy ${c.id ?? c.name ?? c.symbol}: no ${symbol} candles given (have ${series.map((s) => s.symbol).join(', ')})`);
    }
  }
  const feed = new ColumnarFeed(inputs, { from: toMs(opts.from, 'from'), to: toMs(opts.to, 'to') });
  const modules = await loadStrategyModules(configs);
  const result = await runBacktest({ configs, feed, modules, portfolio: opts.portfolio, recordEquity: opts.recordEquity, workers: opts.workers });
  const metrics = metricsRows(result);
  const trades = tradeRows(result.trades);
  const equity = equityColumns(result);
  return {
    result,
    configs,
    metrics,
    trades,
    equity,
    metricsTable: () => metricsTable(metrics),
    tradesTable: () => tradesTable(trades),
    equityTable: () => equityTable(equity),
  };
}

/** The per-strategy rows, then the portfolio's. Undefined figures are null. */
export function metricsRows(result: BacktestResult): MetricsRow[] {
  return [...result.strategies.map((s) => strategyMetricsRow(s.metrics, s.config.symbol, s.config.timeframe)), portfolioMetricsRow(result.portfolio)];
}

/** A strategy's metrics (as in metrics.json) as one row. */
export function strategyMetricsRow(m: Pick<StrategyMetrics, 'id' | 'name' | 'status' | 'performance'>, symbol: string | null, timeframe: string | null): MetricsRow {
  const row: MetricsRow = { strategy_id: m.id, name: m.name, symbol, timeframe, status: m.status };
  for (const [name, get] of PERFORMANCE_COLUMNS) row[name] = finite(get(m.performance));
  return row;
}

/** The portfolio totals (metrics.json `portfolio`) as one row, id `__portfolio__`; figures a portfolio lacks are null. */
export function portfolioMetricsRow(p: Pick<PortfolioMetrics, 'totalReturn' | 'sharpeRatio' | 'sharpePerBar' | 'sortinoRatio' | 'maxDrawdown' | 'cagr' | 'calmarRatio' | 'winRate' | 'totalTrades' | 'maxDrawdownDuration' | 'fees' | 'finalEquity'>): MetricsRow {
  const row: MetricsRow = { strategy_id: '__portfolio__', name: 'Portfolio', symbol: null, timeframe: null, status: 'portfolio' };
  const byName: Record<string, number | null> = {
    total_return: p.totalReturn,
    sharpe: p.sharpeRatio,
    sharpe_per_bar: p.sharpePerBar,
    sortino: p.sortinoRatio,
    max_drawdown: p.maxDrawdown,
    cagr: p.cagr,
    calmar: p.calmarRatio,
    win_rate: p.winRate,
    trades: p.totalTrades,
    max_drawdown_duration: p.maxDrawdownDuration,
    fees: p.fees,
    final_equity: p.finalEquity,
  };
  for (const [name] of PERFORMANCE_COLUMNS) row[name] = finite(byName[name] ?? null);
  return row;
}

function finite(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

export function tradeRows(trades: readonly Trade[]): TradeRow[] {
  return trades.map((t) => ({
    strategy_id: t.strategyId,
    symbol: t.symbol,
    side: t.side,
    quantity: t.quantity,
    entry_time: t.entryTime,
    entry_price: t.entryPrice,
    exit_time: t.exitTime,
    exit_price: t.exitPrice,
    pnl: t.pnl,
    return: t.return,
    fees: t.fees,
    exit_reason: t.exitReason,
    funding: t.funding ?? 0,
    borrow_cost: t.borrowCost ?? 0,
  }));
}

/** equity.parquet's columns, in memory. */
export function equityColumns(result: BacktestResult): EquityColumns {
  const parts = equityParts(result);
  const n = parts.reduce((a, p) => a + p[0].values.length, 0);
  const out: EquityColumns = { time: new Float64Array(n), strategy_id: new Array<string>(n), equity: new Float64Array(n), drawdown: new Float64Array(n) };
  let at = 0;
  for (const [time, id, equity, drawdown] of parts) {
    const rows = time.values.length;
    out.time.set(time.values as Float64Array, at);
    if (id.kind === 'enum') out.strategy_id.fill(id.dictionary[id.values[0]], at, at + rows);
    out.equity.set(equity.values as Float64Array, at);
    out.drawdown.set(drawdown.values as Float64Array, at);
    at += rows;
  }
  return out;
}

/** One row per strategy and the portfolio; every figure a Float64 column, null where undefined (an all-null column keeps its type). */
export function metricsTable(rows: readonly MetricsRow[]): Table {
  const keys = rows.length ? Object.keys(rows[0]) : [];
  const columns = Object.fromEntries(
    keys.map((k) => {
      const values = rows.map((r) => r[k] ?? null);
      const text = values.some((v) => typeof v === 'string');
      return [k, text ? vectorFromArray(values as (string | null)[], new Utf8()) : vectorFromArray(values as (number | null)[], new Float64())];
    }),
  );
  return new Table(columns);
}

const num = (values: ArrayLike<number>) => makeVector(values instanceof Float64Array ? values : Float64Array.from(values));
const str = (values: readonly string[]) => vectorFromArray(values, new Utf8());
const ts = (values: ArrayLike<number>) => vectorFromArray(Array.from(values), new TimestampMillisecond());

export function tradesTable(rows: readonly TradeRow[]): Table {
  const col = <K extends keyof TradeRow>(k: K) => rows.map((r) => r[k]);
  return new Table({
    strategy_id: str(col('strategy_id')),
    symbol: str(col('symbol')),
    side: str(col('side')),
    quantity: num(col('quantity')),
    entry_time: ts(col('entry_time')),
    entry_price: num(col('entry_price')),
    exit_time: ts(col('exit_time')),
    exit_price: num(col('exit_price')),
    pnl: num(col('pnl')),
    return: num(col('return')),
    fees: num(col('fees')),
    exit_reason: str(col('exit_reason')),
    funding: num(col('funding')),
    borrow_cost: num(col('borrow_cost')),
  });
}

export function equityTable(e: EquityColumns): Table {
  return new Table({ time: ts(e.time), strategy_id: str(e.strategy_id), equity: num(e.equity), drawdown: num(e.drawdown) });
}
