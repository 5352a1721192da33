import { describe, expect, it } from 'vitest';
import { fmtDuration, fmtMoney, fmtMs, fmtNum, fmtPct, fmtPrice, fmtQty, fmtSeconds, fmtTime, signClass } from './format.ts';
import { getPath, setPath } from './wizard-schema.ts';

describe('dashboard formatters', () => {
  it('show a dash for missing, null and non-finite values', () => {
    for (const f of [fmtPct, fmtNum, fmtMoney, fmtQty, fmtPrice, fmtMs, fmtDuration]) expect([f(null), f(undefined), f(NaN), f(Infinity)]).toEqual(['–', '–', '–', '–']);
  });
  it('format as the cards and tables show them', () => {
    expect([fmtPct(0.12345), fmtPct(0.12345, 1), fmtNum(3.14159), fmtNum(61.4, 0)]).toEqual(['12.35%', '12.3%', '3.14', '61']);
    expect([fmtMoney(10073.614), fmtQty(419299.4), fmtQty(2.5), fmtQty(0.012345)]).toEqual(['10,073.61', '419,299', '2.500', '0.01235']);
    expect([fmtPrice(64123.456), fmtPrice(1.23456), fmtPrice(0.00247021)]).toEqual(['64123.46', '1.2346', '0.0024702']);
    expect([fmtTime(Date.UTC(2024, 0, 2, 3, 4, 5)), fmtTime('2024-01-02T03:04:05.000Z'), fmtTime(null), fmtSeconds(Date.UTC(2024, 0, 2, 3, 4, 5))]).toEqual(['2024-01-02 03:04', '2024-01-02 03:04', '', '2024-01-02 03:04:05']);
    expect([fmtMs(0.42), fmtMs(12.4), fmtMs(1500), fmtDuration(42_000), fmtDuration(210_000), fmtDuration(7_200_000)]).toEqual(['0.42 ms', '12 ms', '1.5 s', '42 s', '3.5 min', '2.0 h']);
    expect([signClass(1), signClass(-1), signClass(0), signClass(null)]).toEqual(['pos', 'neg', '', '']);
  });
});

describe('wizard config paths', () => {
  it('sets nested values and drops the objects a cleared field leaves empty', () => {
    const c: Record<string, unknown> = { risk: { stopLoss: 0.02 } };
    setPath(c, ['rules', 'entry', 'condition'], 'rsi < 30');
    expect(getPath(c, ['rules', 'entry', 'condition'])).toBe('rsi < 30');
    setPath(c, ['rules', 'entry', 'condition'], undefined);
    expect(c, 'rules.entry and rules are gone with their last field').toEqual({ risk: { stopLoss: 0.02 } });
    setPath(c, ['risk', 'takeProfit'], 0.04);
    setPath(c, ['risk', 'stopLoss'], undefined);
    expect(c).toEqual({ risk: { takeProfit: 0.04 } });
  });
});
