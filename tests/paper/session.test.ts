/**
 * A clean paper session in-process: warm-up makes the live signals those of a backtest over the same candles,
 * in-progress candles reach dashboards only, `strata replay` finds zero differences (and exits 1 on a tampered
 * log), the recorded candles export as a backtest data set, and reopening the session rebuilds the same state.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exchange } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperSession, type PaperSummary } from '../../backtest/live/paper-session.ts';
import { fillLine, replaySession, signalLine } from '../../backtest/live/replay-session.ts';
import { sealLine } from '../../backtest/live/log-lines.ts';
import { DamagedLogError, readSessionLog, sessionLogPath, type SessionEntry } from '../../backtest/live/session-log.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import type { Candle } from '../../engine/types.ts';
import { loadFile } from '../../data/import.ts';
import type { FakeExchange } from '../../testkit/fake-exchange/fake-exchange.ts';
import { everyN, liveClient, liveFake, referenceRun, restCandles, S, strataRun } from './helpers.ts';

const BTC = 'BTC/USDT';
let fake: FakeExchange;
let rest: Exchange;
let dir: string;
let summary: PaperSummary;
let entries: readonly SessionEntry[];
let header: Extract<SessionEntry, { k: 'session' }>;
let until: number;
const partial: Candle[] = [];
const closedSeen: Candle[] = [];
let metricsAtEnd: unknown;

const configs = [
  everyN('every3', BTC, { every: 3, hold: 1 }),
  {
    id: 'ema_1s', symbol: BTC, timeframe: '1s',
    indicators: { fast: { type: 'ema', period: 4 }, slow: { type: 'ema', period: 12 } },
    rules: { entry: { condition: 'ema_crossover_bullish OR close > fast', confidence: 0.7 }, exit: { condition: 'ema_crossover_bearish', confidence: 0.7 } },
    risk: { maxPositionSize: 0.5 },
  },
  {
    id: 'rsi_2s', symbol: BTC, timeframe: '2s',
    indicators: { rsi: { type: 'rsi', period: 6, overbought: 60, oversold: 40 } },
    rules: { entry: { condition: 'rsi < 50', confidence: 0.6 }, exit: { condition: 'rsi > 52', confidence: 0.6 } },
    risk: { maxPositionSize: 0.5 }, execution: { fill: 'close' },
  },
].map((c) => parseStrategyConfig(c));

beforeAll(async () => {
  ({ fake } = await liveFake([BTC], { history: 150, future: 60, seed: 3 }));
  rest = await liveClient(fake);
  dir = mkdtempSync(join(tmpdir(), 'strata-session-'));
  until = Math.ceil(Date.now() / S) * S + 9 * S;
  const session = await PaperSession.open({ name: 'clean', sessionsDir: dir, configs, warmupBars: 40, until, createExchange: () => liveClient(fake) });
  session.manager.events.on('candle', (e) => (e.closed ? closedSeen : partial).push(e.candle));
  summary = await session.run();
  metricsAtEnd = session.manager.list().map((s) => session.manager.getMetrics(s.id).performance);
  ({ entries } = readSessionLog(sessionLogPath(dir, 'clean')));
  header = entries[0] as typeof header;
}, 60_000);

afterAll(async () => {
  await rest?.close();
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('clean paper session', () => {
  it('warm-up: every signal and fill, the first live ones included, equals a backtest over the REST candles', async () => {
    const truth = await restCandles(rest, header.series[0], header.warmupFrom[0], until);
    expect(truth.length, '80 warm-up candles (40 bars of 2s) and the live ones').toBeGreaterThan(80);
    const ref = await referenceRun(configs, header.series, [truth], header.liveFrom);
    const liveSignals = entries.filter((e): e is Extract<SessionEntry, { k: 'signal' }> => e.k === 'signal');
    const liveFills = entries.filter((e): e is Extract<SessionEntry, { k: 'fill' }> => e.k === 'fill');
    expect(liveSignals.map(signalLine)).toEqual(ref.signals.map(signalLine));
    expect(liveFills.map(fillLine)).toEqual(ref.fills.map(fillLine));
    const liveStart = header.liveFrom;
    expect(liveFills.length, 'trades happen after the warm-up').toBeGreaterThan(0);
    expect(liveFills.every((f) => f.time > liveStart - S), 'no fill during warm-up').toBe(true);
    expect(liveSignals.some((s) => s.time <= liveStart), 'warm-up signals exist but were blocked').toBe(true);
    expect(entries.filter((e) => e.k === 'blocked').every((e) => (e as { limit: string }).limit === 'feed')).toBe(true);
  });

  it('strategies get closed candles only; in-progress ones reach candle listeners as closed: false', () => {
    expect(partial.length, 'in-progress updates were forwarded').toBeGreaterThan(5);
    const lastClosed = new Map(closedSeen.filter((c) => c.timeframe === '1s').map((c) => [c.openTime, c]));
    const livePartial = partial.filter((c) => c.timeframe === '1s' && lastClosed.has(c.openTime));
    expect(livePartial.length, 'updates precede the close of the same candle').toBeGreaterThan(0);
    expect(partial.some((c) => c.timeframe === '2s'), 'aggregated previews for the 2s strategy').toBe(true);
    expect(summary.live?.candles).toBe(entries.filter((e) => e.k === 'candle').length);
  });

  it('strata replay: zero differences and equal hashes; exit 1 listing the first differences on a tampered log', async () => {
    const ok = await strataRun(['replay', 'clean', '--sessions-dir', dir, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.equal).toBe(true);
    expect(report.fills.liveHash).toBe(report.fills.replayHash);
    expect(report.signals.liveHash).toBe(report.signals.replayHash);

    const bad = join(dir, 'tampered');
    mkdirSync(bad);
    const lines = readFileSync(sessionLogPath(dir, 'clean'), 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('{"k":"fill"'));
    const { _q: seq, _crc: _, ...fill } = JSON.parse(lines[i]);
    lines[i] = JSON.stringify({ ...fill, price: fill.price + 0.01, _q: seq, _crc: _ });
    writeFileSync(join(bad, 'session.jsonl'), lines.join('\n'));
    const refused = await strataRun(['replay', bad]);
    expect(refused.code, 'an edited line fails its checksum').toBe(1);
    expect(refused.stderr).toContain(`session.jsonl:${i + 1}: checksum mismatch`);
    // A forged line with a valid seal: what a replay finds when the engine's output really differs.
    lines[i] = sealLine(JSON.stringify({ ...fill, price: fill.price + 0.01 }), seq);
    writeFileSync(join(bad, 'session.jsonl'), lines.join('\n'));
    const diff = await strataRun(['replay', bad]);
    expect(diff.code, 'differences exit 1').toBe(1);
    expect(diff.stdout).toMatch(/1 difference\(s\)/);
    expect(diff.stdout).toContain(`fill #0`);
  });

  it('exports the recorded candles as a data set a backtest reads', async () => {
    const out = join(dir, 'candles.parquet');
    const r = await strataRun(['replay', sessionLogPath(dir, 'clean'), '--export', out]);
    expect(r.code, r.stderr).toBe(0);
    const { candles } = await loadFile(out, { symbol: BTC, timeframe: '1s' });
    const logged = entries.filter((e): e is Extract<SessionEntry, { k: 'candle' }> => e.k === 'candle');
    expect(Array.from(candles.openTime)).toEqual(logged.map((e) => e.t));
    expect(Array.from(candles.close)).toEqual(logged.map((e) => e.c));
  });

  it('reopening the session rebuilds the same state from the log and appends no output twice', async () => {
    const copyDir = join(dir, 'copy');
    mkdirSync(join(copyDir, 'clean'), { recursive: true });
    copyFileSync(sessionLogPath(dir, 'clean'), sessionLogPath(copyDir, 'clean'));
    const before = readSessionLog(sessionLogPath(copyDir, 'clean')).entries.length;
    const again = await PaperSession.open({ name: 'clean', sessionsDir: copyDir, createExchange: () => liveClient(fake) });
    expect(again.resumed).toBe(true);
    expect(again.manager.list().map((s) => again.manager.getMetrics(s.id).performance), 'positions, cash, P&L and metrics').toEqual(metricsAtEnd);
    const s = await again.run();
    expect(s.mismatches).toBe(0);
    const after = readSessionLog(sessionLogPath(copyDir, 'clean')).entries;
    expect(after.slice(before).map((e) => e.k), 'only the open marker and the feed end are new').toEqual(['open', 'feed']);
  });

  it('a damaged line refuses the resume, naming it; session repair keeps the prefix, moves the rest aside, and the session resumes', async () => {
    const repairDir = join(dir, 'repair');
    mkdirSync(join(repairDir, 'clean'), { recursive: true });
    const path = sessionLogPath(repairDir, 'clean');
    const good = readFileSync(sessionLogPath(dir, 'clean'), 'utf8');
    const lines = good.split('\n');
    const i = lines.findIndex((l, n) => n > lines.length / 2 && l.startsWith('{"k":"candle"'));
    lines[i] = lines[i].replace(/"c":([0-9.]+)/, (_, c) => `"c":${Number(c) * 1.5}`);
    writeFileSync(path, lines.join('\n'));
    const open = () => PaperSession.open({ name: 'clean', sessionsDir: repairDir, createExchange: () => liveClient(fake) });
    const err = await open().then(() => null, (e: unknown) => e);
    expect(err, 'an edited candle is refused, not resumed with a warning').toBeInstanceOf(DamagedLogError);
    expect((err as DamagedLogError).line).toBe(i + 1);

    const r = await strataRun(['session', 'repair', 'clean', '--sessions-dir', repairDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.kept, 'every line before the damaged one').toBe(i);
    expect(readFileSync(result.sidePath, 'utf8'), 'the rest is moved aside byte for byte, never deleted').toBe(lines.slice(i).join('\n'));
    expect(readFileSync(path, 'utf8')).toBe(lines.slice(0, i).join('\n') + '\n');

    const resumed = await open();
    const s = await resumed.run();
    expect(s.mismatches, 'the outputs recomputed from the kept candles agree with the kept log').toBe(0);
    const candles = (es: readonly SessionEntry[]) => es.filter((e) => e.k === 'candle').map((e) => JSON.stringify(e));
    expect(candles(readSessionLog(path).entries), 'the lost candles were fetched again: the same candles as the undamaged log').toEqual(candles(entries));
  });
});
