/**
 * Informative series against an independent as-of join. The engine aligns a strategy's other series through the
 * aggregator and the bar-group barrier; the oracle here buckets the raw minutes itself and, for every primary
 * close t, picks the last bar of each other series whose close is at or before t. Any lookahead (a 4h bar seen
 * before it closed) or lag (the 4h bar closing at t missing at t) shows up as a mismatch.
 */
import { describe, expect, it } from 'vitest';
import { BacktestClock } from '../../engine/clock.ts';
import type { StrategyConfigInput } from '../../engine/config/schema.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import type { Candle, Signal } from '../../engine/types.ts';
import { DAY, HOUR, MINUTE, mergeEvents, mulberry32, randomWalk } from './helpers.ts';

const BTC = 'BTC/USDT';
const ETH = 'ETH/USDT';

/** Buckets candles into `ms` bars by hand (complete buckets only): the oracle's own resampling. */
function bucket(candles: readonly Candle[], ms: number, timeframe: string): Candle[] {
  const groups = new Map<number, Candle[]>();
  for (const c of candles) {
    const start = Math.floor(c.openTime / ms) * ms;
    groups.set(start, [...(groups.get(start) ?? []), c]);
  }
  const out: Candle[] = [];
  for (const [start, g] of [...groups].sort((a, b) => a[0] - b[0])) {
    if (g.length !== ms / (g[0].closeTime - g[0].openTime)) continue;
    out.push({ symbol: g[0].symbol, timeframe, openTime: start, closeTime: start + ms, open: g[0].open, high: Math.max(...g.map((c) => c.high)), low: Math.min(...g.map((c) => c.low)), close: g.at(-1)!.close, volume: g.reduce((a, c) => a + c.volume, 0) });
  }
  return out;
}

/** The last bar of `series` closed at or before `t` (a linear scan: no shared code with the engine's path). */
function asOf(series: readonly Candle[], t: number): Candle | null {
  let found: Candle | null = null;
  for (const c of series) if (c.closeTime <= t) found = c;
  return found;
}

/** TA-Lib's EMA (SMA seed) over the closes of `bars`, as of each bar; NaN while warming up. */
function emaByBar(bars: readonly Candle[], period: number): Map<number, number> {
  const out = new Map<number, number>();
  const k = 2 / (period + 1);
  let ema = Number.NaN;
  bars.forEach((b, i) => {
    if (i === period - 1) ema = bars.slice(0, period).reduce((a, x) => a + x.close, 0) / period;
    else if (i >= period) ema = ema + (b.close - ema) * k;
    out.set(b.closeTime, ema);
  });
  return out;
}

interface Seen {
  t: number;
  h4: Candle | null;
  eth: Candle | null;
  trend: number;
  h4History: number;
}

const probe: StrategyFactory = () => ({
  onCandle(ctx) {
    const h4 = ctx.series.get('h4')!;
    seen.push({ t: ctx.candle.closeTime, h4: h4.candle, eth: ctx.series.get('eth')!.candle, trend: ctx.indicators.getter('trend')!(), h4History: h4.history.length });
    return null;
  },
});
let seen: Seen[] = [];

const PROBE: StrategyConfigInput = {
  id: 'probe',
  symbol: BTC,
  timeframe: '15m',
  series: { h4: { timeframe: '4h' }, eth: { symbol: ETH, timeframe: '15m' } },
  indicators: { trend: { type: 'ema', period: 3, series: 'h4' } },
  module: 'probe',
};

/** Three days of BTC minutes and ETH 15m bars with some ETH bars missing (gaps the join must step over). */
function data(seed: number) {
  const btc1m = randomWalk(BTC, (3 * DAY) / MINUTE, seed, 42_000);
  const rnd = mulberry32(seed + 1);
  const eth15 = randomWalk(ETH, (3 * DAY) / (15 * MINUTE), seed + 2, 2_300, undefined, '15m', 15 * MINUTE).filter(() => rnd() > 0.1);
  return { btc1m, eth15 };
}

