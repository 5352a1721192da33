import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktestJob } from '../../backtest/run/backtest-job.ts';
import { runSweepJob } from '../../backtest/research/sweep/sweep-job.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import { DATA_FILES, exportNotebookData } from './export.ts';
import { pickRuns } from './pick-run.ts';
import { attributionData, rollingCorrelationData, type AttributionData, type RollingCorrelationData } from './analytics.ts';
import type { PortfolioAnalytics } from '../../engine/portfolio/analytics.ts';
import type { BacktestData, BarsFile, EquityData, MonthlyRow, SignalData, SweepData, TradeData } from './types.ts';

const SAMPLE = 'data/samples/UNITTEST_BTC-1m.json';
const dir = mkdtempSync(join(tmpdir(), 'strata-nb-export-'));
const db = join(dir, 'results.duckdb');
const ids: Record<string, string> = {};
let newerAnalytics: PortfolioAnalytics;

const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir, 'data', name), 'utf8')) as T;

beforeAll(async () => {
  const common = { data: { paths: [SAMPLE], symbol: 'BTC/USDT' }, resultsDb: db, command: 'test' };
  const older = await runBacktestJob({ ...common, configPaths: ['examples/ema_btc_1h.json'], outDir: join(dir, 'old'), now: () => new Date('2024-01-01T00:00:00Z') });
  const newer = await runBacktestJob({ ...common, configPaths: ['examples/macd_btc_15m.json', 'examples/bollinger_btc_5m.json'], outDir: join(dir, 'new'), now: () => new Date('2024-01-02T00:00:00Z') });
  newerAnalytics = newer.result.portfolioAnalytics;
  const sweep = await runSweepJob({
    ...common,
    configPath: 'examples/macd_btc_15m.json',
    params: [
      { path: 'indicators.macd.fastPeriod', values: [8, 12] },
      { path: 'indicators.macd.slowPeriod', values: [10, 26, 30] },
    ],
    metric: 'sharpe_per_bar',
    workers: 0,
    outDir: join(dir, 'sweep'),
    now: () => new Date('2024-01-03T00:00:00Z'),
  });
  Object.assign(ids, { older: older.runId, newer: newer.runId, sweep: sweep.runId });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('picking runs', () => {
  it('defaults to the latest backtest and the latest sweep', async () => {
    const runs = await pickRuns({ resultsDb: db });
    expect(runs.backtest?.runId).toBe(ids.newer);
    expect(runs.sweep?.runId).toBe(ids.sweep);
    expect(runs.backtest?.strategies.map((s) => s.strategy_id), 'configs come from the results DB').toEqual(['bollinger_btc_5m', 'macd_btc_15m']);
  });

  it('takes a run id prefix, a sweep id in RUN, or run folders without a database', async () => {
    expect((await pickRuns({ resultsDb: db, run: ids.older.slice(0, 18) })).backtest?.runId).toBe(ids.older);
    const bySweep = await pickRuns({ resultsDb: db, run: ids.sweep });
    expect(bySweep.sweep?.runId).toBe(ids.sweep);
    expect(bySweep.backtest?.runId, 'the backtest is still the latest').toBe(ids.newer);
    const byDir = await pickRuns({ resultsDb: join(dir, 'none.duckdb'), runDir: join(dir, 'old') });
    expect(byDir.backtest?.runId).toBe(ids.older);
    expect(byDir.sweep, 'no database: no sweep, with a note saying how to make one').toBeNull();
    expect(byDir.notes.sweep).toMatch(/strata sweep/);
  });

  it('fails clearly on an unknown run or database', async () => {
    await expect(pickRuns({ resultsDb: db, run: 'nope' })).rejects.toThrow(/run "nope" is not in/);
    await expect(pickRuns({ resultsDb: join(dir, 'none.duckdb'), run: 'x' })).rejects.toThrow(/no results database/);
  });
});

describe('exported data', () => {
  beforeAll(async () => {
    await exportNotebookData(await pickRuns({ resultsDb: db }), join(dir, 'data'), { maxPoints: 500 });
  });

  it('writes every data file', () => {
    for (const f of DATA_FILES) expect(existsSync(join(dir, 'data', f)), f).toBe(true);
  });

  it('backtest.json: the run, its strategies and metrics rows matching metrics.json', () => {
    const b = read<BacktestData>('backtest.json');
    if (!b.available) throw new Error('expected a run');
    expect(b.runId).toBe(ids.newer);
    expect(b.strategies.map((s) => s.id)).toEqual(['macd_btc_15m', 'bollinger_btc_5m']);
    expect(b.metrics.map((m) => m.strategy_id)).toEqual(['macd_btc_15m', 'bollinger_btc_5m', '__portfolio__']);
    const doc = JSON.parse(readFileSync(join(dir, 'new', 'metrics.json'), 'utf8'));
    expect(b.metrics[0].sharpe).toBe(doc.strategies[0].metrics.performance.sharpeRatio);
    expect(b.metrics[2].total_return).toBe(doc.portfolio.totalReturn);
    expect(b.strategies[0].config?.symbol, 'the config as run').toBe('BTC/USDT');
  });

  it('equity.json: downsampled within the budget, ends kept; monthly.json compounds to the total return', () => {
    const e = read<EquityData>('equity.json');
    expect(e.series.map((s) => s.id)).toEqual(['macd_btc_15m', 'bollinger_btc_5m', '__portfolio__']);
    const p = e.series[2];
    expect(p.points, 'the portfolio curve has a point per candle time').toBeGreaterThan(10_000);
    expect(p.time.length).toBeLessThanOrEqual(500);
    const b = read<BacktestData>('backtest.json');
    if (!b.available) throw new Error('expected a run');
    const last = b.metrics[2].final_equity as number;
    expect(p.equity.at(-1), 'the last point is the final equity').toBeCloseTo(last, 6);
    const monthly = read<MonthlyRow[]>('monthly.json').filter((r) => r.strategy_id === '__portfolio__');
    const compounded = monthly.reduce((a, r) => a * (1 + r.return), 1) - 1;
    expect(compounded).toBeCloseTo(b.metrics[2].total_return as number, 9);
  });

  it('trades.json and signals.json hold every row of the run', () => {
    const trades = read<TradeData[]>('trades.json');
    const b = read<BacktestData>('backtest.json');
    if (!b.available) throw new Error('expected a run');
    expect(trades.length).toBe(b.metrics[2].trades);
    expect(typeof trades[0].entry_time, 'times as epoch ms').toBe('number');
    expect(read<SignalData[]>('signals.json').length).toBeGreaterThan(trades.length);
  });

  it("bars.json: the engine's bars per strategy timeframe, and indicators that cross exactly where the strategy bought", () => {
    const bars = read<BarsFile>('bars.json');
    const b = read<BacktestData>('backtest.json');
    if (!b.available) throw new Error('expected a run');
    const macd = bars.strategies.macd_btc_15m;
    const s = bars.series[macd.series];
    expect(macd.series).toBe('BTC/USDT 15m');
    expect(s.time.length, 'as many bars as the engine counted').toBe(b.metrics[0].bars);
    expect(macd.indicators.map((i) => `${i.name}:${i.type}:${i.priceScale}`)).toEqual(['macd:macd:false', 'rsi:rsi:false']);
    expect(bars.strategies.bollinger_btc_5m.indicators[0].priceScale, 'bands go over the price').toBe(true);

    const [m, rsi] = macd.indicators;
    const close = s.time.map((t) => t + timeframeMs('15m'));
    const buys = read<SignalData[]>('signals.json').filter((x) => x.strategy_id === 'macd_btc_15m' && x.action === 'BUY');
    expect(buys.length).toBeGreaterThan(5);
    for (const sig of buys) {
      const i = close.indexOf(sig.time);
      expect(i, 'a signal is stamped with the close of one of the bars').toBeGreaterThan(0);
      const [a0, b0, a1, b1] = [m.fields.macd[i - 1]!, m.fields.signal[i - 1]!, m.fields.macd[i]!, m.fields.signal[i]!];
      expect(a0 <= b0 && a1 > b1, `MACD crosses above its signal at ${new Date(sig.time).toISOString()} (entry rule)`).toBe(true);
      expect(rsi.fields.value[i]!, 'and RSI < 70').toBeLessThan(70);
    }
    expect(rsi.levels).toEqual({ overbought: 70, oversold: 30 });
  });

  it('attribution.json and correlation.json: every period from the run folder\'s Parquet files, equal to the run\'s values', () => {
    const at = read<AttributionData>('attribution.json');
    expect(at.source).toBe('attribution.parquet');
    const a = newerAnalytics.attribution;
    const expected = (['day', 'week', 'month'] as const).flatMap((kind) =>
      a[kind].flatMap((p) => [{ kind, period: p.period, end: Date.parse(p.end), strategy_id: '__portfolio__', value: p.portfolioReturn }, ...Object.entries(p.contributions).map(([id, v]) => ({ kind, period: p.period, end: Date.parse(p.end), strategy_id: id, value: v }))]),
    );
    expect(a.day.length, 'the 9.5-day sample touches 11 calendar days').toBe(11);
    expect(at.rows).toEqual(expected);
    const co = read<RollingCorrelationData>('correlation.json');
    const r = newerAnalytics.correlation.rolling;
    expect(co.source).toBe('correlation.parquet');
    expect(co.window).toBe(r.window);
    expect(co.rows).toEqual(r.pairs.flatMap((p) => r.labels.map((label, k) => ({ label, a: p.a, b: p.b, value: p.values[k] }))));
  });

  it('an older folder without the Parquet files gives the same rows from its metrics.json', async () => {
    const old = { attribution: newerAnalytics.attribution, correlation: newerAnalytics.correlation } as never;
    const none = join(dir, 'no-such-folder');
    expect((await attributionData(none, old)).rows, 'attribution').toEqual(read<AttributionData>('attribution.json').rows);
    expect((await rollingCorrelationData(none, old)).rows, 'rolling correlation').toEqual(read<RollingCorrelationData>('correlation.json').rows);
  });

  it('sweep.json: the grid and one row per combination, with parameter columns', () => {
    const sw = read<SweepData>('sweep.json');
    if (!sw.available) throw new Error('expected a sweep');
    expect(sw.runId).toBe(ids.sweep);
    expect(sw.params.map((p) => p.path)).toEqual(['indicators.macd.fastPeriod', 'indicators.macd.slowPeriod']);
    expect(sw.rows.length).toBe(6);
    expect(sw.rows.filter((r) => r.status === 'skipped').length, 'fast 12 >= slow 10 is invalid').toBe(1);
    expect(sw.rows[0]).toMatchObject({ rank: 1, status: 'ok' });
    expect(typeof sw.rows[0]['indicators.macd.fastPeriod']).toBe('number');
  });

  it('without runs every file still exists and says why', async () => {
    const empty = join(dir, 'empty');
    await exportNotebookData(await pickRuns({ resultsDb: join(dir, 'none.duckdb') }), empty);
    const b = JSON.parse(readFileSync(join(empty, 'backtest.json'), 'utf8')) as BacktestData;
    expect(b.available).toBe(false);
    if (!b.available) expect(b.note).toMatch(/strata backtest/);
    for (const f of DATA_FILES) expect(existsSync(join(empty, f)), f).toBe(true);
  });
});
