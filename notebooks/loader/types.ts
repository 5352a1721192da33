/**
 * The shapes of the notebooks' data files (notebooks/src/data/*.json), shared by the loader that writes them and
 * the notebook helpers that read them. Times are epoch ms UTC; undefined figures are null.
 */
import type { TradeRow } from '../../backtest/run/library.ts';

export interface MetricsRowData {
  strategy_id: string;
  name: string;
  symbol: string | null;
  timeframe: string | null;
  status: string;
  [metric: string]: number | string | null;
}

export interface StrategyInfo {
  id: string;
  name: string;
  symbol: string;
  timeframe: string;
  capital: number;
  source: string | null;
  fillPolicy: string | null;
  /** The parsed config as run (null when neither the results DB nor the file has it). */
  config: Record<string, unknown> | null;
}

/** backtest.json */
export type BacktestData =
  | { available: false; note: string }
  | {
      available: true;
      runId: string;
      createdAt: string | null;
      command: string | null;
      dir: string;
      data: { paths?: string[]; series?: { symbol: string; timeframe: string }[]; candles?: number; firstCandleClose?: string | null; lastCandleClose?: string | null; hash?: string };
      strategies: StrategyInfo[];
      /** One row per strategy, then `__portfolio__`. */
      metrics: MetricsRowData[];
      /** Contribution of each strategy to the portfolio return. */
      attribution: Record<string, number>;
      diversificationRatio: number | null;
      correlation: { ids: string[]; matrix: (number | null)[][] } | null;
    };

/** One curve of equity.json: downsampled to at most maxPoints (first/last, extremes and deepest drawdown per bucket kept). */
export interface CurveData {
  id: string;
  /** Points in the full curve. */
  points: number;
  time: number[];
  equity: number[];
  /** Fraction below the running peak, >= 0. */
  drawdown: number[];
}

/** equity.json */
export interface EquityData {
  maxPoints?: number;
  series: CurveData[];
}

/** monthly.json rows */
export interface MonthlyRow {
  strategy_id: string;
  month: string;
  year: number;
  m: number;
  return: number;
}

/** trades.json rows (the columns of trades.csv) */
export type TradeData = TradeRow;

/** signals.json rows */
export interface SignalData {
  time: number;
  strategy_id: string;
  symbol: string;
  action: string;
  price: number;
  confidence: number;
  reason: string;
}

/** Bars of one series, columnar; `time` is the open time. */
export interface BarsData {
  symbol: string;
  timeframe: string;
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

export interface IndicatorData {
  name: string;
  type: string;
  /** Drawn over the price (moving averages, bands), else in its own panel. */
  priceScale: boolean;
  /** Field -> one value per bar (null while warming up); single-output indicators have `value`. */
  fields: Record<string, (number | null)[]>;
  levels: Record<string, number>;
}

/** bars.json */
export interface BarsFile {
  /** By `"<symbol> <timeframe>"`. */
  series: Record<string, BarsData>;
  strategies: Record<string, { series: string; indicators: IndicatorData[]; note?: string }>;
  /** Leading bars dropped per series (only the most recent are kept). */
  truncated?: Record<string, number>;
}

export type ParamValue = number | string | boolean;

/** sweep.json; rows are sweep.parquet's (rank, combination, status, reason, one column per parameter path, metrics). */
export type SweepData =
  | { available: false; note: string }
  | {
      available: true;
      runId: string;
      createdAt: string | null;
      command: string | null;
      dir: string;
      strategy: { id: string | null; name: string | null; symbol: string; timeframe: string } | null;
      params: { path: string; values: ParamValue[] }[];
      metric: string | null;
      combinations: number;
      skipped: number;
      errored: number;
      best: { combination: number; params: Record<string, ParamValue>; score: number | null } | null;
      data: Record<string, unknown> | null;
      rows: Record<string, number | string | boolean | null>[];
    };
