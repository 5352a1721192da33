import { describe, expect, it } from 'vitest';
import { at, hourly, kit } from './instance-kit.ts';

/**
 * A funded 5x perpetual long through a liquidation, against a plain loop that keeps its own cash: entry at the
 * next open on buying power cash × 5, a funding payment after every bar close (quantity × close × rate), and
 * liquidation when a low reaches entry·(1 − 1/5)/(1 − mm), filled at that level with the 10 bps fee.
 */
describe('reference: funded perpetual long liquidated', () => {
  const rows = [
    [100, 100, 100, 100],
    [100, 103, 99, 102],
    [102, 104, 95, 96],
    [96, 97, 88, 90],
    [90, 91, 79, 80],
    [80, 80, 80, 80],
  ] as const;
  const rates = [0, 0.0001, -0.0002, 0.0003, 0.0001, 0.0001];

  it('cash, funding and the trade match the loop', () => {
    const k = kit({ instrument: 'perpetual', leverage: 5, maintenanceMargin: 0.004 }, { [at(0)]: 'BUY' });
    const bars = hourly(rows);
    for (let i = 0; i < bars.length; i++) {
      k.feed([bars[i]]);
      k.inst.applyFunding('BTC/USDT', bars[i].closeTime, rates[i]);
    }

    // The loop.
    const fee = 0.001;
    let cash = 10_000;
    let q = 0;
    let entry = 0;
    let paid = 0;
    let received = 0;
    let exitPrice = 0;
    let exitBar = -1;
    for (let i = 1; i < rows.length && exitBar < 0; i++) {
      const [o, , l, c] = rows[i];
      if (i === 1) {
        entry = o;
        q = (10_000 * 5) / (o * (1 + fee));
        cash -= q * o + q * o * fee;
      }
      const level = (entry * (1 - 1 / 5)) / (1 - 0.004);
      if (l <= level) {
        exitPrice = o <= level ? o : level;
        cash += q * exitPrice - q * exitPrice * fee;
        exitBar = i;
        break;
      }
      const pay = q * c * rates[i];
      if (pay > 0) paid += pay;
      else received -= pay;
      cash -= pay;
    }

    expect(exitBar, 'the low of bar 4 (79) reaches the level 80.321').toBe(4);
    expect(k.trades).toHaveLength(1);
    const t = k.trades[0];
    expect(t.exitReason).toBe('liquidation');
    expect(t.exitPrice).toBeCloseTo(exitPrice, 9);
    expect(t.funding, 'net funding over bars 1-3').toBeCloseTo(received - paid, 9);
    expect(k.inst.account.cash).toBeCloseTo(cash, 6);
    expect(t.pnl).toBeCloseTo(cash - 10_000, 6);
    const m = k.inst.getMetrics().margin!;
    expect(m.fundingPaid).toBeCloseTo(paid, 9);
    expect(m.fundingReceived).toBeCloseTo(received, 9);
    expect(k.inst.getMetrics().performance.equity, 'flat after the liquidation: equity is the cash').toBeCloseTo(cash, 6);
  });
});
