import { rmSync } from 'node:fs';
import { markPending } from './pending-runs.ts';
import { ResultsDb, type RegistrationDoc } from './results-db.ts';

/**
 * Registers a run whose folder is complete. The folder gets its registration.json and the run is marked
 * pending first; the database is then opened (waiting, bounded, while other processes hold it). If it cannot
 * be, the run stays marked and the next command that writes the database registers it, so a run is never
 * lost: the returned warning says so.
 */
export async function registerRun(dbPath: string, outDir: string, doc: RegistrationDoc, opts: { waitMs?: number } = {}): Promise<string | null> {
  const mark = markPending(dbPath, outDir, doc);
  try {
    // Opening registers every pending run, this one included; apply() again is a no-op replace.
    await ResultsDb.with(dbPath, (db) => db.apply(doc), opts);
    rmSync(mark, { force: true });
    return null;
  } catch (err) {
    return `run ${doc.record.runId} is saved in ${outDir} but not yet in ${dbPath} (${(err as Error).message}); the next command that writes the results database registers it, or run \`strata runs reindex\``;
  }
}