async function run(btc1m: Candle[], eth15: Candle[], config: StrategyConfigInput, modules = new Map([['probe', probe]])) {
  seen = [];
  const manager = new StrategyManager({ modules });
  const signals: Signal[] = [];
  manager.events.on('signal', (s) => signals.push(s));
  manager.startStrategy(config);
  const feed = new ArrayFeed(mergeEvents(btc1m, eth15), [
    { symbol: BTC, timeframe: '1m' },
    { symbol: ETH, timeframe: '15m' },
  ]);
  await new Engine(manager, new BacktestClock()).run(feed);
  return { manager, signals };
}

describe('informative series: values as of the primary close (as-of join oracle)', () => {
  it.each([7, 8, 9])('seed %i: every primary bar sees the last CLOSED 4h bar and ETH bar, and the 4h EMA of closed bars only', async (seed) => {
    const { btc1m, eth15 } = data(seed);
    await run(btc1m, eth15, PROBE);
    const btc15 = bucket(btc1m, 15 * MINUTE, '15m');
    const btc4h = bucket(btc1m, 4 * HOUR, '4h');
    const ema = emaByBar(btc4h, 3);
    expect(seen.map((s) => s.t), 'the strategy evaluated on every 15m close').toEqual(btc15.map((b) => b.closeTime));
    let boundaries = 0;
    for (const s of seen) {
      const h4 = asOf(btc4h, s.t);
      if (h4?.closeTime === s.t) boundaries++;
      expect(s.h4, `4h as of ${new Date(s.t).toISOString()}`).toEqual(h4);
      expect(s.eth, `ETH as of ${new Date(s.t).toISOString()}`).toEqual(asOf(eth15, s.t));
      const want = h4 === null ? Number.NaN : ema.get(h4.closeTime)!;
      if (Number.isNaN(want)) expect(s.trend, 'EMA still warming up').toBeNaN();
      else expect(s.trend).toBeCloseTo(want, 9);
      expect(s.h4History, 'the 4h history holds the closed 4h bars').toBe(btc4h.filter((b) => b.closeTime <= s.t).length);
    }
    expect(boundaries, 'the 4h bar closing at the same instant as a 15m bar is seen by that 15m bar (18 of them in 3 days)').toBe(18);
  });

  it('a rule `close > trend` with trend bound to 4h (and close@h4) signals exactly where the oracle says', async () => {
    const { btc1m, eth15 } = data(5);
    const config: StrategyConfigInput = {
      id: 'mtf',
      symbol: BTC,
      timeframe: '15m',
      series: { h4: { timeframe: '4h' } },
      indicators: { trend: { type: 'ema', period: 3, series: 'h4' } },
      rules: { entry: { condition: 'close > trend AND close > close@h4' }, exit: { condition: 'close < trend' } },
      execution: { fill: 'close' },
    };
    const { signals } = await run(btc1m, eth15, config);
    const btc15 = bucket(btc1m, 15 * MINUTE, '15m');
    const btc4h = bucket(btc1m, 4 * HOUR, '4h');
    const ema = emaByBar(btc4h, 3);
    const want: string[] = [];
    let long = false;
    for (const b of btc15) {
      const h4 = asOf(btc4h, b.closeTime);
      const trend = h4 === null ? Number.NaN : ema.get(h4.closeTime)!;
      if (!long && b.close > trend && h4 !== null && b.close > h4.close) {
        want.push(`BUY ${b.closeTime}`);
        long = true;
      } else if (long && b.close < trend) {
        want.push(`SELL ${b.closeTime}`);
        long = false;
      }
    }
    expect(want.length, 'the fixture trades').toBeGreaterThan(4);
    expect(signals.map((s) => `${s.action} ${s.time}`)).toEqual(want);
  });

  it('without the barrier the 4h bar closing at t would be missed: the aggregated 4h bar is applied before the 15m bar evaluates', async () => {
    const { btc1m, eth15 } = data(3);
    await run(btc1m, eth15, PROBE);
    const at4 = seen.find((s) => s.t % (4 * HOUR) === 0 && s.h4 !== null)!;
    expect(at4.h4!.closeTime, 'same close time: the 4h bar is already known').toBe(at4.t);
  });
});
