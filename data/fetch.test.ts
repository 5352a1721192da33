import ccxt from 'ccxt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeExchange, generatedSeries } from '../testkit/fake-exchange/fake-exchange.ts';
import { pointCcxtAt } from '../testkit/fake-exchange/point-ccxt.ts';
import { fetchCandles, type FetchOptions } from './fetch.ts';
import { readSeries } from './store-read.ts';
import { openStore, type Store } from './store.ts';
import { quarantineRows } from '../testkit/data.ts';
import { REASON } from './validate.ts';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const BARS = 1200;
/** The exchange's clock: inside the last bar, so that bar is still forming. */
const NOW = T0 + (BARS - 1) * H + H / 2;

let fake: FakeExchange;
let store: Store;
let delays: number[];
beforeEach(async () => {
  fake = await new FakeExchange({ series: [generatedSeries('BTC/USDT', '1h', BARS, 3)], now: () => NOW }).start();
  store = await openStore(':memory:');
  delays = [];
});
afterEach(async () => {
  store.close();
  await fake.stop();
});

function fetch(extra: Partial<FetchOptions> = {}) {
  return fetchCandles({
    exchange: pointCcxtAt(new ccxt.binance({ enableRateLimit: true }), fake.url),
    symbol: 'BTC/USDT',
    timeframe: '1h',
    since: T0,
    store,
    pageLimit: 500,
    retryDelayMs: 100,
    now: () => NOW,
    sleep: async (ms) => void delays.push(ms),
    ...extra,
  });
}

const series = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };

describe('fetchCandles through the real ccxt binance client', () => {
  it('pages through more candles than one request returns and leaves out the still-forming candle', async () => {
    const r = await fetch();
    const starts = fake.klineRequests().map((q) => Number(q.query.startTime));
    expect(starts, 'each page starts one timeframe after the last candle received').toEqual([T0, T0 + 500 * H, T0 + 1000 * H]);
    expect(r.requests).toBe(3);
    expect(r.forming).toBe(1);
    expect(r.imported).toBe(BARS - 1);
    const stored = await readSeries(store, series);
    expect(stored.length).toBe(BARS - 1);
    expect(stored.openTime[stored.length - 1]).toBe(T0 + (BARS - 2) * H);
    expect(r.gaps.missing).toBe(0);
    const src = fake.source.get('BTCUSDT', '1h')!;
    expect(Array.from(stored.close)).toEqual(Array.from(src.close.subarray(0, BARS - 1)));
  });

  it('retries a page that fails (HTTP 500, then a connection reset) with exponential backoff', async () => {
    fake.faults.failures.push({ kind: 'http500', startTime: T0 + 500 * H, times: 2 }, { kind: 'reset', startTime: T0 + 1000 * H });
    const r = await fetch();
    expect(r.retries).toBe(3);
    expect(delays, 'backoff doubles per attempt on the same page').toEqual([100, 200, 100]);
    expect(r.imported).toBe(BARS - 1);
    expect((await readSeries(store, series)).length).toBe(BARS - 1);
  });

  it('gives up after maxRetries network errors, keeping the pages already stored', async () => {
    fake.faults.failures.push({ kind: 'http500', startTime: T0 + 500 * H, times: 10 });
    await expect(fetch({ maxRetries: 2 })).rejects.toBeInstanceOf(ccxt.NetworkError);
    expect((await readSeries(store, series)).length).toBe(500);
  });

  it('quarantines a bad row with source ccxt:binance and keeps the rest', async () => {
    fake.faults.badRows.push({ openTime: T0 + 10 * H, kind: 'high<low' }, { openTime: T0 + 700 * H, kind: 'negative-volume' });
    const r = await fetch();
    expect(r.byReason).toEqual({ [REASON.highBelowLow]: 1, [REASON.negativeVolume]: 1 });
    const q = await quarantineRows(store);
    expect(q.map((x) => [x.source, x.row, x.reason])).toEqual([
      ['ccxt:binance', 11, REASON.highBelowLow],
      ['ccxt:binance', 701, REASON.negativeVolume],
    ]);
    expect(JSON.parse(q[0].raw)[0]).toBe(T0 + 10 * H);
    expect(r.imported).toBe(BARS - 3);
    expect(r.gaps.missing).toBe(2);
  });

  it('resumes after the newest stored candle and downloads only the missing tail', async () => {
    const head = await fetch({ until: T0 + 600 * H });
    expect(head.imported).toBe(600);
    const before = fake.klineRequests().length;
    const tail = await fetch();
    expect(tail.resumed).toBe(true);
    const tailStarts = fake.klineRequests().slice(before).map((q) => Number(q.query.startTime));
    expect(tailStarts, 'starts where the store ends, not at --since').toEqual([T0 + 600 * H, T0 + 1100 * H]);
    expect(tail.imported).toBe(BARS - 1 - 600);
    expect((await readSeries(store, series)).length).toBe(BARS - 1);
    const again = await fetch();
    expect(again.requests, 'up to date: nothing to ask for').toBe(0);
  });

  it('fills a missing head before the stored candles, and --full downloads everything again', async () => {
    await fetch({ since: T0 + 600 * H });
    const before = fake.klineRequests().length;
    const r = await fetch();
    const asked = fake.klineRequests().slice(before);
    expect(asked.map((q) => [Number(q.query.startTime), q.query.endTime && Number(q.query.endTime)])).toEqual([
      [T0, T0 + 600 * H - 1],
      [T0 + 500 * H, T0 + 600 * H - 1],
    ]);
    expect(r.imported).toBe(600);
    expect((await readSeries(store, series)).length).toBe(BARS - 1);
    const full = await fetch({ resume: false });
    expect([full.resumed, full.requests, full.imported]).toEqual([false, 3, BARS - 1]);
  });

  it('does not retry a bad symbol', async () => {
    await expect(fetch({ symbol: 'NOPE/USDT' })).rejects.toBeInstanceOf(ccxt.BadSymbol);
    expect(delays).toEqual([]);
    expect(fake.klineRequests()).toEqual([]);
  });
});
