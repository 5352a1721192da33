import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSeries } from './export.ts';
import { importFile } from './import.ts';
import { readSeries } from './store-read.ts';
import { openStore, type Store } from './store.ts';
import { sample, tempDir } from '../testkit/data.ts';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
beforeAll(async () => {
  tmp = tempDir();
  store = await openStore(':memory:');
  await importFile(store, sample('UNITTEST_BTC-1m.json'));
  await importFile(store, sample('orcl-1995-2014.txt'), { symbol: 'ORCL', fillGaps: 'flat' });
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('export', () => {
  it.each(['parquet', 'csv', 'arrow'] as const)('round-trips through %s: a fresh store gets identical rows', async (format) => {
    for (const series of [
      { exchange: 'default', symbol: 'UNITTEST/BTC', timeframe: '1m' },
      { exchange: 'default', symbol: 'ORCL', timeframe: '1d' },
    ]) {
      const out = join(tmp.dir, `${series.symbol.replace('/', '_')}.${format}`);
      const n = await exportSeries(store, series, out, format);
      const fresh = await openStore(':memory:');
      const report = await importFile(fresh, out, { symbol: series.symbol, timeframe: series.timeframe });
      expect(report.rowsRead).toBe(n);
      expect(report.quarantined).toBe(0);
      const a = await readSeries(store, series);
      const b = await readSeries(fresh, series);
      expect(b).toEqual(a);
      fresh.close();
    }
  });

  it('exports a time range only (from inclusive, to exclusive)', async () => {
    const series = { exchange: 'default', symbol: 'UNITTEST/BTC', timeframe: '1m' };
    const from = Date.UTC(2017, 10, 5);
    const to = Date.UTC(2017, 10, 6);
    const out = join(tmp.dir, 'day.csv');
    const n = await exportSeries(store, series, out, 'csv', { from, to });
    const expected = await readSeries(store, series, { from, to });
    expect(n).toBe(expected.length);
    expect(expected.openTime[0]).toBe(from);
    const fresh = await openStore(':memory:');
    await importFile(fresh, out, { symbol: series.symbol, timeframe: '1m' });
    expect(await readSeries(fresh, series)).toEqual(expected);
    expect(Math.max(...(await readSeries(fresh, series)).openTime)).toBeLessThan(to);
    fresh.close();
  });
});
