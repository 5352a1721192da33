import { describe, expect, it } from 'vitest';
import { MINUTE, T0, randomWalk, record, sha256 } from '../../tests/engine/helpers.ts';
import { scripted, type Plan } from '../../tests/engine/scripted.ts';
import type { StrategyConfigInput } from '../config/schema.ts';
import { StrategyManager } from '../manager.ts';
import type { StrategyFactory } from '../strategy/strategy.ts';
import type { Candle } from '../types.ts';
import type { AllocationSettings, PortfolioLimits } from './config.ts';
import { OrderManagementSystem, PORTFOLIO_LIMIT, type OmsOptions } from './oms.ts';

const at = (i: number) => T0 + i * MINUTE;
const BTC = randomWalk('BTC/USDT', 60, 7, 100);
const ETH = randomWalk('ETH/USDT', 60, 8, 50);

interface Spec {
  id: string;
  plan: Plan;
  config?: Partial<StrategyConfigInput>;
}

function config(s: Spec): StrategyConfigInput {
  return {
    id: s.id,
    symbol: 'BTC/USDT',
    timeframe: '1m',
    module: s.id,
    allowShort: true,
    sizing: { mode: 'quantity', value: 1 },
    execution: { fill: 'next_open', feeBps: 10, slippageBps: 5 },
    ...s.config,
  } as StrategyConfigInput;
}

/** Runs the strategies over the candles (merged by close time, BTC before ETH) with an optional OMS; returns the manager and logs. */
function run(specs: readonly Spec[], omsOptions: OmsOptions | null, candles: readonly Candle[] = BTC, onBar?: (m: StrategyManager, oms: OrderManagementSystem | null) => void) {
  const oms = omsOptions ? new OrderManagementSystem(omsOptions) : null;
  const modules = new Map<string, StrategyFactory>(specs.map((s) => [s.id, scripted(s.plan)]));
  const m = new StrategyManager({ modules, gate: oms ?? undefined });
  const log = record(m.events, ['order', 'fill', 'trade', 'orderBlocked']);
  for (const s of specs) m.startStrategy(config(s));
  const sorted = [...candles].sort((a, b) => a.closeTime - b.closeTime);
  for (const c of sorted) {
    m.onNewCandle(c);
    onBar?.(m, oms);
  }
  oms?.finish();
  const of = (name: string, id: string) => log.filter((e) => e.name === name && (e.payload as { strategyId: string }).strategyId === id).map((e) => e.payload);
  return { m, oms, log, of };
}

const signedPosition = (m: StrategyManager, symbol: string) => {
  let q = 0;
  for (const s of m.instances()) {
    const p = s.account.position;
    if (p && p.symbol === symbol) q += p.side === 'long' ? p.quantity : -p.quantity;
  }
  return q;
};

