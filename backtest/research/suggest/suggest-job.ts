/**
 * Optimisation suggestions for a sweep or walk-forward run: the robust parameter region, the parameters that do
 * not matter, signs of overfitting (deflated Sharpe ratio for the number of trials; in-sample vs out-of-sample
 * decay) and a suggested config, with the numbers behind each. Writes suggest.json (and suggested-config.json
 * when the base config is still readable) into the run folder.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { annualisationOf } from '../../../engine/markets/annualisation.ts';
import { barsPerYear } from '../../../engine/timeframe.ts';
import { resolveData } from '../../run/data-source.ts';
import { loadSingleConfig } from '../../run/job-common.ts';
import { loadStrategyModules } from '../../run/load-configs.ts';
import { RANK_METRICS, type RankMetric } from '../../run/metric-select.ts';
import { applyParams, type ParamSpec, type ParamValue } from '../sweep/param-grid.ts';
import { runBacktest } from '../../run/run-backtest.ts';
import { kurtosis, skewness, variance } from '../stats/describe.ts';
import { deflatedSharpe, type DeflatedSharpe } from './deflated-sharpe.ts';
import { robustness, varianceExplained, type GridPoint, type RobustnessResult } from './grid.ts';
import { METRIC_COLUMN, readRunTables, resolveRunDir, type RunTables } from './read-run.ts';
import { walkForwardDecay, type Decay } from './walkforward-decay.ts';

/** Parameters explaining less than this share of the metric's variance are reported as not mattering. */
export const MATTERS_THRESHOLD = 0.05;

export interface PointSummary {
  combination: number;
  params: Record<string, ParamValue>;
  score: number | null;
  neighbourhoodMean: number | null;
  neighbourhoodWorst: number | null;
  neighbours: number;
}

export interface SuggestReport {
  runId: string;
  kind: 'sweep' | 'walkforward';
  metric: RankMetric;
  higherIsBetter: boolean;
  combinations: number;
  /** Combinations with a defined score (walk-forward: averaged over the training windows). */
  scored: number;
  params: ParamSpec[];
  best: PointSummary | null;
  robust: PointSummary | null;
  /** The single best stands out from its neighbours (its neighbourhood mean is under half its score). */
  spike: boolean;
  region: { points: number; threshold: number | null; values: { path: string; values: ParamValue[] }[] };
  importance: { path: string; explained: number; matters: boolean; means: { value: ParamValue; mean: number | null }[] }[] | null;
  /** Share of the variance no single parameter explains (interactions and noise). */
  unexplained: number | null;
  overfitting: {
    deflatedSharpe: DeflatedSharpe | null;
    /** The same for the suggested (robust) combination. */
    deflatedSharpeSuggested: DeflatedSharpe | null;
    decay: Decay | null;
  };
  suggested: { params: Record<string, ParamValue>; config: StrategyConfig | null; file: string | null };
  /** The report in plain language, one finding per entry. */
  findings: string[];
}

export interface SuggestOptions {
  run: string;
  runsDir?: string;
  resultsDb?: string | null;
  /** Replay the best and the suggested combination to measure their return skewness and kurtosis (default true). */
  replay?: boolean;
  /** Write suggest.json and suggested-config.json into the run folder (default true). */
  write?: boolean;
  topShare?: number;
}

const record = (params: readonly ParamSpec[], values: readonly ParamValue[]) => Object.fromEntries(params.map((p, k) => [p.path, values[k]]));

