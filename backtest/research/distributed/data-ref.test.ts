import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnarSeries } from '../../../data/historical-feed.ts';
import { loadSingleConfig } from '../../run/job-common.ts';
import { loadColumns } from '../../run/data-source.ts';
import { DataHashMismatchError, fileSha256, loadDataRef, publishColumns, referenceFile, verifiedPath } from './data-ref.ts';
import { readSeriesParquet, writeSeriesParquet } from './series-parquet.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-dataref-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const f64 = (xs: number[]) => Float64Array.from(xs);
const series = (symbol: string, times: number[], px: number[]): ColumnarSeries => ({
  series: { symbol, timeframe: '1m' },
  columns: { length: times.length, openTime: f64(times), open: f64(px), high: f64(px.map((p) => p + 1)), low: f64(px.map((p) => p - 1)), close: f64(px), volume: f64(px.map(() => 0.1 + 0.2)) },
});

describe('series Parquet', () => {
  it('reads back the very columns it was given, series order and empty series included', async () => {
    const inputs = [series('BTC/USDT', [0, 60_000, 120_000], [1 / 3, 2 ** -40, 123456.789012345]), series('ETH/USDT', [], []), series('A/B', [60_000], [Math.PI])];
    const path = join(dir, 's.parquet');
    await writeSeriesParquet(path, inputs);
    const back = await readSeriesParquet(path);
    expect(back.map((s) => s.series)).toEqual(inputs.map((s) => s.series));
    back.forEach((s, k) => {
      expect(s.columns.length).toBe(inputs[k].columns.length);
      for (const f of ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(s.columns[f]), `${s.series.symbol} ${f} bit for bit`).toEqual(Array.from(inputs[k].columns[f]));
    });
  });

  it('is published under its content hash, the same file for the same data', async () => {
    const inputs = [series('BTC/USDT', [0, 60_000], [10, 11])];
    const a = await publishColumns(inputs, join(dir, 'shared'));
    const b = await publishColumns(inputs, join(dir, 'shared'));
    expect(b).toEqual(a);
    const bytes = readFileSync(fileURLToPath(a.uri));
    expect(a.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(a.uri).toMatch(new RegExp(`^file:///.*candles-${a.sha256.slice(0, 16)}\\.parquet$`));
    expect(a.layout).toBe('series-parquet');
  });
});

describe('hash checks', () => {
  it('hashes again when a file is rewritten, and refuses data whose hash differs, naming both hashes', async () => {
    const path = join(dir, 'h.bin');
    writeFileSync(path, 'one');
    const first = await fileSha256(path);
    expect(first.sha256).toBe(createHash('sha256').update('one').digest('hex'));
    writeFileSync(path, 'other bytes');
    const second = await fileSha256(path);
    expect(second.sha256, 'size changed: the cache is not trusted').toBe(createHash('sha256').update('other bytes').digest('hex'));

    const ref = { uri: `file://${path}`, sha256: first.sha256, bytes: 3, layout: 'series-parquet' as const };
    const err = await verifiedPath(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataHashMismatchError);
    expect((err as Error).message).toContain(`expected sha256 ${first.sha256}`);
    expect((err as Error).message).toContain(`found ${second.sha256}`);
    await expect(verifiedPath({ ...ref, uri: `file://${join(dir, 'missing.parquet')}` })).rejects.toThrow(/not found on this worker/);
    await expect(verifiedPath({ ...ref, uri: 's3://bucket/key.parquet' })).rejects.toThrow(/no reader for "s3:"/);
    const inside = { ...ref, sha256: second.sha256 };
    expect(await verifiedPath(inside, [dir]), 'inside --data-root').toBe(path);
    await expect(verifiedPath(inside, [join(dir, 'shared')])).rejects.toThrow(/outside this worker's --data-root/);
  });

  it('a candle file referenced in place loads exactly as --data loads it', async () => {
    const { config } = loadSingleConfig('examples/macd_btc_15m.json');
    const file = 'data/samples/UNITTEST_BTC-5m.feather';
    const direct = await loadColumns({ paths: [file], configs: [config], symbol: 'BTC/USDT' });
    const ref = await referenceFile(file, { symbol: direct.info.series[0].symbol, timeframe: direct.info.series[0].timeframe });
    expect(ref.layout).toBe('candle-file');
    const viaRef = await loadDataRef(ref, config);
    expect(viaRef.map((s) => s.series)).toEqual(direct.inputs.map((s) => s.series));
    expect(Array.from(viaRef[0].columns.close)).toEqual(Array.from(direct.inputs[0].columns.close));
    expect(Array.from(viaRef[0].columns.openTime)).toEqual(Array.from(direct.inputs[0].columns.openTime));
  });
});
