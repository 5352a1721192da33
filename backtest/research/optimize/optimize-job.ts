/**
 * `strata optimize` as a library call: loads the config and data, runs the study on local worker threads (or a
 * Redis queue), writes the run folder (manifest.json, optimize.json, trials.parquet/csv, recommended-config.json)
 * and registers the run (kind "optimize") and its trials in the results database.
 */
import { join } from 'node:path';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { timeframeMs } from '../../../engine/timeframe.ts';
import { canonicalJson, contentHash, sha256 } from '../../records/canonical.ts';
import { compactStamp, loadSingleConfig, prepareData, type PreparedData } from '../../run/job-common.ts';
import { withRunPool } from '../pool/run-pool.ts';
import { sweepDataInfo, type SweepJob } from '../sweep/sweep-job.ts';
import { planWindows } from '../walkforward/walkforward.ts';
import { localExecutor } from './executor.ts';
import type { ExecutorOptions } from '../distributed/coordinator.ts';
import { writeOptimizeRun, type OptimizeRunRecord } from './optimize-files.ts';
import { buildSettings, type OptimizeSpec } from './settings.ts';
import { runStudy, type StudyResult } from './study.ts';

export interface WalkForwardSpec {
  train: number;
  test: number;
  step?: number;
}

/** As a sweep job, with the search in place of the grid and metric. */
export interface OptimizeJob extends Omit<SweepJob, 'params' | 'metric' | 'executor'> {
  /** The Redis queue to run the trials on (local worker threads when absent). */
  executor?: ExecutorOptions;
  spec: OptimizeSpec;
  walkforward?: WalkForwardSpec;
}

export interface OptimizeJobResult {
  runId: string;
  outDir: string;
  study: StudyResult;
  manifest: Record<string, unknown>;
  document: Record<string, unknown>;
}

/** `<yyyymmddThhmmssZ>-<hash of config, spec and data>`. */
export function optimizeRunId(base: StrategyConfig, spec: OptimizeSpec, walkforward: WalkForwardSpec | undefined, dataHash: string, createdAt: Date): string {
  return `${compactStamp(createdAt)}-${sha256(canonicalJson({ kind: 'optimize', configHash: contentHash(base), spec, walkforward: walkforward ?? null, data: dataHash })).slice(0, 8)}`;
}

/** The span and walk-forward windows of the data in range for the config's symbol. */
export function studyRange(base: StrategyConfig, data: PreparedData, walkforward?: WalkForwardSpec) {
  const own = data.summary.series.filter((s) => s.symbol === base.symbol && s.first !== null);
  const from = Math.min(...own.map((s) => s.first!));
  const to = Math.max(...own.map((s) => s.last! + timeframeMs(s.timeframe)));
  const windows = walkforward ? planWindows(from, to, walkforward.train, walkforward.test, base.timeframe, walkforward.step) : undefined;
  if (windows && windows.length === 0) throw new Error(`the data (${new Date(from).toISOString()} to ${new Date(to).toISOString()}) is too short for one --train plus one --test window`);
  return { span: { start: from, end: to }, windows };
}

export async function runOptimizeJob(job: OptimizeJob): Promise<OptimizeJobResult> {
  const settings = buildSettings(job.spec);
  if (job.executor) {
    const { runQueuedOptimizeJob } = await import('./queue-coordinator.ts');
    return runQueuedOptimizeJob(job, job.executor);
  }
  const { loaded, config: base } = loadSingleConfig(job.configPath, job.capital);
  const data = await prepareData([base], job.data);
  const { span, windows } = studyRange(base, data, job.walkforward);
  const paths = settings.dims.map((d) => d.path);
  let workers = 0;
  const study = await withRunPool(job.workers, (pool) => {
    workers = pool.workers;
    return runStudy(settings, localExecutor(pool, { data: data.shared, base, paths }), {
      base,
      span,
      from: job.data.from,
      to: job.data.to,
      windows,
      test: (config, plan) => pool.run({ data: data.shared, config, from: plan.trainFrom, to: plan.testTo, window: { start: plan.testFrom, closeAtEnd: true } }),
      onProgress: job.onProgress,
    });
  });
  const createdAt = (job.now ?? (() => new Date()))();
  const runId = optimizeRunId(base, job.spec, job.walkforward, data.summary.hash, createdAt);
  const record: OptimizeRunRecord = {
    runId,
    createdAt,
    outDir: job.outDir ?? join(job.runsDir ?? 'runs', runId),
    command: job.command,
    base,
    source: loaded.source,
    spec: job.spec,
    walkforward: job.walkforward ?? null,
    data: sweepDataInfo(data),
    workers,
    resultsDb: job.resultsDb,
  };
  const { manifest, document } = await writeOptimizeRun(record, settings, study);
  return { runId, outDir: record.outDir, study, manifest, document };
}
