import { describe, expect, it } from 'vitest';
import { measureLive } from '../../bench/live.bench.ts';

describe('bench/live.bench.ts (smoke: the benchmark harness works; the figure itself comes from `npx tsx bench/live.bench.ts`)', () => {
  it('times kline -> 10 logged signals for every candle', async () => {
    const f = await measureLive({ candles: 40, rounds: 2 });
    expect(f.candles).toBe(80);
    expect(f.roundsP99).toHaveLength(2);
    expect(f.fromSend.p50, 'a positive, finite latency').toBeGreaterThan(0);
    expect(Number.isFinite(f.pooled.fromSend.max)).toBe(true);
    expect(f.logEntriesPerCandle, 'candle + 10 signals + orders + fills + trades').toBeGreaterThan(20);
  }, 60_000);
});
