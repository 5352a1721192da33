import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sample, tempDir } from '../../testkit/data.ts';
import { run } from './data.ts';

let tmp: ReturnType<typeof tempDir>;
let out: string;
let err: string;
beforeEach(() => {
  tmp = tempDir();
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  tmp.cleanup();
});

describe('strata data', () => {
  it('import, list --json, export and synth work end to end', async () => {
    const store = join(tmp.dir, 'store.duckdb');
    expect(await run(['import', sample('UNITTEST_BTC-5m.feather'), sample('orcl-1995-2014.txt'), '--symbol', 'ORCL', '--store', store])).toBe(0);
    expect(await run(['import', sample('UNITTEST_BTC-30m.feather'), '--store', store])).toBe(0);
    expect(out).toContain('rows read:    1920');
    out = '';
    expect(await run(['list', '--json', '--store', store])).toBe(0);
    const list = JSON.parse(out) as { symbol: string; timeframe: string; rows: number; first: string }[];
    expect(list.map((s) => [s.symbol, s.timeframe, s.rows]), '--symbol applies to every file given').toEqual([
      ['ORCL', '1d', 5036],
      ['ORCL', '5m', 5760],
      ['UNITTEST/BTC', '30m', 1920],
    ]);
    expect(list[2].first).toBe('2017-12-03T13:00:00Z');
    const file = join(tmp.dir, 'out.parquet');
    expect(await run(['export', '--symbol', 'ORCL', '--timeframe', '5m', '--out', file, '--store', store])).toBe(0);
    expect(out).toContain(`wrote 5760 candles to ${file}`);
    expect(await run(['synth', '--bars', '500', '--store', store])).toBe(0);
    expect(await run(['synth', '--bars', '500', '--out', join(tmp.dir, 's.csv')])).toBe(0);
    out = '';
    await run(['list', '--store', store]);
    expect(out).toMatch(/synth\s+SYN\/USDT\s+1m\s+2024-01-01T00:00:00Z\s+2024-01-01T08:19:00Z\s+500/);
  });

  it('--strict exits 1 when a row was quarantined; usage errors exit 2', async () => {
    const store = join(tmp.dir, 'store.duckdb');
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,1\n2024-01-02,1,0.2,0.5,1.5,1\n');
    expect(await run(['import', bad, '--symbol', 'B/C', '--store', store])).toBe(0);
    expect(await run(['import', bad, '--symbol', 'B/C', '--store', store, '--strict'])).toBe(1);
    expect(out).toContain('high < low: 1');
    expect(await run(['import', sample('orcl-1995-2014.txt'), '--store', store])).toBe(2);
    expect(err).toContain('--symbol is required');
    expect(await run(['import', sample('XRP_ETH-trades.parquet'), '--store', store])).toBe(2);
    expect(await run(['export', '--symbol', 'B/C', '--store', store])).toBe(2);
    expect(await run(['fetch', '--exchange', 'nosuchexchange', '--symbol', 'B/C', '--timeframe', '1h', '--since', '2024-01-01', '--store', store])).toBe(2);
    expect(await run(['nope'])).toBe(2);
    expect(await run(['import', '--help'])).toBe(0);
  });

  it('--strict names the rows that broke it and writes nothing; a file with no usable row is an error', async () => {
    const store = join(tmp.dir, 'store.duckdb');
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,1\n2024-01-01,1,2,0.5,1.4,1\n2024-01-02,1,0.2,0.5,1.5,1\n');
    expect(await run(['import', bad, '--symbol', 'B/C', '--store', store, '--strict'])).toBe(1);
    expect(err).toContain('strict: 2 row(s) would be quarantined, so nothing was imported:');
    expect(err).toContain(`${bad} row 1: conflicting duplicate: a later row has the same open time and other values (the later row is kept): 2024-01-01,1,2,0.5,1.5,1  (kept: row 2: 2024-01-01,1,2,0.5,1.4,1)`);
    expect(err).toContain(`${bad} row 3: high < low: 2024-01-02,1,0.2,0.5,1.5,1`);
    out = '';
    expect(await run(['list', '--json', '--store', store])).toBe(0);
    expect(JSON.parse(out), 'the store is as it was').toEqual([]);

    const hopeless = join(tmp.dir, 'hopeless.csv');
    writeFileSync(hopeless, 'date,open,high,low,close,volume\n2024-01-01,NaN,2,0.5,1.5,1\n');
    err = '';
    expect(await run(['import', hopeless, '--symbol', 'B/C', '--timeframe', '1d', '--store', store])).toBe(1);
    expect(err).toContain(`${hopeless}: no usable candle: all 1 row(s) were rejected (NaN or Infinity: 1)`);
  });

  it('a refused import of one file leaves earlier candles and quarantine rows of its series as they were', async () => {
    const store = join(tmp.dir, 'store.duckdb');
    const first = join(tmp.dir, 'first.csv');
    writeFileSync(first, 'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,1\n2024-01-02,1,0.2,0.5,1.5,1\n2024-01-03,1,2,0.5,1.6,1\n');
    expect(await run(['import', first, '--symbol', 'B/C', '--store', store])).toBe(0);
    // The same file, rewritten with a new bad row and a changed close: --strict refuses it after it was staged.
    writeFileSync(first, 'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.9,1\n2024-01-02,1,0.2,0.5,1.5,1\n2024-01-04,NaN,2,0.5,1.5,1\n');
    err = '';
    expect(await run(['import', first, '--symbol', 'B/C', '--store', store, '--strict'])).toBe(1);
    expect(err).toContain('strict: 2 row(s) would be quarantined, so nothing was imported:');
    out = '';
    expect(await run(['export', '--symbol', 'B/C', '--timeframe', '1d', '--out', join(tmp.dir, 'out.csv'), '--store', store])).toBe(0);
    expect(readFileSync(join(tmp.dir, 'out.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(1).join(',')), 'the first import\'s candles (close 1.5, 1.6; not the refused 1.9)').toEqual(['1.0,2.0,0.5,1.5,1.0,false', '1.0,2.0,0.5,1.6,1.0,false']);
    out = '';
    expect(await run(['quarantine', '--file', 'first.csv', '--store', store])).toBe(0);
    expect(out.trim().split('\n'), 'the first import\'s quarantine').toEqual([`${first} (default B/C 1d) row 2: high < low: 2024-01-02,1,0.2,0.5,1.5,1`]);
    err = '';
    expect(await run(['import', join(tmp.dir, 'missing.csv'), '--symbol', 'B/C', '--store', join(tmp.dir, 'other.duckdb')])).toBe(1);
    expect(err).toContain(`${join(tmp.dir, 'missing.csv')}: ENOENT`);
    expect(existsSync(join(tmp.dir, 'other.duckdb')), 'no store is created for a file that cannot be read').toBe(false);
  });

  it('quarantine lists the rejected rows by file and row number, with the reason and the text', async () => {
    const store = join(tmp.dir, 'store.duckdb');
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,1\n2024-01-02,1,0.2,0.5,1.5,1\n2024-01-03,NaN,2,0.5,1.5,1\n');
    expect(await run(['import', bad, '--symbol', 'B/C', '--store', store])).toBe(0);
    expect(out).toContain(`${bad} row 2: high < low: 2024-01-02,1,0.2,0.5,1.5,1`);
    expect(await run(['import', sample('UNITTEST_BTC-5m.feather'), '--store', store])).toBe(0);
    out = '';
    expect(await run(['quarantine', '--file', 'bad.csv', '--store', store])).toBe(0);
    expect(out.trim().split('\n')).toEqual([
      `${bad} (default B/C 1d) row 2: high < low: 2024-01-02,1,0.2,0.5,1.5,1`,
      `${bad} (default B/C 1d) row 3: NaN or Infinity: 2024-01-03,NaN,2,0.5,1.5,1`,
    ]);
    out = '';
    expect(await run(['quarantine', '--file', 'nothing-here.csv', '--store', store])).toBe(0);
    expect(out).toBe('no quarantined rows for nothing-here.csv\n');
    expect(await run(['quarantine', '--help'])).toBe(0);
  });
});
