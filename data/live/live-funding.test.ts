import { afterEach, describe, expect, it } from 'vitest';
import { FakeExchange, type FakeFunding } from '../../testkit/fake-exchange/fake-exchange.ts';
import type { MarketEvent } from '../../engine/types.ts';
import { fundingClient, LiveFunding, perpetualOf, withLiveFunding } from './live-funding.ts';

const H8 = 8 * 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const M = 60_000;
let fake: FakeExchange | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

/** Funding at T0 + k x 8h for k = 0..5, rates +0.01%, -0.02%, +0.03%, ... */
const funding: FakeFunding = {
  symbol: 'BTC/USDT:USDT',
  times: Float64Array.from({ length: 6 }, (_, k) => T0 + k * H8),
  rates: Float64Array.from({ length: 6 }, (_, k) => (k % 2 === 0 ? 1 : -1) * (k + 1) * 0.0001),
};

async function client(now: () => number) {
  fake = await new FakeExchange({ funding: [funding], now }).start();
  return fundingClient('binance', fake.url);
}

describe('LiveFunding', () => {
  it('the fake serves premiumIndex as Binance does: ccxt fetchFundingRate reads the next funding time and its rate', async () => {
    const ex = await client(() => T0 + H8 + 5 * M);
    const r = await ex.fetchFundingRate('BTC/USDT:USDT');
    expect(r.fundingTimestamp, 'the first funding time after now').toBe(T0 + 2 * H8);
    expect(r.fundingRate).toBe(0.0003);
    expect(fake!.requests.at(-1)).toMatchObject({ path: '/fapi/v1/premiumIndex', query: { symbol: 'BTCUSDT' } });
  });

  it('delivers each settled payment once, before the first candle closing after it, and polls only when one is due', async () => {
    let now = T0 + 2 * H8 + 10 * M;
    const ex = await client(() => now);
    const lf = new LiveFunding({ exchange: ex, symbols: [{ symbol: 'BTC/USDT', market: perpetualOf('BTC/USDT'), after: T0 }] });
    // The first candle after the session's start: T0 is not after `after`; T0 + 8h is settled and before the close.
    expect(await lf.due(T0 + H8 + M)).toEqual([{ kind: 'funding', symbol: 'BTC/USDT', time: T0 + H8, rate: -0.0002 }]);
    const afterFirst = lf.requests;
    expect(await lf.due(T0 + 2 * H8), 'a candle closing at the funding time: the payment waits for the next one').toEqual([]);
    expect(await lf.due(T0 + 2 * H8 + M)).toEqual([{ kind: 'funding', symbol: 'BTC/USDT', time: T0 + 2 * H8, rate: 0.0003 }]);
    expect(lf.requests, 'both were fetched with the first poll; the next funding time (T0 + 24h) is not yet due').toBe(afterFirst);
    now = T0 + 3 * H8 + 30 * M;
    expect(await lf.due(T0 + 3 * H8 + M), 'past the announced time: polled again').toEqual([{ kind: 'funding', symbol: 'BTC/USDT', time: T0 + 3 * H8, rate: -0.0004 }]);
    expect(lf.requests).toBe(afterFirst + 2);
    expect(await lf.due(T0 + 3 * H8 + 2 * M), 'each payment once').toEqual([]);
  });

  it('waits for a payment announced but not yet published, and says so when it never comes', async () => {
    let now = T0 + H8 - M;
    const ex = await client(() => now);
    const lines: string[] = [];
    const waits: number[] = [];
    const lf = new LiveFunding({
      exchange: ex,
      symbols: [{ symbol: 'BTC/USDT', market: 'BTC/USDT:USDT', after: T0 }],
      retries: 2,
      retryMs: 10,
      // The exchange publishes T0 + 8h during the first wait.
      sleep: async (ms) => {
        waits.push(ms);
        now = T0 + H8 + 2 * M;
      },
      onDiagnostic: (l) => lines.push(l),
    });
    expect(await lf.due(T0 + H8 - M)).toEqual([]);
    expect(await lf.due(T0 + H8 + M)).toEqual([{ kind: 'funding', symbol: 'BTC/USDT', time: T0 + H8, rate: -0.0002 }]);
    expect(waits).toEqual([10]);
    expect(lines).toEqual([]);

    // A payment that never appears (the history stops at now): reported after the retries, never invented.
    const stuck = new LiveFunding({ exchange: ex, symbols: [{ symbol: 'BTC/USDT', market: 'BTC/USDT:USDT', after: T0 + H8 }], retries: 2, retryMs: 1, sleep: async () => undefined, onDiagnostic: (l) => lines.push(l) });
    expect(await stuck.due(T0 + H8 + 3 * M)).toEqual([]);
    expect(await stuck.due(T0 + 2 * H8 + M)).toEqual([]);
    expect(lines).toEqual([`funding: BTC/USDT:USDT announced a payment at ${new Date(T0 + 2 * H8).toISOString()}, not published after 3 polls; the session goes on without it`]);
  });

  it('withLiveFunding puts the payments before the candle that closes after them', async () => {
    const ex = await client(() => T0 + 2 * H8 + 10 * M);
    const lf = new LiveFunding({ exchange: ex, symbols: [{ symbol: 'BTC/USDT', market: 'BTC/USDT:USDT', after: T0 + H8 - 2 * H8 }] });
    const bar = (close: number): MarketEvent => ({ kind: 'candle', closed: true, candle: { symbol: 'BTC/USDT', timeframe: '8h', openTime: close - H8, closeTime: close, open: 1, high: 1, low: 1, close: 1, volume: 1 } });
    const feed = { series: [{ symbol: 'BTC/USDT', timeframe: '8h' as const }], async *[Symbol.asyncIterator]() { yield bar(T0 + H8); yield bar(T0 + 2 * H8); } };
    const out: string[] = [];
    for await (const e of withLiveFunding(feed, lf)) out.push(e.kind === 'funding' ? `funding ${(e.time - T0) / H8}` : e.kind === 'candle' ? `candle ${(e.candle.closeTime - T0) / H8}` : e.kind);
    expect(out).toEqual(['funding 0', 'candle 1', 'funding 1', 'candle 2']);
    expect(perpetualOf('ETH/USDT:USDT')).toBe('ETH/USDT:USDT');
    expect(() => perpetualOf('BTCUSDT')).toThrow(/not a BASE\/QUOTE symbol/);
  });
});
