import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../data/store.ts';

/** Path of a file in data/samples/ (tests read samples from the repository, never from outside it). */
export function sample(name: string): string {
  return new URL(`../data/samples/${name}`, import.meta.url).pathname;
}

/** A fresh temporary folder; `cleanup()` removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-data-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A checksum of the whole candles table (order-independent) and its row count. */
export async function candlesChecksum(store: Store): Promise<string> {
  const r = await store.connection.runAndReadAll(
    `SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(exchange, symbol, timeframe, open_time, open, high, low, close, volume, synthetic)::HUGEINT), 0)::VARCHAR FROM candles`,
  );
  return String(r.getRows()[0][0]);
}

/** Quarantine rows of a source, without the import time. */
export async function quarantineRows(store: Store): Promise<{ source: string; row: number; reason: string; raw: string }[]> {
  const r = await store.connection.runAndReadAll('SELECT source, row_number::DOUBLE, reason, raw FROM quarantine ORDER BY source, row_number');
  return r.getRows().map(([source, row, reason, raw]) => ({ source: String(source), row: row as number, reason: String(reason), raw: String(raw) }));
}