/** One point per combination: the sweep's rows, or for a walk-forward the mean over the training windows. */
function gridPoints(t: RunTables, column: string, annualScale: number): { combination: number; values: ParamValue[]; score: number | null; sharpe: number | null; bars: number | null }[] {
  const ok = (r: RunTables['rows'][number]) => r.status === 'ok';
  if (t.kind === 'sweep') {
    // `sharpe` here is per bar: the sweep's own column, or for folders written before it, the annualised one scaled back.
    const perBarOf = (m: Record<string, number | null>) => (m.sharpe_per_bar !== undefined ? m.sharpe_per_bar : m.sharpe === null || m.sharpe === undefined ? null : m.sharpe / annualScale);
    return t.rows.map((r) => ({ combination: r.combination, values: r.values, score: ok(r) ? r.metrics[column] ?? null : null, sharpe: ok(r) ? perBarOf(r.metrics) : null, bars: r.metrics.bars ?? null }));
  }
  const by = new Map<number, { values: ParamValue[]; scores: number[]; sharpes: number[]; bars: number[] }>();
  for (const r of t.rows) {
    const g = by.get(r.combination) ?? { values: r.values, scores: [], sharpes: [], bars: [] };
    const s = ok(r) ? r.metrics[column] : null;
    if (s !== null && s !== undefined) g.scores.push(s);
    if (ok(r) && r.metrics.sharpe !== null && r.metrics.sharpe !== undefined) g.sharpes.push(r.metrics.sharpe);
    if (r.metrics.bars !== null && r.metrics.bars !== undefined) g.bars.push(r.metrics.bars);
    by.set(r.combination, g);
  }
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return [...by].sort((a, b) => a[0] - b[0]).map(([combination, g]) => ({ combination, values: g.values, score: mean(g.scores), sharpe: mean(g.sharpes), bars: g.bars.length ? g.bars.reduce((a, b) => a + b, 0) : null }));
}

function summary(params: readonly ParamSpec[], pts: ReturnType<typeof gridPoints>, rb: RobustnessResult, i: number | null): PointSummary | null {
  if (i === null) return null;
  const p = rb.points[i];
  return { combination: pts[i].combination, params: record(params, pts[i].values), score: p.score, neighbourhoodMean: p.neighbourhoodMean, neighbourhoodWorst: p.neighbourhoodWorst, neighbours: p.size - 1 };
}

/** Per-bar return skewness and kurtosis of one config replayed over the run's data; null when the data is gone. */
async function returnMoments(t: RunTables, config: StrategyConfig): Promise<{ skew: number | null; kurt: number | null } | null> {
  const d = (t.manifest.data ?? {}) as { kind?: string; paths?: string[]; exchange?: string; series?: { symbol: string; timeframe: string }[]; from?: string | null; to?: string | null };
  if (!d.paths || d.paths.length === 0 || !d.paths.every((p) => existsSync(p))) return null;
  const single = d.kind === 'files' && d.series?.length === 1 ? d.series[0] : undefined;
  const { feed } = await resolveData({
    paths: d.paths,
    configs: [config],
    symbol: single?.symbol,
    timeframe: single?.timeframe,
    exchange: d.exchange,
    from: d.from ? Date.parse(d.from) : undefined,
    to: d.to ? Date.parse(d.to) : undefined,
  });
  const r = await runBacktest({ configs: [config], feed, modules: await loadStrategyModules([config]) });
  const e = r.strategies[0].equity!.equity;
  const returns = new Float64Array(e.length);
  let prev = config.capital;
  for (let i = 0; i < e.length; i++) {
    returns[i] = prev > 0 ? e[i] / prev - 1 : 0;
    prev = e[i];
  }
  return { skew: skewness(returns), kurt: kurtosis(returns) };
}

const fmt = (v: number | null, d = 3) => (v === null ? 'n/a' : Number(v.toFixed(d)).toString());
const pct = (v: number, d = 0) => `${(v * 100).toFixed(d)}%`;
const show = (p: Record<string, ParamValue>) => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(', ');

