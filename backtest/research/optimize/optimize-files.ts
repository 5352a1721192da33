/** The run folder and results-database entry of an optimisation. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { contentHash } from '../../records/canonical.ts';
import { chosenStrategyRow, ENGINE_VERSION } from '../../run/job-common.ts';
import { applyParams } from '../sweep/param-grid.ts';
import { DEFAULT_RESULTS_DB, ResultsDb } from '../../records/results-db.ts';
import { chosenRunHead, type SweepDataInfo } from '../sweep/sweep-job.ts';
import { DSR_THRESHOLD } from './analysis.ts';
import { oriented } from './objectives.ts';
import type { OptimizeSettings } from './optimizer.ts';
import type { OptimizeSpec } from './settings.ts';
import { describeDimension } from './space.ts';
import type { StudyResult } from './study.ts';
import { TRIALS_TABLE_LAYOUT, trialColumns, writeTrialTables } from './trials-table.ts';

export interface OptimizeRunRecord {
  runId: string;
  createdAt: Date;
  outDir: string;
  command: string;
  base: StrategyConfig;
  source: string;
  spec: OptimizeSpec;
  walkforward: { train: number; test: number; step?: number } | null;
  data: SweepDataInfo;
  workers: number;
  extra?: Record<string, unknown>;
  resultsDb?: string | null;
}

/** How the recommendation is chosen, for optimize.json and the manifest. */
export const RECOMMENDATION_METHOD =
  'the trial with the best neighbourhood average: the mean of the first objective over its k nearest feasible trials (itself included; k = round(sqrt(n)) ' +
  'clamped to 3..10) in parameter space scaled to [0, 1] per parameter (log ranges on their log scale, unordered choices 0 or 1 apart); with several ' +
  `objectives, the Pareto-front trial with the best such average. The deflated Sharpe ratio counts every trial that ran (pruned ones included); below ${DSR_THRESHOLD} the best is reported as likely overfit.`;

