import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readRegistration } from './pending-runs.ts';
import { ResultsDb, type RegistrationDoc } from './results-db.ts';

export interface ReindexReport {
  /** Runs (re)registered from their folders. */
  readonly registered: string[];
  /** Folders with a manifest but no registration.json (written before folders kept one): not registered. */
  readonly skipped: string[];
  /** Runs in the database whose folder no longer exists (kept; listed for the user to decide). */
  readonly orphans: { runId: string; outDir: string }[];
}

/**
 * Rebuilds the results database from the run folders under `runsDir`: every folder's registration.json is
 * registered again (replacing its rows), so the database agrees with the folders, the source of truth.
 */
export async function reindexRuns(dbPath: string, runsDir: string): Promise<ReindexReport> {
  if (!existsSync(runsDir)) throw new Error(`no runs folder ${runsDir}`);
  const registered: string[] = [];
  const skipped: string[] = [];
  return ResultsDb.with(dbPath, async (db) => {
    for (const name of readdirSync(runsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      const dir = join(runsDir, name);
      let doc;
      try {
        doc = readRegistration<RegistrationDoc>(dir);
      } catch (err) {
        throw new Error(`${join(dir, 'registration.json')}: ${(err as Error).message}`);
      }
      if (doc) {
        await db.apply(doc);
        registered.push(doc.record.runId);
      } else if (existsSync(join(dir, 'manifest.json'))) skipped.push(dir);
    }
    const orphans = (await db.registeredFolders()).filter((r) => !existsSync(resolve(r.outDir)));
    return { registered, skipped, orphans };
  });
}