/** Builds the report (and writes its files unless `write: false`). */
export async function runSuggest(opts: SuggestOptions): Promise<SuggestReport> {
  const dir = await resolveRunDir(opts.run, { runsDir: opts.runsDir, resultsDb: opts.resultsDb });
  const t = await readRunTables(dir);
  const { manifest } = t;
  const metric = manifest.metric;
  const higherIsBetter = RANK_METRICS[metric].higherIsBetter;
  const params = manifest.params;
  // The base config, to build the suggested one and to replay for return moments.
  let base: StrategyConfig | null = null;
  try {
    if (existsSync(manifest.strategy.source)) base = loadSingleConfig(manifest.strategy.source, manifest.strategy.capital).config;
  } catch {
    base = null;
  }
  // Sharpe was annualised by the config's market (engine/markets/annualisation.ts); without the config, 24/7.
  const perBar = Math.sqrt(base ? annualisationOf(base).periodsPerYear : barsPerYear(manifest.strategy.timeframe));
  const pts = gridPoints(t, METRIC_COLUMN[metric], perBar);
  const grid: GridPoint[] = pts.map((p) => ({ values: p.values, score: p.score }));
  const rb = robustness(params, grid, { higherIsBetter, topShare: opts.topShare });
  const ve = varianceExplained(params, grid);
  const best = summary(params, pts, rb, rb.best);
  const robust = summary(params, pts, rb, rb.robust);
  const spike =
    best !== null && rb.best !== rb.robust && best.score !== null && best.neighbourhoodMean !== null && (higherIsBetter ? best.neighbourhoodMean < best.score - Math.abs(best.score) / 2 : best.neighbourhoodMean > best.score + Math.abs(best.score) / 2);

  const configOf = (i: number | null) => {
    if (base === null || i === null) return null;
    const r = applyParams(base, params, pts[i].values);
    return r.ok ? r.config : null;
  };
  const suggestedConfig = configOf(rb.robust);

  // Deflated Sharpe (sweeps: one in-sample selection among N trials).
  let dsr: DeflatedSharpe | null = null;
  let dsrSuggested: DeflatedSharpe | null = null;
  if (t.kind === 'sweep') {
    // Combinations with identical results are one trial (a parameter that changes nothing adds none).
    const trials = [...new Set(pts.filter((p) => p.sharpe !== null).map((p) => Number(p.sharpe!.toPrecision(12))))];
    const v = variance(trials);
    const deflate = async (i: number | null) => {
      if (i === null || pts[i].sharpe === null || pts[i].bars === null || v === null) return null;
      const config = configOf(i);
      const m = opts.replay === false || config === null ? null : await returnMoments(t, config).catch(() => null);
      return deflatedSharpe({ sharpe: pts[i].sharpe!, trials: trials.length, trialVariance: v, periods: pts[i].bars!, skew: m?.skew, kurtosis: m?.kurt });
    };
    const bestBySharpeMetric = rb.best;
    dsr = await deflate(bestBySharpeMetric);
    dsrSuggested = rb.robust === rb.best ? dsr : await deflate(rb.robust);
  }
  const decay = t.windows ? walkForwardDecay(t.windows, higherIsBetter) : null;
  const importance = ve
    ? ve.params.map((p, k) => ({ path: p.path, explained: p.explained, matters: p.explained >= MATTERS_THRESHOLD, means: params[k].values.map((value, j) => ({ value, mean: p.means[j] })) }))
    : null;
  const unexplained = ve ? Math.max(0, 1 - ve.params.reduce((a, p) => a + p.explained, 0)) : null;

  const findings: string[] = [];
  const what = t.kind === 'sweep' ? `${pts.length} combinations` : `${pts.length} combinations averaged over ${t.windows!.length} training windows`;
  findings.push(`Run ${manifest.runId} (${t.kind}): ${what} of ${params.map((p) => p.path).join(' × ')}, scored by ${metric}${higherIsBetter ? '' : ' (lower is better)'}; ${rb.points.filter((p) => p.score !== null).length} have a defined score.`);
  if (best) {
    findings.push(
      `Best single combination: ${show(best.params)} with ${metric} ${fmt(best.score)}. Its ${best.neighbours} neighbours and itself average ${fmt(best.neighbourhoodMean)}` +
        (spike ? ' — it stands alone, a spike more likely luck than an edge.' : rb.best === rb.robust ? ' — it sits on a plateau.' : '.'),
    );
  }
  if (robust) {
    const ranges = rb.regionValues.map((vals, k) => `${params[k].path} ${vals.length === params[k].values.length ? 'any' : vals.length > 1 && vals.every((v) => typeof v === 'number') ? `${Math.min(...(vals as number[]))}–${Math.max(...(vals as number[]))}` : vals.join('/')}`);
    findings.push(`Most robust: ${show(robust.params)}: ${metric} ${fmt(robust.score)} itself, ${fmt(robust.neighbourhoodMean)} on average over its neighbourhood (worst ${fmt(robust.neighbourhoodWorst)}).`);
    findings.push(`Robust region (${rb.region.length} combination${rb.region.length === 1 ? '' : 's'} whose neighbourhood average is in the top ${pct(opts.topShare ?? 0.1)}, ≥ ${fmt(rb.regionThreshold)}): ${ranges.join('; ')}.`);
  }
  if (importance) {
    for (const p of [...importance].sort((a, b) => b.explained - a.explained)) {
      findings.push(
        p.matters
          ? `${p.path} explains ${pct(p.explained)} of the ${metric} variance on its own.`
          : `${p.path} does not matter: it explains ${pct(p.explained, 1)} of the variance (under ${pct(MATTERS_THRESHOLD)}); fix it at any value and drop it from future sweeps.`,
      );
    }
    if (unexplained !== null) findings.push(`Interactions between parameters and noise account for the remaining ${pct(unexplained)}.`);
  } else findings.push(`The ${metric} does not vary across the grid (or too few combinations are scored): no parameter importance to report.`);
  if (dsr) {
    const verdict = dsr.dsr === null ? 'cannot be computed' : dsr.dsr >= 0.95 ? 'the best result is likely genuine' : dsr.dsr >= 0.5 ? 'the best result could well be the luck of trying many combinations' : 'the best result is probably the luck of trying many combinations (overfitting)';
    findings.push(
      `Deflated Sharpe ratio of the best: ${fmt(dsr.dsr)} — ${verdict}. With ${dsr.trials} distinct trials, zero-skill strategies would reach a per-bar Sharpe of ${fmt(dsr.expectedMax, 4)} at best; the best has ${fmt(dsr.sharpe, 4)} over ${dsr.periods} bars ` +
        `(${dsr.measuredMoments ? `measured skewness ${fmt(dsr.skew, 2)}, kurtosis ${fmt(dsr.kurtosis, 2)}` : 'normal returns assumed: the data could not be replayed'}; probability of a Sharpe above zero ignoring the trials: ${fmt(dsr.psr)}).`,
    );
    if (dsrSuggested && dsrSuggested !== dsr) findings.push(`Deflated Sharpe ratio of the suggested combination: ${fmt(dsrSuggested.dsr)}.`);
  }
  if (decay) {
    findings.push(
      decay.scored === 0
        ? 'Walk-forward: no window has both an in-sample and an out-of-sample score.'
        : `Walk-forward: ${metric} ${fmt(decay.meanInSample)} in sample vs ${fmt(decay.meanOutOfSample)} out of sample on average over ${decay.scored} windows` +
            (decay.efficiency !== null ? ` (efficiency ${pct(decay.efficiency)}${decay.efficiency < 0.5 ? ': strong decay, a sign of overfitting' : decay.efficiency >= 0.8 ? ': little decay' : ': some decay'})` : '') +
            `; ${decay.degraded} window(s) kept less than half of their in-sample score, ${decay.negative} went negative. ` +
            `${decay.distinctChoices} different combination(s) were chosen${decay.mostFrequent ? `, the most frequent (#${decay.mostFrequent.combination}) in ${decay.mostFrequent.windows} of ${decay.windows} windows` : ''}${decay.distinctChoices > decay.windows / 2 ? ': the choice is unstable across windows' : ''}.`,
    );
  } else if (t.kind === 'sweep') findings.push('No out-of-sample check in a sweep: run `strata walkforward` with the same --param ranges to measure the decay.');

  let file: string | null = null;
  if (robust) {
    const why = rb.robust === rb.best ? 'the single best, which also has the best neighbourhood' : 'the centre of the robust region, not the single best';
    findings.push(suggestedConfig ? `Suggested config: ${show(robust.params)} (${why}).` : `Suggested parameters: ${show(robust.params)} (the base config ${manifest.strategy.source} could not be read to write a full config).`);
  }
  const report: SuggestReport = {
    runId: manifest.runId,
    kind: t.kind,
    metric,
    higherIsBetter,
    combinations: pts.length,
    scored: rb.points.filter((p) => p.score !== null).length,
    params,
    best,
    robust,
    spike,
    region: { points: rb.region.length, threshold: rb.regionThreshold, values: params.map((p, k) => ({ path: p.path, values: rb.regionValues[k] })) },
    importance,
    unexplained,
    overfitting: { deflatedSharpe: dsr, deflatedSharpeSuggested: dsrSuggested, decay },
    suggested: { params: robust?.params ?? {}, config: suggestedConfig, file: null },
    findings,
  };
  if (opts.write !== false) {
    if (suggestedConfig) {
      file = join(dir, 'suggested-config.json');
      writeFileSync(file, JSON.stringify(suggestedConfig, null, 2) + '\n');
      report.suggested.file = file;
      report.findings[report.findings.length - 1] += ` Written to ${file}.`;
    }
    writeFileSync(join(dir, 'suggest.json'), JSON.stringify(report, null, 2) + '\n');
  }
  return report;
}
