import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnarFeed, type ColumnarSeries } from '../../../data/historical-feed.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { loadColumns } from '../../run/data-source.ts';
import { loadConfigs } from '../../run/load-configs.ts';
import { parseParamSpec } from './param-grid.ts';
import { runBacktest } from '../../run/run-backtest.ts';
import { createRunPool, type RunPool } from '../pool/run-pool.ts';
import { shareColumns, type SharedData } from '../../run/shared-columns.ts';
import { rowConfig, runSweep, type SweepResult } from './sweep.ts';

let base: StrategyConfig;
let inputs: ColumnarSeries[];
let data: SharedData;
const pools: RunPool[] = [];

beforeAll(async () => {
  base = loadConfigs(['examples/macd_btc_15m.json'])[0].config;
  inputs = (await loadColumns({ paths: ['data/samples/UNITTEST_BTC-1m.json'], configs: [base], symbol: 'BTC/USDT' })).inputs;
  data = shareColumns('sweep-test', inputs);
});

afterAll(async () => {
  for (const p of pools) await p.close();
});

async function pool(workers: number): Promise<RunPool> {
  const p = await createRunPool(workers);
  pools.push(p);
  return p;
}

// 3 x 2 x 2 = 12 combinations; fastPeriod 26 with slowPeriod 26 is invalid, so 2 are skipped.
const params = [parseParamSpec('indicators.macd.fastPeriod=8:26:9'), parseParamSpec('indicators.macd.slowPeriod=26,35'), parseParamSpec('risk.stopLoss=0.01,0.02')];

/** What must not depend on the number of workers: everything but which thread ran what. */
function comparable(r: SweepResult) {
  return r.rows.map((row) => ({ ...row, metrics: row.metrics && JSON.stringify(row.metrics) }));
}

describe('runSweep', () => {
  let inProcess: SweepResult;

  beforeAll(async () => {
    inProcess = await runSweep({ base, params, data, pool: await pool(0), metric: 'sharpe_per_bar' });
  });

  it('ranks the runnable combinations by the metric and reports invalid ones as skipped with the reason', () => {
    expect(inProcess.combinations).toBe(12);
    expect(inProcess.skipped).toBe(2);
    const skipped = inProcess.rows.filter((r) => r.status === 'skipped');
    expect(skipped.map((r) => r.values), 'fast 26 / slow 26').toEqual([
      [26, 26, 0.01],
      [26, 26, 0.02],
    ]);
    for (const r of skipped) expect(r.reason).toBe('indicators.macd.fastPeriod: fastPeriod must be less than slowPeriod');
    expect(inProcess.rows.slice(-2), 'skipped rows come last').toEqual(skipped);
    const scored = inProcess.rows.filter((r) => r.rank !== null);
    expect(scored.map((r) => r.rank)).toEqual(scored.map((_, i) => i + 1));
    for (let i = 1; i < scored.length; i++) expect(scored[i - 1].score!, 'best Sharpe first').toBeGreaterThanOrEqual(scored[i].score!);
    for (const r of scored) expect(r.score).toBe(r.metrics!.performance.sharpePerBar);
  });

  it('gives each combination exactly the metrics `strata backtest` gives its config', async () => {
    const row = inProcess.rows.find((r) => r.values[0] === 17 && r.values[1] === 35 && r.values[2] === 0.02)!;
    const config = rowConfig(base, params, row)!;
    const direct = await runBacktest({ configs: [config], feed: new ColumnarFeed(inputs) });
    expect(row.metrics, 'same engine, same data, same config').toEqual(direct.strategies[0].metrics);
    expect(config.indicators.macd).toMatchObject({ fastPeriod: 17, slowPeriod: 35 });
    expect(config.risk.stopLoss).toBe(0.02);
  });

  it('gives identical results on 1 and 2 worker threads (piscina, TypeScript workers via tsx under vitest)', async () => {
    const one = await runSweep({ base, params, data, pool: await pool(1), metric: 'sharpe_per_bar' });
    const two = await runSweep({ base, params, data, pool: await pool(2), metric: 'sharpe_per_bar' });
    expect(comparable(one)).toEqual(comparable(inProcess));
    expect(comparable(two)).toEqual(comparable(inProcess));
  });

  it('builds the data views once per worker, not once per combination', async () => {
    const p = await pool(2);
    const results = await Promise.all(Array.from({ length: 16 }, () => p.run({ data, config: base })));
    const byThread = new Map<number, number>();
    for (const r of results) byThread.set(r.worker.threadId, Math.max(byThread.get(r.worker.threadId) ?? 0, r.worker.dataBuilds));
    expect(byThread.size, 'both workers ran tasks').toBeGreaterThanOrEqual(1);
    for (const [, builds] of byThread) expect(builds, '16 tasks, one data set: one build per thread').toBe(1);
  });

  it('reports progress once per combination, skipped ones included', async () => {
    const seen: number[] = [];
    await runSweep({ base, params, data, pool: await pool(0), metric: 'return', onProgress: (done, total) => seen.push(done * 100 + total) });
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) * 100 + 12));
  });

  it('ranks "lower is better" metrics ascending', async () => {
    const r = await runSweep({ base, params, data, pool: await pool(0), metric: 'drawdown' });
    const scored = r.rows.filter((x) => x.rank !== null).map((x) => x.score!);
    expect(scored).toEqual([...scored].sort((a, b) => a - b));
  });
});
