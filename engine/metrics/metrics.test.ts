import { describe, expect, it } from 'vitest';
import { bars, DAY, nonFinitePaths, T0 } from '../../tests/engine/helpers.ts';
import { kit } from '../../tests/engine/instance-kit.ts';
import { MetricsTracker } from './tracker.ts';
import * as f from './formulas.ts';
import { riskScore } from './risk-score.ts';

const day = (i: number) => T0 + i * DAY;
const daily = (closes: number[]) => bars('BTC/USDT', '1d', DAY, T0, closes.map((c) => [c, c, c, c] as const));
/** Daily bars, 10 units per trade, filled at the signal close, no fees: every equity value is a plain sum. */
const cfg = { timeframe: '1d', sizing: { mode: 'quantity', value: 10 }, execution: { fill: 'close', feeBps: 0 } };

describe('metrics of a hand-built scenario: 8 daily bars, 2 closed trades and an open position', () => {
  //  bar  close  action         cash     position  equity (cash + 10 × close)
  //   0    100   BUY @100       9,000    10         10,000
  //   1    110                  9,000    10         10,100
  //   2    105   SELL @105     10,050     0         10,050   trade 1: +50, return 50/1000 = +5%
  //   3    100   BUY @100       9,050    10         10,050
  //   4     90                  9,050    10          9,950
  //   5     96   SELL @96      10,010     0         10,010   trade 2: −40, return −40/1000 = −4%
  //   6     95   BUY @95        9,060    10         10,010
  //   7     97                  9,060    10         10,030   open: unrealized 10 × (97 − 95) = 20
  const closes = [100, 110, 105, 100, 90, 96, 95, 97];
  const k = kit(cfg, { [day(0)]: 'BUY', [day(2)]: 'SELL', [day(3)]: 'BUY', [day(5)]: 'SELL', [day(6)]: 'BUY' }).feed(daily(closes));
  const m = k.inst.getMetrics();
  const p = m.performance;

  const E = [10_000, 10_100, 10_050, 10_050, 9_950, 10_010, 10_010, 10_030];
  const prev = [10_000, ...E.slice(0, -1)]; // E_0 is the initial capital
  const r = E.map((e, i) => e / prev[i] - 1);
  const n = r.length;
  const mean = r.reduce((a, b) => a + b, 0) / n;
  const sampleSd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const downside = Math.sqrt(r.reduce((a, x) => a + Math.min(x, 0) ** 2, 0) / n);
  const barsPerYear = 365; // daily bars in a 365-day year
  const maxDd = (10_100 - 9_950) / 10_100; // peak at bar 1, trough at bar 4

  it('the equity curve is the one worked out above', () => {
    expect(k.equity.map((e) => e.equity)).toEqual(E);
  });

  it('return measures', () => {
    expect(p.totalReturn, '10,030 / 10,000 − 1').toBeCloseTo(0.003, 12);
    expect(p.cagr, '8 days are too short to annualise').toBeNull();
    expect(m.annualisation).toEqual({
      periodsPerYear: 365,
      basis: 'crypto 1d: 365 days of 24 h (365 bars a year)',
      spanDays: 8,
      minimumSpanDays: 30,
      applied: false,
      reason: 'span 8 days is shorter than the 30-day minimum: no annualised figure (Sharpe, Sortino, CAGR, Calmar, alpha, information ratio, tracking error); rank by the per-bar Sharpe',
    });
    expect(p.equity).toBe(10_030);
    expect(p.realizedPnL, '+50 − 40').toBe(10);
    expect(p.bars).toBe(8);
  });

  it('under the 30-day minimum span: every annualised figure is null, the per-bar Sharpe is mean / sample sd', () => {
    expect([p.cagr, p.calmarRatio, p.sharpeRatio, p.sortinoRatio], 'CAGR, Calmar, Sharpe, Sortino').toEqual([null, null, null, null]);
    expect(p.sharpePerBar, 'mean / sample sd, not annualised').toBeCloseTo(mean / sampleSd, 12);
  });

  it('the same curve spread over 40 days: Sharpe (sample sd, √365), Sortino (downside deviation over all n bars), CAGR over the span', () => {
    const t = new MetricsTracker(10_000, barsPerYear);
    E.forEach((e, i) => t.onBar(e, true, T0 + i * 5 * DAY, T0 + (i + 1) * 5 * DAY));
    expect(f.spanDays(t), 'first open to last close').toBe(40);
    expect(f.sharpeRatio(t), 'mean / sample sd × √365').toBeCloseTo((mean / sampleSd) * Math.sqrt(barsPerYear), 9);
    expect(f.sharpePerBar(t), 'the same, not annualised').toBeCloseTo(mean / sampleSd, 12);
    expect(f.sortinoRatio(t), 'mean / √(Σmin(r,0)²/n) × √365').toBeCloseTo((mean / downside) * Math.sqrt(barsPerYear), 9);
    const cagr = Math.pow(10_030 / 10_000, 365.25 / 40) - 1;
    expect(f.cagr(t), '(E_end/E_0)^(365.25 days / 40 days) − 1').toBeCloseTo(cagr, 12);
    expect(f.calmarRatio(t), 'CAGR / max drawdown').toBeCloseTo(cagr / maxDd, 9);
  });

  it('drawdown on the bar-by-bar marked-to-market curve, and Calmar', () => {
    expect(p.maxDrawdown, '(10,100 − 9,950) / 10,100: the open position counts at each close').toBeCloseTo(maxDd, 12);
    expect(p.maxDrawdownDuration, 'bars 2..7 are all below the bar-1 peak of 10,100').toBe(6);
  });

  it('trade statistics', () => {
    expect(p.totalTrades).toBe(2);
    expect(p.winRate, 'one win of two').toBe(0.5);
    expect(p.averageTrade, '(50 − 40) / 2').toBe(5);
    expect(p.profitFactor, 'gross profit 50 / gross loss 40').toBe(1.25);
    expect(p.expectancy, '0.5 × 5% − 0.5 × 4%').toBeCloseTo(0.005, 12);
    expect(p.exposure, 'in a position at the close of bars 0, 1, 3, 4, 6, 7').toBe(6 / 8);
    expect(p.fees).toBe(0);
  });

  it('current position, unrealized P&L and risk', () => {
    expect(m.current.unrealizedPnL, '10 × (97 − 95)').toBe(20);
    expect(m.current.position).toMatchObject({ side: 'long', quantity: 10, entryPrice: 95, entryTime: day(7) });
    expect(m.current.lastUpdate, 'close of the last bar, ISO UTC').toBe('2024-01-09T00:00:00.000Z');
    expect(m.current.lastSignal?.action).toBe('BUY');
    const exposure = 970 / 10_030;
    expect(m.risk.currentExposure, 'position value / equity').toBeCloseTo(exposure, 12);
    const dd = (10_100 - 10_030) / 10_100;
    expect(m.risk.riskScore, '100 × (0.6 × exposure / 1 + 0.4 × drawdown / 0.5), one decimal').toBe(Math.round((0.6 * exposure + 0.4 * (dd / 0.5)) * 1000) / 10);
    expect(m.status).toBe('running');
    expect(nonFinitePaths(m), 'every number is finite').toEqual([]);
  });

  it('fees reduce equity and realized P&L by exactly the fees charged', () => {
    const withFees = kit({ ...cfg, execution: { fill: 'close', feeBps: 10 } }, { [day(0)]: 'BUY', [day(2)]: 'SELL' }).feed(daily([100, 110, 105]));
    const fees = 10 * 100 * 0.001 + 10 * 105 * 0.001; // 1.00 + 1.05
    expect(withFees.inst.getMetrics().performance.fees).toBeCloseTo(fees, 12);
    expect(withFees.inst.getMetrics().performance.realizedPnL).toBeCloseTo(50 - fees, 10);
    expect(withFees.inst.getMetrics().performance.equity).toBeCloseTo(10_050 - fees, 10);
  });
});

