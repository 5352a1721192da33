import { writeFileSync } from 'node:fs';
import { BOOLEAN, DOUBLE, DuckDBDataChunk, type DuckDBConnection } from '@duckdb/node-api';
import type { CandleColumns } from './columns.ts';
import { sqlString, withScratchDuckDB } from './duck-scratch.ts';
import { ISO_MS_FORMAT } from './table-file.ts';
import { candlesToArrow } from './formats/arrow.ts';

export const EXPORT_FORMATS = ['parquet', 'csv', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The export format a file name implies (`.parquet`, `.csv`, `.arrow`/`.feather`), or null. */
export function formatFromPath(path: string): ExportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'parquet' || ext === 'pq') return 'parquet';
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc') return 'arrow';
  return null;
}

async function loadTable(conn: DuckDBConnection, cols: CandleColumns): Promise<void> {
  await conn.run('CREATE TABLE c (open_time DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, synthetic BOOLEAN)');
  const appender = await conn.createAppender('c');
  const chunk = DuckDBDataChunk.create([DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, BOOLEAN]);
  const numeric = [cols.openTime, cols.open, cols.high, cols.low, cols.close, cols.volume];
  for (let off = 0; off < cols.length; off += 2048) {
    const n = Math.min(2048, cols.length - off);
    chunk.rowCount = n;
    numeric.forEach((src, c) => {
      const vec = chunk.getColumnVector(c) as unknown as { setItem(i: number, v: number): void; flush(): void };
      for (let i = 0; i < n; i++) vec.setItem(i, src[off + i]);
      vec.flush();
    });
    const syn = chunk.getColumnVector(6) as unknown as { setItem(i: number, v: boolean): void; flush(): void };
    for (let i = 0; i < n; i++) syn.setItem(i, cols.synthetic[off + i] === 1);
    syn.flush();
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}

/**
 * Writes candles to a file people can open elsewhere. Columns: open_time, open, high, low, close, volume,
 * synthetic. open_time is a UTC timestamp with ms precision (Parquet TIMESTAMP WITH TIME ZONE, Arrow
 * timestamp[ms, UTC]) and ISO 8601 in CSV (`2024-01-01T00:00:00.000Z`). Output is deterministic: the
 * same candles give the same bytes.
 */
export async function writeCandlesFile(cols: CandleColumns, path: string, format: ExportFormat): Promise<void> {
  if (format === 'arrow') {
    writeFileSync(path, candlesToArrow(cols));
    return;
  }
  await withScratchDuckDB(async (conn) => {
    await loadTable(conn, cols);
    const time =
      format === 'csv'
        ? `strftime(make_timestamp(open_time::BIGINT * 1000), '${ISO_MS_FORMAT}')`
        : `make_timestamp(open_time::BIGINT * 1000)::TIMESTAMPTZ`;
    const options = format === 'csv' ? `FORMAT csv, HEADER true` : `FORMAT parquet, COMPRESSION zstd`;
    await conn.run(
      `COPY (SELECT ${time} AS open_time, open, high, low, close, volume, synthetic FROM c ORDER BY c.open_time) TO ${sqlString(path)} (${options})`,
    );
  });
}
