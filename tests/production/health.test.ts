/**
 * Health monitoring end to end on a real StrategyManager: each anomaly rule fires once on an injected fault
 * and clears once after it (clocks injected, candles pushed one at a time); alerts reach the session log, the
 * WebSocket and a webhook receiver on 127.0.0.1 that gets exactly one delivery per alert change even when the
 * first attempt fails or its answer is lost.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HealthMonitor } from '../../backtest/live/alerts/health-monitor.ts';
import { AlertDispatcher, WebhookSink } from '../../backtest/live/alerts/sinks.ts';
import { readSessionLog, SESSION_LOG_VERSION, SessionLog, sessionLogPath } from '../../backtest/live/session-log.ts';
import { attachSessionServices } from '../../backtest/live/versions/session-hooks.ts';
import type { StrategyConfigInput } from '../../engine/config/schema.ts';
import type { OrderGate } from '../../engine/execution/order-gate.ts';
import type { Alert, HealthThresholds } from '../../engine/health/types.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { Intent, StrategyFactory } from '../../engine/strategy/strategy.ts';
import type { Candle } from '../../engine/types.ts';
import { startServer } from '../../web/server.ts';
import { bar, HOUR, T0 } from '../engine/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-health-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A code strategy driven by the test: intents by bar index, a throw, or slow bars (the perf clock jumps). */
interface Script {
  intents: Record<number, Intent['action']>;
  throwAt?: number;
  slow?: Set<number>;
}

function harness(opts: { script: Script; config?: Partial<StrategyConfigInput>; gate?: OrderGate; thresholds?: Partial<HealthThresholds> }) {
  const clock = { wall: T0, perf: 0 };
  const index = (c: Candle) => (c.openTime - T0) / HOUR;
  const factory: StrategyFactory = () => ({
    onCandle(ctx) {
      const i = index(ctx.candle);
      if (opts.script.slow?.has(i)) clock.perf += 500;
      if (i === opts.script.throwAt) throw new Error(`injected fault at bar ${i}`);
      const a = opts.script.intents[i];
      return a ? { action: a } : null;
    },
  });
  const manager = new StrategyManager({ modules: new Map([['script', factory]]), gate: opts.gate });
  manager.startStrategy({ id: 's', symbol: 'BTC/USDT', timeframe: '1h', module: 'script', execution: { fill: 'close', feeBps: 0 }, risk: { maxPositionSize: 1 }, ...opts.config } as StrategyConfigInput);
  const monitor = new HealthMonitor(manager, {
    now: () => clock.wall,
    perfNow: () => clock.perf,
    evaluateEveryMs: 0,
    latencyWindow: 20,
    thresholds: { latencyMinSamples: 5, latencyP99Ms: 100, ...opts.thresholds },
  });
  const alerts: Alert[] = [];
  manager.events.on('alert', (a) => alerts.push(a));
  let i = 0;
  /** Pushes the next bars (closes in `prices`), each arriving 1 s after its close. */
  const push = (...prices: number[]) => {
    for (const p of prices) {
      const c = bar('BTC/USDT', '1h', HOUR, T0 + i * HOUR, p, p, p, p);
      clock.wall = c.closeTime + 1000;
      manager.onNewCandle(c);
      i++;
    }
  };
  const of = (rule: string) => alerts.filter((a) => a.rule === rule).map((a) => a.state);
  return { manager, monitor, alerts, push, of, clock, bars: () => i };
}

const flat = (n: number, p = 100) => Array.from({ length: n }, () => p);