describe('degenerate cases give null, never NaN or Infinity', () => {
  it('no bars at all', () => {
    const m = kit(cfg, {}).inst.getMetrics();
    const p = m.performance;
    expect([p.sharpeRatio, p.sortinoRatio, p.cagr, p.calmarRatio, p.winRate, p.averageTrade, p.profitFactor, p.expectancy, p.exposure], 'nothing to measure').toEqual(
      new Array(9).fill(null),
    );
    expect([p.totalReturn, p.maxDrawdown, p.maxDrawdownDuration, p.totalTrades, p.bars, p.equity]).toEqual([0, 0, 0, 0, 0, 10_000]);
    expect(m.current.lastUpdate).toBeNull();
    expect(nonFinitePaths(m)).toEqual([]);
  });

  it('bars but no trades: zero variance, no drawdown', () => {
    const m = kit(cfg, {}).feed(daily(Array.from({ length: 40 }, (_, i) => [100, 101, 99, 100][i % 4]))).inst.getMetrics();
    const p = m.performance;
    expect(p.sharpeRatio, 'flat equity: zero variance').toBeNull();
    expect(p.sortinoRatio, 'no negative return: zero downside deviation').toBeNull();
    expect(p.calmarRatio, 'no drawdown').toBeNull();
    expect([p.winRate, p.averageTrade, p.profitFactor, p.expectancy], 'no trades').toEqual([null, null, null, null]);
    expect(p.cagr, 'equity unchanged over 40 days: 0%').toBe(0);
    expect(p.exposure, 'never in a position').toBe(0);
    expect(nonFinitePaths(m)).toEqual([]);
  });

  it('only winning trades: no profit factor (no losses), sortino null without losing bars', () => {
    const m = kit(cfg, { [day(0)]: 'BUY', [day(1)]: 'SELL' }).feed(daily([100, 110, 110])).inst.getMetrics();
    expect(m.performance.profitFactor, 'gross loss 0: undefined, not Infinity').toBeNull();
    expect(m.performance.sortinoRatio).toBeNull();
    expect(m.performance.winRate).toBe(1);
    expect(nonFinitePaths(m)).toEqual([]);
  });

  it('a single bar: no sample sd', () => {
    const m = kit(cfg, { [day(0)]: 'BUY' }).feed(daily([100])).inst.getMetrics();
    expect(m.performance.sharpeRatio).toBeNull();
    expect(nonFinitePaths(m)).toEqual([]);
  });

  it('formulas stay finite on a tracker driven to extremes', () => {
    const t = new MetricsTracker(10_000, 365);
    t.onBar(1e-300, true);
    t.onBar(1e300, true);
    t.onBar(1e300, true);
    const all = [f.totalReturn(t), f.sharpeRatio(t), f.sortinoRatio(t), f.cagr(t), f.calmarRatio(t), f.exposure(t)];
    expect(nonFinitePaths(all.filter((x) => x !== null)), 'overflow becomes null, not Infinity').toEqual([]);
  });
});

describe('riskScore', () => {
  it('is 0 flat at the peak, 100 at full exposure and the drawdown limit, clamped', () => {
    expect(riskScore(0, 1, 0, 0.5)).toBe(0);
    expect(riskScore(1, 1, 0.5, 0.5), '0.6 + 0.4').toBe(100);
    expect(riskScore(2, 1, 1, 0.5), 'clamped at 100').toBe(100);
    expect(riskScore(0.05, 0.1, 0.1, 0.2), '100 × (0.6 × 0.5 + 0.4 × 0.5)').toBe(50);
  });
});
