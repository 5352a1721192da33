/**
 * `strata optimize` as a library call: loads the config and data, runs the study on local worker threads (or a
 * Redis queue), writes the run folder (manifest.json, optimize.json, trials.parquet/csv, recommended-config.json)
 * and registers the run (kind "optimize") and its trials in the results database.
 */
import { withStoreMarkets } from '../../run/store-markets.ts';
import { join } from 'node:path';
import { loadSingleConfig, prepareData } from '../../run/job-common.ts';
import { withRunPool } from '../pool/run-pool.ts';
import { sweepDataInfo } from '../sweep/sweep-job.ts';
import { localExecutor } from './executor.ts';
import { optimizeRunId, studyRange, type OptimizeJob, type OptimizeJobResult } from './optimize-study.ts';
import { writeOptimizeRun, type OptimizeRunRecord } from './optimize-files.ts';
import { buildSettings } from './settings.ts';
import { runStudy } from './study.ts';

export { optimizeRunId, studyRange, type OptimizeJob, type OptimizeJobResult, type WalkForwardSpec } from './optimize-study.ts';

export async function runOptimizeJob(job: OptimizeJob): Promise<OptimizeJobResult> {
  const settings = buildSettings(job.spec);
  if (job.executor) {
    const { runQueuedOptimizeJob } = await import('./queue-coordinator.ts');
    return runQueuedOptimizeJob(job, job.executor);
  }
  const { loaded, config: given } = loadSingleConfig(job.configPath, job.capital);
  // A config without a market takes the one the store recorded for its series.
  const base = (await withStoreMarkets([given], job.data)).configs[0];
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
