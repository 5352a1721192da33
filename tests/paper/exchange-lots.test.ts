import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperSession } from '../../backtest/live/paper-session.ts';
import { replaySession } from '../../backtest/live/replay-session.ts';
import { readSessionLog, sessionLogPath, type SessionHeader } from '../../backtest/live/session-log.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import type { Fill } from '../../engine/types.ts';
import type { FakeExchange } from '../../testkit/fake-exchange/fake-exchange.ts';
import { everyN, liveFake, S } from './helpers.ts';

const BTC = 'BTC/USDT';
// The fake lists BTC/USDT with Binance's LOT_SIZE filter: stepSize 0.00001, minQty 0.00001.
const STEP = 0.00001;
let fake: FakeExchange;
let dir: string;
let header: SessionHeader;
const fills: Fill[] = [];
const said: string[] = [];

beforeAll(async () => {
  ({ fake } = await liveFake([BTC], { history: 60, future: 40, seed: 5 }));
  dir = mkdtempSync(join(tmpdir(), 'strata-lots-'));
  // A fraction-sized strategy (the exchange's step applies) and one stating its own lot size (kept).
  const configs = [everyN('exchange_lots', BTC, { every: 3, hold: 1 }), { ...everyN('own_lots', BTC, { every: 4, hold: 1 }), execution: { lotSize: 0.001 } }].map((c) => parseStrategyConfig(c));
  const until = Math.ceil(Date.now() / S) * S + 14 * S;
  // No prepared client: the session loads the markets and streams through the real ccxt clients pointed at the fake.
  const session = await PaperSession.open({ name: 'lots', sessionsDir: dir, configs, warmupBars: 30, until, exchangeUrl: fake.url, onDiagnostic: (l) => said.push(l) });
  session.manager.events.on('fill', (f) => fills.push(f));
  await session.run();
  header = readSessionLog(sessionLogPath(dir, 'lots')).header;
}, 90_000);

afterAll(async () => {
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('paper sessions size in the exchange’s amount steps', () => {
  it('a config stating no lot size takes the exchange’s step and minimum; one stating its own keeps it; the header records which', () => {
    expect(header.lots).toEqual([{ lotSize: STEP, minQuantity: STEP }, null]);
    expect(said).toContain(`market info: strategy "exchange_lots" trades ${BTC} in lots of ${STEP} with a minimum of ${STEP} (binance's market info)`);
    // The configs as given stay in the header (a resume with the same files matches them).
    expect((header.configs[0] as { execution: { lotSize?: number } }).execution.lotSize).toBeUndefined();
  });

  it('every fill is a whole number of its lots (the fraction-sized quantity rounded down, never up)', () => {
    const own = fills.filter((f) => f.strategyId === 'own_lots');
    const exchange = fills.filter((f) => f.strategyId === 'exchange_lots');
    expect(exchange.length, 'the fixture trades every third bar').toBeGreaterThanOrEqual(4);
    expect(own.length).toBeGreaterThan(2);
    const lotsOf = (q: number, lot: number) => q / lot;
    for (const f of exchange) expect(Math.abs(lotsOf(f.quantity, STEP) - Math.round(lotsOf(f.quantity, STEP))), `${f.quantity}`).toBeLessThan(1e-6);
    for (const f of own) expect(Math.abs(lotsOf(f.quantity, 0.001) - Math.round(lotsOf(f.quantity, 0.001))), `${f.quantity}`).toBeLessThan(1e-6);
  });

  it('the replay applies the recorded lots: zero differences', async () => {
    const report = await replaySession(sessionLogPath(dir, 'lots'));
    expect(report.differenceCount).toBe(0);
    expect(report.fills.live).toBe(fills.length);
    expect(report.equal).toBe(true);
  });
});
