import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnarSeries } from '../../../data/historical-feed.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { runConfig } from '../../run/config-run.ts';
import { loadColumns } from '../../run/data-source.ts';
import { loadConfigs } from '../../run/load-configs.ts';
import { parseParamSpec } from '../sweep/param-grid.ts';
import { createRunPool, type RunPool } from '../pool/run-pool.ts';
import { shareColumns, type SharedData } from '../../run/shared-columns.ts';
import { bestRow, runSweep } from '../sweep/sweep.ts';
import { planWindows, runWalkForward, type WalkForwardResult } from './walkforward.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

describe('planWindows', () => {
  it('tiles the test windows after the first training window, moving on by the test length', () => {
    const w = planWindows(T0, T0 + 10 * DAY, 4 * DAY, 2 * DAY, '1h');
    expect(w.map((x) => [(x.trainFrom - T0) / DAY, (x.trainTo - T0) / DAY, (x.testFrom - T0) / DAY, (x.testTo - T0) / DAY, x.partial])).toEqual([
      [0, 4, 4, 6, false],
      [2, 6, 6, 8, false],
      [4, 8, 8, 10, false],
    ]);
  });

  it('cuts the last test window at the end of the data and marks it partial', () => {
    const w = planWindows(T0, T0 + 9 * DAY, 4 * DAY, 2 * DAY, '1h');
    expect(w.at(-1)).toMatchObject({ testFrom: T0 + 8 * DAY, testTo: T0 + 9 * DAY, partial: true });
  });

  it('aligns the first window up to the strategy timeframe and needs at least one bar of test', () => {
    const w = planWindows(T0 + 10 * 60_000, T0 + 3 * DAY, DAY, DAY, '1h');
    expect(w[0].trainFrom, 'the first full 1h bar').toBe(T0 + HOUR);
    expect(planWindows(T0, T0 + DAY + HOUR - 1, DAY, DAY, '1h'), 'less than one test bar').toEqual([]);
  });

  it('supports a step other than the test length', () => {
    const w = planWindows(T0, T0 + 6 * DAY, 2 * DAY, 2 * DAY, '1d', DAY);
    expect(w.map((x) => (x.testFrom - T0) / DAY)).toEqual([2, 3, 4, 5]);
  });
});

let base: StrategyConfig;
let inputs: ColumnarSeries[];
let data: SharedData;
let pool: RunPool;

beforeAll(async () => {
  base = loadConfigs(['examples/macd_btc_15m.json'])[0].config;
  inputs = (await loadColumns({ paths: ['data/samples/UNITTEST_BTC-1m.json'], configs: [base], symbol: 'BTC/USDT' })).inputs;
  data = shareColumns('wf-test', inputs);
  pool = await createRunPool(0);
});

afterAll(() => pool.close());

const firstOpen = () => inputs[0].columns.openTime[0];

describe('runConfig with a test window', () => {
  it('warms up before the window, trades and counts only inside it, and closes at its end', async () => {
    const start = Date.UTC(2017, 10, 8);
    const end = Date.UTC(2017, 10, 10);
    const r = await runConfig({ config: base, inputs, from: firstOpen(), to: end, window: { start, closeAtEnd: true } });
    const w = r.window!;
    expect(w.curve.time[0], 'the first counted bar is the first 15m bar of the window').toBe(start + 15 * 60_000);
    expect(w.curve.time.at(-1)).toBe(end);
    expect(w.performance.bars).toBe(w.curve.time.length);
    for (const t of w.trades) expect(t.entryTime, 'no position opened in the warm-up').toBeGreaterThan(start);
    expect(w.trades.length).toBeGreaterThan(0);
    expect(w.trades.at(-1)!.exitTime).toBeLessThanOrEqual(end);
    expect(w.performance.totalTrades).toBe(w.trades.length);
    const closedAtEnd = w.trades.filter((t) => t.exitReason === 'end_of_data');
    expect(closedAtEnd.length, 'at most the last trade is closed by the window end').toBeLessThanOrEqual(1);
    expect(w.performance.equity, 'flat at the end: equity is cash').toBeCloseTo(base.capital + w.trades.reduce((a, t) => a + t.pnl, 0), 6);
  });

  it('has indicators ready on the first window bar (a cold start would still be warming up)', async () => {
    const start = Date.UTC(2017, 10, 8);
    const warm = await runConfig({ config: base, inputs, from: firstOpen(), to: start + DAY, window: { start, closeAtEnd: true } });
    const cold = await runConfig({ config: base, inputs, from: start, to: start + DAY, window: { start: start - 1, closeAtEnd: true } });
    expect(warm.window!.performance.bars).toBe(cold.window!.performance.bars);
    const firstWarm = warm.window!.trades[0]?.entryTime ?? Infinity;
    const firstCold = cold.window!.trades[0]?.entryTime ?? Infinity;
    // MACD(12, 26, 9) needs 34 bars (8.5 hours of 15m bars) before its first crossing: the warm run can trade before that.
    expect(firstCold - start, 'cold: no trade before the indicators are ready').toBeGreaterThanOrEqual(34 * 15 * 60_000);
    expect(firstWarm).toBeLessThanOrEqual(firstCold);
  });
});

