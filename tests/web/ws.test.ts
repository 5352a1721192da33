import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { StrategyManager } from '../../engine/manager.ts';
import type { Candle, Signal } from '../../engine/types.ts';
import { startServer, type RunningServer } from '../../web/server.ts';
import { testConfig } from './fixtures.ts';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

type Msg = { type: string } & Record<string, unknown>;

/** A client that records every message; resolves once the hello arrived. */
async function client(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; messages: Msg[]; closed: Promise<number> }> {
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  const messages: Msg[] = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (d) => {
      const parsed = JSON.parse(d.toString()) as Msg | Msg[];
      // One frame per engine step: a single message, or an array of them.
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        messages.push(m);
        if (m.type === 'hello') resolve();
      }
    });
    ws.on('error', reject);
  });
  return { ws, messages, closed };
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const candle = (i: number, symbol = 'BTC/USDT'): Candle => {
  const p = 100 + Math.sin(i / 3) * 5;
  return { symbol, timeframe: '1m', openTime: i * 60_000, closeTime: (i + 1) * 60_000, open: p, high: p + 1, low: p - 1, close: p + 0.5, volume: 1 };
};

describe('WebSocket endpoint', () => {
  it('streams candles (closed and in progress), signals, fills, metrics and status', async () => {
    const manager = new StrategyManager();
    server = await startServer({ manager, port: 0, runsDir: '/nonexistent', resultsDb: null, hub: { metricsIntervalMs: 20 } });
    const c = await client(`${server.url.replace('http', 'ws')}/ws`);
    manager.startStrategy(testConfig('s1'));
    for (let i = 0; i < 60; i++) manager.onNewCandle(candle(i));
    manager.onPartialCandle({ ...candle(60), close: 101 });
    await until(() => c.messages.some((m) => m.type === 'fill') && c.messages.some((m) => m.type === 'metrics'));
    const types = new Set(c.messages.map((m) => m.type));
    for (const t of ['hello', 'status', 'candle', 'signal', 'fill', 'metrics']) expect(types.has(t), t).toBe(true);
    expect(c.messages.some((m) => m.type === 'candle' && m.closed === false), 'the in-progress candle').toBe(true);
    const status = c.messages.find((m) => m.type === 'status')!;
    expect(status).toMatchObject({ strategyId: 's1', from: null, to: 'running' });
    c.ws.close();
  });

  it('sends an error event when a strategy fails, and the hello snapshot carries state for late joiners', async () => {
    const manager = new StrategyManager();
    server = await startServer({ manager, port: 0, resultsDb: null, runsDir: '/nonexistent' });
    manager.startStrategy(testConfig('s1'));
    for (let i = 0; i < 30; i++) manager.onNewCandle(candle(i));
    const c = await client(`${server.url.replace('http', 'ws')}/ws`);
    const hello = c.messages[0] as Msg & { strategies: { id: string; metrics: unknown }[]; candles: Record<string, Candle[]> };
    expect(hello.strategies.map((s) => s.id)).toEqual(['s1']);
    expect(hello.candles['BTC/USDT|1m']).toHaveLength(30);
    manager.events.emit('error', { strategyId: 's1', message: 'boom', time: 1 });
    await until(() => c.messages.some((m) => m.type === 'error'));
    expect(c.messages.find((m) => m.type === 'error')).toMatchObject({ strategyId: 's1', message: 'boom' });
    c.ws.close();
  });

  it('a client that subscribes to some strategies gets only theirs (and their symbols’ candles)', async () => {
    const manager = new StrategyManager();
    server = await startServer({ manager, port: 0, resultsDb: null, runsDir: '/nonexistent' });
    manager.startStrategy(testConfig('btc'));
    manager.startStrategy(testConfig('eth', { symbol: 'ETH/USDT' }));
    const all = await client(`${server.url.replace('http', 'ws')}/ws`);
    const some = await client(`${server.url.replace('http', 'ws')}/ws`);
    some.ws.send(JSON.stringify({ subscribe: ['eth'] }));
    await until(() => some.messages.some((m) => m.type === 'subscribed'));
    for (let i = 0; i < 60; i++) {
      manager.onNewCandle(candle(i));
      manager.onNewCandle(candle(i, 'ETH/USDT'));
    }
    await until(() => all.messages.filter((m) => m.type === 'signal').some((m) => (m.signal as Signal).strategyId === 'eth') && all.messages.filter((m) => m.type === 'signal').some((m) => (m.signal as Signal).strategyId === 'btc'));
    await until(() => some.messages.some((m) => m.type === 'signal'));
    const after = some.messages.slice(some.messages.findIndex((m) => m.type === 'subscribed'));
    expect(after.filter((m) => m.type === 'signal').every((m) => (m.signal as Signal).strategyId === 'eth')).toBe(true);
    expect(after.filter((m) => m.type === 'candle').every((m) => (m.candle as Candle).symbol === 'ETH/USDT')).toBe(true);
    some.ws.send('not json');
    await until(() => some.messages.some((m) => m.type === 'error' && /subscribe/.test(String(m.message))));
    all.ws.close();
    some.ws.close();
  });

  it('refuses foreign origins, unknown paths, and (with a token) clients without it', async () => {
    const manager = new StrategyManager();
    server = await startServer({ manager, port: 0, resultsDb: null, runsDir: '/nonexistent', token: 'sesame-open-123' });
    const url = `${server.url.replace('http', 'ws')}/ws`;
    const refused = (u: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(u, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => undefined);
      });
    expect(await refused(url)).toBe(401);
    expect(await refused(`${url}?token=sesame-open-123`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await refused(`${server.url.replace('http', 'ws')}/other?token=sesame-open-123`)).toBe(404);
    const ok = await client(`${url}?token=sesame-open-123`);
    ok.ws.close();
    const bearer = await client(url, { Authorization: 'Bearer sesame-open-123', Origin: server.url });
    bearer.ws.close();
  });

  it('binding beyond loopback requires a token', async () => {
    await expect(startServer({ manager: new StrategyManager(), port: 0, host: '0.0.0.0', resultsDb: null })).rejects.toThrow(/--token/);
    const warnings: string[] = [];
    server = await startServer({ manager: new StrategyManager(), port: 0, host: '0.0.0.0', token: 'long-enough-token', resultsDb: null, warn: (l) => warnings.push(l) });
    expect(warnings.join()).toMatch(/reachable from other machines/);
  });
});

