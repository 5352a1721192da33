import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlString, withScratchDuckDB } from './duck-scratch.ts';
import { writeTable, writeTablePartsWith, writeTableWith, type TableColumn } from './table-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-table-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 5,000 rows: three of the writer's 2,048-row chunks, so values cross chunk boundaries. */
const N = 5_000;
const DAY = 86_400_000;

function columns(): TableColumn[] {
  // A null in the first chunk only: the second chunk must come out whole (the vector's validity is reused).
  const withNull = Array.from({ length: N }, (_, i) => (i === 10 ? null : i * 0.5)) as unknown as number[];
  return [
    { name: 'typed', kind: 'number', values: Float64Array.from({ length: N }, (_, i) => i * 1.25) },
    { name: 'plain', kind: 'number', values: withNull },
    { name: 'time', kind: 'time', values: Array.from({ length: N }, (_, i) => Date.UTC(2024, 0, 1) + i * 60_000) },
    { name: 'few', kind: 'string', values: Array.from({ length: N }, (_, i) => ['alpha', "b'quote", 'gamma'][Math.floor(i / 1000) % 3]) },
    { name: 'many', kind: 'string', values: Array.from({ length: N }, (_, i) => `s${i % 300}`) },
    { name: 'day', kind: 'label', values: Array.from({ length: N }, (_, i) => Date.UTC(2024, 0, 1) + Math.floor(i / 10) * DAY), format: '%Y-%m-%d' },
  ];
}

async function readBack(path: string): Promise<Record<string, unknown>[]> {
  return withScratchDuckDB(async (c) => (await c.runAndReadAll(`SELECT typed, plain, epoch_ms(time) AS time, few, many, day FROM read_parquet(${sqlString(path)})`)).getRowObjectsJson() as Record<string, unknown>[]);
}

