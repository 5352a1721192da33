import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { sleep } from './sleep.ts';

/** DuckDB's refusal while another process holds the file ("Could not set lock on file ...: Conflicting lock is held"). */
export const isLockError = (err: unknown): boolean => /Could not set lock|Conflicting lock|lock on file|in use|already open/i.test(String((err as Error)?.message ?? err));

/** How long a command waits for a database another process holds, unless told otherwise (STRATA_DB_WAIT_MS). */
export function defaultDbWaitMs(): number {
  const env = Number(process.env.STRATA_DB_WAIT_MS);
  return Number.isFinite(env) && env >= 0 ? env : 30_000;
}

/**
 * Opens a DuckDB file, waiting while another process holds it. DuckDB lets one process write a file (and
 * read-only opens wait for the writer too), so every open retries a lock refusal with jittered exponential
 * backoff (25 ms doubling to 1 s) for at most `waitMs`; then the lock error is thrown with how long it waited.
 * The jitter keeps several waiting processes from retrying in step.
 */
export async function openDuckDb(path: string, opts: { readOnly?: boolean; waitMs?: number } = {}): Promise<DuckDBInstance> {
  if (!opts.readOnly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const waitMs = opts.waitMs ?? defaultDbWaitMs();
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await DuckDBInstance.create(path, opts.readOnly ? { access_mode: 'READ_ONLY' } : {});
    } catch (err) {
      const waited = Date.now() - started;
      if (!isLockError(err)) throw err;
      if (waited >= waitMs) throw new Error(`${path} stayed locked by another process for ${waited} ms: ${(err as Error).message}`);
      const cap = Math.min(1000, 25 * 2 ** attempt);
      await sleep(Math.min(waitMs - waited, cap / 2 + Math.random() * (cap / 2)));
    }
  }
}
