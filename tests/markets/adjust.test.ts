import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktestJob } from '../../backtest/run/backtest-job.ts';
import { readStoreColumns } from '../../data/historical-feed.ts';
import { importFile } from '../../data/import.ts';
import { openStore } from '../../data/store.ts';

const ORCL = 'data/samples/orcl-1995-2014.txt';
const dir = mkdtempSync(join(tmpdir(), 'strata-adjust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--adjust', () => {
  it("back-adjusts ORCL's OHLC by Adj Close (ratio method), and the store and the run manifest say so", async () => {
    const db = join(dir, 'adjusted.duckdb');
    const store = await openStore(db);
    try {
      const report = await importFile(store, ORCL, { symbol: 'ORCL', adjust: true });
      expect(report.prices).toBe('adjusted');
      const info = await store.connection.runAndReadAll('SELECT prices, market FROM series_info');
      expect(info.getRowObjects()).toEqual([{ prices: 'adjusted', market: 'crypto' }]);
    } finally {
      store.close();
    }
    const c = await readStoreColumns({ db, series: { symbol: 'ORCL', timeframe: '1d' } });
    // 1995-01-03: open 2.179012, close 2.117284, adj close 1.883304.
    const ratio = 1.883304 / 2.117284;
    expect(c.close[0], 'close becomes Adj Close').toBeCloseTo(1.883304, 12);
    expect(c.open[0], 'open × Adj Close / Close').toBeCloseTo(2.179012 * ratio, 12);
    expect(c.volume[0], 'volume as given').toBe(36_301_200);
    const last = readFileSync(ORCL, 'utf8').trim().split('\n').at(-1)!.split(',');
    expect(c.close[c.length - 1]).toBeCloseTo(Number(last[5]), 12);

    const job = await runBacktestJob({ configPaths: ['examples/stocks/ema_orcl_1d.json'], data: { paths: [db] }, outDir: join(dir, 'run'), resultsDb: null, command: 'test' });
    expect(JSON.parse(readFileSync(join(dir, 'run', 'manifest.json'), 'utf8')).data.prices).toEqual([{ symbol: 'ORCL', timeframe: '1d', prices: 'adjusted' }]);
    expect(job.data.prices[0].prices).toBe('adjusted');
  });

  it('unadjusted is the default, and stated', async () => {
    const job = await runBacktestJob({ configPaths: ['examples/stocks/ema_orcl_1d.json'], data: { paths: [ORCL] }, outDir: join(dir, 'plain'), resultsDb: null, command: 'test' });
    expect(job.data.prices).toEqual([{ symbol: 'ORCL', timeframe: '1d', prices: 'as given' }]);
  });

  it('needs an Adj Close column', async () => {
    const store = await openStore(':memory:');
    try {
      await expect(importFile(store, 'data/samples/UNITTEST_BTC-1m.json', { adjust: true })).rejects.toThrow('--adjust needs an "Adj Close" column');
    } finally {
      store.close();
    }
  });
});