describe('OMS: two strategies on one symbol with opposite signals', () => {
  const long: Spec = { id: 'long', plan: { [at(5)]: 'BUY', [at(20)]: 'EXIT', [at(30)]: 'BUY', [at(40)]: 'EXIT' } };
  const short: Spec = { id: 'short', plan: { [at(5)]: 'SELL', [at(20)]: 'EXIT', [at(35)]: 'SELL', [at(45)]: 'EXIT' }, config: { sizing: { mode: 'quantity', value: 0.6 } } };

  it('each strategy books exactly what it books trading alone, fees as configured', () => {
    const together = run([long, short], { netting: true });
    for (const s of [long, short]) {
      const solo = run([s], null);
      expect(together.of('trade', s.id), `${s.id}: same trades (prices, quantities, fees, P&L) as its solo run`).toEqual(solo.of('trade', s.id));
      expect(together.of('fill', s.id)).toEqual(solo.of('fill', s.id));
      const a = together.m.getInstance(s.id).account;
      const b = solo.m.getInstance(s.id).account;
      expect([a.realizedPnL, a.fees, a.cash], 'own books identical to the solo run').toEqual([b.realizedPnL, b.fees, b.cash]);
    }
    expect(together.of('trade', 'long')).toHaveLength(2);
    expect(together.of('trade', 'short')).toHaveLength(2);
  });

  it("the portfolio's net position is the net of the strategies' positions on every bar", () => {
    const seen: number[] = [];
    run([long, short], { netting: true }, BTC, (m, oms) => {
      const expected = signedPosition(m, 'BTC/USDT');
      expect(oms!.netPosition('BTC/USDT')).toBeCloseTo(expected, 12);
      seen.push(expected);
    });
    expect(seen, 'the scenario has a net long, a net short-free overlap and flat bars').toEqual(expect.arrayContaining([0.4, 1, -0.6, 0]));
  });

  it('netting nets same-time opposite fills into one venue order and reports the fee saving', () => {
    const netted = run([long, short], { netting: true, recordVenueOrders: true });
    const plain = run([long, short], { netting: false });
    const vn = netted.oms!.report().venue;
    const vp = plain.oms!.report().venue;
    const fills = netted.log.filter((e) => e.name === 'fill').map((e) => e.payload as { fee: number; time: number; side: string; quantity: number });
    const strategyFees = fills.reduce((a, f) => a + f.fee, 0);
    expect(vn.strategyFees).toBeCloseTo(strategyFees, 9);
    expect(vp.strategyFees).toBeCloseTo(strategyFees, 9);
    expect(vp.feeSaving, 'without netting every fill is a venue order').toBe(0);
    expect(vp.venueOrders).toBe(fills.length);
    // Bars 6 and 21: long buys 1 while short sells 0.6 (and back): the venue trades 0.4 at the buy leg's fee rate.
    const byTime = new Map<number, typeof fills>();
    for (const f of fills) byTime.set(f.time, [...(byTime.get(f.time) ?? []), f]);
    let expectedVenueFees = 0;
    for (const group of byTime.values()) {
      const buy = group.filter((f) => f.side === 'buy');
      const sell = group.filter((f) => f.side === 'sell');
      const bq = buy.reduce((a, f) => a + f.quantity, 0);
      const sq = sell.reduce((a, f) => a + f.quantity, 0);
      const dominant = bq >= sq ? buy : sell;
      const dq = Math.max(bq, sq);
      expectedVenueFees += (dominant.reduce((a, f) => a + f.fee, 0) * Math.abs(bq - sq)) / dq;
    }
    expect(vn.venueFees).toBeCloseTo(expectedVenueFees, 9);
    expect(vn.feeSaving).toBeCloseTo(strategyFees - expectedVenueFees, 9);
    expect(vn.feeSaving, 'the two overlapping entries and exits saved fees').toBeGreaterThan(0);
    expect(vn.venueOrders, '8 fills, two pairs netted: 6 venue orders').toBe(6);
    expect(vn.legs).toBe(8);
    expect(vn.bySymbol.map((s) => s.symbol)).toEqual(['BTC/USDT']);
    expect(vn.bySymbol[0].internalised).toBeCloseTo(1.2, 12);
    const orders = netted.oms!.venueOrders();
    expect(orders[0]).toMatchObject({ symbol: 'BTC/USDT', time: at(6), side: 'buy', legs: 2 });
    expect(orders[0].quantity).toBeCloseTo(0.4, 12);
  });
});

describe('OMS: strategies restarted with a position', () => {
  it('a position that vanishes with a reset leaves the net exposure and the open count', () => {
    const x: Spec = { id: 'x', plan: { [at(2)]: 'BUY', [at(30)]: 'BUY' } };
    const y: Spec = { id: 'y', plan: { [at(40)]: 'BUY' } };
    const oms = new OrderManagementSystem({ limits: { maxOpenPositions: 1, maxDrawdown: 0.99 } });
    const modules = new Map<string, StrategyFactory>([x, y].map((s) => [s.id, scripted(s.plan)]));
    const m = new StrategyManager({ modules, gate: oms });
    const log = record(m.events, ['orderBlocked', 'fill']);
    m.startStrategy(config(x));
    m.startStrategy(config(y));
    BTC.forEach((c, i) => {
      if (i === 20) {
        expect(oms.netPosition('BTC/USDT')).toBe(1);
        m.restartStrategy('x'); // fresh account: the position is gone without a fill
      }
      m.onNewCandle(c);
    });
    expect(oms.netPosition('BTC/USDT'), 'x re-entered once after the restart, y was blocked').toBe(1);
    expect(log.filter((e) => e.name === 'orderBlocked').map((e) => (e.payload as { strategyId: string }).strategyId)).toEqual(['y']);
  });
});

