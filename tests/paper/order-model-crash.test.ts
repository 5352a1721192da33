/**
 * The order model in paper mode, through real `strata paper` processes against the fake exchange: a limit-entry
 * strategy with a trailing stop, one whose fixed stake the cash cannot pay (rejections) and a perpetual long that
 * pays funding. One session is SIGKILLed at seeded random moments and restarted; a second runs uninterrupted
 * beside it over the same candles. Both logs must hold the same order events (working orders placed, expired,
 * filled, rejected, trailing-stop moves, funding payments) and trades; `strata replay` finds zero differences,
 * order events included; and funding is paid at the fake exchange's funding times with the sign right for a long.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaySession } from '../../backtest/live/replay-session.ts';
import { ORDER_EVENT_KINDS, readSessionLog, SESSION_LOG_VERSION, sessionLogPath, type SessionEntry } from '../../backtest/live/session-log.ts';
import { mulberry32 } from '../../data/synth.ts';
import type { FakeExchange, FakeFunding } from '../../testkit/fake-exchange/fake-exchange.ts';
import { liveFake, S, sleep, strata, strataRun } from './helpers.ts';

const SEED = 20260612;
const KILLS = 3;
/** Funding every 3 s, rates cycling through -0.02% .. +0.02% (both signs, and zero). */
const FUNDING_EVERY = 3 * S;
const rateAt = (i: number) => (((i * 7) % 5) - 2) * 0.0001;

let fake: FakeExchange | undefined;
let dir: string;
let funding: FakeFunding;
afterAll(async () => {
  await fake?.stop();
  if (dir && !process.env.KEEP_PAPER) rmSync(dir, { recursive: true, force: true });
});

const exited = (child: ReturnType<typeof strata>) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

async function opened(pid: number): Promise<void> {
  const needle = `"pid":${pid},`;
  for (let i = 0; i < 2400; i++) {
    try {
      if (readFileSync(sessionLogPath(dir, 'crash'), 'utf8').includes(needle)) return;
    } catch {
      // not created yet
    }
    await sleep(25);
  }
  throw new Error(`process ${pid} never opened the session`);
}

function logOf(name: string) {
  const { header, entries } = readSessionLog(sessionLogPath(dir, name));
  const pick = <K extends SessionEntry['k']>(k: K) => entries.filter((e): e is Extract<SessionEntry, { k: K }> => e.k === k);
  const kinds = new Set<string>([...ORDER_EVENT_KINDS, 'fill', 'trade']);
  return {
    header,
    entries,
    pick,
    candles: pick('candle').map((e) => JSON.stringify([e.s, e.t, e.o, e.h, e.l, e.c, e.v])),
    rates: pick('fundingRate').map((e) => JSON.stringify(e)),
    /** Every order-model output and trade, in log order, as logged. */
    orderEvents: entries.filter((e) => kinds.has(e.k)).map((e) => JSON.stringify(e)),
    opens: pick('open'),
  };
}

let clean: ReturnType<typeof logOf>;
let crash: ReturnType<typeof logOf>;
let killedAt: number[] = [];

