import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { marginTerms } from '../../engine/config/margin-schema.ts';
import type { EngineEventMap } from '../../engine/events.ts';
import { liquidationPrice, MarginBook } from '../../engine/execution/margin.ts';
import type { Position } from '../../engine/types.ts';
import { at, hourly, kit } from './instance-kit.ts';

const FEE = 0.001;
const perp = { instrument: 'perpetual', leverage: 10, maintenanceMargin: 0.004, allowShort: true };

function liquidations(k: ReturnType<typeof kit>): EngineEventMap['liquidation'][] {
  const out: EngineEventMap['liquidation'][] = [];
  k.events.on('liquidation', (e) => out.push(e));
  return out;
}

describe('isolated liquidation', () => {
  it('a 10x long is sized on cash x leverage and liquidated inside the bar at entry(1-1/L)/(1-mm), with its fee', () => {
    const k = kit(perp, { [at(0)]: 'BUY' });
    const liq = liquidations(k);
    k.feed(hourly([[100, 100, 100, 100], [100, 101, 99, 100], [100, 100, 85, 88], [88, 88, 88, 88]]));
    const q = (10_000 * 10) / (100 * (1 + FEE));
    expect(k.fills[0].quantity, 'buying power is cash x 10, fee included').toBeCloseTo(q, 9);
    const level = (100 * (1 - 1 / 10)) / (1 - 0.004);
    expect(level).toBeCloseTo(90.36144578, 7);
    expect(k.trades).toHaveLength(1);
    const t = k.trades[0];
    expect(t.exitReason).toBe('liquidation');
    expect(t.exitPrice, 'fills at the level, no slippage').toBeCloseTo(level, 9);
    expect(t.exitTime).toBe(at(2));
    const entryFee = q * 100 * FEE;
    const exitFee = q * level * FEE;
    expect(t.pnl).toBeCloseTo(q * (level - 100) - entryFee - exitFee, 6);
    expect(liq[0].gap).toBe(false);
    expect(liq[0].beyondMargin, 'an intrabar liquidation loses less than the margin').toBe(0);
    expect(k.inst.getMetrics().margin!.liquidations).toBe(1);
    expect(k.inst.account.cash).toBeCloseTo(10_000 + t.pnl, 6);
  });

  it('a short gapped through its level is liquidated at the open and the loss beyond the margin is reported', () => {
    const k = kit(perp, { [at(0)]: 'SELL' });
    const liq = liquidations(k);
    k.feed(hourly([[100, 100, 100, 100], [100, 101, 99, 100], [115, 116, 114, 115]]));
    const q = (10_000 * 10) / (100 * (1 + FEE));
    const level = (100 * (1 + 1 / 10)) / (1 + 0.004);
    expect(liq[0].level).toBeCloseTo(level, 9);
    expect(liq[0].gap).toBe(true);
    expect(k.trades[0].exitPrice, 'a gap liquidates at the open').toBe(115);
    const loss = q * 15 + q * 100 * FEE + q * 115 * FEE;
    expect(liq[0].loss).toBeCloseTo(loss, 6);
    expect(liq[0].beyondMargin).toBeCloseTo(loss - (q * 100) / 10, 6);
  });

  it('a short is liquidated inside the bar when the high reaches its level', () => {
    const k = kit(perp, { [at(0)]: 'SELL' });
    k.feed(hourly([[100, 100, 100, 100], [100, 101, 99, 100], [100, 111, 99, 105]]));
    expect(k.trades[0].exitReason).toBe('liquidation');
    expect(k.trades[0].exitPrice).toBeCloseTo(110 / 1.004, 9);
  });

  it('a stop tighter than the level fills first; spot is never liquidated', () => {
    const k = kit({ ...perp, risk: { stopLoss: 0.05 } }, { [at(0)]: 'BUY' });
    k.feed(hourly([[100, 100, 100, 100], [100, 101, 99, 100], [100, 100, 85, 88]]));
    expect(k.trades[0].exitReason).toBe('stop_loss');
    const spot = kit({}, { [at(0)]: 'BUY' }).feed(hourly([[100, 100, 100, 100], [100, 101, 99, 100], [100, 100, 5, 8]]));
    expect(spot.trades).toHaveLength(0);
    expect(spot.inst.margin, 'a spot instance holds no margin state').toBeNull();
    expect(spot.inst.getMetrics().margin).toBeUndefined();
  });
});

