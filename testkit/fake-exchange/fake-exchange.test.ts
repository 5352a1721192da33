import ccxt from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeExchange, fileSeries, generatedSeries } from './fake-exchange.ts';
import { pointCcxtAt } from './point-ccxt.ts';

const sample = (name: string) => new URL(`../../data/samples/${name}`, import.meta.url).pathname;
const T0 = Date.UTC(2024, 0, 1);
const M = 60_000;

let fake: FakeExchange | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${fake!.url}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('FakeExchange (Binance REST subset)', () => {
  it('serves klines the way Binance does: string numbers, closeTime = open + interval - 1, startTime/endTime/limit', async () => {
    fake = await new FakeExchange({ series: [generatedSeries('BTC/USDT', '1m', 100)], now: () => T0 + 99 * M + 1 }).start();
    const { body } = await get(`/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${T0 + 10 * M}&limit=3`);
    const rows = body as unknown[][];
    expect(rows.map((r) => r[0])).toEqual([T0 + 10 * M, T0 + 11 * M, T0 + 12 * M]);
    expect(rows[0][6]).toBe(T0 + 11 * M - 1);
    expect(typeof rows[0][1]).toBe('string');
    expect(rows[0]).toHaveLength(12);
    const end = (await get(`/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${T0}&endTime=${T0 + 4 * M}`)).body as unknown[][];
    expect(end).toHaveLength(5);
    const latest = (await get('/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=2')).body as unknown[][];
    expect(latest.map((r) => r[0]), 'no startTime: the newest candles, the forming one included').toEqual([T0 + 98 * M, T0 + 99 * M]);
    expect((await get('/api/v3/klines?symbol=NOPE&interval=1m')).body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    expect((await get('/api/v3/klines?symbol=BTCUSDT&interval=7x')).status).toBe(400);
  });

  it('hides candles after its clock and caps pages at maxLimit', async () => {
    fake = await new FakeExchange({ series: [generatedSeries('BTC/USDT', '1m', 100)], now: () => T0 + 49 * M, maxLimit: 20 }).start();
    const rows = (await get(`/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${T0 + 40 * M}&limit=1000`)).body as unknown[][];
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 10 }, (_, i) => T0 + (40 + i) * M));
    const capped = (await get(`/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${T0}&limit=1000`)).body as unknown[][];
    expect(capped).toHaveLength(20);
  });

  it('serves a sample file through the real ccxt client, with injected faults', async () => {
    const s = await fileSeries(sample('UNITTEST_BTC-5m.feather'));
    fake = await new FakeExchange({ series: [s], now: () => s.candles.openTime[s.candles.length - 1] + 10 * 60_000 }).start();
    const ex = pointCcxtAt(new ccxt.binance({ enableRateLimit: true }), fake.url);
    expect(ex.urls.api).toMatchObject({ public: `${fake.url}/api/v3`, sapi: `${fake.url}/sapi/v1`, fapiPublic: `${fake.url}/fapi/v1` });
    await ex.loadMarkets();
    expect(ex.markets?.['UNITTEST/BTC']).toMatchObject({ id: 'UNITTESTBTC', spot: true, active: true });
    const first = s.candles.openTime[0];
    const rows = await ex.fetchOHLCV('UNITTEST/BTC', '5m', first, 3);
    expect(rows[0]).toEqual([first, s.candles.open[0], s.candles.high[0], s.candles.low[0], s.candles.close[0], s.candles.volume[0]]);

    fake.faults.failures.push({ kind: 'http500' });
    await expect(ex.fetchOHLCV('UNITTEST/BTC', '5m', first, 3)).rejects.toBeInstanceOf(ccxt.ExchangeNotAvailable);
    fake.faults.failures.push({ kind: 'reset' });
    await expect(ex.fetchOHLCV('UNITTEST/BTC', '5m', first, 3)).rejects.toBeInstanceOf(ccxt.NetworkError);
    fake.faults.badRows.push({ openTime: first + 5 * 60_000 });
    const bad = await ex.fetchOHLCV('UNITTEST/BTC', '5m', first, 3);
    expect(bad[1][2], 'high < low on the faulty row').toBeLessThan(bad[1][3] as number);
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 500, 0, 200]);
  });
});
