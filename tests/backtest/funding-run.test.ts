import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import type { MarketEvent } from '../../engine/types.ts';
import { upsertFunding } from '../../data/funding/funding-store.ts';
import { openStore } from '../../data/store.ts';
import { DEFAULT_EXCHANGE } from '../../data/store-schema.ts';
import { tempDir } from '../../testkit/data.ts';
import { loadRunFunding, withFundingEvents } from '../../backtest/run/funding-feed.ts';

const H8 = 8 * 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const tmp = tempDir();
const db = join(tmp.dir, 'f.duckdb');
const cfg = (extra: Record<string, unknown> = {}) => parseStrategyConfig({ id: 'p', symbol: 'BTC/USDT', timeframe: '8h', instrument: 'perpetual', rules: { entry: { condition: 'close > 0' } }, ...extra });

beforeAll(async () => {
  const store = await openStore(db);
  // Payments at T0 + k·8h for k = 0..9, with k = 4 and 5 missing.
  const rows = [0, 1, 2, 3, 6, 7, 8, 9].map((k) => ({ time: T0 + k * H8, rate: 0.0001 * (k + 1) }));
  await upsertFunding(store, DEFAULT_EXCHANGE, 'BTC/USDT', rows, 'test');
  store.close();
});
afterAll(() => tmp.cleanup());

describe('a perpetual backtest reads funding from the store', () => {
  it('refuses a range with missing funding, naming the symbol and the gap', async () => {
    await expect(loadRunFunding([cfg()], db, DEFAULT_EXCHANGE, { from: T0, to: T0 + 10 * H8 })).rejects.toThrow(/BTC\/USDT funding history misses 2 payment\(s\).*first 2 from 2024-01-02T08:00:00.000Z/);
  });
  it('with funding.missing "warn" runs and reports the gap', async () => {
    const { coverage, rows } = await loadRunFunding([cfg({ funding: { missing: 'warn' } })], db, DEFAULT_EXCHANGE, { from: T0, to: T0 + 10 * H8 });
    expect(coverage[0]).toMatchObject({ symbol: 'BTC/USDT', payments: 8, missing: 2, onMissing: 'warn', gaps: [{ from: '2024-01-02T08:00:00.000Z', count: 2 }] });
    expect(rows.get('BTC/USDT')!.times.length).toBe(8);
  });
  it('a covered range passes; no funding stored is an error saying how to get it; spot loads nothing', async () => {
    const ok = await loadRunFunding([cfg()], db, DEFAULT_EXCHANGE, { from: T0, to: T0 + 4 * H8 });
    expect(ok.coverage[0].missing).toBe(0);
    await expect(loadRunFunding([cfg({ symbol: 'ETH/USDT' })], db, DEFAULT_EXCHANGE, {})).rejects.toThrow(/no funding rates stored for ETH\/USDT.*strata data fetch --funding or strata data import --funding/);
    await expect(loadRunFunding([cfg()], null, DEFAULT_EXCHANGE, {})).rejects.toThrow('from a store');
    expect((await loadRunFunding([parseStrategyConfig({ symbol: 'BTC/USDT', timeframe: '8h', rules: { entry: { condition: 'close > 0' } } })], null, DEFAULT_EXCHANGE, {})).coverage).toEqual([]);
  });
  it('merges a payment at T after the candles closing at T and before later ones', async () => {
    const candle = (k: number): MarketEvent => ({ kind: 'candle', closed: true, candle: { symbol: 'BTC/USDT', timeframe: '8h', openTime: T0 + (k - 1) * H8, closeTime: T0 + k * H8, open: 1, high: 1, low: 1, close: 1, volume: 1 } });
    const feed = new ArrayFeed([candle(1), candle(2), candle(3)], [{ symbol: 'BTC/USDT', timeframe: '8h' }]);
    const rows = new Map([['BTC/USDT', { times: Float64Array.from([T0 + H8, T0 + 2 * H8, T0 + 5 * H8]), rates: Float64Array.from([0.1, 0.2, 0.3]) }]]);
    const seen: string[] = [];
    for await (const e of withFundingEvents(feed, rows)) seen.push(e.kind === 'candle' ? `c${(e.candle.closeTime - T0) / H8}` : e.kind === 'funding' ? `f${(e.time - T0) / H8}` : 's');
    expect(seen, 'a payment after the last candle is dropped').toEqual(['c1', 'f1', 'c2', 'f2', 'c3']);
  });
});