describe('anomaly rules fire once on an injected fault and clear after it', () => {
  it('strategy errored: raised when it throws, cleared when restarted', () => {
    const h = harness({ script: { intents: {}, throwAt: 3 } });
    h.push(...flat(6));
    h.monitor.evaluate();
    h.monitor.evaluate();
    expect(h.of('strategy_errored'), 'one raise, however often it is evaluated').toEqual(['raised']);
    expect(h.alerts.find((a) => a.rule === 'strategy_errored')!.message).toMatch(/injected fault at bar 3/);
    h.manager.restartStrategy('s');
    h.push(100);
    expect(h.of('strategy_errored')).toEqual(['raised', 'cleared']);
    expect(h.alerts.map((a) => a.rule), 'no other rule fired').toEqual(['strategy_errored', 'strategy_errored']);
  });

  it('feed stale: by silence (timer evaluation) and by the feed’s status, each cleared by what ends it', () => {
    const h = harness({ script: { intents: {} } });
    h.push(...flat(3));
    h.clock.wall += 2 * HOUR; // 2 h without a candle: below 2.5 × 1h
    h.monitor.evaluate();
    expect(h.of('feed_stale')).toEqual([]);
    h.clock.wall += 1 * HOUR;
    h.monitor.evaluate();
    h.monitor.evaluate();
    expect(h.of('feed_stale')).toEqual(['raised']);
    h.push(100);
    expect(h.of('feed_stale'), 'a candle ends it').toEqual(['raised', 'cleared']);
    h.manager.onFeedStatus('reconnecting', 'socket closed', h.clock.wall);
    h.push(100); // candles from REST backfill while reconnecting: still stale
    h.manager.onFeedStatus('recovered', 'stream back', h.clock.wall);
    expect(h.of('feed_stale')).toEqual(['raised', 'cleared', 'raised', 'cleared']);
  });

  it('latency: slow bars push p99 above the threshold; it clears when they leave the window', () => {
    const h = harness({ script: { intents: {}, slow: new Set([10, 11, 12]) } });
    h.push(...flat(10));
    expect(h.of('latency')).toEqual([]);
    h.push(...flat(3));
    expect(h.of('latency')).toEqual(['raised']);
    expect(h.monitor.report().strategies[0].latencyP99!).toBeGreaterThan(100);
    h.push(...flat(19));
    expect(h.of('latency'), 'still inside the 20-sample window').toEqual(['raised']);
    h.push(100);
    expect(h.of('latency')).toEqual(['raised', 'cleared']);
  });

  it('drawdown beyond the backtest max by the margin: raised at -10% against a 5% backtest, cleared on recovery', () => {
    const h = harness({ script: { intents: { 1: 'BUY' } } });
    h.monitor.setBaseline('s', { maxDrawdown: 0.05, signalIntervalMs: null, source: 'test' });
    h.push(100, 100, 97, 95);
    expect(h.of('drawdown_beyond_backtest'), '5% is within 5% × 1.25').toEqual([]);
    h.push(90, 88);
    expect(h.of('drawdown_beyond_backtest')).toEqual(['raised']);
    h.push(95, 99);
    expect(h.of('drawdown_beyond_backtest')).toEqual(['raised', 'cleared']);
  });

  it('no signals for 3× the usual interval: raised on the silence, cleared by the next signal', () => {
    const h = harness({ script: { intents: { 0: 'BUY', 3: 'EXIT', 6: 'BUY', 25: 'EXIT' } } });
    h.monitor.setBaseline('s', { maxDrawdown: null, signalIntervalMs: 3 * HOUR, source: 'test' });
    h.push(...flat(15));
    expect(h.of('no_signals'), '9 h after the last signal at bar 6 is not yet beyond 3 × 3 h').toEqual([]);
    h.push(...flat(3));
    expect(h.of('no_signals')).toEqual(['raised']);
    h.push(...flat(8));
    expect(h.of('no_signals')).toEqual(['raised', 'cleared']);
  });

  it('limit violations: an order blocked by a limit raises; ten quiet bars clear it', () => {
    let block = true;
    const gate: OrderGate = { review: () => (block ? { blocked: true, limit: 'maxGross', detail: 'test limit' } : { blocked: false }) };
    const h = harness({ script: { intents: { 2: 'BUY', 3: 'BUY' } }, gate });
    h.push(...flat(4));
    expect(h.of('limit_violation')).toEqual(['raised']);
    block = false;
    h.push(...flat(9));
    expect(h.of('limit_violation')).toEqual(['raised']);
    h.push(100);
    expect(h.of('limit_violation')).toEqual(['raised', 'cleared']);
    expect(h.alerts[0].key).toBe('limit_violation:s:maxGross');
  });

  it('exposure is judged at entry, as the sizing cap is: a position that grows with the price past maxPositionSize raises nothing', () => {
    const h = harness({ script: { intents: { 1: 'BUY', 6: 'EXIT' } }, config: { risk: { maxPositionSize: 0.5 } } });
    h.push(100, 100, 110);
    h.push(200);
    const s = h.monitor.report().strategies[0];
    expect(s.exposure, 'now, at the last price').toBeCloseTo(100 / 150, 6);
    expect(s.entryExposure, 'at the entry price: what sizing capped').toBeLessThanOrEqual(0.5);
    expect(s.entryExposure).toBeGreaterThan(0.49);
    expect(h.of('exposure_above_limit'), 'no limit is broken by a price move').toEqual([]);
    expect(h.monitor.report().strategies[0].recentViolations).toEqual([]);
  });
});

