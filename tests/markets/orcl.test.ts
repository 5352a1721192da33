import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../data/import.ts';
import { runCli } from '../backtest/cli-helpers.ts';
import { openStore } from '../../data/store.ts';
import { runBacktestJob, type BacktestJobResult } from '../../backtest/run/backtest-job.ts';
import { readTableFile } from '../backtest/cli-helpers.ts';

const ORCL = 'data/samples/orcl-1995-2014.txt';
const CONFIG = 'examples/stocks/ema_orcl_1d.json';
const dir = mkdtempSync(join(tmpdir(), 'strata-orcl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(data: string, name: string, configPath = CONFIG): Promise<BacktestJobResult> {
  return runBacktestJob({ configPaths: [configPath], data: { paths: [data] }, outDir: join(dir, name), resultsDb: null, command: 'test', now: () => new Date(0) });
}

describe('ORCL as "symbol": "ORCL" on the us_equity calendar', () => {
  it('gives identical results from the file and from the store', async () => {
    const db = join(dir, 'store.duckdb');
    const store = await openStore(db);
    try {
      await importFile(store, ORCL, { symbol: 'ORCL' });
    } finally {
      store.close();
    }
    const fromFile = await run(ORCL, 'file');
    const fromStore = await run(db, 'store');
    expect(fromFile.result.data.hash, 'the same candles').toBe(fromStore.result.data.hash);
    expect(fromFile.result.trades.length, 'the EMA crossover trades ORCL').toBeGreaterThan(20);
    expect(fromStore.result.trades).toEqual(fromFile.result.trades);
    expect(fromStore.result.strategies[0].metrics).toEqual(fromFile.result.strategies[0].metrics);
    expect(readFileSync(join(dir, 'store', 'metrics.json'), 'utf8'), 'metrics.json byte for byte').toBe(readFileSync(join(dir, 'file', 'metrics.json'), 'utf8'));
  });

  it('reports no gaps for weekends and holidays over 20 years', async () => {
    const r = await run(ORCL, 'gaps');
    expect(r.result.data.series).toEqual([expect.objectContaining({ symbol: 'ORCL', timeframe: '1d', candles: 5036, missing: 0, gaps: 0 })]);
  });

  it('still reports a session missing from the data', async () => {
    const lines = readFileSync(ORCL, 'utf8').trim().split('\n');
    const dropped = lines.filter((l) => !l.startsWith('2008-10-15') && !l.startsWith('2012-11-01') && !l.startsWith('2012-11-02'));
    expect(lines.length - dropped.length, 'three sessions removed').toBe(3);
    const file = join(dir, 'orcl-holed.csv');
    writeFileSync(file, `${dropped.join('\n')}\n`);
    const r = await run(file, 'holed');
    const s = r.result.data.series[0];
    expect([s.missing, s.gaps], 'one Wednesday, then a Thursday and Friday (after the Sandy closure, which is no gap)').toEqual([3, 2]);
    expect(s.ranges.map((g) => [new Date(g.from).toISOString().slice(0, 10), g.missing])).toEqual([
      ['2008-10-15', 1],
      ['2012-11-01', 2],
    ]);
  });

  it('counts weekends as gaps when the config says crypto (the 24/7 rule)', async () => {
    const cfg = JSON.parse(readFileSync(CONFIG, 'utf8'));
    delete cfg.market;
    const path = join(dir, 'orcl-crypto.json');
    writeFileSync(path, JSON.stringify(cfg));
    const r = await run(ORCL, 'crypto', path);
    expect(r.result.data.series[0].missing, 'every weekend and holiday').toBeGreaterThan(2000);
  });
});

describe('ORCL annualisation', () => {
  it('Sharpe over 252 sessions a year equals one computed afresh from equity.parquet; CAGR follows the calendar span', async () => {
    const r = await run(ORCL, 'annual');
    const m = JSON.parse(readFileSync(join(dir, 'annual', 'metrics.json'), 'utf8'));
    const s = m.strategies[0];
    expect(s.metrics.annualisation).toMatchObject({ periodsPerYear: 252, basis: 'us_equity 1d: 252 sessions a year', minimumSpanDays: 30, applied: true, reason: null });
    const { rows } = await readTableFile(join(dir, 'annual', 'equity.parquet'), 'time');
    const eq = rows.filter((row) => row.strategy_id === 'ema_orcl_1d').map((row) => Number(row.equity));
    expect(eq.length, 'one equity value per session').toBe(5036);
    const capital = r.result.strategies[0].config.capital;
    const rets = eq.map((e, i) => e / (i === 0 ? capital : eq[i - 1]) - 1);
    const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
    const sd = Math.sqrt(rets.reduce((a, x) => a + (x - mean) ** 2, 0) / (rets.length - 1));
    expect(s.metrics.performance.sharpeRatio, 'mean / sample sd × √252').toBeCloseTo((mean / sd) * Math.sqrt(252), 10);
    // The span runs from the first bar's open (1995-01-03) to the last bar's close (2015-01-01 00:00 UTC).
    const years = (Date.parse('2015-01-01T00:00:00Z') - Date.parse('1995-01-03T00:00:00Z')) / (365.25 * 86_400_000);
    expect(s.metrics.annualisation.spanDays).toBe((Date.parse('2015-01-01') - Date.parse('1995-01-03')) / 86_400_000);
    expect(s.metrics.performance.cagr, '(E_end / E_0)^(1 / calendar years) − 1').toBeCloseTo(Math.pow(eq.at(-1)! / capital, 1 / years) - 1, 12);
  });

  it('a two-week run (12 days from the first open to the last close) reports no annualised figure, says why once, and keeps the per-bar Sharpe', async () => {
    // A strategy that holds ORCL from the first bar, so its equity moves every session.
    const hold = { ...JSON.parse(readFileSync(CONFIG, 'utf8')), id: 'hold_orcl', rules: { entry: { condition: 'close > 0' }, exit: { condition: 'close < 0' } } };
    const holdPath = join(dir, 'hold-orcl.json');
    writeFileSync(holdPath, JSON.stringify(hold));
    const r = await runBacktestJob({ configPaths: [holdPath], data: { paths: [ORCL], from: Date.parse('2014-12-01'), to: Date.parse('2014-12-15') }, outDir: join(dir, 'short'), resultsDb: null, command: 'test', now: () => new Date(0) });
    const m = r.result.strategies[0].metrics;
    expect(m.performance.cagr).toBeNull();
    expect(m.performance.calmarRatio).toBeNull();
    expect(m.performance.sharpeRatio, 'annualised: null under 30 days').toBeNull();
    expect(m.performance.sortinoRatio, 'annualised: null under 30 days').toBeNull();
    expect(m.annualisation).toMatchObject({ applied: false, reason: 'span 12 days is shorter than the 30-day minimum: no annualised figure (Sharpe, Sortino, CAGR, Calmar, alpha, information ratio, tracking error); rank by the per-bar Sharpe' });
    const b = r.result.strategies[0].benchmarks!.buyAndHold;
    expect([b.alpha, b.informationRatio, b.trackingError], 'annualised benchmark figures: null under 30 days').toEqual([null, null, null]);
    expect(b.beta, 'beta is not annualised').not.toBeNull();
    const { rows } = await readTableFile(join(dir, 'short', 'equity.parquet'), 'time');
    const eq = rows.filter((row) => row.strategy_id === 'hold_orcl').map((row) => Number(row.equity));
    const capital = r.result.strategies[0].config.capital;
    const rets = eq.map((e, i) => e / (i === 0 ? capital : eq[i - 1]) - 1);
    const mean = rets.reduce((a, x) => a + x, 0) / rets.length;
    const sd = Math.sqrt(rets.reduce((a, x) => a + (x - mean) ** 2, 0) / (rets.length - 1));
    expect(m.performance.sharpePerBar, 'mean / sample sd of per-bar returns, not annualised').toBeCloseTo(mean / sd, 12);
  });
});

describe('a store series’ recorded market', () => {
  it('is the market of a config that reads the series and states none: 252 sessions and the NYSE calendar, and the manifest says so', async () => {
    const db = join(dir, 'market-store.duckdb');
    const imported = await runCli(['data', 'import', ORCL, '--symbol', 'ORCL', '--market', 'us_equity', '--store', db]);
    expect(imported.code, imported.stderr).toBe(0);
    const { market: _stated, ...rest } = JSON.parse(readFileSync(CONFIG, 'utf8'));
    const path = join(dir, 'orcl-no-market.json');
    writeFileSync(path, JSON.stringify(rest));
    const r = await run(db, 'store-market', path);
    const s = r.result.strategies[0];
    expect(s.config.market, 'the recorded market').toBe('us_equity');
    expect(s.metrics.annualisation).toMatchObject({ periodsPerYear: 252, basis: 'us_equity 1d: 252 sessions a year' });
    expect(r.result.data.series[0].missing, 'weekends and NYSE holidays are not gaps').toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'store-market', 'manifest.json'), 'utf8'));
    expect(m.strategies[0]).toMatchObject({ market: 'us_equity', marketSource: 'the store (ORCL imported as us_equity)' });

    const stated = await run(db, 'store-market-config');
    expect(JSON.parse(readFileSync(join(dir, 'store-market-config', 'manifest.json'), 'utf8')).strategies[0].marketSource).toBe('the config');
    const fromFile = await run(ORCL, 'file-no-market', path);
    expect(fromFile.result.strategies[0].metrics.annualisation?.periodsPerYear, 'a file records no market: crypto, 365 days').toBe(365);
    expect(JSON.parse(readFileSync(join(dir, 'file-no-market', 'manifest.json'), 'utf8')).strategies[0].marketSource).toBe('the default (crypto, 24/7)');
  });
});
