import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeExchange, generatedFunding, type FakeFunding } from '../../testkit/fake-exchange/fake-exchange.ts';
import { rewriteExchangeUrls } from '../live/exchange-url.ts';
import { openStore, type Store } from '../store.ts';
import { tempDir } from '../../testkit/data.ts';
import { fundingGaps } from './funding-check.ts';
import { fetchFunding } from './funding-fetch.ts';
import { importFunding } from './funding-import.ts';
import { readFunding } from './funding-store.ts';

const H8 = 8 * 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const PERP = 'BTC/USDT:USDT';

/** 30 days of 8h funding with payments 20-22 missing and one absurd rate (row 40: 50% per interval). */
function withFaults(): FakeFunding {
  const f = generatedFunding(PERP, T0, T0 + 30 * 86_400_000, 5);
  const keep = [...f.times.keys()].filter((i) => i < 20 || i > 22);
  const rates = keep.map((i) => f.rates[i]);
  rates[39] = 0.5;
  return { symbol: PERP, times: Float64Array.from(keep.map((i) => f.times[i])), rates: Float64Array.from(rates) };
}

let fake: FakeExchange;
let store: Store;
const tmp = tempDir();
const served = withFaults();

beforeAll(async () => {
  fake = await new FakeExchange({ tickMs: 0, funding: [served] }).start();
  store = await openStore(':memory:');
});
afterAll(async () => {
  store?.close();
  await fake?.stop();
  tmp.cleanup();
});

describe('funding history through the real ccxt client', () => {
  it('pages through fetchFundingRateHistory, stores every valid payment, quarantines the absurd one and reports the gap', async () => {
    const ex = rewriteExchangeUrls(new ccxt.binance({}), fake.url, ['spot', 'linear']);
    const report = await fetchFunding({ exchange: ex, symbol: PERP, since: T0, until: T0 + 30 * 86_400_000, store, storeExchange: 'binance', pageLimit: 40 });
    expect(report.requests, '87 rows in pages of 40').toBe(3);
    expect(fake.requests.filter((r) => r.path === '/fapi/v1/fundingRate').map((r) => r.query.limit)).toEqual(['40', '40', '40']);
    expect(report.received).toBe(87);
    expect(report.imported).toBe(86);
    expect(report.quarantined).toBe(1);
    expect(Object.keys(report.byReason)).toEqual(['|rate| 0.5 is 10% or more per interval (a percent given as a fraction?)']);
    const stored = await readFunding(store, 'binance', PERP);
    const want = [...served.times].map((t, i) => [t, served.rates[i]]).filter((_, i) => i !== 39);
    expect([...stored.times].map((t, i) => [t, stored.rates[i]])).toEqual(want);
    expect(report.gaps.intervalMs).toBe(H8);
    // The three removed payments, and the quarantined one: four missing in two runs.
    expect(report.gaps.gaps).toEqual([
      { from: T0 + 20 * H8, count: 3 },
      { from: served.times[39], count: 1 },
    ]);
    const q = await store.connection.runAndReadAll("SELECT source, row_number, reason FROM quarantine WHERE timeframe = 'funding'");
    expect(q.getRows().map((r) => [r[0], Number(r[1])])).toEqual([['ccxt:binance:funding', 40]]);
  });
});

describe('funding files', () => {
  it('imports CSV with row numbers for every rejected row, and the same history from Parquet', async () => {
    const csv = join(tmp.dir, 'btc-funding.csv');
    writeFileSync(
      csv,
      [
        'fundingTime,fundingRate',
        '2024-01-01T00:00:00Z,0.0001',
        '2024-01-01T08:00:00Z,0.00012',
        '2024-01-01T16:00:00+08:00,0.0003', // an offset: 08:00 UTC again with another rate -> rejected
        'not a time,0.0001',
        '2024-01-01T16:00:00Z,abc',
        '1704153600000,-0.00005', // epoch ms: 2024-01-02T00:00Z
        '2024-01-02T00:00:00Z,-0.00005', // the same payment again: a duplicate, kept once
      ].join('\n'),
    );
    const r = await importFunding(store, csv, { symbol: 'ETH/USDT:USDT', exchange: 'file' });
    expect(r.rows).toBe(7);
    expect(r.imported).toBe(3);
    expect(r.duplicates).toBe(1);
    expect(r.quarantined.map((q) => `row ${q.rowNumber}: ${q.reason}`)).toEqual([
      'row 3: a second rate (0.0003) for 2024-01-01T08:00:00.000Z, which has 0.00012',
      'row 4: time is not an epoch-ms instant',
      'row 5: rate is not a number',
    ]);
    expect(r.gaps.gaps, 'the 16:00 payment is missing').toEqual([{ from: Date.UTC(2024, 0, 1, 16), count: 1 }]);
    const fromCsv = await readFunding(store, 'file', 'ETH/USDT:USDT');
    expect([...fromCsv.rates]).toEqual([0.0001, 0.00012, -0.00005]);

    const parquet = join(tmp.dir, 'btc-funding.parquet');
    await store.connection.run(`COPY (SELECT funding_time AS fundingTime, rate AS fundingRate FROM funding WHERE exchange = 'file' ORDER BY funding_time) TO '${parquet}' (FORMAT parquet)`);
    await importFunding(store, parquet, { symbol: 'ETH/USDT:USDT', exchange: 'parquet' });
    const fromParquet = await readFunding(store, 'parquet', 'ETH/USDT:USDT');
    expect([...fromParquet.times]).toEqual([...fromCsv.times]);
    expect([...fromParquet.rates]).toEqual([...fromCsv.rates]);
  });

  it('a file with no usable row is an error naming the file and the first reasons', async () => {
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'time,rate\n2024-01-01,0.3\n');
    await expect(importFunding(store, bad, { symbol: PERP, exchange: 'x' })).rejects.toThrow(/bad\.csv: no usable funding rows \(row 1: \|rate\| 0\.3 is 10% or more/);
    const noRate = join(tmp.dir, 'norate.csv');
    writeFileSync(noRate, 'time,price\n2024-01-01,1\n');
    await expect(importFunding(store, noRate, { symbol: PERP, exchange: 'x' })).rejects.toThrow(/norate\.csv: no rate column \(looked for fundingrate, rate, lastfundingrate, open; the file has time, price\)/);
  });
});

describe('funding gaps', () => {
  it('counts missing payments before, between and after on the history own grid', () => {
    const times = Float64Array.from([2, 3, 5].map((k) => T0 + k * H8));
    const g = fundingGaps({ times, rates: new Float64Array(3) }, T0, T0 + 8 * H8);
    expect(g.intervalMs).toBe(H8);
    expect(g.gaps).toEqual([
      { from: T0, count: 2 },
      { from: T0 + 4 * H8, count: 1 },
      { from: T0 + 6 * H8, count: 2 },
    ]);
    expect(g.missing).toBe(5);
    expect(fundingGaps({ times: new Float64Array(0), rates: new Float64Array(0) }, T0, T0 + H8).missing, 'no history at all').toBe(Number.POSITIVE_INFINITY);
  });
});