describe('OMS: deterministic handling of concurrent signals', () => {
  const a: Spec = { id: 'a', plan: { [at(3)]: 'BUY', [at(10)]: 'EXIT' } };
  const b: Spec = { id: 'b', plan: { [at(3)]: 'BUY', [at(10)]: 'EXIT' } };
  const limits: PortfolioLimits = { maxOpenPositions: 1 };

  it('same-timestamp orders reach the OMS in strategy start order, so the first started wins a contested limit', () => {
    const ab = run([a, b], { limits });
    const ba = run([b, a], { limits });
    expect(ab.of('trade', 'a')).toHaveLength(1);
    expect(ab.of('trade', 'b')).toHaveLength(0);
    expect(ba.of('trade', 'b')).toHaveLength(1);
    expect(ba.of('trade', 'a')).toHaveLength(0);
    expect(ab.log.filter((e) => e.name === 'order' || e.name === 'orderBlocked').map((e) => `${e.name} ${(e.payload as { strategyId: string }).strategyId}`).slice(0, 2)).toEqual(['order a', 'orderBlocked b']);
  });

  it('two runs give identical event logs and OMS reports', () => {
    const x = run([a, b, { id: 'c', plan: { [at(12)]: 'SELL', [at(20)]: 'BUY' } }], { limits, netting: true });
    const y = run([a, b, { id: 'c', plan: { [at(12)]: 'SELL', [at(20)]: 'BUY' } }], { limits, netting: true });
    expect(sha256(x.log)).toBe(sha256(y.log));
    expect(x.oms!.report()).toEqual(y.oms!.report());
  });
});

