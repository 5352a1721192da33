import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { acceleratedClock, FakeExchange, generatedSeries } from './fake-exchange.ts';

const M = 60_000;
const T0 = Date.UTC(2024, 0, 1);
let fake: FakeExchange | undefined;
let sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets) s.terminate();
  sockets = [];
  await fake?.stop();
  fake = undefined;
});

type Frame = { raw: string; json: { e?: string; result?: null; id?: number; k?: { t: number; x: boolean; c: string; o: string } } | null };

/** A raw client on the fake's stream, subscribed to BTCUSDT 1m; collects every frame. */
async function client(f: FakeExchange): Promise<{ frames: Frame[]; ws: WebSocket; closed: Promise<void> }> {
  const ws = new WebSocket(f.wsUrl);
  sockets.push(ws);
  const frames: Frame[] = [];
  ws.on('message', (d) => {
    const raw = String(d);
    let json: Frame['json'] = null;
    try {
      json = JSON.parse(raw);
    } catch {
      // a malformed frame, kept raw
    }
    frames.push({ raw, json });
  });
  const closed = new Promise<void>((r) => ws.on('close', () => r()));
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1m'], id: 7 }));
  await until(() => frames.length > 0);
  return { frames, ws, closed };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error('timed out');
}

const finals = (frames: Frame[]) => frames.filter((f) => f.json?.k?.x === true).map((f) => (f.json!.k!.t - T0) / M);

describe('FakeExchange kline stream (/ws)', () => {
  it('acks SUBSCRIBE, then sends each closed candle once (x: true, as REST serves it) and in-progress updates', async () => {
    let now = T0 + 10 * M + 30_000;
    fake = await new FakeExchange({ series: [generatedSeries('BTC/USDT', '1m', 100)], now: () => now, tickMs: 0 }).start();
    const { frames } = await client(fake);
    expect(frames[0].json).toEqual({ result: null, id: 7 });
    expect(fake.stream!.subscriptions()).toEqual(['BTCUSDT|1m']);
    fake.stream!.tick();
    now += 2 * M;
    fake.stream!.tick();
    await until(() => frames.length >= 5);
    const ks = frames.slice(1).map((f) => `${(f.json!.k!.t - T0) / M}:${f.json!.k!.x}`);
    expect(ks, 'nothing about the past; the forming candle, then the two that closed, then the new forming one').toEqual(['10:false', '10:true', '11:true', '12:false']);
    const rest = (await (await fetch(`${fake.url}/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${T0 + 10 * M}&limit=1`)).json()) as string[][];
    const k = frames[2].json!.k!;
    expect([k.o, k.c], 'the final equals the REST row').toEqual([rest[0][1], rest[0][4]]);
  });

  it('injects duplicate, reorder, malformed, NaN, silence and missing candles at the named bars', async () => {
    let now = T0 + 10 * M + 1;
    fake = await new FakeExchange({ series: [generatedSeries('BTC/USDT', '1m', 100)], now: () => now, tickMs: 0 }).start();
    fake.faults.stream.push(
      { kind: 'duplicate', openTime: T0 + 10 * M },
      { kind: 'reorder', openTime: T0 + 11 * M },
      { kind: 'malformed', openTime: T0 + 13 * M },
      { kind: 'nan', openTime: T0 + 14 * M },
      { kind: 'silent', from: T0 + 15 * M, to: T0 + 16 * M },
    );
    fake.faults.missing.push({ from: T0 + 16 * M, to: T0 + 17 * M });
    const { frames } = await client(fake);
    for (let i = 0; i < 8; i++) {
      now += M;
      fake.stream!.tick();
    }
    await until(() => finals(frames).length >= 7);
    expect(finals(frames), '10 twice (the copy one tick later), 11 after 12, nothing for 15 and 16').toEqual([10, 10, 12, 11, 13, 14, 17]);
    expect(frames.filter((f) => f.json === null).length, 'one broken frame').toBe(1);
    expect(frames.find((f) => f.json?.k?.x && f.json.k.t === T0 + 14 * M)!.json!.k!.c).toBe('NaN');
    const rest = (await (await fetch(`${fake.url}/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${T0 + 15 * M}&limit=3`)).json()) as number[][];
    expect(rest.map((r) => (r[0] - T0) / M), 'REST has 15 (only the stream was silent) but not 16 (missing)').toEqual([15, 17, 18]);
  });

  it('drops every connection after the named candle', async () => {
    let now = T0 + 10 * M + 1;
    fake = await new FakeExchange({ series: [generatedSeries('BTC/USDT', '1m', 100)], now: () => now, tickMs: 0 }).start();
    fake.faults.stream.push({ kind: 'drop', openTime: T0 + 10 * M });
    const { frames, closed } = await client(fake);
    now += M;
    fake.stream!.tick();
    await closed;
    expect(finals(frames), 'the final goes out, then the socket is torn down').toEqual([10]);
    expect(fake.stream!.connections).toBe(0);
  });

  it('replays at accelerated speed: acceleratedClock(start, 600) runs 1m candles at 10 per second', async () => {
    fake = await new FakeExchange({ series: [generatedSeries('BTC/USDT', '1m', 100)], now: acceleratedClock(T0 + 10 * M, 600), tickMs: 20 }).start();
    const { frames } = await client(fake);
    await until(() => finals(frames).length >= 4);
    expect(finals(frames).slice(0, 4)).toEqual([10, 11, 12, 13]);
  });
});
