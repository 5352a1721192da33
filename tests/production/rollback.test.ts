/**
 * Rollback of a running paper strategy against the fake exchange. The session starts an EMA crossover (v1),
 * is edited at once to a copy that never enters and carries an extra indicator (v2), and after some live
 * candles is rolled back to v1 through the session's inbox (what `strata strategies rollback --session` does).
 * Signals and fills after the switch must equal a fresh run of v1 over the same logged candles; the switch is
 * a `set` entry in the session log, the store's history shows start → update → rollback, and the CLI reads it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperSession } from '../../backtest/live/paper-session.ts';
import { fillLine, replaySession, signalLine } from '../../backtest/live/replay-session.ts';
import { readSessionLog, sessionLogPath, type SessionEntry } from '../../backtest/live/session-log.ts';
import { awaitResult, submitRollback } from '../../backtest/live/versions/inbox.ts';
import { attachSessionServices, sessionVersionDb } from '../../backtest/live/versions/session-hooks.ts';
import { sessionVersions } from '../../backtest/live/versions/session-versions.ts';
import { versionHash, VersionStore } from '../../backtest/records/versions/store.ts';
import { BacktestClock } from '../../engine/clock.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { Fill, MarketEvent, Signal } from '../../engine/types.ts';
import type { FakeExchange } from '../../testkit/fake-exchange/fake-exchange.ts';
import { liveClient, liveFake, S, strataRun } from '../paper/helpers.ts';

const V1 = parseStrategyConfig({
  id: 'ema',
  symbol: 'BTC/USDT',
  timeframe: '1s',
  indicators: { fast: { type: 'ema', period: 3 }, slow: { type: 'ema', period: 8 } },
  rules: { entry: { condition: 'ema_crossover_bullish', confidence: 0.7 }, exit: { condition: 'ema_crossover_bearish', confidence: 0.7 } },
  risk: { maxPositionSize: 0.5 },
});
/** The edit: never enters, and an indicator v1 does not have (a rollback must remove it, which a merge cannot). */
const V2_PARTIAL = { rules: { entry: { condition: 'close < 0' } }, indicators: { rsi: { type: 'rsi', period: 5 } } };
const LIVE_BARS_BEFORE_SWITCH = 10;

let fake: FakeExchange | undefined;
let dir: string;
let entries: readonly SessionEntry[];
let switchResult: Awaited<ReturnType<typeof awaitResult>>;
const sessionDiag: string[] = [];

beforeAll(async () => {
  ({ fake } = await liveFake(['BTC/USDT'], { history: 90, future: 90, seed: 23, tickMs: 100 }));
  dir = mkdtempSync(join(tmpdir(), 'strata-rollback-'));
  const liveFrom = Math.ceil(Date.now() / S) * S + 2 * S;
  const session = await PaperSession.open({
    name: 'rb',
    sessionsDir: dir,
    configs: [V1],
    warmupBars: 40,
    liveFrom,
    until: liveFrom + 45 * S,
    createExchange: () => liveClient(fake!),
    onDiagnostic: (l) => sessionDiag.push(l),
  });
  const versioning = attachSessionServices(session.manager, { sessionsDir: dir, session: 'rb', customDir: true, pollMs: 20, onDiagnostic: (l) => sessionDiag.push(l) });
  // The dashboard's parameter edit (PATCH /strategies/ema/config), before the first candle.
  session.manager.updateConfig('ema', V2_PARTIAL);
  await versioning.recorder.flush();
  const v1 = await VersionStore.with(sessionVersionDb(dir), (s) => s.resolve('ema@1'));

  // A shadow of v1 on the same candles and feed statuses, only to pick a switch moment at which v1 would be
  // flat with nothing pending (the running v2 never holds anything), so both continue from the same state.
  const shadow = new StrategyManager();
  shadow.startStrategy(V1);
  session.manager.events.on('candle', (e) => e.closed && shadow.onNewCandle(e.candle));
  session.manager.events.on('feed', (f) => shadow.onFeedStatus(f.status, f.detail, f.time));
  let live = 0;
  let requested: Promise<Awaited<ReturnType<typeof awaitResult>>> | null = null;
  session.manager.events.on('equity', (e) => {
    if (e.strategyId !== 'ema' || e.time <= liveFrom || requested) return;
    const s = shadow.getInstance('ema');
    if (++live >= LIVE_BARS_BEFORE_SWITCH && s.account.isFlat && !s.hasPendingOrder) {
      const id = submitRollback(join(dir, 'rb'), { strategyId: 'ema', version: v1, note: 'v2 never trades' });
      requested = awaitResult(join(dir, 'rb'), id, 20_000);
    }
  });
  await session.run();
  switchResult = requested ? await requested : null;
  await versioning.close();
  entries = readSessionLog(sessionLogPath(dir, 'rb')).entries;
}, 120_000);

