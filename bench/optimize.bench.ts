/**
 * How few evaluations TPE needs compared with a full grid. Two problems, each over a space written in the grid
 * syntax so the grid and the search cover exactly the same points:
 *   - synthetic: a smooth function of three parameters with a planted optimum (2,000 grid points);
 *   - real: two configs over bundled sample data (EMA crossover over ORCL daily, the MACD example over ETH/BTC
 *     5m), Sharpe ratio over two periods x stopLoss (a sweep through the sweep machinery is the grid).
 * For each of 5 seeds TPE runs up to 20% of the grid's evaluations (trials, repeats included: a repeat costs a
 * trial even though its backtest is reused); the figure is the number of trials it took to come within 5% of the
 * grid's best objective (best - 5% of |best|), median of the 5 seeds, and that as a share of the grid.
 *
 *   npx tsx bench/optimize.bench.ts [workers=2] [seeds=5]
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { loadSingleConfig, prepareData } from '../backtest/run/job-common.ts';
import { metricValue } from '../backtest/run/metric-select.ts';
import { gridSize, parseParamSpec, type ParamValue } from '../backtest/research/sweep/param-grid.ts';
import { localExecutor } from '../backtest/research/optimize/executor.ts';
import { optimize } from '../backtest/research/optimize/optimizer.ts';
import { studyRange } from '../backtest/research/optimize/optimize-job.ts';
import { buildSettings, DEFAULT_PRUNE } from '../backtest/research/optimize/settings.ts';
import { parseDimension } from '../backtest/research/optimize/space.ts';
import { runSynthetic } from '../backtest/research/optimize/synthetic.ts';
import { tpeSampler } from '../backtest/research/optimize/tpe.ts';
import { createRunPool } from '../backtest/research/pool/run-pool.ts';
import { runSweep } from '../backtest/research/sweep/sweep.ts';

export const TARGET = { within: 0.05, budgetShare: 0.2 } as const;

export interface ProblemFigure {
  name: string;
  gridEvaluations: number;
  gridBest: number;
  budget: number;
  /** Per seed: trials until within 5% (null = not within the budget), best found, distinct backtests run. */
  seeds: { seed: number; trialsToTarget: number | null; best: number; distinct: number }[];
  medianTrials: number | null;
  medianShare: number | null;
  met: boolean;
}

const median = (xs: (number | null)[]) => {
  const s = xs.map((x) => (x === null ? Number.POSITIVE_INFINITY : x)).sort((a, b) => a - b);
  const m = s[(s.length - 1) >> 1];
  return Number.isFinite(m) ? m : null;
};

function figure(name: string, gridEvaluations: number, gridBest: number, budget: number, seeds: ProblemFigure['seeds']): ProblemFigure {
  const medianTrials = median(seeds.map((s) => s.trialsToTarget));
  const medianShare = medianTrials === null ? null : medianTrials / gridEvaluations;
  return { name, gridEvaluations, gridBest, budget, seeds, medianTrials, medianShare, met: medianShare !== null && medianShare <= TARGET.budgetShare };
}

const threshold = (best: number) => best - TARGET.within * Math.abs(best);

/** A bowl with ripples; maximum 10 at a = 13, b = 6, c = 3. */
export function plantedObjective(a: number, b: number, c: number): number {
  return 10 - ((a - 13) / 4) ** 2 - ((b - 6) / 4) ** 2 - (c - 3) ** 2 * 0.5 + 0.3 * Math.cos(a) * Math.cos(b) - 0.3 * Math.cos(13) * Math.cos(6);
}

export function synthetic(seeds: number): ProblemFigure {
  const args = ['a=1:20', 'b=1:20', 'c=0:4'];
  const grid = args.map(parseParamSpec);
  const total = gridSize(grid);
  let gridBest = Number.NEGATIVE_INFINITY;
  for (const a of grid[0].values) for (const b of grid[1].values) for (const c of grid[2].values) gridBest = Math.max(gridBest, plantedObjective(Number(a), Number(b), Number(c)));
  const dims = args.map(parseDimension);
  const budget = Math.floor(total * TARGET.budgetShare);
  const out = Array.from({ length: seeds }, (_, i) => {
    const seed = i + 1;
    const trials = runSynthetic(dims, tpeSampler(), (v: ParamValue[]) => ({ score: [plantedObjective(Number(v[0]), Number(v[1]), Number(v[2]))] }), { trials: budget, batchSize: 8, seed });
    const hit = trials.findIndex((t) => t.score[0]! >= threshold(gridBest));
    return { seed, trialsToTarget: hit < 0 ? null : hit + 1, best: Math.max(...trials.map((t) => t.score[0]!)), distinct: new Set(trials.map((t) => JSON.stringify(t.values))).size };
  });
  return figure('synthetic (planted optimum, 20 x 20 x 5 grid)', total, gridBest, budget, out);
}

