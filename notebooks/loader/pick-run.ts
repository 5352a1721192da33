import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readManifest as readRunManifest, type RunManifest } from '../../backtest/records/manifest.ts';
import { ResultsDb } from '../../backtest/records/results-db.ts';

/** A run the notebooks read: its id, kind, folder and manifest; `strategies` are its results-DB rows (configs) when known. */
export interface PickedRun {
  runId: string;
  kind: string;
  dir: string;
  manifest: RunManifest;
  /** run_strategies rows (config_json holds the parsed config), empty without a results DB. */
  strategies: Record<string, unknown>[];
}

export interface PickRequest {
  /** Results database; runs are looked up here unless given as folders. */
  resultsDb: string;
  /** A run id or unique prefix: a backtest, or a sweep (then used for the sweep notebook). */
  run?: string;
  /** A sweep run id or prefix. */
  sweep?: string;
  /** Run folders read directly, without the results DB. */
  runDir?: string;
  sweepDir?: string;
}

export interface PickedRuns {
  backtest: PickedRun | null;
  sweep: PickedRun | null;
  /** Why a notebook has no run (shown on its page). */
  notes: { backtest?: string; sweep?: string };
}

export function readManifest(dir: string): RunManifest {
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`${dir}: not a run folder (no manifest.json)`);
  return readRunManifest(dir);
}

function fromDir(dir: string): PickedRun {
  const manifest = readManifest(dir);
  return { runId: String(manifest.runId ?? dir), kind: String(manifest.kind ?? 'backtest'), dir: resolve(dir), manifest, strategies: [] };
}

/** A run's folder as registered (relative to the directory the command ran in: the cwd, else the project the DB sits in). */
function runFolder(outDir: string, resultsDb: string): string {
  if (isAbsolute(outDir)) return outDir;
  const candidates = [resolve(outDir), resolve(dirname(dirname(resolve(resultsDb))), outDir)];
  return candidates.find((c) => existsSync(join(c, 'manifest.json'))) ?? candidates[0];
}

async function fromDb(db: ResultsDb, id: string, resultsDb: string): Promise<PickedRun> {
  const found = await db.getRun(id);
  if (!found) throw new Error(`run "${id}" is not in ${resultsDb}`);
  const dir = runFolder(String(found.run.out_dir), resultsDb);
  return { runId: String(found.run.run_id), kind: String(found.run.kind), dir, manifest: readManifest(dir), strategies: found.strategies };
}

async function latest(db: ResultsDb, kind: string): Promise<string | null> {
  const r = await db.connection.runAndReadAll(`SELECT run_id FROM runs WHERE kind = $1 ORDER BY created_at DESC, run_id DESC LIMIT 1`, [kind]);
  const rows = r.getRowObjectsJS();
  return rows.length ? String(rows[0].run_id) : null;
}

/**
 * Picks the backtest and the sweep the notebooks show: the ones asked for (by id or folder), else the latest of
 * each kind in the results database. A missing kind is not an error: that notebook says so instead.
 */
export async function pickRuns(req: PickRequest): Promise<PickedRuns> {
  const out: PickedRuns = { backtest: req.runDir ? fromDir(req.runDir) : null, sweep: req.sweepDir ? fromDir(req.sweepDir) : null, notes: {} };
  const needDb = (!out.backtest || !out.sweep) && (req.run !== undefined || req.sweep !== undefined || existsSync(req.resultsDb));
  if (needDb) {
    if (!existsSync(req.resultsDb)) throw new Error(`${req.resultsDb}: no results database (run \`strata backtest\` first, or give --results-db)`);
    await ResultsDb.with(
      req.resultsDb,
      async (db) => {
        if (req.run !== undefined) {
          const r = await fromDb(db, req.run, req.resultsDb);
          if (r.kind === 'sweep') out.sweep ??= r;
          else if (r.kind === 'backtest') out.backtest ??= r;
          else throw new Error(`run ${r.runId} is a ${r.kind} run; the notebooks read backtest and sweep runs`);
        }
        if (req.sweep !== undefined && !out.sweep) out.sweep = await fromDb(db, req.sweep, req.resultsDb);
        if (!out.backtest) {
          const id = await latest(db, 'backtest');
          if (id) out.backtest = await fromDb(db, id, req.resultsDb);
        }
        if (!out.sweep) {
          const id = await latest(db, 'sweep');
          if (id) out.sweep = await fromDb(db, id, req.resultsDb);
        }
      },
      { readOnly: true },
    );
  }
  if (out.sweep && out.sweep.kind !== 'sweep') throw new Error(`run ${out.sweep.runId} is a ${out.sweep.kind}, not a sweep`);
  if (out.backtest && out.backtest.kind === 'sweep') throw new Error(`run ${out.backtest.runId} is a sweep; pass it as the sweep`);
  if (!out.backtest) out.notes.backtest = `no backtest run in ${req.resultsDb}: run \`npx strata backtest <config.json> --data <file>\` first`;
  if (!out.sweep) out.notes.sweep = `no sweep run in ${req.resultsDb}: run \`npx strata sweep <config.json> --data <file> --param PATH=VALUES ...\` first`;
  return out;
}
