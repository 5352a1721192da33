/** Rankings and the deflated Sharpe on a long daily us_equity run (ORCL, 1995-2014: 252 sessions a year). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOptimizeJob } from '../../backtest/research/optimize/optimize-job.ts';
import { DEFAULT_PRUNE } from '../../backtest/research/optimize/settings.ts';
import { parseParamSpec } from '../../backtest/research/sweep/param-grid.ts';
import { runSweepJob } from '../../backtest/research/sweep/sweep-job.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-orcl-research-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = 'examples/stocks/ema_orcl_1d.json';
const DATA = { paths: ['data/samples/orcl-1995-2014.txt'] };
const PARAMS = ['indicators.fast.period=5,10,20,30', 'indicators.slow.period=40,60,100'];

describe('ORCL research over 20 years of sessions', () => {
  it('ranks a sweep in the same order by the per-bar Sharpe as by the annualised one (√252 apart)', async () => {
    const sweep = (metric: 'sharpe' | 'sharpe_per_bar') =>
      runSweepJob({ configPath: CONFIG, data: DATA, params: PARAMS.map(parseParamSpec), metric, workers: 0, outDir: join(dir, metric), resultsDb: null, command: 'test', now: () => new Date(0) });
    const annual = await sweep('sharpe');
    const perBar = await sweep('sharpe_per_bar');
    const order = (r: typeof annual) => r.result.rows.map((row) => row.combination);
    expect(annual.result.rows.filter((r) => r.score !== null).length, 'every combination has both figures').toBe(12);
    expect(order(perBar), 'the same ranking').toEqual(order(annual));
    for (const row of perBar.result.rows) {
      const p = row.metrics!.performance;
      expect(p.sharpeRatio!, 'annualised = per bar × √252').toBeCloseTo(p.sharpePerBar! * Math.sqrt(252), 10);
    }
  });

  it('deflates the optimiser’s Sharpe on per-bar figures and annualises its expected best by 252, not 365', async () => {
    const r = await runOptimizeJob({
      configPath: CONFIG,
      data: DATA,
      spec: { params: ['indicators.fast.period=int:5:30', 'indicators.slow.period=int:40:120'], conditions: [], objectives: [], constraints: [], search: 'random', sequence: 'uniform', trials: 8, seed: 2, batchSize: 4, prune: DEFAULT_PRUNE },
      workers: 0,
      outDir: join(dir, 'optimize'),
      resultsDb: null,
      command: 'test',
      now: () => new Date(0),
    });
    const a = r.study.analysis;
    const rec = r.study.windows[0].trials.find((t) => t.trial === a.recommended!.trial)!;
    const p = rec.metrics!.performance;
    expect(rec.metrics!.annualisation).toMatchObject({ periodsPerYear: 252, applied: true });
    expect(a.deflatedSharpe, 'a deflated Sharpe for the recommended trial').not.toBeNull();
    const dsr = a.deflatedSharpe!;
    expect(dsr.sharpe, 'the recommended trial’s Sharpe per bar: the annualised one over √252').toBeCloseTo(p.sharpeRatio! / Math.sqrt(252), 12);
    const finding = a.findings.find((f) => f.startsWith('Deflated Sharpe ratio of the recommended trial'))!;
    expect(finding, "√252, not √365").toContain(`${(dsr.expectedMax * Math.sqrt(252)).toFixed(2)} annualised over 252 periods a year`);
    expect((dsr.expectedMax * Math.sqrt(252)).toFixed(2), "the two factors print differently here").not.toBe((dsr.expectedMax * Math.sqrt(365)).toFixed(2));
  });
});
