import { resolve } from 'node:path';
import type { Store } from './store.ts';

/** A rejected row as the store keeps it: which file, which row, why, and its text. */
export interface StoredRejection {
  readonly source: string;
  readonly row: number;
  readonly exchange: string | null;
  readonly symbol: string | null;
  readonly timeframe: string | null;
  readonly reason: string;
  readonly raw: string;
}

/**
 * The quarantine table's rows, by file then row number. `file` matches the imported path as given or
 * resolved, or any stored source ending in it (so `--file orcl.csv` finds `/data/orcl.csv`).
 */
export async function listQuarantine(store: Store, opts: { file?: string; limit?: number } = {}): Promise<{ rows: StoredRejection[]; total: number }> {
  const where = opts.file === undefined ? '' : `WHERE source = $1 OR source = $2 OR source LIKE '%/' || $1`;
  const params = opts.file === undefined ? [] : [opts.file, resolve(opts.file)];
  const count = await store.connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM quarantine ${where}`, params);
  const total = Number((count.getRowObjectsJson()[0] as { n: number }).n);
  const limit = opts.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(opts.limit))}`;
  const reader = await store.connection.runAndReadAll(
    `SELECT source, row_number::INTEGER AS row, exchange, symbol, timeframe, reason, raw FROM quarantine ${where} ORDER BY source, row_number${limit}`,
    params,
  );
  return { rows: reader.getRowObjectsJson() as unknown as StoredRejection[], total };
}
