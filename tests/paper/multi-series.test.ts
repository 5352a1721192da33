/**
 * Several series per strategy in a paper session against the fake exchange (real ccxt client): the trend-filter
 * rules (a coarser informative series, aggregated live), the pairs strategy (a second symbol, long one leg and
 * short the other) and the JSON Donchian breakout example (windows and lookback in its rules). The session
 * subscribes and warms up every series the strategies read; its signals and fills equal a backtest over the REST
 * candles, and `strata replay` finds zero differences.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exchange } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperSession } from '../../backtest/live/paper-session.ts';
import { fillLine, signalLine } from '../../backtest/live/replay-session.ts';
import { readSessionLog, sessionLogPath, type SessionEntry } from '../../backtest/live/session-log.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import type { FakeExchange } from '../../testkit/fake-exchange/fake-exchange.ts';
import { liveClient, liveFake, referenceRun, restCandles, S, strataRun } from './helpers.ts';

const BTC = 'BTC/USDT';
const ETH = 'ETH/USDT';
const PAIRS = fileURLToPath(new URL('../../examples/strategies/pairs-spread.ts', import.meta.url));
/** The JSON Donchian example, rules unchanged (`close > highest(high, 20)[1]`), moved to the fake exchange's 1s bars. */
const donchian = JSON.parse(readFileSync(new URL('../../examples/donchian_breakout_json_btc_1h.json', import.meta.url), 'utf8')) as Record<string, unknown>;
delete donchian.$schema;

/** The examples' logic on second bars: 1s entries under a 4s trend, and a 1s BTC/ETH spread. */
const configs = [
  {
    id: 'trend_1s',
    symbol: BTC,
    timeframe: '1s',
    series: { h4: { timeframe: '4s' } },
    indicators: { fast: { type: 'ema', period: 3 }, slow: { type: 'ema', period: 6 }, trend: { type: 'ema', period: 3, series: 'h4' } },
    rules: { entry: { condition: 'fast > slow AND close > trend AND close > close@h4' }, exit: { condition: 'fast < slow OR close < trend' } },
    risk: { maxPositionSize: 0.5 },
  },
  {
    id: 'pairs_1s',
    symbol: BTC,
    timeframe: '1s',
    series: { other: { symbol: ETH, timeframe: '1s' } },
    module: PAIRS,
    params: { leg: 'other', lookback: 8, entryZ: 1, exitZ: 0.3, legFraction: 0.4 },
    allowShort: true,
  },
  { ...donchian, id: 'donchian_json_1s', timeframe: '1s' },
].map((c) => parseStrategyConfig(c));

let fake: FakeExchange;
let rest: Exchange;
let dir: string;
let entries: readonly SessionEntry[];
let header: Extract<SessionEntry, { k: 'session' }>;
let until: number;

beforeAll(async () => {
  ({ fake } = await liveFake([BTC, ETH], { history: 120, future: 60, seed: 11 }));
  rest = await liveClient(fake);
  dir = mkdtempSync(join(tmpdir(), 'strata-series-session-'));
  until = Math.ceil(Date.now() / S) * S + 12 * S;
  const session = await PaperSession.open({ name: 'series', sessionsDir: dir, configs, warmupBars: 20, until, createExchange: () => liveClient(fake) });
  await session.run();
  ({ entries } = readSessionLog(sessionLogPath(dir, 'series')));
  header = entries[0] as typeof header;
}, 90_000);

afterAll(async () => {
  await rest?.close();
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('paper session with informative series', () => {
  it('subscribes one 1s series per symbol and warms up on the longest series (20 bars of 4s)', () => {
    expect(header.series).toEqual([
      { symbol: BTC, timeframe: '1s' },
      { symbol: ETH, timeframe: '1s' },
    ]);
    expect(header.liveFrom - header.warmupFrom[0], 'BTC warm-up covers 20 bars of its coarsest use, 4s').toBeGreaterThanOrEqual(80 * S);
  });

  it('signals and fills equal a backtest over the REST candles of both symbols; both pairs legs trade', async () => {
    const truth = await Promise.all(header.series.map((s, i) => restCandles(rest, s, header.warmupFrom[i], until)));
    const ref = await referenceRun(configs, header.series, truth, header.liveFrom);
    const liveSignals = entries.filter((e): e is Extract<SessionEntry, { k: 'signal' }> => e.k === 'signal');
    const liveFills = entries.filter((e): e is Extract<SessionEntry, { k: 'fill' }> => e.k === 'fill');
    expect(liveSignals.map(signalLine)).toEqual(ref.signals.map(signalLine));
    expect(liveFills.map(fillLine)).toEqual(ref.fills.map(fillLine));
    const pairFills = liveFills.filter((f) => f.strategyId === 'pairs_1s');
    expect(new Set(pairFills.map((f) => f.symbol)), 'the pairs strategy fills on both symbols').toEqual(new Set([BTC, ETH]));
    expect(liveFills.some((f) => f.strategyId === 'trend_1s'), 'the trend filter trades live').toBe(true);
    expect(liveSignals.some((f) => f.strategyId === 'donchian_json_1s'), 'the JSON Donchian breakout signals live').toBe(true);
  });

  it('strata replay: zero differences', async () => {
    const r = await strataRun(['replay', 'series', '--sessions-dir', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.equal).toBe(true);
    expect(report.fills.liveHash).toBe(report.fills.replayHash);
    expect(report.signals.liveHash).toBe(report.signals.replayHash);
  }, 120_000);
});
