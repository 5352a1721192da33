import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOptimizeJob, type OptimizeJob } from './optimize-job.ts';
import { DEFAULT_PRUNE, type OptimizeSpec } from './settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-optimize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC: OptimizeSpec = {
  params: ['indicators.macd.fastPeriod=int:4:20', 'indicators.macd.slowPeriod=int:10:60', 'risk.stopLoss=float:0.005:0.05:log'],
  conditions: ['slowPeriod > fastPeriod + 2'],
  objectives: ['sharpe_per_bar - 0.5 * max_drawdown'],
  constraints: [],
  search: 'tpe',
  sequence: 'uniform',
  trials: 14,
  seed: 3,
  batchSize: 4,
  prune: DEFAULT_PRUNE,
};

let runs = 0;
function job(spec: Partial<OptimizeSpec>, extra: Partial<OptimizeJob> = {}): OptimizeJob {
  return {
    configPath: 'examples/macd_btc_15m.json',
    data: { paths: ['data/samples/UNITTEST_BTC-5m.feather'], symbol: 'BTC/USDT' },
    spec: { ...SPEC, ...spec },
    outDir: join(dir, `run${runs++}`),
    resultsDb: null,
    command: 'test',
    now: () => new Date('2024-01-01T00:00:00Z'),
    ...extra,
  };
}

/** trials.csv without wall_ms (the last column, measured time). */
export function tableWithoutWallTime(outDir: string): string {
  return readFileSync(join(outDir, 'trials.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.slice(0, line.lastIndexOf(',')))
    .join('\n');
}

describe('strata optimize (local)', () => {
  it('gives the same trials table at 0, 1 and 2 worker threads, and another one for another seed', async () => {
    const tables: string[] = [];
    for (const workers of [0, 1, 2]) {
      const r = await runOptimizeJob(job({}, { workers }));
      tables.push(tableWithoutWallTime(r.outDir));
    }
    expect(tables[0].split('\n')[0].endsWith(',bars'), 'wall_ms was the column left out').toBe(true);
    expect(tables[0].split('\n').length, 'a header and 14 trials').toBe(15);
    expect(tables[1], '1 worker = in-thread').toBe(tables[0]);
    expect(tables[2], '2 workers = in-thread').toBe(tables[0]);
    const other = await runOptimizeJob(job({ seed: 4 }, { workers: 2 }));
    expect(tableWithoutWallTime(other.outDir)).not.toBe(tables[0]);
  });

  it('records infeasible trials, never recommends one, and says so when nothing is feasible', async () => {
    const r = await runOptimizeJob(job({ constraints: ['trades >= 100'] }, { workers: 2 }));
    const trials = r.study.windows[0].trials;
    const infeasible = trials.filter((t) => t.status === 'infeasible');
    const feasible = trials.filter((t) => t.status === 'ok');
    expect(infeasible.length, 'some trials trade less than 100 times').toBeGreaterThan(0);
    expect(feasible.length, 'some trade more').toBeGreaterThan(0);
    for (const t of infeasible) {
      expect(t.metrics!.performance.totalTrades).toBeLessThan(100);
      expect(t.reason).toBe('constraint not met: trades >= 100');
      expect(t.violation).toBeCloseTo(100 - t.metrics!.performance.totalTrades, 6);
    }
    for (const t of feasible) expect(t.metrics!.performance.totalTrades).toBeGreaterThanOrEqual(100);
    const rec = r.study.analysis.recommended!;
    expect(trials.find((t) => t.trial === rec.trial)!.status, 'the recommendation is feasible').toBe('ok');
    const none = await runOptimizeJob(job({ constraints: ['trades >= 100000'], trials: 6 }, { workers: 0 }));
    expect(none.study.analysis.recommended).toBeNull();
    expect(none.study.analysis.findings).toContain('No feasible trial: nothing to recommend.');
    expect(none.document.recommendation).toBeNull();
  });

  it('prunes a trial whose drawdown passes the bound, and one far below the median of earlier trials', async () => {
    const r = await runOptimizeJob(job({ prune: { ...DEFAULT_PRUNE, maxDrawdown: 0.012 } }, { workers: 2 }));
    const trials = r.study.windows[0].trials;
    const pruned = trials.filter((t) => t.status === 'pruned');
    expect(pruned.length, 'some trials pass a 1.2% drawdown').toBeGreaterThan(0);
    for (const t of pruned) {
      expect(t.reason).toMatch(/^drawdown \d+\.\d+% passed the bound 1\.20%$/);
      expect(t.metrics!.performance.bars, 'stopped early').toBeLessThan(1920);
      expect(t.objectives).toEqual([null]);
    }
    const full = trials.filter((t) => t.status === 'ok');
    for (const t of full) expect(t.metrics!.performance.maxDrawdown).toBeLessThanOrEqual(0.012);
    expect(pruned.some((t) => t.trial === r.study.analysis.recommended?.trial), 'a pruned trial is never recommended').toBe(false);

    // Median pruning: with no margin, trials below the median of earlier batches at a checkpoint stop there.
    const m = await runOptimizeJob(job({ search: 'random', trials: 24, batchSize: 6, prune: { ...DEFAULT_PRUNE, median: true, margin: 0, minTrials: 5 } }, { workers: 2 }));
    const mt = m.study.windows[0].trials;
    const medPruned = mt.filter((t) => t.status === 'pruned');
    expect(medPruned.length, 'some random trials fall below the median').toBeGreaterThan(0);
    expect(mt.slice(0, 6).every((t) => t.status !== 'pruned'), 'the first batch has nothing to compare with').toBe(true);
    for (const t of medPruned) {
      expect(t.reason).toMatch(/^return -?\d+\.\d+% at checkpoint \d of 4, below the threshold -?\d+\.\d+% from earlier trials$/);
      // The threshold is the median of the trials of earlier batches that ran to the end.
      const j = t.checkpoints.findIndex((c, k) => c !== null && (k === t.checkpoints.length - 1 || t.checkpoints[k + 1] === null));
      const earlier = mt.filter((o) => o.batch < t.batch && (o.status === 'ok' || o.status === 'infeasible')).map((o) => o.checkpoints[j]!).sort((a, b) => a - b);
      const mid = earlier.length >> 1;
      const median = earlier.length % 2 ? earlier[mid] : (earlier[mid - 1] + earlier[mid]) / 2;
      expect(t.checkpoints[j]!, `trial ${t.trial} below the median at checkpoint ${j + 1}`).toBeLessThan(median);
    }
  });
});
