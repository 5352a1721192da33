import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../data/import.ts';
import { openStore } from '../../data/store.ts';
import { runBacktestJob, type BacktestJobResult } from '../../backtest/run/backtest-job.ts';

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
