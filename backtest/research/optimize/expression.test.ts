import { describe, expect, it } from 'vitest';
import { RuleError } from '../../../engine/rules/errors.ts';
import { parseCondition } from './conditions.ts';
import { judge, parseConstraint, parseObjective } from './objectives.ts';
import { parseDimension } from './space.ts';

const error = (f: () => unknown): RuleError => {
  try {
    f();
  } catch (err) {
    if (err instanceof RuleError) return err;
    throw err;
  }
  throw new Error('expected a RuleError');
};

describe('objective expressions', () => {
  it('evaluates an expression over metrics and takes the direction from the prefix or the metric', () => {
    const o = parseObjective('max:sharpe - 0.5 * max_drawdown');
    expect(o.direction).toBe('maximize');
    expect(o.expression.evaluate({ sharpe: 1.2, max_drawdown: 0.2 })).toBeCloseTo(1.1, 12);
    expect(parseObjective('max_drawdown').direction, 'a bare drawdown is minimised').toBe('minimize');
    expect(parseObjective('min:sharpe').direction).toBe('minimize');
    expect(parseObjective('abs(total_return) / max(max_drawdown, 0.01)').expression.evaluate({ total_return: -0.1, max_drawdown: 0.005 })).toBeCloseTo(10, 12);
  });

  it('names an unknown metric with its column, a caret and a did-you-mean', () => {
    const e = error(() => parseObjective('max:sharp - 0.5 * max_drawdown'));
    expect(e.code).toBe('unknown-name');
    expect(e.column).toBe(1);
    expect(e.message).toBe('--objective: unknown name "sharp" at column 1 (did you mean "sharpe"?)\n  sharp - 0.5 * max_drawdown\n  ^^^^^');
    const e2 = error(() => parseObjective('sharpe - 0.5 * max_drawdwn'));
    expect(e2.column).toBe(16);
    expect(e2.hint).toBe('did you mean "max_drawdown"?');
  });

  it('reports bad syntax at its column', () => {
    const e = error(() => parseObjective('sharpe - * 2'));
    expect(e.code).toBe('syntax');
    expect(e.column, 'the "*" where a value was expected').toBe(10);
    expect(e.message).toContain('\n  sharpe - * 2\n           ^');
    expect(error(() => parseObjective('sharpe >= 1')).message, 'an objective must be a number').toContain('an objective must be a number, not a condition');
    expect(error(() => parseConstraint('trades + 30')).message).toContain('a constraint must be a condition');
    expect(error(() => parseObjective('sqr(sharpe)')).hint).toBe('did you mean "sqrt"?');
  });

  it('judges constraints: unmet ones make a trial infeasible with a reason and a violation size', () => {
    const objectives = [parseObjective('sharpe')];
    const constraints = [parseConstraint('trades >= 30'), parseConstraint('max_drawdown < 0.25')];
    const perf = { totalTrades: 12, maxDrawdown: 0.1, sharpeRatio: 1.5 } as never;
    const j = judge(objectives, constraints, { ...(perf as object), totalReturn: 0, winRate: null, cagr: null, averageTrade: null, profitFactor: null, expectancy: null, sortinoRatio: null, calmarRatio: null, maxDrawdownDuration: 0, exposure: null, realizedPnL: 0, fees: 0, equity: 0, bars: 0 } as never);
    expect(j.feasible).toBe(false);
    expect(j.reason).toBe('constraint not met: trades >= 30');
    expect(j.violation, 'the gap 30 - 12').toBeCloseTo(18, 6);
    expect(j.values).toEqual([1.5]);
  });
});

describe('conditions between parameters', () => {
  const dims = [parseDimension('indicators.macd.fastPeriod=int:4:20'), parseDimension('indicators.macd.slowPeriod=int:10:60')];
  it('names parameters by their last key and suggests close names', () => {
    const c = parseCondition('slowPeriod > fastPeriod', dims);
    expect(c.expression.evaluate({ slowPeriod: 20, fastPeriod: 8 })).toBe(true);
    expect(error(() => parseCondition('slowPeriod > fastPeriodd', dims)).hint).toBe('did you mean "fastPeriod"?');
  });
});

describe('parameter spaces', () => {
  it('parses int, float, log, choice and the grid syntax', () => {
    expect(parseDimension('indicators.fast.period=int:5:50')).toEqual({ kind: 'int', path: 'indicators.fast.period', low: 5, high: 50, step: 1, log: false });
    expect(parseDimension('risk.stopLoss=float:0.005:0.05:log')).toEqual({ kind: 'float', path: 'risk.stopLoss', low: 0.005, high: 0.05, log: true });
    expect(parseDimension('x=int:10:100:10:log')).toEqual({ kind: 'int', path: 'x', low: 10, high: 100, step: 10, log: true });
    expect(parseDimension('x=choice:ema,sma')).toEqual({ kind: 'choice', path: 'x', values: ['ema', 'sma'], ordered: false });
    expect(parseDimension('x=8:16:4')).toEqual({ kind: 'choice', path: 'x', values: [8, 12, 16], ordered: true });
    expect(() => parseDimension('x=float:0:1:log')).toThrow('a log scale needs a low end above 0');
    expect(() => parseDimension('x=int:5:1')).toThrow('must be above the low end');
  });
});
