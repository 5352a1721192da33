/**
 * The report's candlestick charts: each strategy's candles at its own timeframe (the chart view of the run's
 * display prices, aggregated in SQL when only a finer series is there, buckets aligned to the epoch as the
 * engine's aggregator aligns them), its indicators
 * computed by the engine's IndicatorManager over those candles (from the config file the manifest names, when
 * it still hashes to the run's config), its trades, and the stop and target of each trade from the config.
 */
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadConfigs } from '../../backtest/run/load-configs.ts';
import { contentHash } from '../../backtest/records/canonical.ts';
import { sqlString } from '../../data/duck-scratch.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { descriptorOf } from '../../engine/indicators/registry.ts';
import { IndicatorManager } from '../../engine/indicators/indicator-manager.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { Candle } from '../../engine/types.ts';
import { hasTable, type ManifestStrategy } from '../run-folder/read.ts';
import { displayPriceRows } from '../../backtest/records/price-display-read.ts';
import { CHART_CANDLES } from '../../backtest/records/price-display.ts';
import { join } from 'node:path';

/** Columns of one strategy's chart, as embedded in the report page (times epoch ms at the candle open). */
export interface StrategyChart {
  id: string;
  name: string;
  symbol: string;
  timeframe: string;
  /** [openTime, open, high, low, close, volume] per candle. */
  candles: [number, number, number, number, number, number][];
  /** True when older candles were left out to keep the page small. */
  truncated: boolean;
  indicators: { name: string; scale: 'price' | 'oscillator' | 'volume'; indicator: string; points: [number, number][] }[];
  /** Why there are no indicators, when there are none. */
  indicatorNote: string | null;
  trades: { side: string; quantity: number; entryTime: number; entryPrice: number; exitTime: number; exitPrice: number; pnl: number; ret: number; reason: string; stop: number | null; target: number | null }[];
}

/**
 * Candles of `symbol` at `timeframe` from the chart view of the run's display prices (any finer series of the
 * symbol there), oldest first, the newest `max`. `dropped` counts older candles the run folder did not keep.
 */
export async function readCandles(conn: DuckDBConnection, dir: string, symbol: string, timeframe: string, max: number, dropped = 0): Promise<{ candles: Candle[]; truncated: boolean }> {
  const rows = displayPriceRows(dir, 'chart');
  if (rows === null) return { candles: [], truncated: false };
  const sources = await conn.runAndReadAll(`SELECT DISTINCT timeframe FROM ${rows} WHERE symbol = ${sqlString(symbol)}`);
  const target = timeframeMs(timeframe);
  const usable = sources
    .getRows()
    .map((r) => String(r[0]))
    .filter((tf) => timeframeMs(tf) <= target && target % timeframeMs(tf) === 0)
    .sort((a, b) => timeframeMs(b) - timeframeMs(a));
  if (usable.length === 0) return { candles: [], truncated: false };
  const src = usable[0];
  const srcMs = timeframeMs(src);
  const r = await conn.runAndReadAll(
    `WITH s AS (SELECT epoch_ms(close_time)::DOUBLE - ${srcMs} AS t, open, high, low, close, volume FROM ${rows} WHERE symbol = ${sqlString(symbol)} AND timeframe = ${sqlString(src)}),
     b AS (SELECT floor(t / ${target}) * ${target} AS bucket, arg_min(open, t) AS open, max(high) AS high, min(low) AS low, arg_max(close, t) AS close, sum(volume) AS volume FROM s GROUP BY 1)
     SELECT * FROM (SELECT * FROM b ORDER BY bucket DESC LIMIT ${max + 1}) ORDER BY bucket`,
  );
  const newest = r.getRows();
  const truncated = newest.length > max || dropped > 0;
  const candles = (newest.length > max ? newest.slice(1) : newest).map(
    (x): Candle => ({ symbol, timeframe, openTime: Number(x[0]), closeTime: Number(x[0]) + target, open: Number(x[1]), high: Number(x[2]), low: Number(x[3]), close: Number(x[4]), volume: Number(x[5]) }),
  );
  return { candles, truncated };
}