describe('OMS: portfolio limits', () => {
  const fraction = { sizing: { mode: 'fraction' as const, value: 1 }, capital: 10_000 };
  const a: Spec = { id: 'a', plan: { [at(2)]: 'BUY', [at(30)]: 'EXIT', [at(40)]: 'BUY', [at(50)]: 'EXIT' }, config: fraction };
  const b: Spec = { id: 'b', plan: { [at(2)]: 'BUY', [at(25)]: 'EXIT' }, config: fraction };
  const c: Spec = { id: 'c', plan: { [at(5)]: 'BUY', [at(35)]: 'EXIT' }, config: fraction };

  it('a blocked order is recorded on the strategy, on the portfolio and as an orderBlocked event; the others are unaffected', () => {
    const free = run([a, b, c], {});
    const limited = run([a, b, c], { limits: { maxOpenPositions: 2 } });
    const blocked = limited.log.filter((e) => e.name === 'orderBlocked').map((e) => e.payload as { strategyId: string; limit: string; time: number });
    expect(blocked.map((x) => [x.strategyId, x.limit, x.time])).toEqual([['c', PORTFOLIO_LIMIT.maxOpenPositions, at(5) + MINUTE]]);
    expect(limited.m.getMetrics('c').risk.violatedLimits).toEqual([PORTFOLIO_LIMIT.maxOpenPositions]);
    expect(limited.m.getMetrics('a').risk.violatedLimits).toEqual([]);
    const report = limited.oms!.report();
    expect(report.violatedLimits).toEqual([PORTFOLIO_LIMIT.maxOpenPositions]);
    expect(report.blocked).toEqual({ total: 1, byLimit: { [PORTFOLIO_LIMIT.maxOpenPositions]: 1 }, byStrategy: { c: 1 } });
    expect(limited.oms!.blocks[0]).toMatchObject({ strategyId: 'c', orderId: 'c:o1', limit: PORTFOLIO_LIMIT.maxOpenPositions });
    for (const id of ['a', 'b']) expect(sha256(limited.of('trade', id)), `${id} trades exactly as without the limit`).toBe(sha256(free.of('trade', id)));
    expect(limited.of('trade', 'c')).toHaveLength(0);
    expect(free.of('trade', 'c')).toHaveLength(1);
  });

  it('an approved entry waiting for its fill counts against maxOpenPositions', () => {
    // a and b signal on the same bar: b is reviewed while a's entry is still pending (next_open).
    const limited = run([a, b], { limits: { maxOpenPositions: 1 } });
    expect(limited.of('orderBlocked', 'b')).toHaveLength(1);
  });

  it('max gross exposure blocks an entry that would take Σ|notional| / equity over the limit', () => {
    const r = run([a, b, c], { limits: { maxGrossExposure: 0.5 } });
    // Each strategy puts its whole 10,000 to work: one third of the 30,000 portfolio each.
    expect(r.of('orderBlocked', 'b').map((x) => (x as { limit: string }).limit)).toEqual([PORTFOLIO_LIMIT.maxGrossExposure]);
    expect(r.of('orderBlocked', 'c')).toHaveLength(1);
    expect(r.of('trade', 'a')).toHaveLength(2);
    expect((r.of('orderBlocked', 'b')[0] as { detail: string }).detail).toMatch(/gross exposure would be 66\.\d\d% of portfolio equity; the limit is 50\.00%/);
  });

  it('max symbol exposure counts only the symbol of the order', () => {
    const eth: Spec = { id: 'eth', plan: { [at(5)]: 'BUY' }, config: { ...fraction, symbol: 'ETH/USDT' } };
    const r = run([a, b, eth], { limits: { maxSymbolExposure: 0.4 } }, [...BTC, ...ETH]);
    expect(r.of('orderBlocked', 'b').map((x) => (x as { limit: string }).limit)).toEqual([PORTFOLIO_LIMIT.maxSymbolExposure]);
    expect(r.of('orderBlocked', 'eth')).toHaveLength(0);
    expect(r.m.getInstance('eth').account.position).not.toBeNull();
  });

  it('portfolio max drawdown halts new entries for the rest of the run; exits still go through', () => {
    // BTC falls 3% a bar over bars 10..19 and stays 30% down; `down` is long all the way, `late` tries to enter afterwards.
    const f = (i: number) => (i < 10 ? 1 : i < 20 ? 1 - 0.03 * (i - 9) : 0.7);
    const crash = BTC.map((c, i) => ({ ...c, open: c.open * f(i), high: c.high * f(i), low: c.low * f(i), close: c.close * f(i) }));
    const down: Spec = { id: 'down', plan: { [at(2)]: 'BUY', [at(40)]: 'EXIT' }, config: fraction };
    const late: Spec = { id: 'late', plan: { [at(3)]: 'BUY', [at(4)]: 'EXIT', [at(25)]: 'BUY' }, config: fraction };
    const r = run([down, late], { limits: { maxDrawdown: 0.1 } }, crash);
    const report = r.oms!.report();
    expect(report.halted, 'the 10% limit was reached').not.toBeNull();
    expect(report.halted!.drawdown).toBeGreaterThanOrEqual(0.1);
    expect(report.maxDrawdown).toBeGreaterThan(0.1);
    expect(r.of('trade', 'late'), 'the entry before the halt went through').toHaveLength(1);
    expect(r.of('orderBlocked', 'late').map((x) => (x as { limit: string }).limit)).toEqual([PORTFOLIO_LIMIT.maxDrawdown]);
    expect(report.violatedLimits).toEqual([PORTFOLIO_LIMIT.maxDrawdown]);
    expect(r.m.getMetrics('late').risk.violatedLimits).toEqual([PORTFOLIO_LIMIT.maxDrawdown]);
    expect(r.of('trade', 'down'), 'exits are never gated: the position closes after the halt').toHaveLength(1);
  });
});

