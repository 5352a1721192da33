/**
 * beta and correl with input1 on another symbol (`input1Series`): on each primary bar, input1 is the other
 * series' last bar closed at or before that bar's close. Checked against an independent as-of join of the two
 * series fed to TA-Lib-definition batch references, with gaps in the second series and a later start, and
 * against the same indicator given both series through the engine in the other order of start.
 */
import { describe, expect, it } from 'vitest';
import { BacktestClock } from '../../engine/clock.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import type { Candle } from '../../engine/types.ts';
import { batchBETA, batchCORREL } from '../../testkit/indicators/batch-stats.ts';
import { MINUTE, mergeEvents, randomWalk, T0 } from './helpers.ts';

const A = 'AAA/USD';
const B = 'BBB/USD';
const N = 400;
const PERIOD = 20;
const aBars = randomWalk(A, N, 3, 100);
// B starts 37 bars later and misses bars 90-99 and 250: the as-of value is then an older bar.
const bBars = randomWalk(B, N, 4, 50).filter((_, i) => i >= 37 && !(i >= 90 && i < 100) && i !== 250);

/** Records the indicators' values on every primary bar. */
function recorder(out: { beta: number[]; correl: number[] }): StrategyFactory {
  return (_c, indicators) => {
    const beta = indicators.getter('beta')!;
    const correl = indicators.getter('correl')!;
    return {
      onCandle() {
        out.beta.push(beta());
        out.correl.push(correl());
        return null;
      },
    };
  };
}

async function engineValues(bFirst: boolean) {
  const out = { beta: [] as number[], correl: [] as number[] };
  const manager = new StrategyManager({ modules: new Map([['rec', recorder(out)]]) });
  manager.startStrategy(
    parseStrategyConfig({
      id: 'rec',
      symbol: A,
      timeframe: '1m',
      series: { market: { symbol: B, timeframe: '1m' } },
      module: 'rec',
      indicators: {
        beta: { type: 'beta', timePeriod: PERIOD, input0: 'close', input1: 'close', input1Series: 'market' },
        correl: { type: 'correl', timePeriod: PERIOD, input0: 'close', input1: 'close', input1Series: 'market' },
      },
    }),
  );
  const series = [
    { symbol: A, timeframe: '1m' },
    { symbol: B, timeframe: '1m' },
  ];
  const events = bFirst ? mergeEvents(bBars, aBars) : mergeEvents(aBars, bBars);
  await new Engine(manager, new BacktestClock()).run(new ArrayFeed(events, bFirst ? [...series].reverse() : series));
  return out;
}

/** The independent join: for each A bar, the last B bar with closeTime <= its close (null before B's first). */
function asOf(a: readonly Candle[], b: readonly Candle[]): (Candle | null)[] {
  let j = -1;
  return a.map((bar) => {
    while (j + 1 < b.length && b[j + 1].closeTime <= bar.closeTime) j++;
    return j >= 0 ? b[j] : null;
  });
}

function close(actual: number, expected: number | null, what: string): void {
  if (expected === null) return expect(Number.isNaN(actual), `${what}: still warming up`).toBe(true);
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('beta and correl reading input1 from another symbol', () => {
  it('equal the batch definitions over an independent as-of join, gaps included', async () => {
    const joined = asOf(aBars, bBars);
    const first = joined.findIndex((x) => x !== null);
    expect(first, 'B starts at bar 37').toBe(37);
    const x = aBars.slice(first).map((c) => c.close);
    const y = joined.slice(first).map((c) => c!.close);
    const wantBeta = [...new Array<null>(first).fill(null), ...batchBETA(x, y, PERIOD)];
    const wantCorrel = [...new Array<null>(first).fill(null), ...batchCORREL(x, y, PERIOD)];
    const got = await engineValues(false);
    expect(got.beta.length).toBe(N);
    for (let i = 0; i < N; i++) {
      close(got.beta[i], wantBeta[i], `beta at bar ${i}`);
      close(got.correl[i], wantCorrel[i], `correl at bar ${i}`);
    }
    // Inside B's gap the joined B value repeats bar 89's close: returns of 0 enter the window.
    expect(joined[95]!.openTime).toBe(T0 + 89 * MINUTE);
    expect(got.beta.filter((v) => Number.isFinite(v)).length, 'valid from bar 37 + 20 returns').toBe(N - first - PERIOD);
  });

  it('do not depend on which series the feed lists first', async () => {
    const a = await engineValues(false);
    const b = await engineValues(true);
    expect(b.beta.map(String)).toEqual(a.beta.map(String));
    expect(b.correl.map(String)).toEqual(a.correl.map(String));
  });

  it('an unknown input1Series is refused with the path and a suggestion', () => {
    expect(() =>
      parseStrategyConfig({
        symbol: A,
        timeframe: '1m',
        series: { market: { symbol: B, timeframe: '1m' } },
        indicators: { c: { type: 'correl', input1Series: 'markte' } },
        rules: { entry: { condition: 'c > 0.5' }, exit: { condition: 'c < 0' } },
      }),
    ).toThrow(/indicators\.c\.input1Series: unknown series "markte" \(did you mean "market"\?\)/);
  });
});
