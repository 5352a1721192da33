import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, contentHash, sha256 } from './canonical.ts';
import type { DataRequest } from './data-source.ts';
import { compactStamp, ENGINE_VERSION, iso, loadSingleConfig, prepareData, type PreparedData } from './job-common.ts';
import type { RankMetric } from './metric-select.ts';
import type { ParamSpec } from './param-grid.ts';
import { DEFAULT_RESULTS_DB, ResultsDb } from './results-db.ts';
import { withRunPool } from './run-pool.ts';
import { SWEEP_TABLE_LAYOUT, paramRecord, writeSweepTables } from './sweep-files.ts';
import { bestRow, rowConfig, runSweep, type SweepResult } from './sweep.ts';

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
}

export interface SweepJobResult {
  runId: string;
  outDir: string;
  result: SweepResult;
  data: PreparedData;
  manifest: Record<string, unknown>;
}

/** Loads the config and data, runs the grid on a worker pool, writes the run folder and registers it. */
export async function runSweepJob(job: SweepJob): Promise<SweepJobResult> {
  const { loaded, config: base } = loadSingleConfig(job.configPath, job.capital);
  const data = await prepareData([base], job.data);
  let workers = 0;
  const result = await withRunPool(job.workers, (pool) => {
    workers = pool.workers;
    return runSweep({ base, params: job.params, data: data.shared, pool, metric: job.metric, from: job.data.from, to: job.data.to, onProgress: job.onProgress });
  });
  if (result.skipped === result.combinations) {
    throw new Error(`every combination is an invalid config, e.g. ${result.rows[0].reason}`);
  }

  const configHash = contentHash(base);
  const runHash = sha256(canonicalJson({ configHash, params: job.params, metric: job.metric, data: data.summary.hash })).slice(0, 8);
  const createdAt = (job.now ?? (() => new Date()))();
  const runId = `${compactStamp(createdAt)}-${runHash}`;
  const outDir = job.outDir ?? join(job.runsDir ?? 'runs', runId);
  mkdirSync(outDir, { recursive: true });
  const files = await writeSweepTables(outDir, result);
  const best = bestRow(result);
  const bestConfig = best && rowConfig(base, job.params, best);
  const manifest = {
    runId,
    kind: 'sweep',
    createdAt: createdAt.toISOString(),
    engineVersion: ENGINE_VERSION,
    command: job.command,
    strategy: { id: base.id ?? null, name: base.name ?? null, source: loaded.source, configHash, symbol: base.symbol, timeframe: base.timeframe, capital: base.capital, execution: base.execution },
    params: job.params,
    metric: job.metric,
    combinations: result.combinations,
    skipped: result.skipped,
    errored: result.errored,
    workers,
    best: best && { combination: best.combination, params: paramRecord(job.params, best.values), score: best.score },
    data: { ...data.info, from: iso(data.info.from), to: iso(data.info.to), candles: data.summary.candles, firstCandleClose: iso(data.summary.firstTime), lastCandleClose: iso(data.summary.lastTime), hash: data.summary.hash },
    layout: { 'sweep.parquet': SWEEP_TABLE_LAYOUT, 'sweep.csv': 'same rows and columns as sweep.parquet' },
    files: ['manifest.json', ...files],
  };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

  if (job.resultsDb !== null) {
    await ResultsDb.with(job.resultsDb ?? DEFAULT_RESULTS_DB, async (db) => {
      const p = best?.metrics?.performance ?? null;
      await db.register({
        runId,
        kind: 'sweep',
        createdAt: createdAt.toISOString(),
        outDir,
        command: job.command,
        dataHash: data.summary.hash,
        dataFrom: iso(data.summary.firstTime),
        dataTo: iso(data.summary.lastTime),
        candles: data.summary.candles,
        totalReturn: p?.totalReturn ?? null,
        sharpe: p?.sharpeRatio ?? null,
        maxDrawdown: p?.maxDrawdown ?? null,
        trades: p?.totalTrades ?? null,
        summary: { metric: job.metric, params: job.params, combinations: result.combinations, skipped: result.skipped, errored: result.errored, best: manifest.best },
        // The best combination stands for the sweep in run_strategies; every combination is in sweep_results.
        strategies:
          best && best.metrics && bestConfig
            ? [
                {
                  id: `${best.metrics.id}#${best.combination}`,
                  name: best.metrics.name,
                  symbol: base.symbol,
                  timeframe: base.timeframe,
                  configHash: contentHash(bestConfig),
                  totalReturn: best.metrics.performance.totalReturn,
                  sharpe: best.metrics.performance.sharpeRatio,
                  sortino: best.metrics.performance.sortinoRatio,
                  maxDrawdown: best.metrics.performance.maxDrawdown,
                  winRate: best.metrics.performance.winRate,
                  trades: best.metrics.performance.totalTrades,
                  exposure: best.metrics.performance.exposure,
                  finalEquity: best.metrics.performance.equity,
                  metrics: best.metrics,
                  config: bestConfig,
                },
              ]
            : [],
      });
      await db.registerSweepResults(
        runId,
        result.rows.map((r) => ({ combination: r.combination, rank: r.rank, status: r.status, reason: r.reason, params: paramRecord(job.params, r.values), score: r.score, metrics: r.metrics })),
      );
    });
  }
  return { runId, outDir, result, data, manifest };
}
