import { extname } from 'node:path';
import { allocColumns, truncateColumns, type CandleColumns } from '../../data/columns.ts';
import { formatFromPath, writeCandlesFile } from '../../data/write-file.ts';
import { readSessionLog } from './session-log.ts';

export interface ExportedSeries {
  readonly symbol: string;
  readonly timeframe: string;
  readonly path: string;
  readonly candles: number;
}

/** `candles.parquet` for one series; `candles-BTC-USDT-1m.parquet` per series when there are several. */
export function exportPath(out: string, symbol: string, timeframe: string, several: boolean): string {
  if (!several) return out;
  const ext = extname(out);
  return `${out.slice(0, out.length - ext.length)}-${symbol.replace(/[^A-Za-z0-9]+/g, '-')}-${timeframe}${ext}`;
}

/** The closed candles a session recorded, per series, sorted by open time (one row per open time, last logged wins). */
export function sessionCandles(path: string): { symbol: string; timeframe: string; columns: CandleColumns }[] {
  const { header, entries } = readSessionLog(path);
  const rows = header.series.map(() => new Map<number, [number, number, number, number, number]>());
  for (const e of entries) if (e.k === 'candle') rows[e.s].set(e.t, [e.o, e.h, e.l, e.c, e.v]);
  return header.series.map((s, i) => {
    const times = [...rows[i].keys()].sort((a, b) => a - b);
    const cols = allocColumns(times.length);
    times.forEach((t, k) => {
      const [o, h, l, c, v] = rows[i].get(t)!;
      cols.openTime[k] = t;
      cols.open[k] = o;
      cols.high[k] = h;
      cols.low[k] = l;
      cols.close[k] = c;
      cols.volume[k] = v;
    });
    return { symbol: s.symbol, timeframe: s.timeframe, columns: truncateColumns(cols, times.length) };
  });
}

/**
 * Writes a recorded session's candles as a data set for backtests (Parquet, CSV or Arrow by the file
 * extension): `strata backtest <config> --data <file> --symbol <symbol> --timeframe <tf>`.
 */
export async function exportSessionCandles(path: string, out: string): Promise<ExportedSeries[]> {
  const format = formatFromPath(out);
  if (format === null) throw new Error(`${out}: export format not known from the extension (use .parquet, .csv or .arrow)`);
  const all = sessionCandles(path);
  const done: ExportedSeries[] = [];
  for (const s of all) {
    const file = exportPath(out, s.symbol, s.timeframe, all.length > 1);
    await writeCandlesFile(s.columns, file, format);
    done.push({ symbol: s.symbol, timeframe: s.timeframe, path: file, candles: s.columns.length });
  }
  return done;
}