describe('writeTable', () => {
  it('writes every value of every column kind back exactly, in row order, across chunks', async () => {
    const path = join(dir, 't.parquet');
    await writeTable(path, 'parquet', columns());
    const rows = await readBack(path);
    expect(rows).toHaveLength(N);
    for (const i of [0, 9, 10, 11, 2047, 2048, 2049, 4095, 4096, 4999]) {
      const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 10) * DAY).toISOString().slice(0, 10);
      expect(rows[i], `row ${i}`).toEqual({
        typed: i * 1.25,
        plain: i === 10 ? null : i * 0.5,
        time: String(Date.UTC(2024, 0, 1) + i * 60_000),
        few: ['alpha', "b'quote", 'gamma'][Math.floor(i / 1000) % 3],
        many: `s${i % 300}`,
        day,
      });
    }
    expect(rows.filter((r) => r.plain === null).length, 'only row 10 is null').toBe(1);
  });

  it('writes the same bytes on one shared connection as on a connection of its own, every time', async () => {
    const own = join(dir, 'own.parquet');
    await writeTable(own, 'parquet', columns());
    const shared = [join(dir, 'shared-1.parquet'), join(dir, 'shared-2.parquet')];
    await withScratchDuckDB(async (conn) => {
      for (const p of shared) await writeTableWith(conn, p, 'parquet', columns());
    });
    for (const p of shared) expect(readFileSync(p).equals(readFileSync(own)), p).toBe(true);
  });

  it('writes times before 1970, with milliseconds, and falls back for a time that is not a whole ms', async () => {
    const times = [Date.UTC(1900, 0, 1), Date.UTC(1969, 11, 31, 23, 59, 59, 999), -1, 0, 1, Date.UTC(2173, 10, 16, 12, 0, 0, 7)];
    const whole = join(dir, 'times.parquet');
    await writeTable(whole, 'parquet', [{ name: 't', kind: 'time', values: times }]);
    const half = join(dir, 'half.parquet');
    await writeTable(half, 'parquet', [{ name: 't', kind: 'time', values: [...times, 1.5] }]);
    const read = (p: string) => withScratchDuckDB(async (c) => (await c.runAndReadAll(`SELECT epoch_ms(t)::DOUBLE, typeof(t) FROM read_parquet(${sqlString(p)})`)).getRows());
    expect((await read(whole)).map((r) => r[0])).toEqual(times);
    expect((await read(whole))[0][1]).toBe('TIMESTAMP WITH TIME ZONE');
    // The DOUBLE path rounds to the nearest ms (DuckDB's DOUBLE to BIGINT cast).
    expect((await read(half)).map((r) => r[0])).toEqual([...times, 2]);
    const csv = join(dir, 'times.csv');
    await writeTable(csv, 'csv', [{ name: 't', kind: 'time', values: times }]);
    expect(readFileSync(csv, 'utf8').trim().split('\n').slice(1)).toEqual(times.map((t) => new Date(t).toISOString()));
  });

  it('formats a label column of several formats row by row, in Parquet and CSV, after a column that follows it', async () => {
    const times = Array.from({ length: N }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY);
    const codes = Uint8Array.from({ length: N }, (_, i) => (i % 7 === 3 ? 1 : 0));
    const cols: TableColumn[] = [
      { name: 'period', kind: 'label', values: times, format: { formats: ['%Y-%m-%d', '%Y-%m'], codes } },
      { name: 'n', kind: 'number', values: Float64Array.from({ length: N }, (_, i) => i) },
    ];
    const expected = times.map((t, i) => new Date(t).toISOString().slice(0, i % 7 === 3 ? 7 : 10));
    const path = join(dir, 'labels.parquet');
    await writeTable(path, 'parquet', cols);
    const rows = await withScratchDuckDB(async (c) => (await c.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(path)})`)).getRows());
    expect(rows.map((r) => r.length), 'the format codes are not written out').toEqual(rows.map(() => 2));
    expect(rows.map((r) => r[0])).toEqual(expected);
    expect(rows.map((r) => r[1])).toEqual(times.map((_, i) => i));
    const csv = join(dir, 'labels.csv');
    await writeTable(csv, 'csv', cols);
    expect(readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0])).toEqual(expected);
  });

  it('writes strings given as enum codes, and strings of more distinct values than an ENUM holds as VARCHAR', async () => {
    const dictionary = Array.from({ length: 1000 }, (_, k) => `strategy_${k}`);
    const codes = Uint16Array.from({ length: N }, (_, i) => (i * 7) % 1000);
    const wide = Array.from({ length: 70_000 }, (_, i) => `v${i}`);
    const path = join(dir, 'enum.parquet');
    await writeTable(path, 'parquet', [{ name: 'id', kind: 'enum', dictionary, values: codes }]);
    const wpath = join(dir, 'wide.parquet');
    await writeTable(wpath, 'parquet', [{ name: 'w', kind: 'string', values: wide }]);
    const read = (p: string) => withScratchDuckDB(async (c) => (await c.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(p)})`)).getRows().map((r) => r[0]));
    expect(await read(path)).toEqual([...codes].map((k) => dictionary[k]));
    expect(await read(wpath)).toEqual(wide);
    await expect(writeTable(join(dir, 'dup.parquet'), 'parquet', [{ name: 'id', kind: 'enum', dictionary: ['a', 'a'], values: new Uint16Array(2) }])).rejects.toThrow('column id: the enum dictionary holds "a" twice');
    await expect(writeTable(join(dir, 'out.parquet'), 'parquet', [{ name: 'id', kind: 'enum', dictionary: ['a', 'b'], values: Uint16Array.of(0, 1, 2) }])).rejects.toThrow('column id row 2: code 2 is outside its dictionary of 2 values');
  });

  it('writes enum codes into a dictionary larger than an ENUM holds as the strings they name', async () => {
    const dictionary = Array.from({ length: 70_000 }, (_, k) => `id${k}`);
    const codes = Uint32Array.from({ length: N }, (_, i) => (i * 6_007) % 70_000);
    const path = join(dir, 'wide-enum.parquet');
    await writeTable(path, 'parquet', [{ name: 'id', kind: 'enum', dictionary, values: codes }]);
    const got = await withScratchDuckDB(async (c) => (await c.runAndReadAll(`SELECT id FROM read_parquet(${sqlString(path)})`)).getRows().map((r) => r[0]));
    expect(got).toEqual([...codes].map((k) => dictionary[k]));
    expect(new Set(got).size).toBeGreaterThan(4_000);
  });

  it('writes a table given in parts with the same bytes as the joined columns, in Parquet and CSV', async () => {
    const whole = columns();
    // Parts of 1, 2,047, 2,952 and 0 rows: part boundaries fall inside chunks and a null sits in the first part.
    const cuts = [0, 1, 2_048, N, N];
    const parts = cuts.slice(1).map((end, k) =>
      whole.map((c) => ({ ...c, values: Array.prototype.slice.call(c.values, cuts[k], end) }) as TableColumn),
    );
    for (const format of ['parquet', 'csv'] as const) {
      const joined = join(dir, `joined.${format}`);
      const parted = join(dir, `parted.${format}`);
      await withScratchDuckDB(async (conn) => {
        await writeTableWith(conn, joined, format, whole);
        await writeTablePartsWith(conn, parted, format, parts);
      });
      expect(readFileSync(parted).equals(readFileSync(joined)), format).toBe(true);
    }
    // 300,000 rows in parts of 1 to 1,999 rows: more than two of DuckDB's 122,880-row groups, so the parts must
    // not move the row-group boundaries.
    const big = 300_000;
    const ids = ['a', 'b', 'c'];
    const bigColumns = (from: number, to: number): TableColumn[] => [
      { name: 'v', kind: 'number', values: Float64Array.from({ length: to - from }, (_, i) => Math.sin(from + i)) },
      { name: 'id', kind: 'enum', dictionary: ids, values: Uint16Array.from({ length: to - from }, (_, i) => (from + i) % 3) },
    ];
    const bigParts: TableColumn[][] = [];
    for (let at = 0, k = 0; at < big; k++) {
      const end = Math.min(big, at + 1 + ((k * 7_919) % 1_999));
      bigParts.push(bigColumns(at, end));
      at = end;
    }
    const bigJoined = join(dir, 'big-joined.parquet');
    const bigParted = join(dir, 'big-parted.parquet');
    await withScratchDuckDB(async (conn) => {
      await writeTableWith(conn, bigJoined, 'parquet', bigColumns(0, big));
      await writeTablePartsWith(conn, bigParted, 'parquet', bigParts);
    });
    expect(bigParts.length).toBeGreaterThan(250);
    expect(readFileSync(bigParted).equals(readFileSync(bigJoined)), 'big table').toBe(true);
    const other = [{ ...whole[0], name: 'other' }, ...whole.slice(1)];
    await withScratchDuckDB(async (conn) => {
      await expect(writeTablePartsWith(conn, join(dir, 'bad.parquet'), 'parquet', [whole, other])).rejects.toThrow('part 1 column 0 is other (number), expected typed (number)');
      await expect(writeTablePartsWith(conn, join(dir, 'none.parquet'), 'parquet', [])).rejects.toThrow('at least one part');
    });
  });

  it('writes typed numbers with a null mask: masked rows are NULL, in every chunk, and the rest exact', async () => {
    const values = Float64Array.from({ length: N }, (_, i) => i / 3);
    const nulls = Uint8Array.from({ length: N }, (_, i) => (i % 997 === 0 || i === N - 1 ? 1 : 0));
    const path = join(dir, 'masked.parquet');
    await writeTable(path, 'parquet', [{ name: 'v', kind: 'number', values, nulls }]);
    const got = await withScratchDuckDB(async (c) => (await c.runAndReadAll(`SELECT v FROM read_parquet(${sqlString(path)})`)).getRows().map((r) => r[0]));
    expect(got).toEqual([...values].map((v, i) => (nulls[i] ? null : v)));
  });

  it('writes CSV with ISO times and the labels DuckDB formatted', async () => {
    const path = join(dir, 't.csv');
    await writeTable(path, 'csv', columns().slice(2));
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time,few,many,day');
    expect(lines[1]).toBe('2024-01-01T00:00:00.000Z,alpha,s0,2024-01-01');
    expect(lines[1001], 'a single quote needs no CSV quoting').toBe("2024-01-01T16:40:00.000Z,b'quote,s100,2024-04-10");
  });
});