/** The strategy's config from the file the manifest names, if it is still the one the run used. */
export function runConfig(s: Pick<ManifestStrategy, 'source' | 'configHash' | 'capital'>): StrategyConfig | null {
  const source = s.source;
  if (typeof source !== 'string' || !existsSync(source)) return null;
  try {
    const config = loadConfigs([source])[0]?.config;
    if (!config) return null;
    const withCapital = typeof s.capital === 'number' ? { ...config, capital: s.capital } : config;
    return contentHash(config) === s.configHash || contentHash(withCapital) === s.configHash ? withCapital : null;
  } catch {
    return null;
  }
}

/** Each indicator (each field of a multi-output one) over `candles`, warm-up left out, stamped at the candle open. */
export function indicatorLines(config: StrategyConfig, candles: readonly Candle[]): StrategyChart['indicators'] {
  const m = new IndicatorManager(config.indicators);
  const lines = m.names().flatMap((name) => {
    const fields = m.fields(name);
    const scale = descriptorOf(m.config(name).type).scale;
    return (fields.length === 0 ? [name] : fields.map((f) => `${name}.${f}`)).map((path) => ({ name: path, indicator: name, scale, read: m.getter(path)!, points: [] as [number, number][] }));
  });
  for (const c of candles) {
    m.update(c);
    for (const l of lines) {
      const v = l.read();
      if (Number.isFinite(v)) l.points.push([c.openTime, v]);
    }
  }
  return lines.map(({ read: _r, ...l }) => l);
}

/** Stop and target of a trade from the config's fractions (the engine sets them from the entry price). */
export function levels(config: StrategyConfig | null, side: string, entry: number): { stop: number | null; target: number | null } {
  const sl = config?.risk.stopLoss;
  const tp = config?.risk.takeProfit;
  const long = side === 'long';
  return { stop: sl === undefined ? null : entry * (long ? 1 - sl : 1 + sl), target: tp === undefined ? null : entry * (long ? 1 + tp : 1 - tp) };
}

/** Closed trades of one strategy (times epoch ms). */
export async function readStrategyTrades(conn: DuckDBConnection, dir: string, id: string): Promise<Omit<StrategyChart['trades'][number], 'stop' | 'target'>[]> {
  if (!hasTable(dir, 'trades.parquet')) return [];
  const r = await conn.runAndReadAll(
    `SELECT side, quantity, epoch_ms(entry_time)::DOUBLE, entry_price, epoch_ms(exit_time)::DOUBLE, exit_price, pnl, "return", exit_reason
     FROM read_parquet(${sqlString(join(dir, 'trades.parquet'))}, file_row_number = true) WHERE strategy_id = ${sqlString(id)} ORDER BY file_row_number`,
  );
  return r.getRows().map((x) => ({ side: String(x[0]), quantity: Number(x[1]), entryTime: Number(x[2]), entryPrice: Number(x[3]), exitTime: Number(x[4]), exitPrice: Number(x[5]), pnl: Number(x[6]), ret: Number(x[7]), reason: String(x[8]) }));
}

/** Everything one strategy's chart needs; `dropped` counts its older candles the run folder did not keep. */
export async function strategyChart(conn: DuckDBConnection, dir: string, s: ManifestStrategy, maxCandles = CHART_CANDLES, dropped = 0): Promise<StrategyChart> {
  const { candles, truncated } = await readCandles(conn, dir, s.symbol, s.timeframe, maxCandles, dropped);
  const config = runConfig(s);
  const trades = (await readStrategyTrades(conn, dir, s.id)).map((t) => ({ ...t, ...levels(config, t.side, t.entryPrice) }));
  const indicators = config && candles.length ? indicatorLines(config, candles) : [];
  const indicatorNote = config ? null : 'indicators not shown: the config file this run names is gone or has changed since the run';
  return {
    id: s.id,
    name: s.name ?? s.id,
    symbol: s.symbol,
    timeframe: s.timeframe,
    candles: candles.map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume]),
    truncated,
    indicators,
    indicatorNote,
    trades,
  };
}