/** A webhook receiver on 127.0.0.1 that keeps the first delivery of each Idempotency-Key. */
async function receiver(failFirst: 'status' | 'drop') {
  const seen = new Map<string, number>();
  const processed: { key: string; body: { alert: Alert } }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (n === 1 && failFirst === 'status') {
        res.writeHead(503).end('try later');
        return;
      }
      if (!processed.some((p) => p.key === key)) processed.push({ key, body: JSON.parse(text) });
      if (n === 1 && failFirst === 'drop') {
        req.socket.destroy(); // processed, but the answer is lost: the sender must retry, the receiver must not process twice
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, seen, processed, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('webhook delivery', () => {
  it.each(['status', 'drop'] as const)('exactly one delivery per alert change when the first attempt fails (%s)', async (mode) => {
    const rx = await receiver(mode);
    try {
      const h = harness({ script: { intents: {}, throwAt: 2 } });
      const sink = new WebhookSink({ url: rx.url, baseDelayMs: 10, retries: 4 });
      const dispatcher = new AlertDispatcher(h.manager.events, [sink], (m) => {
        throw new Error(m);
      });
      h.push(...flat(3));
      h.manager.restartStrategy('s');
      h.push(100);
      await dispatcher.close();
      expect(rx.processed.map((p) => `${p.body.alert.rule} ${p.body.alert.state}`), 'raise then clear, once each').toEqual(['strategy_errored raised', 'strategy_errored cleared']);
      expect(rx.processed.map((p) => p.key)).toEqual(h.alerts.map((a) => `${a.id}:${a.state}`));
      expect([...rx.seen.values()], 'each change needed a second attempt with the same key').toEqual([2, 2]);
      expect(rx.processed[0].body.alert.message).toMatch(/injected fault/);
    } finally {
      await rx.close();
    }
  });

  it('gives up after its retries on a receiver that keeps failing, and says so', async () => {
    const server = createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const errors: string[] = [];
    try {
      const h = harness({ script: { intents: {}, throwAt: 1 } });
      const sink = new WebhookSink({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, baseDelayMs: 5, retries: 2 });
      const d = new AlertDispatcher(h.manager.events, [sink], (m) => errors.push(m));
      h.push(...flat(2));
      await d.close();
      expect([...sink.attempts.values()]).toEqual([3]);
      expect(errors[0]).toMatch(/not delivered \(HTTP 500\)/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('alerts as events: session log, WebSocket, /api/v1/health', () => {
  it('a session’s alerts are appended to its log, sent on the WebSocket and summarised by GET /api/v1/health', async () => {
    const h = harness({ script: { intents: {}, throwAt: 2 } });
    h.monitor.stop(); // the session services attach their own monitor
    const sessionsDir = join(dir, 'sessions');
    SessionLog.create(sessionsDir, { k: 'session', v: SESSION_LOG_VERSION, name: 'hs', created: T0, exchange: 'fake', series: [{ symbol: 'BTC/USDT', timeframe: '1h' }], warmupFrom: [T0], liveFrom: T0, configs: [] }).close();
    writeFileSync(join(sessionsDir, 'hs', 'alerts.json'), JSON.stringify({ thresholds: { latencyP99Ms: 1e9 }, sinks: [], baselines: false }));
    const services = attachSessionServices(h.manager, { sessionsDir, session: 'hs', customDir: true, monitor: { now: () => h.clock.wall, perfNow: () => h.clock.perf, evaluateEveryMs: 0 } });
    const server = await startServer({ manager: h.manager, port: 0, resultsDb: null, runsDir: join(dir, 'runs') });
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
    const wsAlerts: Alert[] = [];
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      for (const x of Array.isArray(m) ? m : [m]) if (x.type === 'alert') wsAlerts.push(x.alert);
    });
    await new Promise((r) => ws.once('open', r));
    try {
      h.push(...flat(3));
      const res = await fetch(`${server.url}/api/v1/health`);
      expect(res.status, 'critical health answers 503').toBe(503);
      const report = await res.json();
      expect(report.status).toBe('critical');
      expect(report.alerts.map((a: Alert) => a.rule)).toEqual(['strategy_errored']);
      expect(report.strategies[0]).toMatchObject({ id: 's', status: 'errored', errors: 1 });
      h.manager.restartStrategy('s');
      h.push(100);
      const ok = await (await fetch(`${server.url}/api/v1/health`)).json();
      expect(ok.status).toBe('ok');
      expect(ok.recent.map((a: Alert) => a.state)).toEqual(['raised', 'cleared']);
      await new Promise((r) => setTimeout(r, 200));
      expect(wsAlerts.map((a) => `${a.rule} ${a.state}`)).toEqual(['strategy_errored raised', 'strategy_errored cleared']);
    } finally {
      ws.close();
      await server.close();
      await services.close();
    }
    const logged = readSessionLog(sessionLogPath(sessionsDir, 'hs')).entries.filter((e) => e.k === 'alert');
    expect(logged.map((e) => (e.k === 'alert' ? `${e.rule} ${e.state}` : ''))).toEqual(['strategy_errored raised', 'strategy_errored cleared']);
  });
});
