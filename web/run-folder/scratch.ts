import type { DuckDBConnection } from '@duckdb/node-api';
import { withScratchDuckDB } from '../../data/duck-scratch.ts';

/**
 * A private in-memory DuckDB for reading run folders. Requests queue on one instance per process, so a burst
 * of report requests does not open a dozen databases (and two cores do not get oversubscribed).
 */
let queue: Promise<unknown> = Promise.resolve();

export function withRunReader<T>(body: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const run = queue.then(
    () => withScratchDuckDB(body),
    () => withScratchDuckDB(body),
  );
  queue = run.catch(() => undefined);
  return run;
}
