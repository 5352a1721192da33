import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Signal, Trade } from '../../engine/types.ts';
import { MAX_ENUM, writeTablePartsWith, writeTableWith, type TableColumn } from '../../data/table-file.ts';
import { inLanes, withScratchDuckDB } from '../../data/duck-scratch.ts';
import { writeEquityUnits } from './equity-units.ts';
import { DISPLAY_FILE, writeDisplayPrices, type DisplaySummary } from './price-display.ts';
import { analyticsSummary, FLAGGED_IN_SUMMARY, writeAnalyticsFiles } from './analytics-files.ts';
import type { BacktestResult } from '../run/run-backtest.ts';
import { STRATEGIES_FILE, STRATEGIES_IN_SUMMARY, strategyEntries, withoutPerStrategy, writeStrategySummaries } from './strategy-summaries.ts';
import type { BlockedOrder } from '../../engine/portfolio/oms-types.ts';
import { ALLOCATION_HISTORY_FILE, allocationHistoryColumns, omsSummary } from './oms-files.ts';

/**
 * The columns of trades.csv / trades.parquet, one row per closed trade. `funding` (a perpetual's net funding while
 * open, received − paid) and `borrow_cost` (a short's borrow charge) are already in `pnl`; both are 0 for spot.
 */
export function tradeColumns(trades: readonly Trade[]): TableColumn[] {
  const col = <K extends keyof Trade>(k: K) => trades.map((t) => t[k]);
  return [
    { name: 'strategy_id', kind: 'string', values: col('strategyId') },
    { name: 'symbol', kind: 'string', values: col('symbol') },
    { name: 'side', kind: 'string', values: col('side') },
    { name: 'quantity', kind: 'number', values: col('quantity') },
    { name: 'entry_time', kind: 'time', values: col('entryTime') },
    { name: 'entry_price', kind: 'number', values: col('entryPrice') },
    { name: 'exit_time', kind: 'time', values: col('exitTime') },
    { name: 'exit_price', kind: 'number', values: col('exitPrice') },
    { name: 'pnl', kind: 'number', values: col('pnl') },
    { name: 'return', kind: 'number', values: col('return') },
    { name: 'fees', kind: 'number', values: col('fees') },
    { name: 'exit_reason', kind: 'string', values: col('exitReason') },
    { name: 'funding', kind: 'number', values: trades.map((t) => t.funding ?? 0) },
    { name: 'borrow_cost', kind: 'number', values: trades.map((t) => t.borrowCost ?? 0) },
  ];
}

export function signalColumns(signals: readonly Signal[]): TableColumn[] {
  const col = <K extends keyof Signal>(k: K) => signals.map((s) => s[k]);
  return [
    { name: 'time', kind: 'time', values: col('time') },
    { name: 'strategy_id', kind: 'string', values: col('strategyId') },
    { name: 'symbol', kind: 'string', values: col('symbol') },
    { name: 'action', kind: 'string', values: col('action') },
    { name: 'price', kind: 'number', values: col('price') },
    { name: 'confidence', kind: 'number', values: col('confidence') },
    { name: 'reason', kind: 'string', values: col('reason') },
  ];
}

/**
 * equity.parquet as one part per curve: every strategy's bar-by-bar equity, then the portfolio's under id
 * `__portfolio__`. The parts are views of the recorded curves with the id as a code, so writing a fleet's 38 M
 * rows copies no curve and holds no string per row.
 */
export function equityParts(result: BacktestResult): TableColumn[][] {
  const curves = result.strategies.filter((s) => s.equity !== null).map((s) => ({ id: s.id, e: s.equity! }));
  curves.push({ id: '__portfolio__', e: result.portfolioEquity });
  const dictionary = curves.map((c) => c.id);
  const Codes = dictionary.length <= MAX_ENUM ? Uint16Array : Uint32Array;
  return curves.map((c, k) => [
    { name: 'time', kind: 'time', values: c.e.time },
    { name: 'strategy_id', kind: 'enum', dictionary, values: new Codes(c.e.time.length).fill(k) },
    { name: 'equity', kind: 'number', values: c.e.equity },
    { name: 'drawdown', kind: 'number', values: c.e.drawdown },
  ]);
}

/**
 * metrics.json: per strategy its StrategyMetrics (up to STRATEGIES_IN_SUMMARY strategies; every run's are in
 * strategies.jsonl, which it names with their count), plus the portfolio: its totals, total attribution,
 * correlation (the matrix up to 20 strategies, the 50 most correlated pairs and their count), diversification
 * ratio and, with a portfolio config, the OMS report and every order a portfolio limit blocked. The per-period
 * attribution, the rolling correlation and a larger matrix live in Parquet files (analytics-files.ts), which it names.
 * Deterministic content.
 */
