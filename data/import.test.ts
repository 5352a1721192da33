import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readParquet } from './formats/parquet.ts';
import { importFile, loadFile, MissingOptionError } from './import.ts';
import { readSeries } from './store-read.ts';
import { openStore, type Store } from './store.ts';
import { candlesChecksum, quarantineRows, sample, tempDir } from '../testkit/data.ts';
import { REASON } from './validate.ts';
import { withScratchDuckDB, sqlString } from './duck-scratch.ts';

let store: Store;
let tmp: ReturnType<typeof tempDir>;
beforeEach(async () => {
  store = await openStore(':memory:');
  tmp = tempDir();
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

/** Row counts from data/samples/README.md. */
const SAMPLES = [
  { file: 'UNITTEST_BTC-1m.json', rows: 13_681, symbol: 'UNITTEST/BTC', timeframe: '1m' },
  { file: 'UNITTEST_BTC-5m.feather', rows: 5_760, symbol: 'UNITTEST/BTC', timeframe: '5m' },
  { file: 'UNITTEST_BTC-30m.feather', rows: 1_920, symbol: 'UNITTEST/BTC', timeframe: '30m' },
  { file: 'LTC_BTC-5m.feather', rows: 5_760, symbol: 'LTC/BTC', timeframe: '5m' },
  { file: 'XRP_ETH-1m.feather', rows: 2_469, symbol: 'XRP/ETH', timeframe: '1m' },
  { file: 'orcl-1995-2014.txt', rows: 5_036, symbol: 'ORCL', timeframe: '1d', opts: { symbol: 'ORCL' } },
];

describe('importing the real sample files', () => {
  it.each(SAMPLES)('$file imports all $rows rows as $symbol $timeframe', async ({ file, rows, symbol, timeframe, opts }) => {
    const report = await importFile(store, sample(file), opts ?? {});
    expect(report.series).toEqual({ exchange: 'default', symbol, timeframe });
    expect(report.rowsRead).toBe(rows);
    expect(report.imported, 'real data: nothing quarantined or duplicated').toBe(rows);
    expect(report.quarantined).toBe(0);
    const stored = await readSeries(store, report.series);
    expect(stored.length).toBe(rows);
  });

  it('infers the daily timeframe of the ORCL CSV from the median spacing despite weekends', async () => {
    const report = await importFile(store, sample('orcl-1995-2014.txt'), { symbol: 'ORCL' });
    expect(report.timeframeFrom).toBe('data');
    expect(report.gaps.missing, 'weekends and holidays are gaps of a 1d series').toBeGreaterThan(2000);
    expect(report.first).toBe(Date.UTC(1995, 0, 3));
    expect(report.last).toBe(Date.UTC(2014, 11, 31));
  });

  it('aggregates the 12,477 XRP/ETH trades into exactly the candles of XRP_ETH-1m.feather', async () => {
    const trades = await importFile(store, sample('XRP_ETH-trades.parquet'), { timeframe: '1m', exchange: 'from-trades' });
    expect(trades.kind).toBe('trades');
    expect(trades.rowsRead).toBe(12_477);
    const feather = await importFile(store, sample('XRP_ETH-1m.feather'), { exchange: 'from-feather' });
    const a = await readSeries(store, trades.series);
    const b = await readSeries(store, feather.series);
    expect(a.length).toBe(2_469);
    expect(Array.from(a.openTime)).toEqual(Array.from(b.openTime));
    expect(Array.from(a.open)).toEqual(Array.from(b.open));
    expect(Array.from(a.high)).toEqual(Array.from(b.high));
    expect(Array.from(a.low)).toEqual(Array.from(b.low));
    expect(Array.from(a.close)).toEqual(Array.from(b.close));
    expect(Array.from(a.volume), 'amounts summed in time order, as pandas did').toEqual(Array.from(b.volume));
  });

  it('trades need --timeframe; files without a freqtrade name need --symbol', async () => {
    await expect(loadFile(sample('XRP_ETH-trades.parquet'))).rejects.toBeInstanceOf(MissingOptionError);
    await expect(loadFile(sample('orcl-1995-2014.txt'))).rejects.toThrow(/--symbol is required/);
  });

  it('is idempotent: importing the same file twice changes nothing', async () => {
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,1\n2024-01-02,1,0.1,0.5,1.5,1\n');
    for (const s of SAMPLES) await importFile(store, sample(s.file), s.opts ?? {});
    await importFile(store, bad, { symbol: 'BAD/USDT' });
    const first = await candlesChecksum(store);
    const q1 = await quarantineRows(store);
    for (const s of SAMPLES) await importFile(store, sample(s.file), s.opts ?? {});
    await importFile(store, bad, { symbol: 'BAD/USDT' });
    expect(await candlesChecksum(store)).toBe(first);
    expect(await quarantineRows(store), 'the quarantine holds the latest import of each file, once').toEqual(q1);
    expect(first.startsWith('34627:'), 'sum of sample rows + 1 good row').toBe(true);
  });
});

describe('validation during import', () => {
  const BAD = [
    'Date,Open,High,Low,Close,Volume',
    '2024-01-01T00:00:00Z,10,12,9,11,5', // 1 ok
    '2024-01-01T00:01:00Z,NaN,12,9,11,5', // 2 NaN
    '2024-01-01T00:02:00Z,10,12,9,11,Infinity', // 3 Infinity
    '2024-01-01T00:03:00Z,0,12,9,11,5', // 4 zero price
    '2024-01-01T00:04:00Z,10,12,9,11,-5', // 5 negative volume
    '2024-01-01T00:05:00Z,10,8,9,8.5,5', // 6 high < low
    '2024-01-01T00:06:00Z,13,12,9,11,5', // 7 open outside
    '2024-01-01T00:07:00Z,10,12,9,8,5', // 8 close outside
    'garbage,10,12,9,11,5', // 9 bad timestamp
    '2024-01-01T00:09:00Z,10,12', // 10 malformed
    '2024-01-01T00:12:00Z,10,12,9,11,5', // 11 ok, later
    '2024-01-01T00:10:00Z,10,12,9,11,5', // 12 ok, out of order
    '2024-01-01T00:10:00Z,10,12,9,10.5,6', // 13 same time as 12, other values: wins, 12 is a conflict
    '2024-01-01T00:10:00Z,10,12,9,10.5,6', // 14 exact copy of 13, the row kept
  ].join('\n');

  it('quarantines each kind of bad row with file, row number and reason, and reports the summary', async () => {
    const file = join(tmp.dir, 'bad.csv');
    writeFileSync(file, BAD + '\n');
    const r = await importFile(store, file, { symbol: 'BAD/USDT', timeframe: '1m' });
    expect(r.rowsRead).toBe(14);
    expect(r.imported).toBe(3);
    expect(r.quarantined, '8 bad rows, 1 malformed, 1 conflict').toBe(10);
    expect(r.duplicates, 'row 13 is repeated exactly by row 14').toBe(1);
    expect(r.conflicts, 'row 12 differs from row 13 at the same time').toBe(1);
    expect(r.reordered, 'rows 12, 13 and 14 came after row 11').toBe(3);
    expect(r.rowsRead, 'nothing lost silently').toBe(r.imported + r.quarantined + r.duplicates);
    expect(r.byReason).toEqual({
      [REASON.nonFinite]: 2,
      [REASON.nonPositivePrice]: 1,
      [REASON.negativeVolume]: 1,
      [REASON.highBelowLow]: 1,
      [REASON.openOutside]: 1,
      [REASON.closeOutside]: 1,
      [REASON.badTimestamp]: 1,
      [REASON.malformed]: 1,
      [REASON.conflict]: 1,
    });
    expect(r.gaps.missing, '00:01..00:09 and 00:11 are missing').toBe(10);
    const q = await quarantineRows(store);
    expect(q.map((x) => [x.row, x.reason])).toEqual([
      [2, REASON.nonFinite],
      [3, REASON.nonFinite],
      [4, REASON.nonPositivePrice],
      [5, REASON.negativeVolume],
      [6, REASON.highBelowLow],
      [7, REASON.openOutside],
      [8, REASON.closeOutside],
      [9, REASON.badTimestamp],
      [10, REASON.malformed],
      [12, REASON.conflict],
    ]);
    expect(q[9].raw, 'the conflicting row and the row kept in its place').toBe(
      '2024-01-01T00:10:00Z,10,12,9,11,5  (kept: row 14: 2024-01-01T00:10:00Z,10,12,9,10.5,6)',
    );
    expect(q[4]).toEqual({ source: file, row: 6, reason: REASON.highBelowLow, raw: '2024-01-01T00:05:00Z,10,8,9,8.5,5' });
    const stored = await readSeries(store, r.series);
    expect(Array.from(stored.close), 'the later duplicate of 00:10 wins').toEqual([11, 10.5, 11]);
  });

  it('quarantines bad rows of JSON and Parquet files too, by element number', async () => {
    const json = join(tmp.dir, 'X_Y-1m.json');
    const t = Date.UTC(2024, 0, 1);
    writeFileSync(json, JSON.stringify([[t, 1, 2, 0.5, 1.5, 1], [t + 60_000, 1, 0.4, 0.5, 1.5, 1], 'junk', [t + 120_000, 1, 2, 0.5, 1.5, null]]));
    const r = await importFile(store, json);
    expect(r.series.symbol).toBe('X/Y');
    expect((await quarantineRows(store)).map((x) => [x.row, x.reason])).toEqual([
      [2, REASON.highBelowLow],
      [3, REASON.malformed],
      [4, REASON.nonFinite],
    ]);
    const pq = join(tmp.dir, 'bad.parquet');
    await withScratchDuckDB((c) =>
      c.run(
        `COPY (SELECT * FROM (VALUES (${t}, 1.0, 2.0, 0.5, 1.5, 1.0), (${t + 60_000}, -1.0, 2.0, 0.5, 1.5, 1.0)) v(ts, open, high, low, close, volume)) TO ${sqlString(pq)} (FORMAT parquet)`,
      ),
    );
    expect((await readParquet(pq)).rowNumbers).toEqual(Float64Array.from([1, 2]));
    const rp = await importFile(store, pq, { symbol: 'P/Q', timeframe: '1m' });
    expect([rp.imported, rp.byReason]).toEqual([1, { [REASON.nonPositivePrice]: 1 }]);
  });

  it('quarantines bad rows of an Arrow file across its record batches, a null as a missing value, by row number', async () => {
    const t = Date.UTC(2024, 0, 1);
    const batches = [0, 10, 20].flatMap((at) => {
      const rows = Array.from({ length: 10 }, (_, k) => at + k);
      return tableFromArrays({
        open_time: Float64Array.from(rows, (i) => t + i * 60_000),
        open: Float64Array.from(rows, () => 10),
        high: Float64Array.from(rows, (i) => (i === 13 ? 8 : 11)),
        low: Float64Array.from(rows, () => 9),
        close: Float64Array.from(rows, () => 10),
        volume: rows.map((i) => (i === 25 ? null : 1)),
      }).batches;
    });
    const file = join(tmp.dir, 'bad.arrow');
    writeFileSync(file, tableToIPC(new Table(batches), 'file'));
    const r = await importFile(store, file, { symbol: 'A/B', timeframe: '1m' });
    expect([r.rowsRead, r.imported, r.quarantined]).toEqual([30, 28, 2]);
    expect((await quarantineRows(store)).map((x) => [x.source, x.row, x.reason]), 'rows 14 and 26 of the file, in its second and third batch').toEqual([
      [file, 14, REASON.highBelowLow],
      [file, 26, REASON.nonFinite],
    ]);
  });

  it('--fill-gaps flat adds zero-volume candles at the previous close, flagged synthetic, and never over real ones', async () => {
    const file = join(tmp.dir, 'gappy.csv');
    writeFileSync(file, 'time,open,high,low,close,volume\n2024-01-01 00:00,10,12,9,11,5\n2024-01-01 00:03,11,13,10,12,5\n');
    const r = await importFile(store, file, { symbol: 'G/USDT', timeframe: '1m', fillGaps: 'flat' });
    expect([r.imported, r.synthetic, r.gaps.missing]).toEqual([2, 2, 2]);
    const s = await readSeries(store, r.series);
    expect(Array.from(s.close)).toEqual([11, 11, 11, 12]);
    expect(Array.from(s.volume)).toEqual([5, 0, 0, 5]);
    expect(Array.from(s.synthetic)).toEqual([0, 1, 1, 0]);
    expect(s.high[1]).toBe(11);

    const real = join(tmp.dir, 'real.csv');
    writeFileSync(real, 'time,open,high,low,close,volume\n2024-01-01 00:01,11,11.5,10.5,11.2,3\n');
    await importFile(store, real, { symbol: 'G/USDT', timeframe: '1m' });
    await importFile(store, file, { symbol: 'G/USDT', timeframe: '1m', fillGaps: 'flat' });
    const after = await readSeries(store, r.series);
    expect(Array.from(after.synthetic), 're-filling keeps the real 00:01 candle').toEqual([0, 0, 1, 0]);
    expect(after.close[1]).toBe(11.2);
  });
});
