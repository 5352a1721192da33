/** The SQL import (import-sql.ts) against values computed here from the file's text, row by row. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quarantineRows, sample, tempDir } from '../testkit/data.ts';
import { sqlString, withScratchDuckDB } from './duck-scratch.ts';
import { importFile, type ImportOptions } from './import.ts';
import { containerOf, fileHead } from './import-names.ts';
import { dropImportTables, importBySql } from './import-sql.ts';
import { readSeries } from './store-read.ts';
import { openStore, type Store } from './store.ts';
import { REASON } from './validate.ts';

let store: Store;
let tmp: ReturnType<typeof tempDir>;
beforeEach(async () => {
  store = await openStore(join((tmp = tempDir()).dir, 'store.duckdb'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

/** 1,000 minute bars, five of them bad in five different ways (row number -> the reason). */
const BAD_ROWS = new Map<number, string>([
  [17, REASON.nonFinite],
  [123, REASON.highBelowLow],
  [456, REASON.negativeVolume],
  [789, REASON.badTimestamp],
  [999, REASON.misaligned],
]);

function thousandRows(): string[] {
  const lines: string[] = [];
  for (let row = 1; row <= 1000; row++) {
    const t = T0 + (row - 1) * MINUTE;
    const open = 100 + (row % 37) * 0.25;
    let fields = [new Date(t).toISOString(), open, open + 1.5, open - 1.25, open + 0.5, 10 + (row % 11)].map(String);
    if (row === 17) fields[3] = 'NaN';
    if (row === 123) fields = [fields[0], String(open), String(open - 2), String(open - 1), String(open - 1.5), '5'];
    if (row === 456) fields[5] = '-3';
    if (row === 789) fields[0] = '2024-13-01T00:00:00Z';
    if (row === 999) fields[0] = new Date(t + 30_000).toISOString();
    lines.push(fields.join(','));
  }
  return lines;
}

/** The good rows recomputed from the lines: plain Number() and Date.parse, no Strata code. */
function expectedGood(lines: string[]) {
  return lines
    .filter((_, i) => !BAD_ROWS.has(i + 1))
    .map((line) => {
      const [time, ...values] = line.split(',');
      return [Date.parse(time), ...values.map(Number)];
    });
}

/** The report of the SQL path itself (null if it handed the file to the JS path), importing the file again. */
async function sqlReport(file: string, opts: ImportOptions = {}) {
  const head = fileHead(file);
  try {
    return await importBySql(store, file, opts, containerOf(file, head), head, (write) => write());
  } finally {
    await dropImportTables(store.connection);
  }
}

async function storedRows(series: Parameters<typeof readSeries>[1]) {
  const s = await readSeries(store, series);
  return Array.from({ length: s.length }, (_, i) => [s.openTime[i], s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]]);
}

describe('the SQL import', () => {
  it('quarantines exactly the 5 bad rows of a 1,000-row CSV, with their row numbers and reasons, and stores the other 995 as written', async () => {
    const lines = thousandRows();
    const file = join(tmp.dir, 'ABC_USDT-1m.csv');
    writeFileSync(file, ['time,open,high,low,close,volume', ...lines].join('\n') + '\n');
    const r = await importFile(store, file);
    expect(await sqlReport(file), 'read by SQL, and again the same').toEqual(r);
    expect([r.rowsRead, r.imported, r.quarantined, r.duplicates, r.conflicts, r.reordered]).toEqual([1000, 995, 5, 0, 0, 0]);
    const q = await quarantineRows(store);
    expect(q.map((x) => [x.row, x.reason])).toEqual([...BAD_ROWS]);
    expect(q[2], 'the file, the row number and the row as written').toEqual({ source: file, row: 456, reason: REASON.negativeVolume, raw: lines[455] });
    expect(r.firstRejected.map((x) => x.rowNumber)).toEqual([17, 123, 456, 789, 999]);
    expect(r.byReason).toEqual(Object.fromEntries([...BAD_ROWS].map(([, reason]) => [reason, 1])));
    expect(await storedRows(r.series)).toEqual(expectedGood(lines));
    expect(r.gaps.missing, 'the five refused minutes are gaps; the misaligned one is the next to last').toBe(5);
    expect([r.first, r.last]).toEqual([T0, T0 + 999 * MINUTE]);
  });

  it('reads the same rows from Parquet, numbered by their place in the file', async () => {
    const lines = thousandRows();
    const csv = join(tmp.dir, 'rows.csv');
    writeFileSync(csv, ['time,open,high,low,close,volume', ...lines].join('\n') + '\n');
    const pq = join(tmp.dir, 'rows.parquet');
    // Epoch ms as numbers; row 789's unreadable time becomes NULL.
    await withScratchDuckDB((c) =>
      c.run(
        `COPY (SELECT epoch_ms(try_cast(time AS TIMESTAMPTZ)) AS ts, open, high, low, close, volume FROM read_csv(${sqlString(csv)}, header = true, all_varchar = true)) TO ${sqlString(pq)} (FORMAT parquet)`,
      ),
    );
    const r = await importFile(store, pq, { symbol: 'ABC/USDT', timeframe: '1m' });
    expect(await sqlReport(pq, { symbol: 'ABC/USDT', timeframe: '1m' }), 'read by SQL').toEqual(r);
    expect([r.rowsRead, r.imported, r.quarantined]).toEqual([1000, 995, 5]);
    expect((await quarantineRows(store)).map((x) => [x.row, x.reason])).toEqual([...BAD_ROWS]);
    expect(await storedRows(r.series)).toEqual(expectedGood(lines));
  });

  it('imports a quoted field holding a newline as one field of its row, and numbers the rows after it by record', async () => {
    const file = join(tmp.dir, 'notes.csv');
    const text = [
      'date,open,high,low,close,volume,note',
      '2024-01-01,10,12,9,11,5,plain',
      '2024-01-02,11,13,10,12,6,"halted at noon,\nresumed at 2pm"',
      '2024-01-03,12,14,11,13,-1,"negative ""volume"""',
      '2024-01-04,13,15,12,14,7,',
    ].join('\n');
    writeFileSync(file, text + '\n');
    const r = await importFile(store, file, { symbol: 'N/USDT', timeframe: '1d' });
    expect(await sqlReport(file, { symbol: 'N/USDT', timeframe: '1d' }), 'read by SQL').toEqual(r);
    expect([r.rowsRead, r.imported, r.quarantined]).toEqual([4, 3, 1]);
    expect((await quarantineRows(store)).map((x) => [x.row, x.reason]), 'the quoted newline does not start a row').toEqual([[3, REASON.negativeVolume]]);
    const s = await readSeries(store, r.series);
    expect(Array.from(s.close)).toEqual([11, 12, 14]);
    expect(Array.from(s.openTime)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 4)]);
  });

  it("imports freqtrade's gzipped JSON (.json.gz) into the store as the plain file", async () => {
    const plain = sample('UNITTEST_BTC-1m.json');
    const gz = join(tmp.dir, 'UNITTEST_BTC-1m.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const r = await importFile(store, gz, { exchange: 'zipped' });
    expect(await sqlReport(gz, { exchange: 'zipped' }), 'read by SQL').toEqual(r);
    expect([r.container, r.rowsRead, r.imported, r.quarantined]).toEqual(['json', 13_681, 13_681, 0]);
    const rows = JSON.parse(readFileSync(plain, 'utf8')) as number[][];
    expect(await storedRows(r.series), 'every row as JSON.parse reads it').toEqual(rows);
  });
});

