import { withStoreMarkets } from '../../run/store-markets.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { canonicalJson, contentHash, sha256 } from '../../records/canonical.ts';
import type { DataRequest } from '../../run/data-source.ts';
import { chosenStrategyRow, compactStamp, ENGINE_VERSION, iso, loadSingleConfig, prepareData, type PreparedData } from '../../run/job-common.ts';
import type { Performance, RankMetric } from '../../run/metric-select.ts';
import type { ParamSpec } from './param-grid.ts';
import { DEFAULT_RESULTS_DB, type RunRecord } from '../../records/results-db.ts';
import { registerRun } from '../../records/registration.ts';
import { withRunPool } from '../pool/run-pool.ts';
import { SWEEP_TABLE_LAYOUT, paramRecord, writeSweepTables } from './sweep-files.ts';
import { bestRow, rowConfig, runSweep, type SweepResult } from './sweep.ts';
import { writeManifest, type ManifestInput } from '../../records/manifest.ts';

export interface SweepJob {
  configPath: string;
  data: Omit<DataRequest, 'configs'>;
  params: ParamSpec[];
  metric: RankMetric;
  /** Worker threads (default: all cores; 0 runs in this thread). */
  workers?: number;
  capital?: number;
  outDir?: string;
  runsDir?: string;
  resultsDb?: string | null;
  command: string;
  onProgress?: (done: number, total: number) => void;
  /** Clock for the run id and created_at only. */
  now?: () => Date;
  /**
   * Where the grid runs: local worker threads (the default, `localExecutor`) or a job queue (the Redis
   * executor in research/distributed/). The tables and results rows are the same whichever runs it.
   */
  executor?: SweepExecutor;
}

/** Runs a sweep job's grid somewhere and writes its run: local threads and the Redis queue both implement it. */
export interface SweepExecutor {
  run(job: SweepJob): Promise<SweepJobResult>;
}

export interface SweepJobResult {
  runId: string;
  outDir: string;
  result: SweepResult;
  /** The data as read by this process (null when a distributed sweep is resumed: the workers read it). */
  data: PreparedData | null;
  manifest: Record<string, unknown>;
}

/** `<yyyymmddThhmmssZ>-<hash of config, grid, metric and data>`. */
export function sweepRunId(base: StrategyConfig, params: readonly ParamSpec[], metric: RankMetric, dataHash: string, createdAt: Date): string {
  const runHash = sha256(canonicalJson({ configHash: contentHash(base), params, metric, data: dataHash })).slice(0, 8);
  return `${compactStamp(createdAt)}-${runHash}`;
}

/** The manifest's `data` block (also what a distributed run stores up front, for a resumed coordinator). */
export function sweepDataInfo(data: PreparedData): SweepDataInfo {
  return {
    manifest: { ...data.info, from: iso(data.info.from), to: iso(data.info.to), candles: data.summary.candles, firstCandleClose: iso(data.summary.firstTime), lastCandleClose: iso(data.summary.lastTime), hash: data.summary.hash },
    hash: data.summary.hash,
    from: iso(data.summary.firstTime),
    to: iso(data.summary.lastTime),
    candles: data.summary.candles,
  };
}

export interface SweepDataInfo {
  manifest: Record<string, unknown>;
  hash: string;
  from: string | null;
  to: string | null;
  candles: number;
}

/** Everything a finished sweep's run folder and results-DB entry are made of, besides the rows. */
export interface SweepRunRecord {
  runId: string;
  createdAt: Date;
  outDir: string;
  command: string;
  base: StrategyConfig;
  /** The config file (and index) the base came from. */
  source: string;
  params: ParamSpec[];
  metric: RankMetric;
  data: SweepDataInfo;
  /** Local threads, or the number of queue workers that stored rows. */
  workers: number;
  /** Extra manifest fields (e.g. the executor). */
  extra?: Record<string, unknown>;
  resultsDb?: string | null;
}

/** Loads the config and data, runs the grid on the job's executor (local threads by default), writes the run folder and registers it. */
export function runSweepJob(job: SweepJob): Promise<SweepJobResult> {
  return (job.executor ?? localExecutor).run(job);
}

/** Runs the grid on a pool of worker threads in this process (`workers: 0`: in this thread). */
export const localExecutor: SweepExecutor = { run: runLocalSweep };

