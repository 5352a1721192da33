import { describe, expect, it } from 'vitest';
import { syntheticCandles } from './candles.ts';
import { fleet, timeReplay } from './fleet.ts';
import { orderFleetConfig, orderFleetFigures } from './order-fleet.ts';

describe('replay suite: order-model fleet', () => {
  it('its strategies really work limit entries and trailing stops (a smoke run on 20,000 candles)', () => {
    const candles = syntheticCandles(20_000);
    const m = fleet(10, 'BTC/USDT', '1m', orderFleetConfig);
    const orders: string[] = [];
    const exits: string[] = [];
    m.events.on('order', (o) => orders.push(o.type));
    m.events.on('trade', (t) => exits.push(t.exitReason));
    timeReplay(m, candles, { quick: true, log: () => {}, gc: () => {} });
    expect(orders.filter((t) => t === 'limit').length, 'entries are limit orders').toBeGreaterThan(10);
    expect(exits.filter((r) => r === 'trailing_stop').length, 'exits come from the trailing stop').toBeGreaterThan(5);
  });
  it('gives finite figures: CPU ns per strategy-candle and the ratio to the market-order fleet', () => {
    const figures = orderFleetFigures(syntheticCandles(3_000), 1, { quick: true, log: () => {}, gc: () => {} });
    expect(figures.map((f) => f.name)).toEqual(['100 order-model strategies ns/update (CPU)', 'order-model / market-order cost per strategy-candle']);
    for (const f of figures) expect(Number.isFinite(f.value) && f.value > 0, `${f.name}: ${f.value}`).toBe(true);
  });
});