beforeAll(async () => {
  ({ fake } = await liveFake(['BTC/USDT'], {
    history: 120,
    future: 120,
    seed: 5,
    tickMs: 100,
    funding: (start, end) => {
      const times: number[] = [];
      for (let t = start; t < end; t += FUNDING_EVERY) times.push(t);
      funding = { symbol: 'BTC/USDT:USDT', times: Float64Array.from(times), rates: Float64Array.from(times.map((_, i) => rateAt(i))) };
      return [funding];
    },
  }));
  dir = mkdtempSync(join(tmpdir(), 'strata-orders-crash-'));
  if (process.env.KEEP_PAPER) console.log(`sessions in ${dir}`);
  const configs = join(dir, 'configs.json');
  writeFileSync(
    configs,
    JSON.stringify([
      {
        id: 'limit_trail', symbol: 'BTC/USDT', timeframe: '1s',
        indicators: { fast: { type: 'ema', period: 3 } },
        rules: { entry: { condition: 'close < fast', confidence: 0.7 }, exit: { condition: 'close < 0', confidence: 0.7 } },
        orders: { entry: { type: 'limit', offset: -0.0004, tif: { bars: 3 } } },
        risk: { maxPositionSize: 0.5, trailingStop: { percent: 0.0004 } },
      },
      {
        id: 'oversized', symbol: 'BTC/USDT', timeframe: '1s',
        rules: { entry: { condition: 'close > 0' }, exit: { condition: 'close < 0' } },
        sizing: { mode: 'quantity', value: 1000000 },
      },
      {
        id: 'perp_long', symbol: 'BTC/USDT', timeframe: '1s', instrument: 'perpetual', leverage: 2,
        rules: { entry: { condition: 'close > 0' }, exit: { condition: 'close < 0' } },
        risk: { maxPositionSize: 0.5 },
      },
    ]),
  );
  const liveFrom = Math.ceil(Date.now() / S) * S + 8 * S;
  const until = liveFrom + 36 * S;
  const args = (session: string) => [
    'paper', configs, '--session', session, '--sessions-dir', dir, '--exchange-url', fake!.url,
    '--warmup', '20', '--live-from', String(liveFrom), '--until', String(until), '--stale-after', '20000', '--quiet',
  ];
  const uninterrupted = strata(args('clean'));
  let cleanErr = '';
  uninterrupted.stderr!.on('data', (d) => (cleanErr += d));
  uninterrupted.stdout!.resume();
  const rnd = mulberry32(SEED);
  killedAt = [];
  // Kills only while the session still runs (a process started after `until` merely reopens an ended session).
  for (let k = 0; k < KILLS && Date.now() < until - 6 * S; k++) {
    const child = strata(args('crash'));
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.resume();
    await opened(child.pid!).catch((err: Error) => {
      throw new Error(`${err.message}: ${stderr}`);
    });
    const wait = 300 + Math.floor(rnd() * 2500);
    await sleep(wait);
    child.kill('SIGKILL');
    await exited(child);
    killedAt.push(wait);
  }
  const last = await strataRun(args('crash'));
  expect(last.code, `the last run finishes: ${last.stderr}`).toBe(0);
  expect(await exited(uninterrupted), 'the uninterrupted session finishes').toBe(0);
  if (process.env.KEEP_PAPER) writeFileSync(join(dir, 'clean.err'), cleanErr);
  clean = logOf('clean');
  crash = logOf('crash');
}, 150_000);