/** Real configs over bundled sample data, each with a grid. */
export const REAL_PROBLEMS = [
  {
    name: 'EMA crossover over ORCL daily 1995-2014 (data/samples/orcl-1995-2014.txt), Sharpe, 10 x 10 x 5 grid',
    config: 'bench/configs/ema_orcl_1d.json',
    data: { paths: ['data/samples/orcl-1995-2014.txt'], symbol: 'ORCL/USD' },
    params: ['indicators.fast.period=4:40:4', 'indicators.slow.period=20:200:20', 'risk.stopLoss=0.02,0.04,0.06,0.08,0.1'],
  },
  {
    name: 'MACD example over ETH/BTC 5m (data/samples/UNITTEST_BTC-5m.feather), Sharpe, 9 x 11 x 3 grid',
    config: 'examples/macd_btc_15m.json',
    data: { paths: ['data/samples/UNITTEST_BTC-5m.feather'], symbol: 'BTC/USDT' },
    params: ['indicators.macd.fastPeriod=4:20:2', 'indicators.macd.slowPeriod=10:60:5', 'risk.stopLoss=0.01,0.02,0.03'],
  },
] as const;

export async function real(problem: (typeof REAL_PROBLEMS)[number], seeds: number, workers: number, log: (line: string) => void): Promise<ProblemFigure> {
  const args = [...problem.params];
  const { config: base } = loadSingleConfig(problem.config);
  const data = await prepareData([base], { paths: [...problem.data.paths], symbol: problem.data.symbol });
  const pool = await createRunPool(workers);
  try {
    const params = args.map(parseParamSpec);
    const t0 = performance.now();
    const sweep = await runSweep({ base, params, data: data.shared, pool, metric: 'sharpe' });
    const scored = sweep.rows.filter((r) => r.status === 'ok' && r.metrics).map((r) => metricValue('sharpe', r.metrics!.performance)).filter((v): v is number => v !== null);
    const gridBest = Math.max(...scored);
    log(`grid: ${sweep.combinations} combinations (${sweep.skipped} invalid) in ${((performance.now() - t0) / 1000).toFixed(1)} s, best Sharpe ${gridBest.toFixed(4)}`);
    const budget = Math.floor(sweep.combinations * TARGET.budgetShare);
    const { span } = studyRange(base, data);
    const out = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const settings = buildSettings({ params: args, conditions: [], objectives: ['sharpe'], constraints: [], search: 'tpe', sequence: 'uniform', trials: budget, seed, prune: DEFAULT_PRUNE });
      const trials = await optimize(settings, localExecutor(pool, { data: data.shared, base, paths: params.map((p) => p.path) }), { window: 0, range: span });
      const values = trials.map((t) => (t.status === 'ok' ? t.objectives[0] : null));
      const hit = values.findIndex((v) => v !== null && v >= threshold(gridBest));
      out.push({ seed, trialsToTarget: hit < 0 ? null : hit + 1, best: Math.max(...values.filter((v): v is number => v !== null)), distinct: trials.filter((t) => t.repeatOf === null && t.status !== 'invalid').length });
      log(`seed ${seed}: ${hit < 0 ? 'not within 5%' : `within 5% at trial ${hit + 1}`} of ${budget}; best ${out[out.length - 1].best.toFixed(4)}`);
    }
    return figure(problem.name, sweep.combinations, gridBest, budget, out);
  } finally {
    await pool.close();
  }
}

function report(f: ProblemFigure): string {
  const share = f.medianShare === null ? 'not reached' : `${f.medianTrials} trials = ${(f.medianShare * 100).toFixed(1)}% of the grid`;
  return [
    `${f.name}: grid ${f.gridEvaluations} evaluations, best ${f.gridBest.toFixed(4)}; TPE budget ${f.budget} trials`,
    `  trials to within 5% per seed: ${f.seeds.map((s) => (s.trialsToTarget === null ? '-' : String(s.trialsToTarget))).join(', ')} (distinct backtests run: ${f.seeds.map((s) => s.distinct).join(', ')})`,
    `  median: ${share} (target <= ${TARGET.budgetShare * 100}%: ${f.met ? 'met' : 'NOT met'})`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const workers = process.argv[2] ? Number(process.argv[2]) : 2;
  const seeds = process.argv[3] ? Number(process.argv[3]) : 5;
  const load = loadavg()[0];
  const s = synthetic(seeds);
  console.log(report(s));
  const reals: ProblemFigure[] = [];
  for (const p of REAL_PROBLEMS) {
    reals.push(await real(p, seeds, workers, (l) => console.error(l)));
    console.log(report(reals[reals.length - 1]));
  }
  console.log(`load average at start ${load.toFixed(2)}, at end ${loadavg()[0].toFixed(2)}`);
  console.log(JSON.stringify({ synthetic: s, real: reals, loadAverage: load }));
}
