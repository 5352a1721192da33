/**
 * `strata backtest` and `strata runs` end to end, as a user runs them: a child process (`node bin/strata.js`),
 * its exit code, stdout/stderr, and the files of the run folder read back through DuckDB.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTableFile, runCli, type CliResult } from '../../tests/backtest/cli-helpers.ts';

const DATA = ['--data', 'data/samples/UNITTEST_BTC-1m.json', '--symbol', 'BTC/USDT'];
const EXAMPLE = 'examples/macd_btc_15m.json';

let tmp: string;
let db: string;
let first: CliResult;
let second: CliResult;
const out1 = () => join(tmp, 'run1');
const out2 = () => join(tmp, 'run2');

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'strata-backtest-cli-'));
  db = join(tmp, 'results.duckdb');
  first = await runCli(['backtest', EXAMPLE, ...DATA, '--out', out1(), '--results-db', db]);
  second = await runCli(['backtest', EXAMPLE, ...DATA, '--out', out2(), '--results-db', db]);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('strata backtest', () => {
  it('runs the seed example config as is and prints the comparison table', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Strategy\s+Status\s+Return\s+Sharpe \*/);
    expect(first.stdout).toContain('macd_btc_15m');
    expect(first.stdout).toMatch(/Run \S+ written to /);
    expect(first.stderr, 'the sample has gaps; they are reported, not hidden').toMatch(/missing candle/);
  });

  it('writes the run folder: manifest, metrics, trades (CSV and Parquet), equity and signals', async () => {
    for (const f of ['manifest.json', 'metrics.json', 'trades.csv', 'trades.parquet', 'equity.parquet', 'signals.parquet', 'prices-display.parquet']) expect(existsSync(join(out1(), f)), f).toBe(true);
    // The input candles are named and hashed in the manifest, not copied.
    expect(existsSync(join(out1(), 'prices.parquet')), 'no copy of the input').toBe(false);
    const written = JSON.parse(readFileSync(join(out1(), 'manifest.json'), 'utf8'));
    expect(written.data.hash).toMatch(/^[0-9a-f]{16,}$/);
    expect(written.display.charted.map((c: { timeframe: string }) => c.timeframe)).toEqual(['15m']);
    expect(written.display.charted[0].kept).toBe(Math.min(written.display.charted[0].candles, written.display.chartCandles));
    const tradeCols = ['strategy_id', 'symbol', 'side', 'quantity', 'entry_time', 'entry_price', 'exit_time', 'exit_price', 'pnl', 'return', 'fees', 'exit_reason', 'funding', 'borrow_cost'];
    const trades = await readTableFile(join(out1(), 'trades.parquet'));
    expect(trades.columns.map((c) => c.name)).toEqual(tradeCols);
    expect(trades.columns.find((c) => c.name === 'entry_time')!.type).toBe('TIMESTAMP WITH TIME ZONE');
    expect(trades.rows.length, 'the example trades on this data').toBeGreaterThan(10);
    expect(readFileSync(join(out1(), 'trades.csv'), 'utf8').split('\n')[0]).toBe(tradeCols.join(','));
    const csv = await readTableFile(join(out1(), 'trades.csv'));
    expect(csv.rows.length, 'CSV and Parquet hold the same trades').toBe(trades.rows.length);

    const equity = await readTableFile(join(out1(), 'equity.parquet'));
    expect(equity.columns.map((c) => c.name)).toEqual(['time', 'strategy_id', 'equity', 'drawdown']);
    expect(new Set(equity.rows.map((r) => r.strategy_id))).toEqual(new Set(['macd_btc_15m', '__portfolio__']));
    const signals = await readTableFile(join(out1(), 'signals.parquet'));
    expect(signals.columns.map((c) => c.name)).toEqual(['time', 'strategy_id', 'symbol', 'action', 'price', 'confidence', 'reason']);

    const manifest = JSON.parse(readFileSync(join(out1(), 'manifest.json'), 'utf8'));
    expect(manifest.kind).toBe('backtest');
    expect(manifest.strategies[0]).toMatchObject({ id: 'macd_btc_15m', source: EXAMPLE, fillPolicy: 'market orders fill at the next bar open' });
    expect(manifest.strategies[0].configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.data).toMatchObject({ candles: 13681, hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(manifest.data.gaps[0].missing).toBeGreaterThan(0);
    expect(manifest.command).toContain('strata backtest examples/macd_btc_15m.json');
    const metrics = JSON.parse(readFileSync(join(out1(), 'metrics.json'), 'utf8'));
    expect(metrics.strategies[0].metrics.performance.totalTrades).toBe(trades.rows.length);
    expect(metrics.portfolio.totalTrades).toBe(trades.rows.length);
  });

  it('is deterministic: the same command twice gives identical trades.csv, metrics.json and equity.parquet', async () => {
    expect(second.code).toBe(0);
    for (const f of ['trades.csv', 'metrics.json', 'equity.parquet', 'trades.parquet', 'signals.parquet', 'prices-display.parquet']) {
      expect(readFileSync(join(out2(), f)).equals(readFileSync(join(out1(), f))), `${f} byte for byte`).toBe(true);
    }
    const a = await readTableFile(join(out1(), 'equity.parquet'), 'strategy_id, time');
    const b = await readTableFile(join(out2(), 'equity.parquet'), 'strategy_id, time');
    expect(b.rows, 'and row for row').toEqual(a.rows);
  });

  it('prints exactly one JSON object and nothing else on stdout with --json', async () => {
    const r = await runCli(['backtest', EXAMPLE, ...DATA, '--out', join(tmp, 'json'), '--no-register', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines.length, 'one line').toBe(1);
    const doc = JSON.parse(lines[0]);
    expect(Object.keys(doc).sort()).toEqual(['outDir', 'portfolio', 'runId', 'strategies']);
    expect(doc.outDir).toBe(join(tmp, 'json'));
    expect(doc.strategies).toEqual([{ id: 'macd_btc_15m', name: 'MACD BTC 15m Strategy', metrics: expect.any(Object), finalEquity: expect.any(Number), trades: expect.any(Number), rejected: [], benchmarks: { buyAndHold: expect.objectContaining({ name: 'buy and hold BTC/USDT' }), benchmark: null } }]);
    expect(doc.strategies[0].metrics.performance.totalTrades).toBe(doc.strategies[0].trades);
    expect(doc.strategies[0].metrics.status, 'the data ran out with the strategy running').toBe('finished');
    expect(doc.portfolio.totalTrades).toBe(doc.strategies[0].trades);
  });

  it('runs a config file holding an array of strategies', async () => {
    const base = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    const file = join(tmp, 'pair.json');
    writeFileSync(file, JSON.stringify([{ ...base, $schema: undefined, id: 'a' }, { ...base, $schema: undefined, id: 'b', timeframe: '1h' }]));
    const r = await runCli(['backtest', file, ...DATA, '--out', join(tmp, 'pair'), '--no-register', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).strategies.map((s: { id: string }) => s.id)).toEqual(['a', 'b']);
    const manifest = JSON.parse(readFileSync(join(tmp, 'pair', 'manifest.json'), 'utf8'));
    expect(manifest.strategies.map((s: { source: string }) => s.source)).toEqual([`${file}[0]`, `${file}[1]`]);
  });

  it('runs every config of a directory', async () => {
    const dir = join(tmp, 'configs');
    mkdirSync(dir);
    const base = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    delete base.$schema;
    writeFileSync(join(dir, 'one.json'), JSON.stringify({ ...base, id: 'one' }));
    writeFileSync(join(dir, 'two.json'), JSON.stringify({ ...base, id: 'two', timeframe: '5m' }));
    const r = await runCli(['backtest', dir, ...DATA, '--out', join(tmp, 'dir'), '--no-register', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).strategies.map((s: { id: string }) => s.id)).toEqual(['one', 'two']);
  });

  it('exits 1 naming the file and the problem for a bad config', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify({ symbol: 'BTC/USDT', timeframe: '15m', indicators: { macd: { fastPeriod: 30, slowPeriod: 26 } }, rules: { entry: { condition: 'macd_crossover_bullish' } } }));
    const r = await runCli(['backtest', file, ...DATA, '--no-register']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('indicators.macd.fastPeriod');
    expect(r.stdout).toBe('');
    const notJson = join(tmp, 'broken.json');
    writeFileSync(notJson, '{ "symbol": ');
    const j = await runCli(['backtest', notJson, ...DATA, '--no-register']);
    expect(j.code).toBe(1);
    expect(j.stderr).toMatch(new RegExp(`${notJson.replace(/[.\\/]/g, '\\$&')}: not valid JSON`));
  });

  it('exits 1 naming the file for missing data', async () => {
    const r = await runCli(['backtest', EXAMPLE, '--data', join(tmp, 'nope.json'), '--no-register']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(tmp, 'nope.json')}: no such data file`);
    const missingConfig = await runCli(['backtest', join(tmp, 'missing.json'), ...DATA, '--no-register']);
    expect(missingConfig.code).toBe(1);
    expect(missingConfig.stderr).toContain(join(tmp, 'missing.json'));
  });

  it('exits 2 for usage errors, with the help', async () => {
    for (const args of [
      ['backtest', EXAMPLE],
      ['backtest', ...DATA],
      ['backtest', EXAMPLE, ...DATA, '--bogus'],
      ['backtest', EXAMPLE, ...DATA, '--sort', 'colour'],
      ['backtest', EXAMPLE, ...DATA, '--capital', '-5'],
      ['backtest', EXAMPLE, ...DATA, '--capital=-5'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^error: .*\n\nUsage: strata backtest/s);
    }
  });
});

describe('strata backtest --monte-carlo', () => {
  it('resamples each strategy\'s trades, prints p5/p50/p95 and writes monte-carlo.json, deterministically for a seed', async () => {
    const a = await runCli(['backtest', EXAMPLE, ...DATA, '--out', join(tmp, 'mc1'), '--no-register', '--monte-carlo', '300', '--seed', '3']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/Monte Carlo: 300 resamples per method, seed 3/);
    expect(a.stdout).toMatch(/MaxDD p5\s+p50\s+p95\s+Return p5\s+p50\s+p95/);
    const doc = JSON.parse(readFileSync(join(tmp, 'mc1', 'monte-carlo.json'), 'utf8'));
    expect(doc).toMatchObject({ runs: 300, seed: 3, strategies: [{ id: 'macd_btc_15m', shuffle: expect.any(Object), bootstrap: expect.any(Object) }] });
    const s = doc.strategies[0];
    for (const m of ['shuffle', 'bootstrap']) {
      expect(s[m].maxDrawdown.p5).toBeLessThanOrEqual(s[m].maxDrawdown.p50);
      expect(s[m].maxDrawdown.p50).toBeLessThanOrEqual(s[m].maxDrawdown.p95);
    }
    const metrics = JSON.parse(readFileSync(join(tmp, 'mc1', 'metrics.json'), 'utf8'));
    expect(s.trades).toBe(metrics.strategies[0].metrics.performance.totalTrades);
    const manifest = JSON.parse(readFileSync(join(tmp, 'mc1', 'manifest.json'), 'utf8'));
    expect(manifest.files).toContain('monte-carlo.json');
    expect(manifest.monteCarlo).toEqual({ runs: 300, seed: 3 });

    const b = await runCli(['backtest', EXAMPLE, ...DATA, '--out', join(tmp, 'mc2'), '--no-register', '--monte-carlo', '300', '--seed', '3', '--json']);
    expect(b.code, b.stderr).toBe(0);
    expect(readFileSync(join(tmp, 'mc2', 'monte-carlo.json'), 'utf8'), 'same seed, same file').toBe(readFileSync(join(tmp, 'mc1', 'monte-carlo.json'), 'utf8'));
    expect(JSON.parse(b.stdout).monteCarlo).toEqual(doc);
  });

  it('exits 2 for a bad count or a seed without --monte-carlo', async () => {
    for (const extra of [['--monte-carlo', '0'], ['--monte-carlo', 'lots'], ['--seed', '4'], ['--monte-carlo', '10', '--seed', '-1']]) {
      expect((await runCli(['backtest', EXAMPLE, ...DATA, '--no-register', ...extra])).code, extra.join(' ')).toBe(2);
    }
  });
});

describe('strata runs', () => {
  it('lists the registered runs and shows one by id or prefix', async () => {
    const runId = (first.stdout.match(/Run (\S+) written/) ?? [])[1];
    expect(runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    const list = await runCli(['runs', 'list', '--results-db', db, '--json']);
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as { run_id: string; kind: string; out_dir: string }[];
    expect(rows.map((r) => r.run_id)).toContain(runId);
    expect(rows.find((r) => r.run_id === runId)).toMatchObject({ kind: 'backtest', out_dir: out1() });
    const text = await runCli(['runs', 'list', '--results-db', db]);
    expect(text.stdout).toContain(runId);

    const show = await runCli(['runs', 'show', runId, '--results-db', db, '--json']);
    expect(show.code, show.stderr).toBe(0);
    const doc = JSON.parse(show.stdout);
    expect(doc.run.run_id).toBe(runId);
    expect(doc.strategies.map((s: { strategy_id: string }) => s.strategy_id)).toEqual(['macd_btc_15m']);
    const metrics = JSON.parse(readFileSync(join(out1(), 'metrics.json'), 'utf8'));
    expect(doc.strategies[0].trades).toBe(metrics.strategies[0].metrics.performance.totalTrades);

    const missing = await runCli(['runs', 'show', 'no-such-run', '--results-db', db]);
    expect(missing.code).toBe(1);
  });
});