describe('paper session with working orders, trailing stops and funding: SIGKILL, restart, same result', () => {
  it('logs the order model (version 3): working orders placed and expired, limit fills, rejections, trailing-stop moves, funding', () => {
    expect(clean.header.v).toBe(SESSION_LOG_VERSION);
    expect(SESSION_LOG_VERSION).toBe(3);
    const orders = clean.pick('order').filter((o) => o.strategyId === 'limit_trail');
    expect(orders.some((o) => o.type === 'limit' && o.tif === '3 bars'), 'limit entries with their time in force').toBe(true);
    expect(clean.pick('cancelled').some((c) => c.strategyId === 'limit_trail' && c.reason === 'expired'), 'a limit that never filled expired after 3 bars').toBe(true);
    const limitFills = clean.pick('fill').filter((f) => f.strategyId === 'limit_trail' && f.reason === 'entry');
    expect(limitFills.length, 'limit entries filled').toBeGreaterThan(0);
    for (const f of limitFills) {
      const order = orders.find((o) => o.id === f.orderId)!;
      expect(f.price, `${f.id} fills at its limit or better`).toBeLessThanOrEqual(order.limitPrice!);
    }
    const stops = clean.pick('stop').filter((s) => s.strategyId === 'limit_trail');
    expect(stops.length, 'the trailing stop moved').toBeGreaterThan(limitFills.length);
    for (const s of stops) if (s.from !== null) expect(s.to, 'a long trail only ratchets up').toBeGreaterThan(s.from);
    expect(clean.pick('trade').some((t) => t.strategyId === 'limit_trail' && t.exitReason === 'trailing_stop'), 'a trade closed by the trailing stop').toBe(true);
    const rejected = clean.pick('rejected').filter((r) => r.strategyId === 'oversized');
    expect(rejected.length, 'the unaffordable stake is rejected on every live entry signal').toBeGreaterThan(10);
    expect(rejected[0].reason).toBe('insufficientCash');
    expect(rejected[0].detail).toMatch(/a stake of 1000000 units/);
  });

  it('the crashed session holds exactly the uninterrupted one: candles, funding rates, orders, fills, stops, payments, trades', () => {
    if (process.env.DEBUG_PAPER) console.log(JSON.stringify({ killedAt, opens: crash.opens.length, events: crash.orderEvents.length }));
    expect(killedAt.length, `processes killed while the session ran (${killedAt.join(', ')} ms after opening)`).toBeGreaterThanOrEqual(2);
    expect(crash.opens.length, 'every process opened the session').toBe(killedAt.length + 1);
    const ended = crash.entries.findIndex((e) => e.k === 'feed' && e.status === 'ended');
    const resumedBeforeEnd = crash.entries.slice(0, ended).filter((e) => e.k === 'open' && e.resumed).length;
    expect(resumedBeforeEnd, 'every restart resumed a session still running').toBe(killedAt.length);
    expect(crash.candles, 'the same candles, each once').toEqual(clean.candles);
    expect(crash.rates, 'the same funding rates, each once').toEqual(clean.rates);
    expect(clean.orderEvents.length).toBeGreaterThan(40);
    expect(crash.orderEvents, 'the same order events and trades, none lost, none twice').toEqual(clean.orderEvents);
  });

  it('strata replay: zero differences, order events included, and the same end state as the uninterrupted session', async () => {
    const [a, b] = await Promise.all([replaySession(sessionLogPath(dir, 'clean')), replaySession(sessionLogPath(dir, 'crash'))]);
    expect(b.orderEvents, 'order events compared').not.toBeNull();
    expect(b.orderEvents!.live).toBe(clean.entries.filter((e) => (ORDER_EVENT_KINDS as readonly string[]).includes(e.k)).length);
    expect(b.differenceCount).toBe(0);
    expect(b.strategies, 'positions (trailing stop level included), cash and equity at the end').toEqual(a.strategies);
    const replay = await strataRun(['replay', 'crash', '--sessions-dir', dir]);
    expect(replay.stdout).toMatch(/orders: +live \d+, replay \d+, hash \w+ == \w+/);
    expect(replay.stdout).toContain('No differences');
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
  });

  it('funding: paid at the fake exchange funding times, each on the long at the close before it, long pays a positive rate', () => {
    const candles = clean.pick('candle');
    const first = candles[0].t;
    const lastClose = candles[candles.length - 1].t + S;
    // Every funding time after the first candle and before the last close was polled and logged, at its rate.
    const expected = [...funding.times].map((t, i) => ({ t, rate: funding.rates[i] })).filter((f) => f.t > first && f.t < lastClose);
    expect(clean.pick('fundingRate').map((e) => [e.symbol, e.time, e.rate])).toEqual(expected.map((f) => ['BTC/USDT', f.t, f.rate]));
    const payments = clean.pick('funding').filter((p) => p.strategyId === 'perp_long');
    expect(payments.length, 'the perpetual long paid or received at several funding times').toBeGreaterThan(5);
    const closeAt = new Map(candles.map((c) => [c.t + S, c.c]));
    const qty = clean.pick('fill').find((f) => f.strategyId === 'perp_long')!.quantity;
    for (const p of payments) {
      const rate = expected.find((f) => f.t === p.time)!.rate;
      expect(p.side).toBe('long');
      expect(p.quantity).toBe(qty);
      expect(p.mark, 'marked at the close of the bar ending at the funding time').toBe(closeAt.get(p.time));
      expect(p.cash, `long at rate ${rate}: cash = -rate × quantity × mark`).toBeCloseTo(-rate * qty * closeAt.get(p.time)!, 9);
      if (rate > 0) expect(p.cash).toBeLessThan(0);
      if (rate < 0) expect(p.cash).toBeGreaterThan(0);
    }
    expect(payments.some((p) => p.rate > 0) && payments.some((p) => p.rate < 0), 'both signs occur').toBe(true);
    const received = payments.reduce((s, p) => s + p.cash, 0);
    const trade = clean.pick('trade').find((t) => t.strategyId === 'perp_long');
    if (trade) expect(trade.funding).toBeCloseTo(received, 9);
  });
});
