/** `strata sweep`, `strata walkforward` and `strata check lookahead` end to end, as child processes. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDb, readTableFile, runCli, type CliResult } from '../../../tests/backtest/cli-helpers.ts';
import { PERFORMANCE_COLUMNS } from '../../run/metric-select.ts';

const DATA = ['--data', 'data/samples/UNITTEST_BTC-1m.json', '--symbol', 'BTC/USDT'];
const EXAMPLE = 'examples/macd_btc_15m.json';
// 3 x 2 x 2 = 12 combinations, 2 of them invalid (fastPeriod 26 >= slowPeriod 26).
const PARAMS = ['--param', 'indicators.macd.fastPeriod=8:26:9', '--param', 'indicators.macd.slowPeriod=26,35', '--param', 'risk.stopLoss=0.01,0.02'];

let tmp: string;
let db: string;
let sweep1: CliResult;
let sweep2: CliResult;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'strata-sweep-cli-'));
  db = join(tmp, 'results.duckdb');
  sweep1 = await runCli(['sweep', EXAMPLE, ...DATA, ...PARAMS, '--workers', '1', '--out', join(tmp, 's1'), '--results-db', db]);
  sweep2 = await runCli(['sweep', EXAMPLE, ...DATA, ...PARAMS, '--workers', '2', '--out', join(tmp, 's2'), '--results-db', db, '--json']);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('strata sweep', () => {
  it('prints the ranked table and the skipped combinations with their reason', () => {
    expect(sweep1.code, sweep1.stderr).toBe(0);
    expect(sweep1.stdout).toMatch(/Rank\s+#\s+indicators\.macd\.fastPeriod\s+indicators\.macd\.slowPeriod\s+risk\.stopLoss\s+sharpe_per_bar \*/);
    expect(sweep1.stdout, 'the 9.5-day sample is under the 30-day minimum: Sharpe is "–" and the table says why').toContain('* ranked by sharpe_per_bar (--metric): mean / sd of per-bar returns, not annualised\nSharpe –: span ');
    expect(sweep1.stdout).toContain('2 combination(s) skipped: indicators.macd.fastPeriod: fastPeriod must be less than slowPeriod');
    expect(sweep1.stdout).toContain('12 combinations, 10 ran, 2 skipped, 0 errored; ranked by sharpe_per_bar');
  });

  it('writes one ranked results table (Parquet and CSV) with each parameter as a column and every metric', async () => {
    const t = await readTableFile(join(tmp, 's1', 'sweep.parquet'));
    expect(t.columns.map((c) => c.name)).toEqual([
      'rank',
      'combination',
      'status',
      'reason',
      'indicators.macd.fastPeriod',
      'indicators.macd.slowPeriod',
      'risk.stopLoss',
      ...PERFORMANCE_COLUMNS.map(([n]) => n),
    ]);
    expect(t.rows.length).toBe(12);
    expect(t.rows.map((r) => r.rank), 'best first, unranked (skipped) last').toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null, null]);
    for (let i = 1; i < 10; i++) expect(t.rows[i - 1].sharpe_per_bar as number).toBeGreaterThanOrEqual(t.rows[i].sharpe_per_bar as number);
    expect(t.rows.slice(0, 10).map((r) => r.sharpe), 'annualised Sharpe: null under the minimum span').toEqual(Array(10).fill(null));
    expect(t.rows.slice(0, 10).every((r) => typeof r.sharpe_per_bar === 'number'), 'the per-bar Sharpe is always there').toBe(true);
    expect(t.rows.slice(10).map((r) => [r.status, r['indicators.macd.fastPeriod'], r['indicators.macd.slowPeriod']])).toEqual([
      ['skipped', 26, 26],
      ['skipped', 26, 26],
    ]);
    const csv = await readTableFile(join(tmp, 's1', 'sweep.csv'));
    expect(csv.rows.map((r) => Number(r.combination)), 'the CSV holds the same rows in the same order').toEqual(t.rows.map((r) => r.combination));
    const manifest = JSON.parse(readFileSync(join(tmp, 's1', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'sweep', metric: 'sharpe_per_bar', combinations: 12, skipped: 2, files: ['manifest.json', 'sweep.parquet', 'sweep.csv'] });
    expect(manifest.layout['sweep.parquet']).toMatch(/heatmap/i);
    expect(manifest.best.combination).toBe(t.rows[0].combination);
  });

  it('gives the same table whatever the number of workers', () => {
    expect(sweep2.code, sweep2.stderr).toBe(0);
    expect(readFileSync(join(tmp, 's2', 'sweep.csv'), 'utf8')).toBe(readFileSync(join(tmp, 's1', 'sweep.csv'), 'utf8'));
    expect(readFileSync(join(tmp, 's2', 'sweep.parquet')).equals(readFileSync(join(tmp, 's1', 'sweep.parquet')))).toBe(true);
  });

  it('prints one JSON object with --json', () => {
    const lines = sweep2.stdout.split('\n').filter(Boolean);
    expect(lines.length).toBe(1);
    const doc = JSON.parse(lines[0]);
    expect(doc).toMatchObject({ metric: 'sharpe_per_bar', combinations: 12, skipped: 2, errored: 0, outDir: join(tmp, 's2') });
    expect(doc.results.length).toBe(12);
    expect(doc.results[0]).toMatchObject({ rank: 1, status: 'ok', params: { 'indicators.macd.fastPeriod': expect.any(Number), 'risk.stopLoss': expect.any(Number) } });
    expect(doc.results[0].score).toBe(doc.results[0].metrics.sharpePerBar);
    expect(doc.results[0].metrics.sharpeRatio, 'annualised: null under the minimum span').toBeNull();
    expect(doc.results[0].annualisation).toMatchObject({ applied: false, minimumSpanDays: 30, reason: expect.stringMatching(/^span \d+(\.\d)? days is shorter than the 30-day minimum/) });
  });

  it('registers every combination in the results database (sweep_results) and the sweep in runs', async () => {
    const runId = JSON.parse(sweep2.stdout).runId as string;
    const rows = await queryDb(db, `SELECT combination, rank, status, sharpe, params_json FROM sweep_results WHERE run_id = '${runId}' ORDER BY rank NULLS LAST, combination`);
    expect(rows.length).toBe(12);
    const t = await readTableFile(join(tmp, 's2', 'sweep.parquet'));
    expect(rows.map((r) => r.combination)).toEqual(t.rows.map((r) => r.combination));
    expect(rows.map((r) => r.sharpe)).toEqual(t.rows.map((r) => r.sharpe));
    expect(JSON.parse(rows[0].params_json as string)).toEqual({
      'indicators.macd.fastPeriod': t.rows[0]['indicators.macd.fastPeriod'],
      'indicators.macd.slowPeriod': t.rows[0]['indicators.macd.slowPeriod'],
      'risk.stopLoss': t.rows[0]['risk.stopLoss'],
    });
    const runs = await queryDb(db, `SELECT kind, strategies FROM runs WHERE run_id = '${runId}'`);
    expect(runs).toEqual([{ kind: 'sweep', strategies: 1 }]);
    const list = await runCli(['runs', 'list', '--results-db', db]);
    expect(list.stdout).toContain(runId);
  });

  it('exits 2 for a malformed --param, a missing one or an unknown metric', async () => {
    for (const args of [
      ['sweep', EXAMPLE, ...DATA],
      ['sweep', EXAMPLE, ...DATA, '--param', 'risk.stopLoss'],
      ['sweep', EXAMPLE, ...DATA, '--param', 'indicators.rsi.period=21:7:7'],
      ['sweep', EXAMPLE, ...DATA, '--param', 'risk.stopLoss=0.01', '--metric', 'luck'],
      ['sweep', EXAMPLE, ...DATA, '--param', 'risk.stopLoss=0.01', '--workers', 'x'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Usage: strata sweep/);
    }
  });

  it('exits 1 when every combination is invalid', async () => {
    const r = await runCli(['sweep', EXAMPLE, ...DATA, '--param', 'risk.stopLos=0.01,0.02', '--no-register', '--workers', '0', '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/every combination is an invalid config.*risk\.stopLos: unknown key/);
  });
});

describe('strata walkforward', () => {
  it('reports the chosen parameters per window and stitched out-of-sample metrics, and writes them', async () => {
    const out = join(tmp, 'wf');
    const args = ['walkforward', EXAMPLE, ...DATA, '--param', 'indicators.macd.fastPeriod=8,12', '--param', 'risk.stopLoss=0.01,0.02', '--train', '3d', '--test', '1d', '--out', out, '--results-db', db];
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Win\s+Train\s+Test\s+indicators\.macd\.fastPeriod\s+risk\.stopLoss\s+train sharpe_per_bar\s+OOS return/);
    expect(r.stdout).toMatch(/Out-of-sample \(7 windows stitched, \d+ bars\): return -?\d+\.\d+%, Sharpe –, Sharpe\/bar -?\d+\.\d{4}/);
    expect(r.stdout, 'one-day test windows are under the minimum: the reason is printed').toMatch(/Sharpe –: span \d+(\.\d)? days is shorter than the 30-day minimum/);
    for (const f of ['manifest.json', 'walkforward.json', 'windows.csv', 'windows.parquet', 'oos-equity.parquet', 'oos-trades.csv', 'oos-trades.parquet', 'train-results.parquet']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const report = JSON.parse(readFileSync(join(out, 'walkforward.json'), 'utf8'));
    expect(report.windows.length).toBe(7);
    expect(report.windows[0].chosen.params).toEqual({ 'indicators.macd.fastPeriod': expect.any(Number), 'risk.stopLoss': expect.any(Number) });
    const windows = await readTableFile(join(out, 'windows.parquet'), 'window_index');
    expect(windows.rows.map((w) => w['indicators.macd.fastPeriod'])).toEqual(report.windows.map((w: { chosen: { params: Record<string, number> } }) => w.chosen.params['indicators.macd.fastPeriod']));
    const equity = await readTableFile(join(out, 'oos-equity.parquet'));
    expect(equity.columns.map((c) => c.name)).toEqual(['time', 'window_index', 'equity', 'drawdown']);
    expect(equity.rows.length).toBe(report.oos.bars);
    const train = await readTableFile(join(out, 'train-results.parquet'));
    expect(train.rows.length, 'every combination of every window').toBe(7 * 4);

    const json = await runCli([...args.filter((a) => a !== '--results-db' && a !== db), '--no-register', '--json', '--workers', '0']);
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.oos, 'same result in this thread as on workers').toEqual(report.oos);
    expect(doc.windows).toEqual(report.windows);
  });

  it('exits 2 without --train/--test and 1 when the data is too short', async () => {
    const noTrain = await runCli(['walkforward', EXAMPLE, ...DATA, '--param', 'risk.stopLoss=0.01', '--test', '1d']);
    expect(noTrain.code).toBe(2);
    expect(noTrain.stderr).toMatch(/--train is required/);
    const tooLong = await runCli(['walkforward', EXAMPLE, ...DATA, '--param', 'risk.stopLoss=0.01', '--train', '180d', '--test', '30d', '--no-register']);
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toMatch(/too short/);
  });
});

describe('strata check lookahead', () => {
  it('passes a stock strategy (exit 0)', async () => {
    const r = await runCli(['check', 'lookahead', EXAMPLE, ...DATA]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/No lookahead found: signals up to each of 5 cut\(s\) are identical/);
  });

  it('catches a strategy that reads the future (exit 1) and shows the differing signals', async () => {
    const r = await runCli(['check', 'lookahead', 'tests/backtest/fixtures/leaky.json', ...DATA, '--points', '3']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/LOOKAHEAD/);
    expect(r.stdout).toMatch(/leaky_centred_ma signal #\d+:\n\s+full data:\s+.*\n\s+truncated data:/);
    const json = await runCli(['check', 'lookahead', 'tests/backtest/fixtures/leaky.json', ...DATA, '--points', '3', '--json']);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.cuts.length).toBe(3);
  });

  it('exits 2 for an unknown check or a missing config', async () => {
    expect((await runCli(['check', 'future', EXAMPLE, ...DATA])).code).toBe(2);
    expect((await runCli(['check', 'lookahead', ...DATA])).code).toBe(2);
    expect((await runCli(['check'])).code).toBe(2);
  });
});