describe('batching', () => {
  it('sends one frame per engine step; within a step the newest metrics win, and closed candles are never replaced by the next one in progress', async () => {
    const manager = new StrategyManager();
    server = await startServer({ manager, port: 0, resultsDb: null, runsDir: '/nonexistent', hub: { metricsIntervalMs: 0 } });
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
    const frames: unknown[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    await until(() => frames.length === 1); // hello
    const sig = (i: number): Signal => ({ strategyId: 's', action: 'BUY', symbol: 'BTC/USDT', price: i, confidence: 1, reason: '', time: i });
    const metrics = (equity: number) => ({ id: 's', name: 's', status: 'running', performance: { equity }, current: {}, risk: {} }) as never;
    // One synchronous step:
    manager.events.emit('signal', sig(1));
    manager.events.emit('metrics', metrics(1));
    manager.events.emit('candle', { candle: candle(0), closed: true });
    manager.events.emit('candle', { candle: candle(1), closed: false });
    manager.events.emit('signal', sig(2));
    manager.events.emit('metrics', metrics(2));
    await until(() => frames.length === 3);
    const [events, snapshots] = frames.slice(1) as Msg[][];
    expect(events.map((m) => m.type), 'the step’s events in one frame, in order').toEqual(['signal', 'candle', 'candle', 'signal']);
    expect(events.filter((m) => m.type === 'candle').map((m) => m.closed)).toEqual([true, false]);
    expect(snapshots, 'metrics in the frame after, the newest only').toMatchObject({ type: 'metrics', metrics: { performance: { equity: 2 } } });
    ws.close();
  });
});

describe('slow clients', () => {
  it('a client that never reads is dropped with bounded memory; the others keep receiving everything', async () => {
    const manager = new StrategyManager();
    const limits = { softBytes: 64 * 1024, hardBytes: 1024 * 1024, maxQueued: 100_000 };
    server = await startServer({ manager, port: 0, resultsDb: null, runsDir: '/nonexistent', hub: { limits, metricsIntervalMs: 0 } });
    const url = `${server.url.replace('http', 'ws')}/ws`;
    const fast = await client(url);
    const slow = await client(url);
    // The slow client stops reading: its kernel buffers fill, then the server's backlog for it grows.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const slowChannel = [...server.hub.clients][1];
    expect(server.hub.clients.size).toBe(2);

    const reason = 'x'.repeat(2000);
    let pumped = 0;
    let maxMessage = 0;
    let maxHeld = 0;
    const start = Date.now();
    while (!slowChannel.dropped && Date.now() - start < 20_000) {
      for (let i = 0; i < 200; i++) {
        const s: Signal = { strategyId: 'noisy', action: 'BUY', symbol: 'BTC/USDT', price: pumped, confidence: 1, reason, time: pumped };
        manager.events.emit('signal', s);
        pumped++;
      }
      maxMessage = Math.max(maxMessage, 2200);
      maxHeld = Math.max(maxHeld, slowChannel.heldBytes);
      await new Promise((r) => setImmediate(r));
    }
    expect(slowChannel.dropped, `dropped after ${pumped} events (${(pumped * 2.1) / 1024} MiB)`).toBe(true);
    expect(slowChannel.peakBytes, 'server-side memory for the slow client never passed the hard limit by more than one message').toBeLessThanOrEqual(limits.hardBytes + 4096);
    expect(maxHeld).toBeLessThanOrEqual(limits.hardBytes + 4096);
    expect(server.hub.clients.size, 'the slow client is gone').toBe(1);
    expect(server.hub.dropped).toBe(1);
    // The fast client received every signal, in order.
    await until(() => fast.messages.filter((m) => m.type === 'signal').length === pumped, 20_000);
    const prices = fast.messages.filter((m) => m.type === 'signal').map((m) => (m.signal as Signal).price);
    expect(prices.every((p, i) => p === i)).toBe(true);
    // And keeps receiving after the drop.
    manager.events.emit('signal', { strategyId: 'noisy', action: 'SELL', symbol: 'BTC/USDT', price: -1, confidence: 1, reason: 'after', time: 0 });
    await until(() => fast.messages.some((m) => m.type === 'signal' && (m.signal as Signal).reason === 'after'));
    fast.ws.close();
    slow.ws.terminate();
  });
});
