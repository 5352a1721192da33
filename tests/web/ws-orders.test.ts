/**
 * Open orders and rejections over the live hub's WebSocket and the activity API: a strategy holding two working
 * orders at once is listed with both (not just the last placed), a cancel leaves the other, a new client's hello
 * carries the list, and an order the cash cannot pay arrives as a `rejected` message with its reason.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadStrategyModules } from '../../backtest/run/load-configs.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { Candle, Order } from '../../engine/types.ts';
import { startServer, type RunningServer } from '../../web/server.ts';

const BRACKET = fileURLToPath(new URL('../paper/fixtures/bracket-orders.ts', import.meta.url));

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

type Msg = { type: string } & Record<string, unknown>;

async function client(url: string): Promise<{ ws: WebSocket; messages: Msg[] }> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const messages: Msg[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (d) => {
      const parsed = JSON.parse(d.toString()) as Msg | Msg[];
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        messages.push(m);
        if (m.type === 'hello') resolve();
      }
    });
    ws.on('error', reject);
  });
  return { ws, messages };
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Bars around 100 (low 99, high 101): never near the orders' levels at 1.5x and 0.5x the close. */
const candle = (i: number): Candle => ({ symbol: 'BTC/USDT', timeframe: '1m', openTime: i * 60_000, closeTime: (i + 1) * 60_000, open: 100, high: 101, low: 99, close: 100, volume: 1 });

const ordersOf = (messages: Msg[]) => messages.filter((m) => m.type === 'orders' && m.strategyId === 'bracket').map((m) => (m.open as Order[]).map((o) => `${o.clientId ?? 'market'}:${o.type}:${o.limitPrice ?? o.stopPrice ?? ''}`));

describe('WebSocket: open orders and rejections', () => {
  it('lists every working order, follows a cancel, and sends rejections with the reason', async () => {
    const bracket = parseStrategyConfig({ id: 'bracket', symbol: 'BTC/USDT', timeframe: '1m', module: BRACKET, params: { cancelAfter: 3 }, risk: { maxPositionSize: 0.5 } });
    const oversized = parseStrategyConfig({ id: 'oversized', symbol: 'BTC/USDT', timeframe: '1m', rules: { entry: { condition: 'close > 0' }, exit: { condition: 'close < 0' } }, sizing: { mode: 'quantity', value: 1000 } });
    const manager = new StrategyManager({ modules: await loadStrategyModules([bracket]) });
    server = await startServer({ manager, port: 0, runsDir: '/nonexistent', resultsDb: null, hub: { metricsIntervalMs: 0 } });
    const wsUrl = `${server.url.replace('http', 'ws')}/ws`;
    const c = await client(wsUrl);
    manager.startStrategy(bracket);
    manager.startStrategy(oversized);

    // One engine step per bar (the hub sends a strategy's open orders once per step, as they stand after it).
    const bar = async (i: number) => {
      manager.onNewCandle(candle(i));
      manager.releaseGroup();
      await new Promise((r) => setTimeout(r, 20));
    };
    // Bar 0: BUY at market (pending for bar 1's open). Bar 1: filled at 100, then tp (limit 150) and sl (stop 50) placed in the same step.
    await bar(0);
    await until(() => ordersOf(c.messages).length === 1);
    expect(ordersOf(c.messages), 'the market order pending for the next open').toEqual([['market:market:']]);
    await bar(1);
    await bar(2);
    await until(() => ordersOf(c.messages).length === 2);
    expect(ordersOf(c.messages)[1], 'both working orders, in placement order').toEqual(['tp:limit:150', 'sl:stop:50']);

    // A client connecting now gets both in its hello.
    const late = await client(wsUrl);
    const hello = late.messages.find((m) => m.type === 'hello') as unknown as { openOrders: Record<string, Order[]> };
    expect(hello.openOrders.bracket.map((o) => o.clientId), 'hello lists every working order').toEqual(['tp', 'sl']);
    expect(hello.openOrders.oversized.map((o) => o.type), 'the other strategy: its entry waiting for the next open').toEqual(['market']);

    const api = (await (await fetch(`${server.url}/api/v1/live/activity/bracket`)).json()) as { openOrders: Order[] };
    expect(api.openOrders.map((o) => [o.clientId, o.type, o.limitPrice ?? o.stopPrice]), 'the activity API lists both').toEqual([['tp', 'limit', 150], ['sl', 'stop', 50]]);

    // Bar 4 is 3 bars after placing them: the take-profit is cancelled, the stop keeps working.
    await bar(3);
    await bar(4);
    await until(() => ordersOf(c.messages).length >= 3);
    expect(ordersOf(c.messages).at(-1), 'after the cancel only the stop works').toEqual(['sl:stop:50']);

    // The oversized strategy: 1000 units at 100 cost 100,000 with the cash at 10,000: rejected on every entry signal.
    const rejected = c.messages.filter((m) => m.type === 'rejected' && m.strategyId === 'oversized');
    expect(rejected.length, 'bars 0..3 signalled, each order rejected at the next open (bars 1..4); bar 4\'s waits for bar 5').toBe(4);
    expect(rejected[0].reason).toBe('insufficientCash');
    expect(String(rejected[0].detail)).toMatch(/a stake of 1000 units at 100 costs 100\d+(\.\d+)? with fees, more than the cash 10000/);
    const activity = (await (await fetch(`${server.url}/api/v1/live/activity/oversized`)).json()) as { rejections: { reason: string }[]; openOrders: Order[] };
    expect(activity.rejections.map((r) => r.reason)).toEqual(Array(4).fill('insufficientCash'));
    // Sized at fill time, each entry is rejected at the next bar's open: the last bar's order still waits for it.
    const rejectedIds = new Set(rejected.map((m) => (m.order as Order).id));
    expect(activity.openOrders.length).toBe(1);
    expect(rejectedIds.has(activity.openOrders[0].id), 'a rejected order is never listed as open').toBe(false);
    c.ws.close();
    late.ws.close();
  });
});
