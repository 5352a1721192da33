/**
 * Crash safety: a paper session run as a child process is SIGKILLed at seeded random moments and restarted
 * each time with the same command; a second session with the same arguments runs uninterrupted beside it,
 * against the same fake exchange. At the end both logs hold the same candles, the same fills (none lost, none
 * twice) and the same positions, and `strata replay` finds no difference in the crashed one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillLine, replaySession } from '../../backtest/live/replay-session.ts';
import { readSessionLog, sessionLogPath, type SessionEntry } from '../../backtest/live/session-log.ts';
import { mulberry32 } from '../../data/synth.ts';
import type { FakeExchange } from '../../testkit/fake-exchange/fake-exchange.ts';
import { EVERY_N, liveFake, S, sleep, strata, strataRun } from './helpers.ts';

const SEED = 20240607;
const KILLS = 4;

let fake: FakeExchange | undefined;
let dir: string | undefined;
afterAll(async () => {
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const exited = (child: ReturnType<typeof strata>) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

/** Resolves once the process `pid` has written its `open` entry to the crash session's log (a loaded machine takes half a minute to start one). */
async function opened(pid: number): Promise<void> {
  const needle = `"pid":${pid},`;
  for (let i = 0; i < 2400; i++) {
    try {
      if (readFileSync(sessionLogPath(dir!, 'crash'), 'utf8').includes(needle)) return;
    } catch {
      // not created yet
    }
    await sleep(25);
  }
  throw new Error(`process ${pid} never opened the session`);
}

function logOf(name: string) {
  const { entries } = readSessionLog(sessionLogPath(dir!, name));
  const pick = <K extends SessionEntry['k']>(k: K) => entries.filter((e): e is Extract<SessionEntry, { k: K }> => e.k === k);
  return { entries, candles: pick('candle').map((e) => JSON.stringify([e.s, e.t, e.o, e.h, e.l, e.c, e.v])), fills: pick('fill'), opens: pick('open') };
}

describe('paper session: SIGKILL at random points, restart, same result', () => {
  it('fills and positions equal an uninterrupted session over the same candles', async () => {
    ({ fake } = await liveFake(['BTC/USDT'], { history: 120, future: 120, seed: 11, tickMs: 100 }));
    dir = mkdtempSync(join(tmpdir(), 'strata-crash-'));
    const configs = join(dir, 'configs.json');
    writeFileSync(
      configs,
      JSON.stringify([
        { id: 'every4', symbol: 'BTC/USDT', timeframe: '1s', module: EVERY_N, params: { every: 4, hold: 2 }, risk: { maxPositionSize: 0.5 } },
        {
          id: 'ema_1s', symbol: 'BTC/USDT', timeframe: '1s',
          indicators: { fast: { type: 'ema', period: 3 }, slow: { type: 'ema', period: 8 } },
          rules: { entry: { condition: 'ema_crossover_bullish', confidence: 0.7 }, exit: { condition: 'ema_crossover_bearish', confidence: 0.7 } },
          risk: { maxPositionSize: 0.5, stopLoss: 0.002 },
        },
        {
          id: 'rsi_2s', symbol: 'BTC/USDT', timeframe: '2s',
          indicators: { rsi: { type: 'rsi', period: 5, overbought: 60, oversold: 40 } },
          rules: { entry: { condition: 'rsi < 45', confidence: 0.6 }, exit: { condition: 'rsi > 55', confidence: 0.6 } },
          risk: { maxPositionSize: 0.5 }, execution: { fill: 'close' },
        },
      ]),
    );
    const liveFrom = Math.ceil(Date.now() / S) * S + 4 * S;
    const until = liveFrom + 26 * S;
    const args = (session: string) => [
      'paper', configs, '--session', session, '--sessions-dir', dir!, '--exchange-url', fake!.url,
      '--warmup', '30', '--live-from', String(liveFrom), '--until', String(until), '--stale-after', '8000', '--quiet',
    ];

    const clean = strata(args('clean'), { stdio: 'ignore' });
    const rnd = mulberry32(SEED);
    const killedAt: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const child = strata(args('crash'), { stdio: 'ignore' });
      // Kill at a random moment after this process opened the session (its `open` entry is in the log): while it
      // warms up, catches up over REST after the rebuild, or streams; never merely while Node starts up.
      await opened(child.pid!);
      const wait = 50 + Math.floor(rnd() * 1950);
      await sleep(wait);
      child.kill('SIGKILL');
      await exited(child);
      killedAt.push(wait);
    }
    const last = await strataRun(args('crash'));
    expect(last.code, `the last run finishes: ${last.stderr}`).toBe(0);
    expect(await exited(clean), 'the uninterrupted session finishes').toBe(0);

    const a = logOf('clean');
    const b = logOf('crash');
    if (process.env.DEBUG_PAPER) {
      const marks = b.entries.map((e, i) => (e.k === 'open' ? `open@${i}(candles before: ${b.entries.slice(0, i).filter((x) => x.k === 'candle').length}, resumed ${e.resumed})` : null)).filter(Boolean);
      console.log(JSON.stringify({ killedAt, marks, candles: b.candles.length, fills: b.fills.length, cleanFills: a.fills.length }));
    }
    expect(b.opens.length, `every process opened the session (killed ${killedAt.join(', ')} ms after opening)`).toBe(KILLS + 1);
    expect(b.candles, 'the same candles, each once').toEqual(a.candles);
    const ids = b.fills.map((f) => f.id);
    expect(new Set(ids).size, 'no fill logged twice').toBe(ids.length);
    expect(a.fills.length, 'the session trades').toBeGreaterThan(5);
    expect(b.fills.map(fillLine), 'no fill lost, none duplicated, same prices').toEqual(a.fills.map(fillLine));

    const [ra, rb] = await Promise.all([replaySession(sessionLogPath(dir, 'clean')), replaySession(sessionLogPath(dir, 'crash'))]);
    expect(rb.strategies, 'positions, cash and equity at the end').toEqual(ra.strategies);

    const replay = await strataRun(['replay', 'crash', '--sessions-dir', dir]);
    expect(replay.stdout).toContain('No differences');
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
  }, 120_000);
});
