import { existsSync } from 'node:fs';
import { readStoreColumns } from '../../data/historical-feed.ts';
import { loadFile } from '../../data/import.ts';
import { listSeries } from '../../data/series.ts';
import { DEFAULT_EXCHANGE } from '../../data/store-schema.ts';
import { openStore } from '../../data/store.ts';
import { parseSymbol } from '../../engine/markets/symbol.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { PriceSeries } from './benchmarks.ts';

/**
 * The series `--benchmark` names: a candle file (`spy.csv`, `FILE=SPY` to name it), or a symbol read from the run's
 * store (its finest stored timeframe). A symbol with no store, or not in it, is an error saying what to give instead.
 */
export async function loadBenchmark(arg: string, dataPaths: readonly string[], exchange = DEFAULT_EXCHANGE): Promise<PriceSeries> {
  const eq = arg.indexOf('=');
  const [file, named] = existsSync(arg) || eq <= 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
  if (existsSync(file)) {
    const loaded = await loadFile(file, { symbol: named ?? 'BENCHMARK' });
    const c = loaded.candles;
    if (c.length === 0) throw new Error(`--benchmark ${file}: no usable candles`);
    const step = timeframeMs(loaded.report.series.timeframe);
    return { symbol: named ?? file, openTime: c.openTime, closeTime: c.openTime.map((t) => t + step), open: c.open, close: c.close };
  }
  parseSymbol(arg, '--benchmark');
  const store = dataPaths.find((p) => /\.(duckdb|db)$/i.test(p));
  if (!store) throw new Error(`--benchmark ${arg}: no such file, and there is no store in --data to read the symbol from (give a candle file, e.g. --benchmark spy.csv=SPY)`);
  const db = await openStore(store);
  let stored;
  try {
    stored = (await listSeries(db)).filter((s) => s.exchange === exchange && s.symbol === arg).sort((a, b) => timeframeMs(a.timeframe) - timeframeMs(b.timeframe));
  } finally {
    db.close();
  }
  if (stored.length === 0) throw new Error(`--benchmark ${arg}: ${store} holds no ${arg} series (exchange "${exchange}"); import it first or give a candle file`);
  const tf = stored[0].timeframe;
  const c = await readStoreColumns({ db: store, series: { symbol: arg, timeframe: tf }, exchange });
  const step = timeframeMs(tf);
  return { symbol: arg, openTime: c.openTime, closeTime: c.openTime.map((t) => t + step), open: c.open, close: c.close };
}
