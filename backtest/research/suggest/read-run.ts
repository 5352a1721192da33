/** Reads a sweep or walk-forward run folder for the optimisation report. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sqlString, withScratchDuckDB } from '../../../data/duck-scratch.ts';
import { isRankMetric, RANK_METRICS, type RankMetric } from '../../run/metric-select.ts';
import type { ParamSpec, ParamValue } from '../sweep/param-grid.ts';
import { readManifest, type SweepManifest } from '../../records/manifest.ts';
import { DEFAULT_RESULTS_DB, ResultsDb } from '../../records/results-db.ts';
import type { WindowScores } from './walkforward-decay.ts';

/** The sweep.parquet column of each ranking metric. */
export const METRIC_COLUMN: Record<RankMetric, string> = {
  sharpe_per_bar: 'sharpe_per_bar',
  sharpe: 'sharpe',
  sortino: 'sortino',
  return: 'total_return',
  cagr: 'cagr',
  calmar: 'calmar',
  drawdown: 'max_drawdown',
  winrate: 'win_rate',
  profit_factor: 'profit_factor',
  expectancy: 'expectancy',
  trades: 'trades',
  final_equity: 'final_equity',
};

export interface RunRow {
  combination: number;
  status: string;
  values: ParamValue[];
  /** Metric columns by name (sharpe, total_return, bars, ...). */
  metrics: Record<string, number | null>;
  /** Walk-forward training rows: the window. */
  window: number | null;
}

export type { SweepManifest } from '../../records/manifest.ts';

export interface RunTables {
  dir: string;
  manifest: SweepManifest;
  kind: 'sweep' | 'walkforward';
  rows: RunRow[];
  /** Walk-forward: each window's chosen combination with its training and test score. */
  windows: WindowScores[] | null;
}

/** A run folder: a folder holding manifest.json, a name under `runsDir`, or a run id (unique prefix) in the results database. */
export async function resolveRunDir(arg: string, opts: { runsDir?: string; resultsDb?: string | null } = {}): Promise<string> {
  const isRun = (d: string) => existsSync(join(d, 'manifest.json')) && statSync(d).isDirectory();
  if (isRun(arg)) return arg;
  const local = join(opts.runsDir ?? 'runs', arg);
  if (isRun(local)) return local;
  const db = opts.resultsDb === undefined ? DEFAULT_RESULTS_DB : opts.resultsDb;
  if (db && existsSync(db)) {
    const found = await ResultsDb.with(db, (r) => r.getRun(arg), { readOnly: true });
    const dir = found ? String(found.run.out_dir) : null;
    if (dir && isRun(dir)) return dir;
  }
  throw new Error(`no run "${arg}": not a run folder, not under ${opts.runsDir ?? 'runs'}/, not in the results database`);
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'bigint' ? Number(v) : null);

/** Reads the manifest and the per-combination table (sweep.parquet, or train-results.parquet of a walk-forward). */
export async function readRunTables(dir: string): Promise<RunTables> {
  const manifest = readManifest(dir) as SweepManifest;
  if (manifest.kind !== 'sweep' && manifest.kind !== 'walkforward') throw new Error(`run ${manifest.runId} is a ${manifest.kind} run: give a sweep or walk-forward run`);
  if (!Array.isArray(manifest.params) || !isRankMetric(String(manifest.metric))) throw new Error(`${dir}/manifest.json: no params or metric`);
  const kind = manifest.kind;
  const table = join(dir, kind === 'sweep' ? 'sweep.parquet' : 'train-results.parquet');
  if (!existsSync(table)) throw new Error(`${table} is missing`);
  const params = manifest.params;
  const raw = await withScratchDuckDB(async (c) => (await c.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(table)})`)).getRowObjectsJson() as Record<string, unknown>[]);
  const rows: RunRow[] = raw.map((r) => {
    const metrics: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(r)) if (!params.some((p) => p.path === k)) metrics[k] = typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : num(v);
    return {
      combination: Number(r.combination),
      status: String(r.status ?? 'ok'),
      values: params.map((p) => p.values.find((v) => String(v) === String(r[p.path])) ?? (r[p.path] as ParamValue)),
      metrics,
      window: r.window_index === undefined || r.window_index === null ? null : Number(r.window_index),
    };
  });
  let windows: WindowScores[] | null = null;
  if (kind === 'walkforward') {
    const wf = JSON.parse(readFileSync(join(dir, 'walkforward.json'), 'utf8')) as { windows: { index: number; chosen: { combination: number; trainScore: number | null } | null; test: Record<string, number | null> | null }[] };
    const get = RANK_METRICS[manifest.metric].get as (p: Record<string, number | null>) => number | null;
    windows = wf.windows.map((w) => ({
      index: w.index,
      inSample: w.chosen?.trainScore ?? null,
      outOfSample: w.test ? num(get(w.test)) : null,
      combination: w.chosen?.combination ?? null,
    }));
  }
  return { dir, manifest, kind, rows, windows };
}
