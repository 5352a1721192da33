/**
 * A stream that drops again and again must keep coming back. The fake exchange tears every socket down after
 * every third 1s candle; with a 1.5 s stale watchdog, the feed has to reconnect after each drop (its own
 * jittered backoff, reset by every message), deliver every candle from the stream or REST, in order, once,
 * and never report a zero-length gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFeed } from '../../data/live-feed.ts';
import type { MarketEvent } from '../../engine/types.ts';
import type { FakeExchange } from '../../testkit/fake-exchange/fake-exchange.ts';
import { liveClient, liveFake, S } from './helpers.ts';

const BTC = 'BTC/USDT';
const DROPS = 8;

let fake: FakeExchange;
let events: MarketEvent[] = [];
let stats: ReturnType<LiveFeed['stats']>;
let from: number;
let until: number;
const diagnostics: string[] = [];
const outages: number[] = [];

beforeAll(async () => {
  ({ fake } = await liveFake([BTC], { history: 30, future: 60, tickMs: 50 }));
  from = Math.ceil((Date.now() + 2 * S) / S) * S;
  until = from + (3 * DROPS + 4) * S;
  for (let k = 0; k < DROPS; k++) fake.faults.stream.push({ kind: 'drop', openTime: from + (3 * k + 1) * S });
  const feed = new LiveFeed({
    exchange: await liveClient(fake),
    series: [{ symbol: BTC, timeframe: '1s' }],
    from: () => from,
    until,
    staleAfterMs: 1500,
    onDiagnostic: (l) => diagnostics.push(l),
  });
  let lostAt: number | null = null;
  for await (const e of feed) {
    events.push(e);
    if (e.kind !== 'status') continue;
    if (e.status === 'reconnecting' || e.status === 'stale') lostAt ??= Date.now();
    if (e.status === 'recovered' && lostAt !== null) {
      outages.push(Date.now() - lostAt);
      lostAt = null;
    }
  }
  stats = feed.stats();
}, 90_000);

afterAll(async () => {
  await fake?.stop();
});

describe('repeated stream drops', () => {
  it('the fake really dropped the stream every third candle', () => {
    expect(fake.stream!.sent.drops).toBe(DROPS);
  });

  it('the stream comes back after every drop, and each outage ends within 3 s', () => {
    expect(stats[0].counts.reconnects, diagnostics.join('\n')).toBe(DROPS);
    expect(outages.length).toBe(DROPS);
    expect(Math.max(...outages), `outages ${outages.join(', ')} ms`).toBeLessThan(3000);
  });

  it('every candle in [from, until) is delivered once, in order, and most of them by the stream', () => {
    const times = events.flatMap((e) => (e.kind === 'candle' && e.closed ? [e.candle.openTime] : []));
    const expected = Array.from({ length: (until - from) / S }, (_, i) => from + i * S);
    expect(times).toEqual(expected);
    expect(stats[0].counts.missing).toBe(0);
  });

  it('no gap status, and never one of zero candles', () => {
    const gaps = events.filter((e) => e.kind === 'status' && e.status === 'gap');
    expect(gaps.map((g) => (g.kind === 'status' ? g.detail : ''))).toEqual([]);
  });

  it('the feed ends on its own at `until`', () => {
    const last = events[events.length - 1];
    expect(last.kind === 'status' && last.status).toBe('ended');
  });
});
