/**
 * No lost runs: four `strata backtest` processes register into one results database at once while a fifth
 * process lists it; a registration that cannot get the database (held by another process past the wait) is
 * left pending in the run folder and registered by the next command; `strata runs reindex` rebuilds a deleted
 * database from the run folders; two `data import`s into one candle store take turns.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'strata-registration-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const DATA = 'data/samples/UNITTEST_BTC-5m.feather';
function config(i: number): string {
  const path = join(tmp, `bb${i}.json`);
  writeFileSync(path, JSON.stringify({
    id: `bb${i}`, symbol: 'BTC/USDT', timeframe: '5m',
    indicators: { bb: { period: 16 + i, stdDev: 2 }, rsi: { period: 14 } },
    rules: { entry: { condition: 'close < bb.lower AND rsi < 35', confidence: 0.6 }, exit: { condition: 'close > bb.middle OR rsi > 65', confidence: 0.6 } },
    risk: { maxPositionSize: 0.15 },
  }));
  return path;
}
const backtest = (i: number, db: string, runs: string, env: Record<string, string> = {}) =>
  runCli(['backtest', config(i), '--data', DATA, '--symbol', 'BTC/USDT', '--results-db', db, '--out', join(runs, `run${i}`)], 180_000, env);
const list = async (db: string) => {
  const r = await runCli(['runs', 'list', '--json', '--results-db', db]);
  return { ...r, rows: r.code === 0 ? (JSON.parse(r.stdout) as { out_dir: string }[]) : [] };
};

describe('results database under concurrency', () => {
  it('four concurrent backtests and a reader: every run is registered, every command succeeds', async () => {
    const db = join(tmp, 'four.duckdb');
    const runs = join(tmp, 'four');
    let writing = true;
    const reads: Awaited<ReturnType<typeof list>>[] = [];
    const reader = (async () => {
      while (writing) reads.push(await list(db));
    })();
    const results = await Promise.all([0, 1, 2, 3].map((i) => backtest(i, db, runs)));
    writing = false;
    await reader;
    for (const [i, r] of results.entries()) expect(r.code, `backtest ${i}: ${r.stderr}`).toBe(0);
    for (const r of results) expect(r.stderr, 'registered at once, not left pending').not.toMatch(/not yet in/);
    expect(reads.length, 'the reader ran while the backtests did').toBeGreaterThan(0);
    for (const r of reads) expect(r.code, `runs list while backtests write: ${r.stderr}`).toBe(0);
    const after = await list(db);
    expect(after.rows.map((r) => r.out_dir).sort(), 'all four runs are in the database').toEqual([0, 1, 2, 3].map((i) => join(runs, `run${i}`)));
  }, 300_000);

  it('a registration that cannot get the database is registered by the next command; reindex rebuilds the database', async () => {
    const db = join(tmp, 'held.duckdb');
    const runs = join(tmp, 'held');
    const hold = await DuckDBInstance.create(db); // this process keeps the file locked
    const r = await backtest(0, db, runs, { STRATA_DB_WAIT_MS: '300' });
    expect(r.code, `the run itself succeeded: ${r.stderr}`).toBe(0);
    expect(r.stderr).toMatch(/is saved in .*run0 but not yet in .*held\.duckdb .*stayed locked by another process/);
    hold.closeSync();
    expect((await list(db)).rows.map((x) => x.out_dir), 'the next command registers the pending run').toEqual([join(runs, 'run0')]);

    expect((await backtest(1, db, runs)).code).toBe(0);
    rmSync(db);
    expect((await list(db)).rows, 'a deleted database has no runs').toEqual([]);
    const re = await runCli(['runs', 'reindex', '--runs-dir', runs, '--results-db', db, '--json']);
    expect(re.code, re.stderr).toBe(0);
    expect(JSON.parse(re.stdout).registered).toHaveLength(2);
    expect((await list(db)).rows.map((x) => x.out_dir).sort(), 'rebuilt from the run folders').toEqual([join(runs, 'run0'), join(runs, 'run1')]);
  }, 300_000);

  it('two imports of one file into one store at once both succeed, and the store holds the file once', async () => {
    const store = join(tmp, 'store.duckdb');
    const imports = await Promise.all([0, 1].map(() => runCli(['data', 'import', DATA, '--symbol', 'BTC/USDT', '--store', store])));
    for (const r of imports) expect(r.code, r.stderr).toBe(0);
    const { queryDb } = await import('./cli-helpers.ts');
    const [row] = await queryDb(store, 'SELECT count(*)::DOUBLE AS n FROM candles');
    expect(row.n, 'the second import replaced the first candle for candle').toBe(5760);
  }, 300_000);
});
