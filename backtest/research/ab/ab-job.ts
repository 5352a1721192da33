import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { canonicalJson, contentHash, sha256 } from '../../records/canonical.ts';
import { resolveData, type DataRequest, type DataSourceInfo } from '../../run/data-source.ts';
import { backtestRunRecord, compactStamp, ENGINE_VERSION, iso, loadSingleConfig } from '../../run/job-common.ts';
import { loadStrategyModules } from '../../run/load-configs.ts';
import { DEFAULT_RESULTS_DB } from '../../records/results-db.ts';
import { registerRun } from '../../records/registration.ts';
import { runBacktest, type BacktestResult } from '../../run/run-backtest.ts';
import { writeRunFiles } from '../../records/run-files.ts';
import { recordVersions } from '../../records/versions/record.ts';
import { compareReturns, type Comparison } from './compare.ts';
import { periodReturns, periodsPerYear, type EquityInput, type PeriodReturns } from './periods.ts';
import { spanNullReason } from '../../../engine/metrics/formulas.ts';
import { writeManifest, type ManifestInput } from '../../records/manifest.ts';

export interface AbJob {
  /** Two or more config files, one strategy each: the first is the control (A), the others the variants (B, C, ...). */
  configPaths: readonly string[];
  data: Omit<DataRequest, 'configs'>;
  /** `bar` or a timeframe label (default `1d`). */
  period?: string;
  /** Family-wise significance level (default 0.05), split evenly over the comparisons (Bonferroni). */
  alpha?: number;
  power?: number;
  seed?: number;
  resamples?: number;
  capital?: number;
  outDir?: string;
  runsDir?: string;
  resultsDb?: string | null;
  command: string;
  onProgress?: (candles: number, time: number) => void;
  /** Clock for the run id and created_at only. */
  now?: () => Date;
}

export interface AbVariant {
  label: string;
  id: string;
  name: string;
  source: string;
  configHash: string;
  capital: number;
  totalReturn: number;
  /** Annualised; null under the minimum span. */
  sharpe: number | null;
  /** Not annualised: present for any span. */
  sharpePerBar: number | null;
  maxDrawdown: number;
  trades: number;
}

/** ab.json: what the A/B run found, with the per-period equity behind it. */
export interface AbDocument {
  runId: string;
  period: string;
  periodsPerYear: number;
  /** How the comparisons' Sharpe ratios are scaled: annualised by periodsPerYear, or per period under the minimum span. */
  sharpeBasis: string;
  alpha: number;
  power: number;
  method: string;
  variants: AbVariant[];
  comparisons: Comparison[];
  /** Equity at the end of each period, per variant (same order as `variants`). */
  series: { end: number[]; equity: number[][] };
}

export interface AbJobResult {
  runId: string;
  outDir: string;
  doc: AbDocument;
  result: BacktestResult;
  data: DataSourceInfo;
}

export const AB_METHOD =
  'All variants run in one replay of the same feed, each with its own capital. Each variant\'s bar-by-bar marked-to-market equity is sampled at ' +
  'the end of every UTC period (a period with no bar carries the last equity forward) and turned into per-period returns; each variant is ' +
  'compared with the control (A) on the paired per-period differences: paired t-test (two-sided; decides the verdict), exact sign test and ' +
  'Wilcoxon signed-rank test (normal approximation), and a seeded circular block bootstrap (block ⌈n^(1/3)⌉ periods) percentile interval of ' +
  'the Sharpe difference (annualised; per period when the span is under the minimum for annualised figures). With several variants the level is split evenly over the comparisons (Bonferroni). The periods needed ' +
  'are those a paired t-test needs for the observed standardised effect at the stated power (normal approximation plus Guenther\'s correction).';

export const LABELS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface CompareCurvesOptions {
  period: string;
  alpha: number;
  power: number;
  seed?: number;
  resamples?: number;
}

/** Per-period returns of the curves and each variant (labels[1..]) compared with the control (labels[0]), the level split over the comparisons. */
export function compareCurves(curves: readonly EquityInput[], labels: readonly string[], o: CompareCurvesOptions): { pr: PeriodReturns; ppy: number; sharpeBasis: string; comparisons: Comparison[] } {
  const pr = periodReturns(curves, o.period);
  const annual = periodsPerYear(pr);
  // The periods' span (the first period's start to the last's end): under the minimum, Sharpe stays per period.
  const step = pr.end.length > 1 ? (pr.end[pr.end.length - 1] - pr.end[0]) / (pr.end.length - 1) : 0;
  const short = pr.end.length === 0 ? null : spanNullReason((pr.end[pr.end.length - 1] - pr.end[0] + step) / 86_400_000);
  const ppy = short === null ? annual : 1;
  const sharpeBasis = short === null ? `annualised over ${Math.round(annual * 100) / 100} periods a year` : `per period, not annualised: ${short}`;
  const periodName = o.period === 'bar' ? 'bar' : o.period === '1d' ? 'daily' : o.period === '1w' ? 'weekly' : o.period === '1h' ? 'hourly' : o.period;
  const perTest = o.alpha / (curves.length - 1);
  const comparisons = labels
    .slice(1)
    .map((label, k) =>
      compareReturns(pr.returns[0], pr.returns[k + 1], { control: labels[0], variant: label, periodsPerYear: ppy, periodName, alpha: perTest, confidence: 1 - o.alpha, power: o.power, seed: o.seed, resamples: o.resamples }),
    );
  return { pr, ppy, sharpeBasis, comparisons };
}

