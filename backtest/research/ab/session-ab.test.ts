import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOUR, randomWalk, T0 } from '../../../tests/engine/helpers.ts';
import { candleEntry, SESSION_LOG_VERSION, SessionLog } from '../../live/session-log.ts';
import { sessionAb } from './session-ab.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-session-ab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = {
  symbol: 'BTC/USDT',
  timeframe: '1h',
  indicators: { fast: { type: 'ema', period: 5 }, slow: { type: 'ema', period: 13 } },
  rules: { entry: { condition: 'ema_crossover_bullish' }, exit: { condition: 'ema_crossover_bearish' } },
  execution: { fill: 'close', feeBps: 0 },
  risk: { maxPositionSize: 1 },
};

describe('A/B of strategies running side by side in a paper session', () => {
  it('replays the log: the costly copy is worse, the identical copy no different; warm-up bars do not count', async () => {
    const candles = randomWalk('BTC/USDT', 24 * 120, 5, 100, T0, '1h', HOUR);
    const liveFrom = candles[47].closeTime;
    const log = SessionLog.create(dir, {
      k: 'session',
      v: SESSION_LOG_VERSION,
      name: 'side-by-side',
      created: T0,
      exchange: 'fake',
      series: [{ symbol: 'BTC/USDT', timeframe: '1h' }],
      warmupFrom: [T0],
      liveFrom,
      configs: [
        { ...base, id: 'ema' },
        { ...base, id: 'ema_costly', execution: { fill: 'close', feeBps: 300 } },
        { ...base, id: 'ema_copy' },
      ],
    });
    for (const c of candles) log.append(candleEntry(0, c));
    log.close();
    const doc = await sessionAb({ sessionsDir: dir, session: 'side-by-side', strategies: ['ema', 'ema_costly', 'ema_copy'], resamples: 300 });
    const [costly, copy] = doc.comparisons;
    expect(costly.verdict.text).toBe('B worse with 95% confidence');
    expect(copy.verdict.text).toBe('no significant difference');
    expect(costly.alpha, 'two comparisons share the 5% level').toBeCloseTo(0.025, 12);
    expect(doc.series.end[0], 'the first period ends after liveFrom').toBeGreaterThan(liveFrom);
    expect(doc.periodsPerYear).toBe(365);
    expect(JSON.parse(readFileSync(join(dir, 'side-by-side', 'ab.json'), 'utf8')).runId).toBe('session:side-by-side');
    await expect(sessionAb({ sessionsDir: dir, session: 'side-by-side', strategies: ['ema', 'nope'] })).rejects.toThrow(/no strategy "nope"/);
  });
});