export async function writeOptimizeRun(run: OptimizeRunRecord, s: OptimizeSettings, study: StudyResult): Promise<{ manifest: Record<string, unknown>; document: Record<string, unknown> }> {
  mkdirSync(run.outDir, { recursive: true });
  const paths = s.dims.map((d) => d.path);
  const rec = study.analysis.recommended;
  const applied = rec ? applyParams(run.base, paths.map((path) => ({ path, values: [] })), paths.map((p) => rec.params[p])) : null;
  const recommendedConfig = applied?.ok ? applied.config : null;
  const files = ['manifest.json', 'optimize.json'];
  if (recommendedConfig) {
    writeFileSync(join(run.outDir, 'recommended-config.json'), JSON.stringify(recommendedConfig, null, 2) + '\n');
    files.push('recommended-config.json');
  }
  const tableWindows = study.windows.map((w) => ({ window: w.window, trials: w.trials, recommended: w.analysis.recommended?.trial ?? null }));
  files.push(...(await writeTrialTables(run.outDir, trialColumns(s.dims, s.objectives, tableWindows))));

  const document = {
    runId: run.runId,
    search: s.search,
    sequence: s.search === 'random' ? s.sequence : undefined,
    seed: s.seed,
    trials: s.trials,
    batchSize: s.batchSize,
    space: s.dims.map((d) => ({ ...d, text: describeDimension(d) })),
    conditions: s.conditions.map((c) => c.text),
    objectives: s.objectives.map((o) => ({ text: o.text, direction: o.direction })),
    constraints: s.constraints.map((c) => c.text),
    prune: s.prune,
    method: RECOMMENDATION_METHOD,
    recommendation: rec && { ...rec, config: recommendedConfig, file: recommendedConfig ? 'recommended-config.json' : null },
    ...study.analysis,
    // Every trial of the (last) optimisation, for the report's charts.
    points: study.windows[study.windows.length - 1].trials.map((t) => ({ trial: t.trial, status: t.status, values: t.values, objectives: t.objectives, repeatOf: t.repeatOf })),
    walkforward: run.walkforward && {
      ...run.walkforward,
      decay: study.decay,
      windows: study.windows.map((w) => ({ index: w.window, plan: w.plan, recommended: w.analysis.recommended, best: w.analysis.best, test: w.test && { objectives: w.test.objectives, feasible: w.test.feasible, performance: w.test.performance }, counts: w.analysis.counts })),
    },
  };
  writeFileSync(join(run.outDir, 'optimize.json'), JSON.stringify(document, null, 2) + '\n');

  const manifest = {
    runId: run.runId,
    kind: 'optimize',
    createdAt: run.createdAt.toISOString(),
    engineVersion: ENGINE_VERSION,
    command: run.command,
    strategy: { id: run.base.id ?? null, name: run.base.name ?? null, source: run.source, configHash: contentHash(run.base), symbol: run.base.symbol, timeframe: run.base.timeframe, capital: run.base.capital, execution: run.base.execution },
    spec: run.spec,
    walkforward: run.walkforward,
    workers: run.workers,
    ...run.extra,
    recommendation: rec && { trial: rec.trial, params: rec.params, objectives: rec.objectives },
    method: RECOMMENDATION_METHOD,
    overfit: study.analysis.overfit,
    data: run.data.manifest,
    layout: { 'trials.parquet': TRIALS_TABLE_LAYOUT, 'trials.csv': 'same rows and columns as trials.parquet', 'optimize.json': 'the recommendation and the analysis behind it' },
    files,
  };
  writeFileSync(join(run.outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

  if (run.resultsDb !== null) await register(run, s, study, recommendedConfig, manifest);
  return { manifest, document };
}

async function register(run: OptimizeRunRecord, s: OptimizeSettings, study: StudyResult, recommendedConfig: StrategyConfig | null, manifest: Record<string, unknown>): Promise<void> {
  const last = study.windows[study.windows.length - 1];
  const recTrial = study.analysis.recommended ? last.trials.find((t) => t.trial === study.analysis.recommended!.trial) ?? null : null;
  const p = recTrial?.metrics?.performance ?? null;
  await ResultsDb.with(run.resultsDb ?? DEFAULT_RESULTS_DB, async (db) => {
    await db.register({
      ...chosenRunHead('optimize', run, p),
      summary: { search: s.search, trials: s.trials, seed: s.seed, objectives: s.objectives.map((o) => `${o.direction === 'maximize' ? 'max' : 'min'}:${o.text}`), recommendation: manifest.recommendation, overfit: study.analysis.overfit },
      // The recommended trial stands for the run in run_strategies; every trial is in sweep_results.
      strategies: recTrial?.metrics && recommendedConfig ? [chosenStrategyRow(recTrial.metrics, recommendedConfig, recTrial.trial)] : [],
    });
    // Trials are keyed like sweep combinations: window * trials + trial; rank by the first objective among feasible trials of a window.
    const rows = study.windows.flatMap((w) => {
      const ranked = w.trials.filter((t) => t.status === 'ok' && t.objectives[0] !== null).sort((a, b) => oriented(s.objectives, b.objectives)[0]! - oriented(s.objectives, a.objectives)[0]! || a.trial - b.trial);
      const rank = new Map(ranked.map((t, i) => [t.trial, i + 1]));
      return w.trials.map((t) => ({
        combination: w.window * s.trials + t.trial,
        rank: rank.get(t.trial) ?? null,
        status: t.status,
        reason: t.reason,
        params: { ...Object.fromEntries(s.dims.map((d, k) => [d.path, t.values[k]])), ...(study.windows.length > 1 ? { window: w.window } : {}) },
        score: t.objectives[0],
        metrics: t.metrics,
      }));
    });
    await db.registerSweepResults(run.runId, rows);
  });
}