/** Variant ids in the run: the label and the config's own id, so identical configs stay apart. */
function variantId(label: string, c: StrategyConfig): string {
  return `${label}-${c.id ?? c.name?.replace(/[^A-Za-z0-9_.-]+/g, '-') ?? `${c.symbol.replace(/[^A-Za-z0-9]+/g, '')}-${c.timeframe}`}`.slice(0, 100);
}

/** Runs the variants side by side on one feed, compares them, writes the run folder (with ab.json) and registers it as kind 'ab'. */
export async function runAbJob(job: AbJob): Promise<AbJobResult> {
  if (job.configPaths.length < 2) throw new Error('an A/B test needs at least two configs');
  if (job.configPaths.length > LABELS.length) throw new Error(`at most ${LABELS.length} variants`);
  const period = job.period ?? '1d';
  const alpha = job.alpha ?? 0.05;
  const power = job.power ?? 0.8;
  const loaded = job.configPaths.map((p) => loadSingleConfig(p, job.capital));
  const labels = loaded.map((_, i) => LABELS[i]);
  const configs = loaded.map((l, i) => ({ ...l.config, id: variantId(labels[i], l.config), name: `${labels[i]}: ${l.config.name ?? l.config.id ?? 'strategy'}` }));
  const modules = await loadStrategyModules(configs);
  const { feed, info } = await resolveData({ ...job.data, configs });
  const result = await runBacktest({ configs, feed, modules, onProgress: job.onProgress });

  const curves = result.strategies.map((s) => ({ time: s.equity!.time, equity: s.equity!.equity, capital: s.config.capital }));
  const { pr, ppy, sharpeBasis, comparisons } = compareCurves(curves, labels, { period, alpha, power, seed: job.seed, resamples: job.resamples });

  const configHashes = loaded.map((l) => contentHash(l.config));
  const runHash = sha256(canonicalJson({ ab: configHashes, data: result.data.hash, period, alpha, seed: job.seed ?? 1 })).slice(0, 8);
  const createdAt = (job.now ?? (() => new Date()))();
  const runId = `${compactStamp(createdAt)}-${runHash}`;
  const outDir = job.outDir ?? join(job.runsDir ?? 'runs', runId);
  mkdirSync(outDir, { recursive: true });

  const doc: AbDocument = {
    runId,
    period,
    periodsPerYear: ppy,
    sharpeBasis,
    alpha,
    power,
    method: AB_METHOD,
    variants: result.strategies.map((s, i) => ({
      label: labels[i],
      id: s.id,
      name: s.name,
      source: loaded[i].loaded.source,
      configHash: configHashes[i],
      capital: s.config.capital,
      totalReturn: s.metrics.performance.totalReturn,
      sharpe: s.metrics.performance.sharpeRatio,
      sharpePerBar: s.metrics.performance.sharpePerBar,
      maxDrawdown: s.metrics.performance.maxDrawdown,
      trades: s.metrics.performance.totalTrades,
    })),
    comparisons,
    series: { end: Array.from(pr.end), equity: pr.equity.map((e) => Array.from(e)) },
  };
  const { files, display } = await writeRunFiles(outDir, result);
  writeFileSync(join(outDir, 'ab.json'), JSON.stringify(doc, null, 2) + '\n');
  const manifest = {
    runId,
    kind: 'ab',
    createdAt: createdAt.toISOString(),
    engineVersion: ENGINE_VERSION,
    command: job.command,
    strategies: result.strategies.map((s, i) => ({ id: s.id, name: s.name, label: labels[i], source: loaded[i].loaded.source, configHash: configHashes[i], symbol: s.config.symbol, timeframe: s.config.timeframe, capital: s.config.capital, execution: s.config.execution })),
    ab: { period, alpha, power, seed: job.seed ?? 1, verdicts: comparisons.map((c) => ({ variant: c.variant, verdict: c.verdict.text })) },
    data: { ...info, from: iso(info.from), to: iso(info.to), candles: result.data.candles, firstCandleClose: iso(result.data.firstTime), lastCandleClose: iso(result.data.lastTime), hash: result.data.hash },
    files: [...files, 'ab.json'],
    display,
  } satisfies ManifestInput;
  writeManifest(outDir, manifest);

  if (job.resultsDb !== null) {
    const warning = await registerRun(job.resultsDb ?? DEFAULT_RESULTS_DB, outDir, {
      record: backtestRunRecord('ab', { runId, createdAt, outDir, command: job.command, configHashes, summary: { ab: manifest.ab } }, result),
    });
    if (warning) process.stderr.write(`warning: ${warning}\n`);
    // Each variant is a version of the strategy it was written as (its own id, not the A-/B- run id).
    await recordVersions(
      job.resultsDb,
      loaded.map((l, i) => ({ strategyId: l.config.id ?? configs[i].id!, config: l.config, source: 'ab' as const, runId, note: `A/B run ${runId}, variant ${labels[i]} (${l.loaded.source})` })),
    );
  }
  return { runId, outDir, doc, result, data: info };
}
