/**
 * Session log versions: a version 3 log holds the order model's events and replay compares them; a version 2 log
 * (written before them) still reads, gets only the outputs it knew when a newer build writes to it (rejections as
 * `blocked`, no order-model kinds), and replays with signals and fills compared and order events not.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { BacktestClock } from '../../engine/clock.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { Engine } from '../../engine/engine.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { Candle, MarketEvent, SeriesKey } from '../../engine/types.ts';
import { sealLine } from './log-lines.ts';
import { replaySession } from './replay-session.ts';
import { WriteAheadEvents } from './session-events.ts';
import { candleEntry, readSessionLog, SESSION_LOG_VERSION, SessionLog, sessionLogPath, type SessionEntry } from './session-log.ts';
import { OutputRecorder } from './session-outputs.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const M = 60_000;
const SERIES: SeriesKey[] = [{ symbol: 'BTC/USDT', timeframe: '1m' }];
const candles: Candle[] = Array.from({ length: 240 }, (_, i) => {
  const p = 100 + 3 * Math.sin(i / 5) + 0.6 * Math.sin(i * 1.7);
  const o = 100 + 3 * Math.sin((i - 1) / 5) + 0.6 * Math.sin((i - 1) * 1.7);
  return { symbol: 'BTC/USDT', timeframe: '1m', openTime: i * M, closeTime: (i + 1) * M, open: o, high: Math.max(o, p) + 0.3, low: Math.min(o, p) - 0.3, close: p, volume: 1 };
});
const configs = [
  {
    id: 'limit_trail', symbol: 'BTC/USDT', timeframe: '1m',
    indicators: { fast: { type: 'ema', period: 3 } },
    rules: { entry: { condition: 'close < fast' }, exit: { condition: 'close < 0' } },
    orders: { entry: { type: 'limit', offset: -0.004, tif: { bars: 2 } } },
    risk: { maxPositionSize: 0.5, trailingStop: { percent: 0.02 } },
  },
  { id: 'oversized', symbol: 'BTC/USDT', timeframe: '1m', rules: { entry: { condition: 'close > 0' }, exit: { condition: 'close < 0' } }, sizing: { mode: 'quantity', value: 1000 } },
];

/** A session log as a paper session of version `v` writes it: the candles (inputs) and what the engine produced. */
async function writeLog(v: number, name: string): Promise<string> {
  dir ??= mkdtempSync(`${tmpdir()}/strata-log-versions-`);
  const header = { k: 'session' as const, v, name, created: 1, exchange: 'binance', series: SERIES, warmupFrom: [0], liveFrom: 0, configs };
  const log = SessionLog.create(dir, header, { batch: true, syncMs: -1 });
  const rec = new OutputRecorder((e) => log.append(e), [], v);
  const events = new WriteAheadEvents((n, p) => rec.onEvent(n, p), () => log.commit());
  const clock = new BacktestClock();
  const manager = new StrategyManager({ events, clock });
  for (const c of configs) manager.startStrategy(parseStrategyConfig(c));
  const feed = {
    series: SERIES,
    async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
      for (const c of candles) {
        log.append(candleEntry(0, c));
        yield { kind: 'candle', candle: c, closed: true };
        log.commit();
      }
    },
  };
  await new Engine(manager, clock).run(feed);
  log.close();
  return sessionLogPath(dir, name);
}

const kinds = (path: string) => new Set(readSessionLog(path).entries.map((e) => e.k));

describe('session log versions', () => {
  it('version 3 logs the order model and replay compares it: zero differences, and a tampered stop level is one', async () => {
    expect(SESSION_LOG_VERSION).toBe(3);
    const path = await writeLog(3, 'v3');
    const { entries } = readSessionLog(path);
    const count = (k: SessionEntry['k']) => entries.filter((e) => e.k === k).length;
    expect(count('rejected'), 'the unaffordable stake: rejected with its reason').toBeGreaterThan(0);
    expect(entries.find((e) => e.k === 'rejected')).toMatchObject({ strategyId: 'oversized', reason: 'insufficientCash' });
    expect(count('cancelled'), 'limits expired after 2 bars').toBeGreaterThan(0);
    expect(count('stop'), 'the trailing stop moved').toBeGreaterThan(0);
    expect(count('blocked'), 'rejections are no longer blocked entries').toBe(0);
    const report = await replaySession(path);
    const orderKinds = ['order', 'rejected', 'cancelled', 'stop', 'funding', 'liquidation'] as const;
    expect(report.orderEvents!.live).toBe(orderKinds.reduce((n, k) => n + count(k), 0));
    expect(report.orderEvents!.replayHash).toBe(report.orderEvents!.liveHash);
    expect(report.equal).toBe(true);

    // Move one logged trailing-stop level by a cent (resealed, so the log reads): replay finds exactly that line.
    const lines = readFileSync(path, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('{"k":"stop"'));
    const entry = JSON.parse(lines[i]) as Record<string, unknown>;
    const { _q, _crc, ...body } = entry;
    void _crc;
    lines[i] = sealLine(JSON.stringify({ ...body, to: (body.to as number) + 0.01 }), _q as number);
    writeFileSync(path, lines.join('\n'));
    const tampered = await replaySession(path);
    expect(tampered.differenceCount).toBe(1);
    expect(tampered.differences[0].kind).toBe('order event');
  });

  it('a version 2 log keeps the outputs it knew: rejections as blocked, no order-model kinds; replay leaves order events out', async () => {
    const path = await writeLog(2, 'v2');
    const k = kinds(path);
    for (const kind of ['rejected', 'cancelled', 'stop', 'funding', 'liquidation']) expect(k.has(kind as SessionEntry['k']), `${kind} is not a version 2 kind`).toBe(false);
    const blocked = readSessionLog(path).entries.filter((e) => e.k === 'blocked');
    expect(blocked[0], 'a rejection as version 2 logged it').toMatchObject({ strategyId: 'oversized', limit: 'insufficientCash' });
    const report = await replaySession(path);
    expect(report.orderEvents, 'a version 2 log holds no order events to compare').toBeNull();
    expect(report.fills.live).toBeGreaterThan(0);
    expect(report.equal).toBe(true);
    // Both versions computed the same trading from the same candles.
    const v3 = await replaySession(await writeLog(3, 'v3-beside'));
    expect(report.fills.liveHash).toBe(v3.fills.liveHash);
    expect(report.signals.liveHash).toBe(v3.signals.liveHash);
  });
});
