import { describe, expect, it } from 'vitest';
import { record, T0, HOUR } from '../../tests/engine/helpers.ts';
import { at, hourly } from '../../tests/engine/instance-kit.ts';
import { scripted } from '../../tests/engine/scripted.ts';
import { parseStrategyConfig } from '../config/parse.ts';
import { EngineEvents } from '../events.ts';
import { StrategyInstance } from '../instance.ts';
import type { Order } from '../types.ts';
import { FillModel } from './fill-model.ts';
import type { OrderGate } from './order-gate.ts';
import { SimulatedVenue, type ExecutionVenue, type VenueResult } from './venue.ts';

describe('SimulatedVenue', () => {
  const settings = { fill: 'next_open' as const, feeBps: 10, slippageBps: 20 };
  const venue = new SimulatedVenue(settings);
  const model = new FillModel(settings);
  const order = (side: 'buy' | 'sell'): Order => ({ id: 'o', strategyId: 's', symbol: 'BTC/USDT', side, quantity: 2, type: 'market', reason: 'entry', createdAt: 0 });

  it('prices market orders with the fill model (slippage against the trader) and charges its fee', () => {
    for (const side of ['buy', 'sell'] as const) {
      const r = venue.execute(order(side), 2, 100, 0, 'market');
      expect(r).toEqual({ ok: true, price: model.marketPrice(side, 100), fee: model.fee(2, model.marketPrice(side, 100)) });
      expect(venue.quote(side, 100, 'market')).toBe(model.marketPrice(side, 100));
    }
  });

  it('fills limit orders exactly at the reference', () => {
    expect(venue.execute(order('sell'), 2, 104, 0, 'limit')).toEqual({ ok: true, price: 104, fee: model.fee(2, 104) });
    expect(venue.quote('buy', 104, 'limit')).toBe(104);
  });
});

describe('StrategyInstance fills through the venue port', () => {
  const rows = Array.from({ length: 8 }, (_, i) => [100 + i, 102 + i, 99 + i, 101 + i] as const);
  const config = parseStrategyConfig({ id: 's', symbol: 'BTC/USDT', timeframe: '1h', module: 'script', execution: { feeBps: 10, slippageBps: 0 } });
  const plan = { [at(1)]: 'BUY', [at(4)]: 'EXIT' } as const;

  function runWith(venue: ExecutionVenue | null) {
    const events = new EngineEvents();
    const gate: OrderGate = { review: () => ({ blocked: false }), ...(venue ? { venueFor: () => venue } : {}) };
    const inst = new StrategyInstance({ id: 's', config, events, factory: scripted(plan), gate });
    const log = record(events, ['fill', 'trade', 'orderBlocked']);
    for (const c of hourly(rows)) inst.processCandle(c);
    return { inst, log };
  }

  it('a custom venue decides the price and fee; every order it sees is tagged with the strategy', () => {
    const seen: string[] = [];
    const venue: ExecutionVenue = {
      feeRate: 0,
      quote: (_side, ref) => ref,
      execute: (order, quantity, reference, time, kind): VenueResult => {
        seen.push(`${order.strategyId} ${order.reason} ${order.side} ${kind} ${reference} ${time}`);
        return { ok: true, price: reference + 1, fee: 0.5 };
      },
    };
    const { log } = runWith(venue);
    expect(seen).toEqual([`s entry buy market 102 ${T0 + 2 * HOUR}`, `s exit sell market 105 ${T0 + 5 * HOUR}`]);
    const trade = log.find((e) => e.name === 'trade')!.payload as { entryPrice: number; exitPrice: number; fees: number };
    expect([trade.entryPrice, trade.exitPrice, trade.fees]).toEqual([103, 106, 1]);
  });

  it('a rejection leaves the books untouched and is reported as orderBlocked (venueRejected)', () => {
    const venue: ExecutionVenue = { feeRate: 0.001, quote: (_s, r) => r, execute: () => ({ ok: false, reason: 'exchange closed' }) };
    const { inst, log } = runWith(venue);
    expect(inst.account.isFlat).toBe(true);
    expect(inst.account.cash).toBe(10_000);
    const blocked = log.filter((e) => e.name === 'orderBlocked').map((e) => e.payload as { limit: string; detail: string });
    expect(blocked[0]).toMatchObject({ limit: 'venueRejected', detail: 'exchange closed' });
    expect(inst.violatedLimits).toContain('venueRejected');
  });

  it('without a venue from the gate, fills are exactly the simulated ones', () => {
    const a = runWith(null).log;
    const b = runWith(new SimulatedVenue(config.execution)).log;
    expect(a).toEqual(b);
  });
});
