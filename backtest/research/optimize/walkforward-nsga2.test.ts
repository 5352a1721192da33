import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReportData } from '../../../web/reports/report-data.ts';
import { renderRunReport } from '../../../web/reports/report-page.ts';
import { runOptimizeJob } from './optimize-job.ts';
import { nonDominatedSort } from './pareto.ts';
import { DEFAULT_PRUNE } from './settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-optimize-wf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const base = {
  configPath: 'examples/macd_btc_15m.json',
  data: { paths: ['data/samples/UNITTEST_BTC-5m.feather'], symbol: 'BTC/USDT' },
  resultsDb: null,
  command: 'test',
  workers: 2,
  now: () => new Date('2024-01-01T00:00:00Z'),
};

describe('strata optimize: several objectives, walk-forward, report', () => {
  it('nsga2 gives the non-dominated feasible trials as the front, and the report draws it', async () => {
    const r = await runOptimizeJob({
      ...base,
      outDir: join(dir, 'nsga2'),
      resultsDb: join(dir, 'results.duckdb'),
      spec: { params: ['indicators.macd.fastPeriod=int:4:20', 'indicators.macd.slowPeriod=int:10:60', 'risk.stopLoss=float:0.005:0.05:log'], conditions: ['slowPeriod > fastPeriod'], objectives: ['max:total_return', 'min:max_drawdown'], constraints: [], search: 'nsga2', sequence: 'uniform', trials: 24, seed: 2, batchSize: 8, prune: DEFAULT_PRUNE },
    });
    const trials = r.study.windows[0].trials.filter((t) => t.status === 'ok' && t.repeatOf === null);
    // An independent check of the front: a feasible trial is on it when no other is at least as good in both objectives and better in one.
    const expected = trials
      .filter((a) => !trials.some((b) => b !== a && b.objectives[0]! >= a.objectives[0]! && b.objectives[1]! <= a.objectives[1]! && (b.objectives[0]! > a.objectives[0]! || b.objectives[1]! < a.objectives[1]!)))
      .map((t) => t.trial)
      .sort((a, b) => a - b);
    const front = r.study.analysis.front.map((f) => f.trial).sort((a, b) => a - b);
    expect(front).toEqual(expected);
    expect(front.length).toBeGreaterThan(1);
    expect(nonDominatedSort(trials.map((t) => ({ score: [t.objectives[0], -t.objectives[1]!], violation: 0 })))[0].length).toBe(front.length);
    expect(front, 'the recommendation is on the front').toContain(r.study.analysis.recommended!.trial);

    const html = renderRunReport(await loadReportData(r.outDir), { served: false });
    expect(html).toContain('<section class="chart" id="optimize">');
    expect(html).toContain('<h3>Pareto front</h3>');
    expect(html.match(/class="opt-front"/g)?.length ?? 0, 'one mark group for the front').toBe(1);
    const frontGroup = html.slice(html.indexOf('class="opt-front"'));
    expect(frontGroup.slice(0, frontGroup.indexOf('</g>')).match(/<circle/g)?.length, 'one dot per front trial').toBe(front.length);
    expect(html).toContain('<h3>Convergence</h3>');
    expect(html).toContain('<h3>Robust region</h3>');
  });

  it('walk-forward optimises per training window and reports the out-of-sample decay', async () => {
    const r = await runOptimizeJob({
      ...base,
      outDir: join(dir, 'wf'),
      walkforward: { train: 12 * DAY, test: 4 * DAY },
      spec: { params: ['indicators.macd.fastPeriod=int:4:20', 'indicators.macd.slowPeriod=int:10:60'], conditions: ['slowPeriod > fastPeriod'], objectives: ['total_return'], constraints: [], search: 'tpe', sequence: 'uniform', trials: 12, seed: 1, batchSize: 4, prune: DEFAULT_PRUNE },
    });
    const ws = r.study.windows;
    expect(ws.length, '20 days of data: two 12+4 day windows').toBe(2);
    for (const w of ws) {
      expect(w.trials.length).toBe(12);
      expect(w.trials.every((t) => t.metrics === null || t.metrics.performance.bars <= (12 * DAY) / (15 * 60_000)), 'trials replay the training window only').toBe(true);
      expect(w.test, `window ${w.window} tested`).not.toBeNull();
    }
    const d = r.study.decay!;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(d.meanInSample).toBeCloseTo(mean(ws.map((w) => w.analysis.recommended!.objectives[0]!)), 12);
    expect(d.meanOutOfSample).toBeCloseTo(mean(ws.map((w) => w.test!.objectives[0]!)), 12);
    const doc = JSON.parse(readFileSync(join(r.outDir, 'optimize.json'), 'utf8'));
    expect(doc.walkforward.windows).toHaveLength(2);
    expect(doc.walkforward.decay.windows).toBe(2);
    const csv = readFileSync(join(r.outDir, 'trials.csv'), 'utf8').trimEnd().split('\n');
    expect(csv.length, 'both windows in one table').toBe(25);
  });
});
