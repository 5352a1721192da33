/**
 * One writer per session, enforced by the operating system: with `strata paper` running and its session.lock
 * deleted, a second `strata paper` on the same session is refused and writes nothing; once the first is
 * SIGKILLed, the next one opens the session at once and finishes it with every candle logged once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSessionLog, sessionLogPath } from '../../backtest/live/session-log.ts';
import type { FakeExchange } from '../../testkit/fake-exchange/fake-exchange.ts';
import { EVERY_N, liveFake, S, sleep, strata, strataRun } from './helpers.ts';

let fake: FakeExchange | undefined;
let dir: string | undefined;
afterAll(async () => {
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('paper session: one writer', () => {
  it('a second process is refused even without the lock file; a SIGKILLed owner frees the session', async () => {
    ({ fake } = await liveFake(['BTC/USDT'], { history: 60, future: 90, seed: 5, tickMs: 100 }));
    dir = mkdtempSync(join(tmpdir(), 'strata-writer-'));
    const configs = join(dir, 'configs.json');
    writeFileSync(configs, JSON.stringify([{ id: 'every3', symbol: 'BTC/USDT', timeframe: '1s', module: EVERY_N, params: { every: 3, hold: 1 }, risk: { maxPositionSize: 0.5 } }]));
    const liveFrom = Math.ceil(Date.now() / S) * S + 2 * S;
    // Long enough that the first process is still live when a second one, started after it on a loaded machine, is refused.
    const until = liveFrom + 60 * S;
    const args = ['paper', configs, '--session', 'one', '--sessions-dir', dir, '--exchange-url', fake.url, '--warmup', '10', '--live-from', String(liveFrom), '--until', String(until), '--quiet'];
    const log = sessionLogPath(dir, 'one');

    const first = strata(args, { stdio: 'ignore' });
    const needle = `"pid":${first.pid},`;
    for (let i = 0; i < 600 && !(readFileSafe(log).includes(needle)); i++) await sleep(25);
    expect(readFileSafe(log), 'the first process opened the session').toContain(needle);
    rmSync(join(log, '..', 'session.lock'));

    const second = await strataRun(args);
    expect(second.code, 'refused: a runtime error, not a usage error').toBe(1);
    expect(second.stderr).toMatch(/is open in another strata process/);
    expect(second.stderr, 'no advice to delete a file').not.toMatch(/remove|delete/i);
    expect(first.exitCode, 'the first process was still running when the second was refused').toBeNull();
    const opens = () => readSessionLog(log).entries.filter((e) => e.k === 'open');
    expect(opens().map((e) => (e as { pid: number }).pid), 'the refused process wrote nothing').toEqual([first.pid]);

    const killed = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    await killed;
    const third = await strataRun(args);
    expect(third.code, `the next process opens the session and finishes it: ${third.stderr}`).toBe(0);
    const entries = readSessionLog(log).entries;
    expect(opens().length, 'two processes wrote: the killed one and the last').toBe(2);
    const candles = entries.filter((e) => e.k === 'candle').map((e) => JSON.stringify([(e as { s: number }).s, (e as { t: number }).t]));
    expect(new Set(candles).size, 'every candle logged once').toBe(candles.length);
    expect(candles.length, 'the session ran to its end').toBeGreaterThan(10);
  }, 150_000);
});

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
