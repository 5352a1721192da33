import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { sample, tempDir } from '../testkit/data.ts';
import { loadFile } from './import.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('gzipped candle files', () => {
  it("freqtrade's .json.gz reads exactly as the plain file, symbol and timeframe from the name", async () => {
    const gz = join(tmp.dir, 'UNITTEST_BTC-1m.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(sample('UNITTEST_BTC-1m.json'))));
    const plain = await loadFile(sample('UNITTEST_BTC-1m.json'));
    const zipped = await loadFile(gz);
    expect(zipped.report.series).toEqual(plain.report.series);
    expect(zipped.candles.length).toBe(13_681);
    expect(Array.from(zipped.candles.close)).toEqual(Array.from(plain.candles.close));
    expect(Array.from(zipped.candles.openTime)).toEqual(Array.from(plain.candles.openTime));
  });

  it('a gzipped CSV is detected by its content, and a gzipped Parquet is refused with the reason', async () => {
    const csv = join(tmp.dir, 'orcl.csv.gz');
    writeFileSync(csv, gzipSync(readFileSync(sample('orcl-1995-2014.txt'))));
    expect((await loadFile(csv, { symbol: 'ORCL' })).candles.length).toBe((await loadFile(sample('orcl-1995-2014.txt'), { symbol: 'ORCL' })).candles.length);
    const pq = join(tmp.dir, 'x.parquet.gz');
    writeFileSync(pq, gzipSync(Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(100)])));
    await expect(loadFile(pq)).rejects.toThrow(/x\.parquet\.gz: a gzipped Parquet file; Parquet is compressed inside, so give it unzipped/);
  });
});