describe('funding', () => {
  const pos = (side: 'long' | 'short'): Position => ({ symbol: 'BTC/USDT', side, quantity: 2, entryPrice: 100, entryTime: 0, entryFee: 0, stopPrice: null, takeProfitPrice: null });
  it.each([
    ['long', 0.0001, -0.022],
    ['long', -0.0001, 0.022],
    ['short', 0.0001, 0.022],
    ['short', -0.0001, -0.022],
  ] as const)('%s at rate %d: cash %d (2 units x mark 110 x |rate|)', (side, rate, cash) => {
    const m = new MarginBook(marginTerms({ instrument: 'perpetual' }));
    expect(m.fund(pos(side), 110, rate)).toBeCloseTo(cash, 12);
    expect(m.fundingPaid - m.fundingReceived).toBeCloseTo(-cash, 12);
  });

  it('is paid on the open position at the last close, accrues into the trade and the metrics', () => {
    const k = kit({ instrument: 'perpetual' }, { [at(0)]: 'BUY', [at(2)]: 'EXIT' });
    const q = 10_000 / (100 * (1 + FEE));
    k.feed(hourly([[100, 100, 100, 100], [100, 101, 99, 102]]));
    k.inst.applyFunding('BTC/USDT', at(2), 0.0003);
    k.feed(hourly([[102, 102, 102, 102], [102, 102, 102, 102], [104, 104, 104, 104]]).map((c, i) => ({ ...c, openTime: at(2 + i), closeTime: at(3 + i) })));
    const funding = -q * 102 * 0.0003;
    expect(k.trades[0].funding).toBeCloseTo(funding, 9);
    expect(k.trades[0].pnl).toBeCloseTo(q * 2 - q * 100 * FEE - q * 102 * FEE + funding, 6);
    const m = k.inst.getMetrics().margin!;
    expect(m.fundingPaid).toBeCloseTo(-funding, 9);
    expect(m.fundingReceived).toBe(0);
    expect(m.fundingNet).toBeCloseTo(funding, 9);
  });

  it('a spot strategy ignores funding', () => {
    const k = kit({}, { [at(0)]: 'BUY' }).feed(hourly([[100, 100, 100, 100], [100, 101, 99, 102]]));
    const cash = k.inst.account.cash;
    k.inst.applyFunding('BTC/USDT', at(2), 0.01);
    expect(k.inst.account.cash).toBe(cash);
  });
});

describe('borrow cost', () => {
  it('a spot short pays entry notional x rate x days held at the exit', () => {
    const rows = Array.from({ length: 27 }, () => [100, 100, 100, 100] as const);
    const k = kit({ allowShort: true, borrowRatePerDay: 0.001 }, { [at(0)]: 'SELL', [at(24)]: 'EXIT' }).feed(hourly(rows));
    const q = 10_000 / (100 * (1 + FEE));
    const borrow = q * 100 * 0.001 * 1; // entered at(1), exited at(25): one day
    expect(k.trades[0].borrowCost).toBeCloseTo(borrow, 9);
    expect(k.trades[0].pnl).toBeCloseTo(-2 * q * 100 * FEE - borrow, 6);
    expect(k.inst.account.cash).toBeCloseTo(10_000 + k.trades[0].pnl, 6);
  });
});

describe('margin config', () => {
  const base = { symbol: 'BTC/USDT', timeframe: '1h', rules: { entry: { condition: 'close > 0' } } };
  it.each([
    [{ leverage: 3 }, 'leverage'],
    [{ maintenanceMargin: 0.01 }, 'maintenanceMargin'],
    [{ instrument: 'perpetual', borrowRatePerDay: 0.001 }, 'borrowRatePerDay'],
    [{ funding: { missing: 'warn' } }, 'funding'],
    [{ instrument: 'margin', leverage: 100, maintenanceMargin: 0.02 }, 'maintenanceMargin'],
  ])('%j is an error naming %s', (extra, field) => {
    expect(() => parseStrategyConfig({ ...base, ...extra })).toThrow(field);
  });
  it('defaults: spot, leverage 1, isolated, 0.4% maintenance, no borrow, funding gaps refused', () => {
    expect(marginTerms(parseStrategyConfig(base))).toEqual({ instrument: 'spot', leverage: 1, marginMode: 'isolated', maintenanceMargin: 0.004, borrowRatePerDay: 0, fundingMissing: 'error' });
    expect(liquidationPrice('long', 100, 1, 0.004), 'an unlevered long is liquidated only near zero').toBe(0);
  });
});
