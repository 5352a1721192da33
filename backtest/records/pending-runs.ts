import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What a pending registration must hold to be matched with its run (results-db.ts RegistrationDoc). */
export interface PendingDoc {
  readonly record: { readonly runId: string };
}

/** The registration document every run folder keeps: the folder, not the database, is the source of truth. */
export const REGISTRATION_FILE = 'registration.json';

/**
 * Runs written but not yet in the database: `<db>.pending/<runId>` holds the run folder's path. A run is
 * marked before it is registered and unmarked after, so a registration that fails (the database stayed locked,
 * the process was killed) leaves the mark, and the next writable open of the database registers the folder.
 */
export function pendingDir(dbPath: string): string {
  return `${dbPath}.pending`;
}

/** Writes the folder's registration.json and marks the run pending in the database's queue. */
export function markPending<Doc extends PendingDoc>(dbPath: string, outDir: string, doc: Doc): string {
  writeFileSync(join(outDir, REGISTRATION_FILE), JSON.stringify(doc) + '\n');
  mkdirSync(pendingDir(dbPath), { recursive: true });
  const mark = join(pendingDir(dbPath), doc.record.runId);
  writeFileSync(mark, resolve(outDir) + '\n');
  return mark;
}

export function hasPending(dbPath: string): boolean {
  return existsSync(pendingDir(dbPath)) && readdirSync(pendingDir(dbPath)).length > 0;
}

/** Reads a run folder's registration.json (null when the folder has none). */
export function readRegistration<Doc extends PendingDoc>(outDir: string): Doc | null {
  const path = join(outDir, REGISTRATION_FILE);
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as Doc;
}

/**
 * Registers every pending run through `apply` and removes its mark. A mark whose folder is gone or unreadable
 * is kept for `strata runs reindex` to report, never dropped silently. Returns the run ids registered.
 */
export async function flushPendingRuns<Doc extends PendingDoc>(dbPath: string, apply: (doc: Doc) => Promise<void>): Promise<string[]> {
  const dir = pendingDir(dbPath);
  if (!existsSync(dir)) return [];
  const done: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const mark = join(dir, name);
    let doc: Doc | null;
    try {
      doc = readRegistration(readFileSync(mark, 'utf8').trim());
    } catch {
      continue; // being written by its run, or damaged: left for the next open or reindex
    }
    if (!doc || doc.record.runId !== name) continue;
    await apply(doc);
    rmSync(mark, { force: true });
    done.push(name);
  }
  return done;
}