afterAll(async () => {
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** v1 run fresh, in backtest mode, over the candles and feed statuses the session logged. */
async function freshV1() {
  const { header } = readSessionLog(sessionLogPath(dir, 'rb'));
  const events: MarketEvent[] = [];
  for (const e of entries) {
    if (e.k === 'candle') {
      const tf = header.series[e.s].timeframe;
      events.push({ kind: 'candle', closed: true, candle: { symbol: header.series[e.s].symbol, timeframe: tf, openTime: e.t, closeTime: e.t + timeframeMs(tf), open: e.o, high: e.h, low: e.l, close: e.c, volume: e.v } });
    } else if (e.k === 'feed') events.push({ kind: 'status', status: e.status, detail: e.detail, time: e.time });
  }
  const manager = new StrategyManager();
  const signals: Signal[] = [];
  const fills: Fill[] = [];
  manager.events.on('signal', (s) => signals.push(s));
  manager.events.on('fill', (f) => fills.push(f));
  manager.startStrategy(V1);
  await new Engine(manager, new BacktestClock()).run(new ArrayFeed(events, header.series));
  return { signals, fills };
}

describe('rollback of a running paper strategy', () => {
  it('switches at the next candle and the switch is logged as a set entry with the version', () => {
    expect(switchResult, `the session answered the request (${sessionDiag.join('; ')})`).not.toBeNull();
    expect(switchResult!.ok, switchResult!.error).toBe(true);
    const sets = entries.filter((e) => e.k === 'control' && e.op === 'set');
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({ id: 'ema', version: versionHash(V1), note: 'v2 never trades' });
  });

  it('signals and fills after the switch equal a fresh run of v1 on the same candles', async () => {
    const setAt = entries.findIndex((e) => e.k === 'control' && e.op === 'set');
    const before = entries.slice(0, setAt).filter((e) => e.k === 'candle');
    const lastCandle = before[before.length - 1] as Extract<SessionEntry, { k: 'candle' }>;
    const switchTime = lastCandle.t + S;
    expect(switchResult!.after, 'the inbox reports the last candle before the switch').toBe(switchTime);
    const liveSignals = entries.slice(setAt).filter((e): e is Extract<SessionEntry, { k: 'signal' }> => e.k === 'signal').map((e) => signalLine(e));
    const liveFills = entries.slice(setAt).filter((e): e is Extract<SessionEntry, { k: 'fill' }> => e.k === 'fill');
    const ref = await freshV1();
    const refSignals = ref.signals.filter((s) => s.time > switchTime).map(signalLine);
    const refFills = ref.fills.filter((f) => f.time > switchTime);
    expect(refSignals.length, 'v1 signals after the switch (the test needs some)').toBeGreaterThan(2);
    expect(liveSignals, 'same signals, same prices and times').toEqual(refSignals);
    // Fill ids count per instance, so compare what was traded, not the ids.
    const trade = (f: Fill) => JSON.stringify([f.side, f.quantity, f.price, f.fee, f.time, f.reason]);
    expect(liveFills.map(trade)).toEqual(refFills.map(trade));
    expect(entries.slice(0, setAt).filter((e) => e.k === 'signal').length, 'v2 (never enters) signalled nothing before the switch').toBe(0);
  });

  it('the rolled-back strategy runs exactly v1 (the edit’s extra indicator is gone) and replay reproduces the session', async () => {
    const report = await replaySession(sessionLogPath(dir, 'rb'));
    expect(report.equal, JSON.stringify(report.differences)).toBe(true);
    const attributed = sessionVersions(readSessionLog(sessionLogPath(dir, 'rb')).header, entries);
    expect(attributed.switches.map((s) => [s.reason, s.hash === versionHash(V1) ? 'v1' : 'v2'])).toEqual([
      ['start', 'v1'],
      ['update', 'v2'],
      ['set', 'v1'],
    ]);
    const perf = attributed.performance.filter((p) => p.strategyId === 'ema');
    expect(perf.every((p) => p.hash === versionHash(V1)), 'every signal and fill was made by v1 (v2 made none)').toBe(true);
    expect(perf[0].signals).toBeGreaterThan(2);
  });

  it('the store has start → update → rollback, and the CLI shows history, diff and split performance', async () => {
    const h = await VersionStore.with(sessionVersionDb(dir), (s) => s.history('ema'), { readOnly: true });
    expect(h.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(h.log.map((l) => [l.reason, l.session, l.note])).toEqual([
      ['start', 'rb', null],
      ['update', 'rb', null],
      ['rollback', 'rb', 'v2 never trades'],
    ]);
    const hist = await strataRun(['strategies', 'history', 'ema', '--sessions-dir', dir, '--session', 'rb']);
    expect(hist.code, hist.stderr).toBe(0);
    expect(hist.stdout).toMatch(/\* v1 /);
    expect(hist.stdout).toMatch(/→ .* rollback \[session rb\]  "v2 never trades"/);
    expect(hist.stdout).toMatch(/v1 +[0-9a-f]{12}  \d+ signals/);
    const diff = await strataRun(['strategies', 'diff', 'ema@1', 'ema@2', '--sessions-dir', dir]);
    expect(diff.stdout).toContain('rules.entry.condition: "ema_crossover_bullish" → "close < 0"');
    expect(diff.stdout).toMatch(/indicators\.rsi: \(absent\) → \{/);
    const queued = await strataRun(['strategies', 'rollback', 'ema', '2', '--sessions-dir', dir, '--session', 'rb', '--wait', '0.3']);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout, 'the session has ended: the request waits for a resume').toMatch(/queued: session rb did not answer/);
    const unknown = await strataRun(['strategies', 'rollback', 'ema', 'ema@7', '--sessions-dir', dir]);
    expect(unknown.code).toBe(1);
  }, 60_000);
});
