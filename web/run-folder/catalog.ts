import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ResultsDb } from '../../backtest/records/results-db.ts';
import { isSafeName, resolveInside } from '../http/security.ts';

/** One run as the list shows it (results database row or run folder, whichever knows it). */
export interface RunListing {
  runId: string;
  kind: string;
  createdAt: string | null;
  outDir: string;
  strategies: number | null;
  totalReturn: number | null;
  sharpe: number | null;
  maxDrawdown: number | null;
  trades: number | null;
  candles: number | null;
  dataFrom: string | null;
  dataTo: string | null;
  source: 'results-db' | 'folder';
}

export interface CatalogOptions {
  /** Folder holding run folders (default `runs`). */
  runsDir: string;
  /** Results database; null to use the folders only. */
  resultsDb: string | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** A folder is a run folder when it holds manifest.json. */
export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, 'manifest.json'));
}

function listingFromFolder(dir: string): RunListing | null {
  const manifest = readJson(join(dir, 'manifest.json'));
  if (!manifest) return null;
  const metrics = readJson(join(dir, 'metrics.json'));
  const p = (metrics?.portfolio ?? {}) as Record<string, unknown>;
  const data = (manifest.data ?? {}) as Record<string, unknown>;
  return {
    runId: str(manifest.runId) ?? dir.split(/[\\/]/).pop()!,
    kind: str(manifest.kind) ?? 'backtest',
    createdAt: str(manifest.createdAt),
    outDir: dir,
    strategies: Array.isArray(manifest.strategies) ? manifest.strategies.length : null,
    totalReturn: num(p.totalReturn),
    sharpe: num(p.sharpeRatio),
    maxDrawdown: num(p.maxDrawdown),
    trades: num(p.totalTrades),
    candles: num(data.candles),
    dataFrom: str(data.firstCandleClose),
    dataTo: str(data.lastCandleClose),
    source: 'folder',
  };
}

/**
 * Finds runs: the results database (opened read-only per call, so a backtest in another process can still
 * register runs) and the run folders under `runsDir`. Ids are checked to be plain names before any lookup.
 */
export class RunCatalog {
  constructor(readonly opts: CatalogOptions) {}

  private async fromDb<T>(body: (db: ResultsDb) => Promise<T>): Promise<T | null> {
    const path = this.opts.resultsDb;
    if (!path || !existsSync(path)) return null;
    try {
      return await ResultsDb.with(path, body, { readOnly: true, waitMs: 0 });
    } catch {
      return null; // locked by a writer or unreadable: the folders still answer
    }
  }

  /** Runs, newest first. */
  async list(limit = 200): Promise<RunListing[]> {
    const out = new Map<string, RunListing>();
    const rows = await this.fromDb((db) => db.listRuns(limit));
    for (const r of rows ?? []) {
      const runId = String(r.run_id);
      out.set(runId, {
        runId,
        kind: String(r.kind),
        createdAt: str(r.created_at),
        outDir: String(r.out_dir),
        strategies: num(r.strategies),
        totalReturn: num(r.total_return),
        sharpe: num(r.sharpe),
        maxDrawdown: num(r.max_drawdown),
        trades: num(r.trades),
        candles: num(r.candles),
        dataFrom: str(r.data_from),
        dataTo: str(r.data_to),
        source: 'results-db',
      });
    }
    const root = resolve(this.opts.runsDir);
    if (existsSync(root)) {
      for (const name of readdirSync(root)) {
        if (!isSafeName(name)) continue;
        const dir = join(root, name);
        try {
          if (!statSync(dir).isDirectory()) continue;
        } catch {
          continue;
        }
        const l = listingFromFolder(dir);
        if (l && !out.has(l.runId)) out.set(l.runId, l);
      }
    }
    return [...out.values()].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.runId.localeCompare(a.runId)).slice(0, limit);
  }

  /**
   * The folder of run `id` (a folder name under runsDir, or a run id / unique prefix in the results database),
   * or null when unknown. Anything that is not a plain name is unknown.
   */
  async resolve(id: string): Promise<string | null> {
    if (!isSafeName(id)) return null;
    const local = resolveInside(this.opts.runsDir, id);
    if (local && isRunDir(local)) return local;
    const found = await this.fromDb(async (db) => {
      try {
        return await db.getRun(id);
      } catch {
        return null; // ambiguous prefix
      }
    });
    const dir = found ? String(found.run.out_dir) : null;
    if (dir && isRunDir(dir)) return dir;
    // A prefix of a folder name.
    const root = resolve(this.opts.runsDir);
    if (existsSync(root)) {
      const matches = readdirSync(root).filter((n) => n.startsWith(id) && isSafeName(n) && isRunDir(join(root, n)));
      if (matches.length === 1) return join(root, matches[0]);
    }
    return null;
  }
}
