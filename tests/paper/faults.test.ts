/**
 * One paper session against the fake exchange with every stream fault injected at a known candle: the candles
 * it records equal the REST-only series, the scripted strategies' signals and fills equal a fault-free run,
 * each fault leaves its trace (status events, counters), a real hole is reported as a gap, and replaying the
 * log through backtest mode gives the same signals and fills.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exchange } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperSession, type PaperSummary } from '../../backtest/live/paper-session.ts';
import { fillLine, replaySession, signalLine } from '../../backtest/live/replay-session.ts';
import { readSessionLog, sessionLogPath, type SessionEntry } from '../../backtest/live/session-log.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import type { Candle } from '../../engine/types.ts';
import type { FakeExchange } from '../../testkit/fake-exchange/fake-exchange.ts';
import { everyN, liveClient, liveFake, referenceRun, restCandles, S } from './helpers.ts';

const BTC = 'BTC/USDT';
const ETH = 'ETH/USDT';

let fake: FakeExchange;
let rest: Exchange;
let dir: string;
let summary: PaperSummary;
let entries: readonly SessionEntry[];
let base: number;
let until: number;
const diagnostics: string[] = [];
const apiResults: Promise<number>[] = [];

const configs = [
  everyN('btc_every6', BTC, { every: 6, hold: 2 }),
  everyN('eth_every6', ETH, { every: 6, hold: 2 }),
  parseStrategyConfig({
    id: 'btc_ema_3s', symbol: BTC, timeframe: '3s',
    indicators: { fast: { type: 'ema', period: 3 }, slow: { type: 'ema', period: 7 } },
    rules: { entry: { condition: 'ema_crossover_bullish', confidence: 0.7 }, exit: { condition: 'ema_crossover_bearish', confidence: 0.7 } },
    risk: { maxPositionSize: 0.5 },
  }),
].map((c) => parseStrategyConfig(c));

const feedEntries = (status?: string) => entries.filter((e): e is Extract<SessionEntry, { k: 'feed' }> => e.k === 'feed' && (status === undefined || e.status === status));

beforeAll(async () => {
  ({ fake } = await liveFake([BTC, ETH], { history: 100, future: 100 }));
  rest = await liveClient(fake);
  dir = mkdtempSync(join(tmpdir(), 'strata-faults-'));
  const now = Date.now();
  base = Math.ceil((now + 3 * S) / (6 * S)) * 6 * S;
  until = base + 33 * S;
  // Both scripted strategies enter on bars ≡ 0 mod 6 (their signal comes at the bar's close, ≡ 1). Faults that
  // block entries while they last (drop, silence, the silence around missing candles) sit where the block is
  // over long before the next entry bar closes.
  fake.faults.stream.push(
    { kind: 'duplicate', openTime: base + 2 * S },
    { kind: 'reorder', openTime: base + 3 * S, symbol: BTC },
    { kind: 'malformed', openTime: base + 4 * S, symbol: BTC },
    { kind: 'nan', openTime: base + 5 * S, symbol: ETH },
    { kind: 'drop', openTime: base + 8 * S, symbol: BTC },
    { kind: 'silent', from: base + 14 * S, to: base + 15 * S, symbol: BTC },
    { kind: 'silent', from: base + 26 * S, to: base + 28 * S },
  );
  fake.faults.missing.push({ from: base + 20 * S, to: base + 22 * S, symbol: BTC });
  const session = await PaperSession.open({
    name: 'faults',
    sessionsDir: dir,
    configs,
    warmupBars: 20,
    until,
    reconnectBaseMs: 100,
    createExchange: () => liveClient(fake),
    onDiagnostic: (l) => diagnostics.push(l),
  });
  // Control calls through the web API while candles flow (logged as control entries, replayed in place).
  const { createApp } = await import('../../web/app.ts');
  const app = createApp({ manager: session.manager, resultsDb: null });
  const calls: [number, string, string, unknown?][] = [
    [3, 'PUT', '/api/v1/strategies/btc_ema_3s/pause'],
    [9, 'PUT', '/api/v1/strategies/btc_ema_3s/resume'],
    [12, 'PATCH', '/api/v1/strategies/btc_ema_3s/config', { rules: { entry: { condition: 'ema_crossover_bullish', confidence: 0.9 } } }],
    [18, 'PUT', '/api/v1/strategies/btc_ema_3s/restart'],
  ];
  let liveCandles = -1;
  session.manager.events.on('feed', (f) => f.status === 'connected' && (liveCandles = 0));
  session.manager.events.on('candle', (e) => {
    if (!e.closed || liveCandles < 0 || e.candle.symbol !== BTC || e.candle.timeframe !== '1s') return;
    liveCandles++;
    for (const [at, method, path, body] of calls) {
      if (at !== liveCandles) continue;
      const init = { method, headers: { origin: 'http://localhost', host: 'localhost', 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined };
      apiResults.push(Promise.resolve(app.request(`http://localhost${path}`, init)).then((r: Response) => r.status));
    }
  });
  summary = await session.run();
  entries = readSessionLog(sessionLogPath(dir, 'faults')).entries;
}, 90_000);

afterAll(async () => {
  if (process.env.DEBUG_PAPER) console.log(JSON.stringify({ feed: feedEntries().map((e) => [e.status, (e.time - base) / S, e.detail.slice(0, 90)]), diagnostics, stats: summary.feed.map((f) => f.counts), fills: entries.filter((e) => e.k === 'fill').length }, null, 1));
  await rest?.close();
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('paper session under stream faults (fake exchange, real ccxt client)', () => {
  it('records exactly the REST-only candle series, in (closeTime, series) order', async () => {
    const header = entries[0] as Extract<SessionEntry, { k: 'session' }>;
    expect(header.series, 'one subscription per symbol; the 3s strategy is aggregated from 1s').toEqual([{ symbol: BTC, timeframe: '1s' }, { symbol: ETH, timeframe: '1s' }]);
    const logged = entries.filter((e): e is Extract<SessionEntry, { k: 'candle' }> => e.k === 'candle');
    for (const [i, s] of header.series.entries()) {
      const truth = await restCandles(rest, s, header.warmupFrom[i], until);
      const got = logged.filter((e) => e.s === i).map((e) => [e.t, e.o, e.h, e.l, e.c, e.v]);
      expect(got, `${s.symbol}: the live series equals the REST series`).toEqual(truth.map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume]));
    }
    const closes = logged.map((e) => e.t + S);
    expect(closes, 'close times never go backwards (a backtest clock can replay them)').toEqual([...closes].sort((a, b) => a - b));
  });

  it('the scripted strategies trade exactly as in a fault-free run over the same candles', async () => {
    const header = entries[0] as Extract<SessionEntry, { k: 'session' }>;
    const truth = await Promise.all(header.series.map((s, i) => restCandles(rest, s, header.warmupFrom[i], until)));
    const scripted = configs.filter((c) => c.module);
    const ref = await referenceRun(scripted, header.series, truth as Candle[][], header.liveFrom);
    const ids = new Set(scripted.map((c) => c.id));
    const liveFills = entries.filter((e) => e.k === 'fill' && ids.has(e.strategyId)).map((e) => fillLine(e as Extract<SessionEntry, { k: 'fill' }>));
    const liveSignals = entries.filter((e) => e.k === 'signal' && ids.has(e.strategyId)).map((e) => signalLine(e as Extract<SessionEntry, { k: 'signal' }>));
    expect(ref.fills.length, 'the reference trades').toBeGreaterThan(4);
    expect(liveFills, 'fills').toEqual(ref.fills.map(fillLine));
    expect(liveSignals, 'signals').toEqual(ref.signals.map(signalLine));
  });

  it('each fault leaves its trace', () => {
    const [btc, eth] = summary.feed;
    // A copy that arrives after its candle went out is counted and dropped; one that arrives before is merged (last
    // write wins) or coalesced by ccxt, so how many are counted depends on timing. Either way the series equals REST.
    expect(btc.counts.duplicates + eth.counts.duplicates, 'late duplicate / reordered finals are dropped').toBeGreaterThanOrEqual(1);
    expect(btc.counts.revisions + eth.counts.revisions, 'no emitted bar was ever contradicted').toBe(0);
    expect(feedEntries('invalid').some((e) => /stream message dropped/.test(e.detail)), 'malformed JSON is reported').toBe(true);
    expect(feedEntries('invalid').some((e) => e.detail.startsWith('ETH/USDT|1s') && /NaN/.test(e.detail)), 'the NaN candle is rejected').toBe(true);
    expect(feedEntries('reconnecting').length, 'the drop is seen').toBeGreaterThanOrEqual(1);
    expect(btc.counts.reconnects, 'and recovered from').toBeGreaterThanOrEqual(1);
    expect(feedEntries('stale').length, 'the silence is seen as stale').toBeGreaterThanOrEqual(1);
    expect(feedEntries('recovered').length).toBeGreaterThanOrEqual(2);
    expect(diagnostics.some((d) => /BTC\/USDT\|1s: REST filled/.test(d)), 'REST fills what the stream lost').toBe(true);
    const statuses = feedEntries().map((e) => e.status);
    expect(statuses[0]).toBe('warmup');
    expect(statuses).toContain('connected');
    expect(statuses[statuses.length - 1]).toBe('ended');
  });

  it('candles missing at the exchange are reported as a gap, never made up', () => {
    const gaps = feedEntries('gap');
    expect(gaps.map((g) => g.detail.split(':')[0] + ':' + g.detail.split(':')[1].split(' candle')[0]), 'one gap of two BTC candles').toEqual(['BTC/USDT|1s: 2']);
    expect(summary.feed[0].gaps).toEqual([{ from: base + 20 * S, to: base + 22 * S }]);
    expect(summary.feed[0].counts.missing).toBe(2);
  });

  it('control calls through the web API work on the session and are logged where they happened', async () => {
    expect(await Promise.all(apiResults)).toEqual([200, 200, 200, 200]);
    const controls = entries.filter((e) => e.k === 'control').map((e) => (e as { op: string }).op);
    expect(controls).toEqual(['pause', 'resume', 'update', 'restart']);
  });

  it('replaying the log through backtest mode gives the same signals and fills (zero differences)', async () => {
    const report = await replaySession(sessionLogPath(dir, 'faults'));
    expect(report.differences).toEqual([]);
    expect(report.signals.replayHash).toBe(report.signals.liveHash);
    expect(report.fills.replayHash).toBe(report.fills.liveHash);
    expect(report.fills.live).toBeGreaterThan(0);
    expect(report.feedReports.some((r) => r.status === 'gap')).toBe(true);
  });
});
