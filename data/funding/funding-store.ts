import { readDoubleColumns } from '../duck-columns.ts';
import type { Store } from '../store.ts';

/** One perpetual's funding history, ascending by time. */
export interface FundingColumns {
  readonly times: Float64Array;
  readonly rates: Float64Array;
}

/** One funding payment. */
export interface FundingRow {
  readonly time: number;
  readonly rate: number;
}

/** Writes rows (already validated) for one symbol; a time stored before takes the new rate. */
export async function upsertFunding(store: Store, exchange: string, symbol: string, rows: readonly FundingRow[], source: string): Promise<void> {
  if (rows.length === 0) return;
  // Small tables (three rows a day): one parameterised INSERT OR REPLACE per chunk keeps the code obvious.
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const values = chunk.map((_, k) => `($1, $2, $${k * 2 + 4}, $${k * 2 + 5}, $3)`).join(', ');
    const params = [exchange, symbol, source, ...chunk.flatMap((r) => [BigInt(Math.trunc(r.time)), r.rate])];
    await store.connection.run(`INSERT OR REPLACE INTO funding (exchange, symbol, funding_time, rate, source) VALUES ${values}`, params);
  }
}

/** The stored funding of one symbol in [from, to), ascending. */
export async function readFunding(store: Store, exchange: string, symbol: string, range: { from?: number; to?: number } = {}): Promise<FundingColumns> {
  const [times, rates] = await readDoubleColumns(
    store.connection,
    'SELECT funding_time::DOUBLE, rate FROM funding WHERE exchange = $1 AND symbol = $2 AND funding_time >= $3 AND funding_time < $4 ORDER BY funding_time',
    [exchange, symbol, BigInt(Math.trunc(range.from ?? -8.64e15)), BigInt(Math.trunc(range.to ?? 8.64e15))],
  );
  return { times, rates };
}
