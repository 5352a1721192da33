import { BOOLEAN, DOUBLE, DuckDBDataChunk, type DuckDBConnection } from '@duckdb/node-api';
import type { CandleColumns } from './columns.ts';
import type { SeriesRef, Store } from './store.ts';
import { parseSymbol } from '../engine/markets/symbol.ts';

const CHUNK = 2048;

/** Bulk-appends columns to the temp staging table through DuckDB's appender, one data chunk at a time. */
async function stage(conn: DuckDBConnection, cols: CandleColumns): Promise<void> {
  await conn.run('DELETE FROM candles_staging');
  const appender = await conn.createAppender('candles_staging', 'main', 'temp');
  const chunk = DuckDBDataChunk.create([DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, BOOLEAN]);
  const numeric = [cols.openTime, cols.open, cols.high, cols.low, cols.close, cols.volume];
  try {
    for (let off = 0; off < cols.length; off += CHUNK) {
      const n = Math.min(CHUNK, cols.length - off);
      chunk.rowCount = n; // resizes and drops cached vectors; fetch them after
      for (let c = 0; c < numeric.length; c++) {
        const src = numeric[c];
        const vec = chunk.getColumnVector(c) as unknown as { setItem(i: number, v: number): void; flush(): void };
        for (let i = 0; i < n; i++) vec.setItem(i, src[off + i]);
        vec.flush();
      }
      const syn = chunk.getColumnVector(6) as unknown as { setItem(i: number, v: boolean): void; flush(): void };
      for (let i = 0; i < n; i++) syn.setItem(i, cols.synthetic[off + i] === 1);
      syn.flush();
      appender.appendDataChunk(chunk);
    }
  } finally {
    appender.closeSync();
  }
}

/**
 * Writes rows of one series into `candle_rows` (read as the view `candles`): last write wins by open time,
 * except that a synthetic (gap-fill) row never replaces a stored one. `rows` is a relation with the columns
 * t (BIGINT open time), open, high, low, close, volume, synthetic and one row per t; `sorted` says it is in
 * increasing t order already.
 * Stored rows are looked at only when some lie within the new rows' time range, so a first import or an
 * append after the stored range is one INSERT.
 */
export async function writeSeriesRows(conn: DuckDBConnection, series: SeriesRef, rows: string, sorted: boolean): Promise<void> {
  const id = await seriesId(conn, series);
  const order = sorted ? '' : 'ORDER BY t';
  const insert = `INSERT INTO candle_rows SELECT $1, t, open, high, low, close, volume, synthetic FROM ${rows} n`;
  const overlap = await conn.runAndReadAll(
    `SELECT count(*)::DOUBLE FROM candle_rows, (SELECT min(t) AS lo, max(t) AS hi FROM ${rows} n) r WHERE series_id = $1 AND open_time BETWEEN r.lo AND r.hi`,
    [id],
  );
  if (Number(overlap.getRows()[0][0]) === 0) {
    await conn.run(`${insert} ${order}`, [id]);
    return;
  }
  await conn.run(`DELETE FROM candle_rows WHERE series_id = $1 AND open_time IN (SELECT t FROM ${rows} n WHERE NOT synthetic)`, [id]);
  await conn.run(`${insert} WHERE NOT synthetic ${order}`, [id]);
  await conn.run(`${insert} WHERE synthetic AND NOT EXISTS (SELECT 1 FROM candle_rows c WHERE c.series_id = $1 AND c.open_time = n.t) ${order}`, [id]);
}

/** The id of a series in `series_ids`, numbering it when it is new. */
async function seriesId(conn: DuckDBConnection, series: SeriesRef): Promise<number> {
  const params = [series.exchange, series.symbol, series.timeframe];
  const known = (await conn.runAndReadAll('SELECT id FROM series_ids WHERE exchange = $1 AND symbol = $2 AND timeframe = $3', params)).getRows();
  if (known.length > 0) return Number(known[0][0]);
  const made = await conn.runAndReadAll('INSERT INTO series_ids SELECT coalesce(max(id), 0) + 1, $1, $2, $3 FROM series_ids RETURNING id', params);
  return Number(made.getRows()[0][0]);
}

/**
 * Upserts candles of one series (writeSeriesRows). `cols` must hold one row per open time; a batch that
 * does not is refused, since the store would keep both rows.
 * Returns the number of rows handed in.
 */
export async function upsertCandles(store: Store, series: SeriesRef, cols: CandleColumns): Promise<number> {
  parseSymbol(series.symbol, 'store');
  if (cols.length === 0) return 0;
  const conn = store.connection;
  await stage(conn, cols);
  const repeated = (await conn.runAndReadAll('SELECT open_time FROM candles_staging GROUP BY open_time HAVING count(*) > 1 ORDER BY open_time LIMIT 1')).getRows();
  if (repeated.length > 0) {
    await conn.run('DELETE FROM candles_staging');
    const t = new Date(Number(repeated[0][0])).toISOString();
    throw new Error(`upsertCandles: open time ${t} appears more than once in one batch of ${series.exchange} ${series.symbol} ${series.timeframe}; nothing was written`);
  }
  await writeSeriesRows(conn, series, '(SELECT CAST(open_time AS BIGINT) AS t, open, high, low, close, volume, synthetic FROM candles_staging)', false);
  await conn.run('DELETE FROM candles_staging');
  return cols.length;
}

/** One quarantined input row. `rowNumber` follows the convention of the reader that produced it. */
export interface QuarantineRow {
  readonly rowNumber: number;
  readonly reason: string;
  readonly raw: string;
}

/**
 * Records the rejected rows of one source, replacing what an earlier import of the same source and series
 * left there (so re-importing a file leaves the quarantine as it was).
 */
export async function replaceQuarantine(store: Store, source: string, series: Partial<SeriesRef>, rows: readonly QuarantineRow[]): Promise<void> {
  const conn = store.connection;
  await conn.run(
    `DELETE FROM quarantine WHERE source = $1 AND exchange IS NOT DISTINCT FROM $2 AND symbol IS NOT DISTINCT FROM $3 AND timeframe IS NOT DISTINCT FROM $4`,
    [source, series.exchange ?? null, series.symbol ?? null, series.timeframe ?? null],
  );
  await appendQuarantine(store, source, series, rows);
}

/** Appends rejected rows to the quarantine table. */
export async function appendQuarantine(store: Store, source: string, series: Partial<SeriesRef>, rows: readonly QuarantineRow[]): Promise<void> {
  if (rows.length === 0) return;
  const appender = await store.connection.createAppender('quarantine');
  try {
    for (const r of rows) {
      appender.appendVarchar(source);
      appender.appendBigInt(BigInt(r.rowNumber));
      for (const v of [series.exchange, series.symbol, series.timeframe]) {
        if (v === undefined) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.appendVarchar(r.reason);
      appender.appendVarchar(r.raw);
      appender.appendDefault();
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}