describe('runWalkForward', () => {
  const params = [parseParamSpec('indicators.macd.fastPeriod=8,12'), parseParamSpec('risk.stopLoss=0.01,0.02')];
  let wf: WalkForwardResult;
  const windows = () => planWindows(firstOpen(), Date.UTC(2017, 10, 14), 3 * DAY, DAY, base.timeframe);

  beforeAll(async () => {
    wf = await runWalkForward({ base, params, data, pool, metric: 'sharpe_per_bar', windows: windows() });
  });

  it('picks, per window, the best combination of a sweep over its training window', async () => {
    expect(wf.windows.length, "from 2017-11-04 23:15, 3d + 1d, to 2017-11-14: the last test window partial").toBe(7);
    expect(wf.windows.at(-1)!.plan.partial).toBe(true);
    for (const o of wf.windows) {
      const sweep = await runSweep({ base, params, data, pool, metric: 'sharpe_per_bar', from: o.plan.trainFrom, to: o.plan.trainTo });
      const best = bestRow(sweep)!;
      expect(o.chosen!.combination, `window ${o.plan.index}`).toBe(best.combination);
      expect(o.chosen!.values).toEqual(best.values);
    }
  });

  it('tests the winner on the following window only', () => {
    for (const o of wf.windows) {
      const c = o.testCurve;
      expect(c.time[0]).toBeGreaterThan(o.plan.testFrom);
      expect(c.time.at(-1)).toBeLessThanOrEqual(o.plan.testTo);
      for (const t of o.testTrades) expect(t.entryTime).toBeGreaterThan(o.plan.testFrom);
    }
  });

  it('stitches the test windows into one out-of-sample curve that compounds their returns', () => {
    const compounded = wf.windows.reduce((a, o) => a * (1 + o.test!.totalReturn), 1) - 1;
    expect(wf.oos.performance.totalReturn).toBeCloseTo(compounded, 12);
    expect(wf.oos.performance.bars).toBe(wf.windows.reduce((a, o) => a + o.test!.bars, 0));
    expect(wf.oos.performance.totalTrades).toBe(wf.windows.reduce((a, o) => a + o.test!.totalTrades, 0));
    expect(wf.oos.time.length).toBe(wf.oos.performance.bars);
    for (let i = 1; i < wf.oos.time.length; i++) expect(wf.oos.time[i], 'one time line').toBeGreaterThan(wf.oos.time[i - 1]);
    expect(wf.oos.performance.maxDrawdown).toBe(Math.max(...wf.oos.drawdown));
  });

  it('is the same on worker threads', async () => {
    const threads = await createRunPool(2);
    try {
      const again = await runWalkForward({ base, params, data, pool: threads, metric: 'sharpe_per_bar', windows: windows() });
      expect(again.oos.performance).toEqual(wf.oos.performance);
      expect(again.windows.map((o) => o.chosen)).toEqual(wf.windows.map((o) => o.chosen));
    } finally {
      await threads.close();
    }
  });
});