async function runLocalSweep(job: SweepJob): Promise<SweepJobResult> {
  const { loaded, config: given } = loadSingleConfig(job.configPath, job.capital);
  // A config without a market takes the one the store recorded for its series.
  const base = (await withStoreMarkets([given], job.data)).configs[0];
  const data = await prepareData([base], job.data);
  let workers = 0;
  const result = await withRunPool(job.workers, (pool) => {
    workers = pool.workers;
    return runSweep({ base, params: job.params, data: data.shared, pool, metric: job.metric, from: job.data.from, to: job.data.to, onProgress: job.onProgress });
  });
  checkSomeRan(result);
  const createdAt = (job.now ?? (() => new Date()))();
  const runId = sweepRunId(base, job.params, job.metric, data.summary.hash, createdAt);
  const outDir = job.outDir ?? join(job.runsDir ?? 'runs', runId);
  const manifest = await writeSweepRun(
    { runId, createdAt, outDir, command: job.command, base, source: loaded.source, params: job.params, metric: job.metric, data: sweepDataInfo(data), workers, resultsDb: job.resultsDb },
    result,
  );
  return { runId, outDir, result, data, manifest };
}

/** The results-database fields of a many-replay run (sweep, optimisation) that its chosen variant's performance fills. */
export function chosenRunHead(kind: RunRecord['kind'], run: { runId: string; createdAt: Date; outDir: string; command: string; data: SweepDataInfo }, p: Performance | null) {
  return {
    runId: run.runId,
    kind,
    createdAt: run.createdAt.toISOString(),
    outDir: run.outDir,
    command: run.command,
    dataHash: run.data.hash,
    dataFrom: run.data.from,
    dataTo: run.data.to,
    candles: run.data.candles,
    totalReturn: p?.totalReturn ?? null,
    sharpe: p?.sharpeRatio ?? null,
    maxDrawdown: p?.maxDrawdown ?? null,
    trades: p?.totalTrades ?? null,
  };
}

/** A grid where every combination is an invalid config is a mistake, not a result. */
export function checkSomeRan(result: SweepResult): void {
  if (result.skipped === result.combinations) {
    throw new Error(`every combination is an invalid config, e.g. ${result.rows[0].reason}`);
  }
}

/** Writes sweep.parquet/csv and manifest.json into the run folder and registers the run and every row; returns the manifest. */
export async function writeSweepRun(run: SweepRunRecord, result: SweepResult): Promise<Record<string, unknown>> {
  const { base, params, metric, outDir, runId } = run;
  const configHash = contentHash(base);
  mkdirSync(outDir, { recursive: true });
  const files = await writeSweepTables(outDir, result);
  const best = bestRow(result);
  const bestConfig = best && rowConfig(base, params, best);
  const manifest = {
    runId,
    kind: 'sweep',
    createdAt: run.createdAt.toISOString(),
    engineVersion: ENGINE_VERSION,
    command: run.command,
    strategy: { id: base.id ?? null, name: base.name ?? null, source: run.source, configHash, symbol: base.symbol, timeframe: base.timeframe, capital: base.capital, execution: base.execution },
    params,
    metric,
    combinations: result.combinations,
    skipped: result.skipped,
    errored: result.errored,
    workers: run.workers,
    ...run.extra,
    best: best && { combination: best.combination, params: paramRecord(params, best.values), score: best.score },
    data: run.data.manifest,
    layout: { 'sweep.parquet': SWEEP_TABLE_LAYOUT, 'sweep.csv': 'same rows and columns as sweep.parquet' },
    files: ['manifest.json', ...files],
  } satisfies ManifestInput;
  writeManifest(outDir, manifest);

  if (run.resultsDb !== null) {
    const p = best?.metrics?.performance ?? null;
    const warning = await registerRun(run.resultsDb ?? DEFAULT_RESULTS_DB, outDir, {
      record: {
        ...chosenRunHead('sweep', run, p),
        summary: { metric, params, combinations: result.combinations, skipped: result.skipped, errored: result.errored, best: manifest.best },
        // The best combination stands for the sweep in run_strategies; every combination is in sweep_results.
        strategies: best && best.metrics && bestConfig ? [chosenStrategyRow(best.metrics, bestConfig, best.combination)] : [],
      },
      sweepResults: result.rows.map((r) => ({ combination: r.combination, rank: r.rank, status: r.status, reason: r.reason, params: paramRecord(params, r.values), score: r.score, metrics: r.metrics })),
    });
    if (warning) process.stderr.write(`warning: ${warning}\n`);
  }
  return manifest;
}