export function metricsDocument(result: BacktestResult): unknown {
  const entries = strategyEntries(result);
  const few = entries.length <= STRATEGIES_IN_SUMMARY;
  const portfolio = {
    ...result.portfolio,
    correlatedPairs: result.portfolio.correlatedPairs.slice(0, FLAGGED_IN_SUMMARY),
    correlatedPairsCount: result.portfolio.correlatedPairsCount,
    analytics: analyticsSummary(result.portfolioAnalytics),
    blockedOrders: result.portfolioBlocked.slice(0, BLOCKED_IN_SUMMARY),
    blockedOrdersCount: result.portfolioBlocked.length,
    blockedOrdersFile: BLOCKED_FILE,
    oms: omsSummary(result.portfolio.oms),
    benchmarks: result.portfolioBenchmarks,
  };
  return {
    ...(few ? { strategies: entries } : {}),
    strategyCount: entries.length,
    strategiesFile: STRATEGIES_FILE,
    portfolio: few ? portfolio : withoutPerStrategy(portfolio),
  };
}

/** metrics.json lists at most this many of the orders a portfolio limit blocked; blocked-orders.parquet holds them all. */
export const BLOCKED_IN_SUMMARY = 50;
export const BLOCKED_FILE = 'blocked-orders.parquet';

/** The columns of blocked-orders.parquet, one row per order a portfolio limit blocked, in the order they were blocked. */
export function blockedOrderColumns(blocked: readonly BlockedOrder[]): TableColumn[] {
  const col = <K extends keyof BlockedOrder>(k: K) => blocked.map((b) => b[k]);
  return [
    { name: 'time', kind: 'time', values: col('time') },
    { name: 'strategy_id', kind: 'string', values: col('strategyId') },
    { name: 'order_id', kind: 'string', values: col('orderId') },
    { name: 'symbol', kind: 'string', values: col('symbol') },
    { name: 'limit', kind: 'string', values: col('limit') },
    { name: 'detail', kind: 'string', values: col('detail') },
  ];
}

/**
 * The run-file writer's DuckDB memory limit. A 1,000-strategy year's equity table (38 M rows, about 1 GB in
 * DuckDB) then spills to a temporary folder: about 1 s more, and 1.4 GB less at the peak (bench/README.md).
 */
export const RUN_FILES_MEMORY = '256MB';

/**
 * Writes the run's tables and metrics into `dir` (the manifest is written by the caller, who knows the command).
 * equity-units.parquet holds the equity curves pre-aggregated for display (backtest/equity-units.ts), and
 * prices-display.parquet the candles the report and notebooks draw; `display` is its rule and contents, for
 * the manifest.
 */
export async function writeRunFiles(dir: string, result: BacktestResult): Promise<{ files: string[]; display: DisplaySummary }> {
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify(metricsDocument(result), null, 2) + '\n');
  writeStrategySummaries(dir, strategyEntries(result));
  // One in-memory DuckDB writes every table: starting and closing one per file cost more than small files' writes.
  // Its memory is bounded (RUN_FILES_MEMORY): a fleet's equity table spills to disk instead of doubling the peak.
  return withScratchDuckDB(async (conn, connect) => {
    const trades = tradeColumns(result.trades);
    const allocation = result.portfolio.oms?.allocation ?? null;
    let analytics: string[] = [];
    let display: DisplaySummary | null = null;
    // Two lanes: the largest tables first, so the lanes finish close together.
    await inLanes(
      [conn, await connect()],
      [
        (c) => writeTablePartsWith(c, join(dir, 'equity.parquet'), 'parquet', equityParts(result)),
        (c) => writeEquityUnits(c, join(dir, 'equity-units.parquet'), result),
        (c) => writeTableWith(c, join(dir, 'trades.csv'), 'csv', trades),
        (c) => writeTableWith(c, join(dir, 'trades.parquet'), 'parquet', trades),
        async (c) => {
          display = await writeDisplayPrices(c, join(dir, DISPLAY_FILE), result.candles, result.strategies.map((s) => s.config));
        },
        (c) => writeTableWith(c, join(dir, 'signals.parquet'), 'parquet', signalColumns(result.signals)),
        async (c) => {
          analytics = await writeAnalyticsFiles(c, dir, result.portfolioAnalytics);
        },
        (c) => writeTableWith(c, join(dir, BLOCKED_FILE), 'parquet', blockedOrderColumns(result.portfolioBlocked)),
        async (c) => {
          if (allocation) await writeTableWith(c, join(dir, ALLOCATION_HISTORY_FILE), 'parquet', allocationHistoryColumns(allocation));
        },
      ],
    );
    const files = ['manifest.json', 'metrics.json', STRATEGIES_FILE, 'trades.csv', 'trades.parquet', 'equity.parquet', 'equity-units.parquet', 'signals.parquet', BLOCKED_FILE, ...(allocation ? [ALLOCATION_HISTORY_FILE] : []), ...analytics, DISPLAY_FILE];
    return { files, display: display! };
  }, { memoryLimit: RUN_FILES_MEMORY });
}
