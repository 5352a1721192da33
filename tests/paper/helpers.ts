/** Shared setup of the paper tests: a fake exchange streaming 1s candles around now, ccxt pointed at it, REST truth. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ccxt, { type Exchange } from 'ccxt';
import { BacktestClock } from '../../engine/clock.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { Candle, Fill, MarketEvent, SeriesKey, Signal } from '../../engine/types.ts';
import { loadStrategyModules } from '../../backtest/run/load-configs.ts';
import { fetchRestRange } from '../../data/live/rest-range.ts';
import { FakeExchange, generatedSeries, type FakeFunding } from '../../testkit/fake-exchange/fake-exchange.ts';
import { pointCcxtAtLive } from '../../testkit/fake-exchange/point-ccxt.ts';

export const S = 1000;
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EVERY_N = fileURLToPath(new URL('./fixtures/every-n.ts', import.meta.url));

/**
 * A fake exchange serving 1s candles of `symbols` from `history` seconds before now to `future` seconds after,
 * and with `funding` the perpetuals' funding over the same span (given its start and end).
 */
export async function liveFake(
  symbols: readonly string[],
  opts: { history?: number; future?: number; seed?: number; tickMs?: number; funding?: (start: number, end: number) => FakeFunding[] } = {},
) {
  const start = Math.floor(Date.now() / S) * S - (opts.history ?? 120) * S;
  const bars = (opts.history ?? 120) + (opts.future ?? 120);
  const fake = await new FakeExchange({
    series: symbols.map((s, i) => generatedSeries(s, '1s', bars, (opts.seed ?? 7) + i, start)),
    tickMs: opts.tickMs ?? 100,
    funding: opts.funding?.(start, start + bars * S),
  }).start();
  return { fake, start };
}

/** A ccxt.pro binance client talking to the fake (REST and the kline stream). */
export function liveClient(fake: FakeExchange): Promise<Exchange> {
  return pointCcxtAtLive(new ccxt.pro.binance({ enableRateLimit: false }), fake.url);
}

/** The REST-only truth: every candle the exchange serves in [from, until), fetched over REST after the fact. */
export async function restCandles(ex: Exchange, s: SeriesKey, from: number, until: number): Promise<Candle[]> {
  const { rows } = await fetchRestRange(ex, s.symbol, s.timeframe, from, { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), until });
  return rows
    .map((r) => ({ symbol: s.symbol, timeframe: s.timeframe, openTime: r[0], closeTime: r[0] + S, open: r[1], high: r[2], low: r[3], close: r[4], volume: r[5] }))
    .filter((c) => c.openTime >= from && c.openTime < until);
}

/** A strategy on the every-n fixture. */
export function everyN(id: string, symbol: string, params: { every: number; offset?: number; hold: number }, timeframe = '1s'): StrategyConfig {
  return { id, symbol, timeframe, module: EVERY_N, params, risk: { maxPositionSize: 0.5 } } as unknown as StrategyConfig;
}

/**
 * What a fault-free session would do: a backtest over REST candles merged by (closeTime, series order), entries
 * blocked during warm-up exactly as the live feed does ('warmup' first, 'connected' before the first candle
 * closing after liveFrom).
 */
export async function referenceRun(configs: readonly StrategyConfig[], series: readonly SeriesKey[], candles: readonly Candle[][], liveFrom: number) {
  const all = candles.flatMap((list, k) => list.map((c) => ({ c, k })));
  all.sort((a, b) => a.c.closeTime - b.c.closeTime || a.k - b.k);
  const events: MarketEvent[] = [{ kind: 'status', status: 'warmup', detail: 'reference', time: all[0].c.openTime }];
  let live = false;
  let lastClose = all[0].c.openTime;
  for (const { c } of all) {
    if (!live && c.closeTime > liveFrom) {
      live = true;
      events.push({ kind: 'status', status: 'connected', detail: 'reference', time: lastClose });
    }
    events.push({ kind: 'candle', candle: c, closed: true });
    lastClose = c.closeTime;
  }
  const manager = new StrategyManager({ modules: await loadStrategyModules(configs) });
  const signals: Signal[] = [];
  const fills: Fill[] = [];
  manager.events.on('signal', (s) => signals.push(s));
  manager.events.on('fill', (f) => fills.push(f));
  for (const c of configs) manager.startStrategy(c);
  await new Engine(manager, new BacktestClock()).run(new ArrayFeed(events, series));
  return { signals, fills, manager };
}

/** Spawns `strata <args>` as a child process (node + tsx, no npm wrapper). */
export function strata(args: readonly string[], opts: { stdio?: 'pipe' | 'ignore' } = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: ROOT, stdio: opts.stdio ?? 'pipe', env: { ...process.env, FORCE_COLOR: '0' } });
}

/** Runs `strata <args>` to the end: exit code and output. */
export function strataRun(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = strata(args);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
