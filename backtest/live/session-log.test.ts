import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fill, Signal } from '../../engine/types.ts';
import { WriteAheadEvents } from './session-events.ts';
import { OutputRecorder } from './session-outputs.ts';
import { readSessionLog, SESSION_LOG_VERSION, SessionLog, sessionLogPath, type OutputEntry, type SessionEntry, type SessionHeader } from './session-log.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const header = (name: string): SessionHeader => ({
  k: 'session', v: SESSION_LOG_VERSION, name, created: 1, exchange: 'binance', series: [{ symbol: 'BTC/USDT', timeframe: '1m' }], warmupFrom: [0], liveFrom: 1, configs: [],
});

describe('session log', () => {
  it('appends entries that read back exactly (doubles round-trip), and refuses to create a session twice', () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-log-'));
    const log = SessionLog.create(dir, header('a'));
    log.append({ k: 'candle', s: 0, t: 60_000, o: 0.1 + 0.2, h: 1 / 3, l: 1e-9, c: 123456.789012345, v: 5e-324 });
    log.close();
    const { entries, tornBytes } = readSessionLog(sessionLogPath(dir, 'a'));
    expect(tornBytes).toBe(0);
    expect(entries[1]).toEqual({ k: 'candle', s: 0, t: 60_000, o: 0.1 + 0.2, h: 1 / 3, l: 1e-9, c: 123456.789012345, v: 5e-324 });
    expect(() => SessionLog.create(dir!, header('a'))).toThrow(/already exists/);
  });

  it('a torn last line (a write cut by a crash) is ignored, and cut off with repair', () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-log-'));
    const log = SessionLog.create(dir, header('b'));
    log.append({ k: 'feed', status: 'connected', detail: '', time: 1 });
    log.close();
    const path = sessionLogPath(dir, 'b');
    appendFileSync(path, '{"k":"candle","s":0,"t":6');
    expect(readSessionLog(path).entries).toHaveLength(2);
    const r = readSessionLog(path, { repair: true });
    expect(r.tornBytes).toBe(25);
    expect(readFileSync(path, 'utf8'), 'the file ends at the last whole line').toMatch(/"time":1,"_q":1,"_crc":"[0-9a-f]{8}"\}\n$/);
  });

  it('a corrupt line in the middle is an error naming the line', () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-log-'));
    SessionLog.create(dir, header('c')).close();
    const path = sessionLogPath(dir, 'c');
    appendFileSync(path, 'garbage\n{"k":"open","wall":1,"pid":1,"resumed":false}\n');
    expect(() => readSessionLog(path)).toThrow(/:2: not a session log entry/);
  });

  it('an edited, removed or unsealed line is refused, naming the line', () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-log-'));
    const log = SessionLog.create(dir, header('d'));
    for (let t = 0; t < 4; t++) log.append({ k: 'candle', s: 0, t, o: 1, h: 2, l: 0.5, c: 1.5, v: 561.06 });
    log.close();
    const path = sessionLogPath(dir, 'd');
    const good = readFileSync(path, 'utf8');
    const lines = good.split('\n');
    expect(readSessionLog(path).entries[2], 'the seal is not part of the entry').toEqual({ k: 'candle', s: 0, t: 1, o: 1, h: 2, l: 0.5, c: 1.5, v: 561.06 });

    writeFileSync(path, good.replace('"t":2,"o":1,"h":2', '"t":2,"o":1,"h":3'));
    expect(() => readSessionLog(path), 'a valid-looking edited candle').toThrow(/:4: checksum mismatch/);
    writeFileSync(path, [...lines.slice(0, 2), ...lines.slice(3)].join('\n'));
    expect(() => readSessionLog(path), 'a removed line').toThrow(/:3: sequence number 3, expected 2/);
    writeFileSync(path, [...lines.slice(0, 3), '{"k":"candle","s":0,"t":9,"o":1,"h":2,"l":0.5,"c":1.5,"v":1}', ...lines.slice(3)].join('\n'));
    expect(() => readSessionLog(path), 'an inserted unsealed line').toThrow(/:4: line without checksum/);
    try {
      readSessionLog(path);
    } catch (err) {
      expect((err as Error).message, 'the error says how to recover').toContain('strata session repair');
    }
  });

  it('reads a version 1 log (no seals) and resumes it with sealed lines', () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-log-'));
    const path = sessionLogPath(dir, 'old');
    mkdirSync(join(dir, 'old'));
    const v1 = [{ ...header('old'), v: 1 }, { k: 'feed', status: 'connected', detail: '', time: 1 }].map((e) => JSON.stringify(e) + '\n').join('');
    writeFileSync(path, v1);
    expect(readSessionLog(path).entries).toHaveLength(2);
    const log = SessionLog.reopen(path);
    log.append({ k: 'feed', status: 'gap', detail: '', time: 2 });
    log.close();
    expect(readFileSync(path, 'utf8').slice(v1.length), 'the appended line continues the sequence').toMatch(/"_q":2,"_crc":"[0-9a-f]{8}"\}\n$/);
    expect(readSessionLog(path).entries.map((e) => e.k)).toEqual(['session', 'feed', 'feed']);
  });

  it('the writer never appends after a damaged tail or into a file changed under it', () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-log-'));
    const log = SessionLog.create(dir, header('e'));
    log.append({ k: 'feed', status: 'connected', detail: '', time: 1 });
    const path = sessionLogPath(dir, 'e');
    const size = readFileSync(path).length;
    truncateSync(path, size - 5);
    expect(() => log.append({ k: 'feed', status: 'gap', detail: '', time: 2 }), 'truncated while the writer runs').toThrow(/changed under its writer/);
    expect(readFileSync(path).length, 'nothing was appended after the torn line').toBe(size - 5);
    log.close();
    expect(() => SessionLog.reopen(path), 'a restarted writer checks the tail first').toThrow(/last line is torn/);
    appendFileSync(path, '\n');
    expect(() => SessionLog.reopen(path)).toThrow(/:2: /);
  });
});