describe('the CSV layout check, which reads the file in 1 MB chunks', () => {
  const CHUNK = 1 << 20;
  const header = 'time,open,high,low,close,volume\n';
  const row = (i: number, volume = '1') => `${new Date(T0 + i * MINUTE).toISOString()},10,11,9,10,${volume}\n`;

  /** Good rows filling exactly the first `bytes` bytes (the last row's volume padded with zeros to fit). */
  function rowsFilling(bytes: number): string[] {
    const rows: string[] = [];
    let size = header.length;
    while (size + row(rows.length).length * 2 <= bytes) size += (rows.push(row(rows.length)), row(rows.length - 1).length);
    const last = bytes - size - row(rows.length).length;
    rows.push(row(rows.length, `1.${'0'.repeat(last - 1)}`));
    expect(header.length + rows.join('').length).toBe(bytes);
    return rows;
  }

  it('sees a blank line that straddles two chunks, so the file keeps the row numbering that counts it', async () => {
    const rows = rowsFilling(CHUNK); // the blank line's newline is the first byte of the second chunk
    const bad = `${new Date(T0 + rows.length * MINUTE).toISOString()},10,8,9,10,1\n`; // high below low
    const file = join(tmp.dir, 'BLANK_USDT-1m.csv');
    writeFileSync(file, header + rows.join('') + '\n' + bad);
    expect(await sqlReport(file), 'DuckDB would skip the blank line and number the bad row one lower').toBeNull();
    const r = await importFile(store, file);
    expect(r.firstRejected.map((x) => [x.rowNumber, x.reason])).toEqual([[rows.length + 2, REASON.highBelowLow]]);
    expect(r.imported).toBe(rows.length);
  });

  it('reads the same file without the blank line through SQL, the bad row numbered after the rows before it', async () => {
    const rows = rowsFilling(CHUNK);
    const file = join(tmp.dir, 'NOBLANK_USDT-1m.csv');
    writeFileSync(file, header + rows.join('') + `${new Date(T0 + rows.length * MINUTE).toISOString()},10,8,9,10,1\n`);
    const r = await sqlReport(file);
    expect(r?.firstRejected.map((x) => [x.rowNumber, x.reason])).toEqual([[rows.length + 1, REASON.highBelowLow]]);
  });
});

it('quarantines a row stamped hour 24 as a bad timestamp through SQL, as the JS reader does (DuckDB reads it as the next midnight)', async () => {
  const file = join(tmp.dir, 'H24_USDT-1h.csv');
  writeFileSync(file, ['time,open,high,low,close,volume', '2024-01-01 22:00:00,1,2,1,1,1', '2024-01-01 23:00:00,1,2,1,1,1', '2024-01-01 24:00:00,1,2,1,1,1', '2024-01-02 01:00:00,1,2,1,1,1'].join('\n') + '\n');
  const sql = await sqlReport(file);
  expect(sql, 'the SQL path reads this file').not.toBeNull();
  expect(sql!.firstRejected.map((x) => [x.rowNumber, x.reason])).toEqual([[3, REASON.badTimestamp]]);
  expect(sql!.imported).toBe(3);
});