describe('OMS: capital and sizing across strategies', () => {
  const frac = (value: number) => ({ sizing: { mode: 'fraction' as const, value }, execution: { fill: 'next_open' as const, feeBps: 10, slippageBps: 0 } });

  it('entries are sized from weight × portfolio equity (fixed weights)', () => {
    const allocation: AllocationSettings = { mode: 'fixed', rebalance: '1d' };
    const specs: Spec[] = [
      { id: 'w25', plan: { [at(2)]: 'BUY' }, config: { ...frac(0.5), capital: 25_000 } },
      { id: 'w75', plan: { [at(2)]: 'BUY' }, config: { ...frac(0.5), capital: 75_000 } },
    ];
    const r = run(specs, { capital: 100_000, allocation });
    expect(r.oms!.weightOf('w25')).toBeCloseTo(0.25, 15);
    const fill25 = r.of('fill', 'w25')[0] as { quantity: number; price: number };
    const fill75 = r.of('fill', 'w75')[0] as { quantity: number; price: number };
    const perUnit = fill25.price * 1.001;
    expect(fill25.quantity).toBeCloseTo((0.25 * 100_000 * 0.5) / perUnit, 9);
    expect(fill75.quantity).toBeCloseTo((0.75 * 100_000 * 0.5) / perUnit, 9);
  });

  it('the sizing base follows portfolio equity, not the strategy’s own cash', () => {
    const allocation: AllocationSettings = { mode: 'equal', rebalance: '1d' };
    const specs: Spec[] = [
      { id: 'p', plan: { [at(2)]: 'BUY', [at(20)]: 'EXIT', [at(30)]: 'BUY' }, config: { ...frac(0.5), capital: 50_000 } },
      { id: 'q', plan: { [at(2)]: 'BUY', [at(10)]: 'EXIT' }, config: { ...frac(0.5), capital: 50_000 } },
    ];
    let equityAtEntry = 0;
    const r = run(specs, { capital: 100_000, allocation }, BTC, (m, oms) => {
      if (m.getInstance('p').lastTime === at(30) + MINUTE) equityAtEntry = oms!.equity;
    });
    const second = r.of('fill', 'p')[2] as { quantity: number; price: number };
    expect(second.quantity).toBeCloseTo((0.5 * equityAtEntry * 0.5) / (second.price * 1.001), 9);
  });

  it('volatility weights sum to 1, favour the calmer strategy and are rebalanced on the schedule', () => {
    const series = (symbol: string, base: number, amp: number, k: number) =>
      BTC.map((c, i) => {
        const close = base * (1 + amp * Math.sin(i * k));
        const open = i === 0 ? base : base * (1 + amp * Math.sin((i - 1) * k));
        return { ...c, symbol, open, close, high: Math.max(open, close), low: Math.min(open, close) };
      });
    const allocation: AllocationSettings = { mode: 'volatility', rebalance: '15m', lookback: 10 };
    const specs: Spec[] = [
      { id: 'calm', plan: { [at(0)]: 'BUY' }, config: { ...frac(1), symbol: 'CALM/USDT', capital: 50_000 } },
      { id: 'wild', plan: { [at(0)]: 'BUY' }, config: { ...frac(1), symbol: 'WILD/USDT', capital: 50_000 } },
    ];
    const r = run(specs, { capital: 100_000, allocation }, [...series('CALM/USDT', 50, 0.0005, 1), ...series('WILD/USDT', 100, 0.02, 1.3)]);
    const report = r.oms!.report();
    const w = report.allocation!.weights;
    expect(w.map((x) => x.id)).toEqual(['calm', 'wild']);
    expect(w[0].weight + w[1].weight).toBeCloseTo(1, 12);
    expect(w[0].weight, 'the calm strategy gets more').toBeGreaterThan(0.9);
    expect(report.allocation!.history.map((h) => h.time), 'rebalanced at the start, then every 15 minutes').toEqual([at(1), at(15), at(30), at(45), at(60)]);
    expect(report.allocation!.history[0].weights, 'equal before any data').toEqual([0.5, 0.5]);
    for (const h of report.allocation!.history) expect(h.weights[0] + h.weights[1]).toBeCloseTo(1, 12);
  });
});