describe('OutputRecorder (rebuilding a session writes no output twice)', () => {
  const signal = (time: number): Signal => ({ strategyId: 's', action: 'BUY', symbol: 'X', price: 1, confidence: 1, reason: 'r', time });
  const fill = (n: number, price = 1): Fill => ({ id: `s:f${n}`, orderId: `s:o${n}`, strategyId: 's', symbol: 'X', side: 'buy', quantity: 1, price, fee: 0, time: n, reason: 'entry' });

  it('skips recomputed outputs already logged (fills by id, others by ordinal), appends the lost tail, checks contents', () => {
    const logged: SessionEntry[] = [{ k: 'signal', ...signal(1) }, { k: 'fill', ...fill(1) }];
    const appended: OutputEntry[] = [];
    const rec = new OutputRecorder((e) => appended.push(e), logged);
    const events = new WriteAheadEvents((n, p) => rec.onEvent(n, p), () => {});
    events.emit('signal', signal(1));
    events.emit('fill', fill(1));
    events.emit('signal', signal(2));
    events.emit('fill', fill(2));
    rec.finishReplay();
    events.emit('fill', fill(3));
    expect(appended.map((e) => `${e.k}:${e.k === 'fill' ? e.id : (e as { time: number }).time}`), 'the lost signal and fill, then the new fill').toEqual(['signal:2', 'fill:s:f2', 'fill:s:f3']);
    expect(rec.mismatches).toBe(0);
  });

  it('a strategy restarted through the API numbers its fills again: the second s:f1 is a new fill, logged once', () => {
    const logged: SessionEntry[] = [{ k: 'fill', ...fill(1, 1) }, { k: 'fill', ...fill(1, 5) }];
    const appended: OutputEntry[] = [];
    const rec = new OutputRecorder((e) => appended.push(e), logged);
    const events = new WriteAheadEvents((n, p) => rec.onEvent(n, p), () => {});
    events.emit('fill', fill(1, 1));
    events.emit('fill', fill(1, 5));
    rec.finishReplay();
    events.emit('fill', fill(1, 7));
    expect(appended.map((e) => (e as Fill).price), 'both logged ones recognised, the third occurrence appended').toEqual([7]);
    expect(rec.mismatches).toBe(0);
  });

  it('counts a recomputed output that differs from the logged one', () => {
    const rec = new OutputRecorder(() => {}, [{ k: 'fill', ...fill(1, 1) }]);
    const events = new WriteAheadEvents((n, p) => rec.onEvent(n, p), () => {});
    events.emit('fill', fill(1, 2));
    expect(rec.mismatches).toBe(1);
    expect(rec.firstMismatch).toMatch(/fill #0/);
  });
});

describe('WriteAheadEvents (logged before published)', () => {
  it('records every event first, commits before a listener hears of it, and leaves unheard events queued', () => {
    const trace: string[] = [];
    const events = new WriteAheadEvents((name) => trace.push(`record ${name}`), () => trace.push('commit'));
    events.on('signal', () => trace.push('publish signal'));
    events.emit('order', { id: 'o', strategyId: 's', symbol: 'X', side: 'buy', quantity: 0, type: 'market', reason: 'entry', createdAt: 0 });
    events.emit('signal', { strategyId: 's', action: 'BUY', symbol: 'X', price: 1, confidence: 1, reason: '', time: 0 });
    expect(trace).toEqual(['record order', 'record signal', 'commit', 'publish signal']);
  });

  it('a killed process loses nothing committed: commit() writes, append() only queues', () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-log-'));
    const log = SessionLog.create(dir, header('w'), { batch: true });
    const path = sessionLogPath(dir, 'w');
    const size = readFileSync(path).length;
    log.append({ k: 'feed', status: 'connected', detail: '', time: 1 });
    expect(readFileSync(path).length, 'queued, not yet written').toBe(size);
    log.commit();
    expect(readSessionLog(path).entries).toHaveLength(2);
    log.close();
    const plain = SessionLog.reopen(path);
    plain.append({ k: 'feed', status: 'gap', detail: '', time: 2 });
    expect(readSessionLog(path).entries, 'without batch mode an append is written at once').toHaveLength(3);
    plain.close();
  });
});
