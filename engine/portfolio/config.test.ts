import { describe, expect, it } from 'vitest';
import { initialWeights, parsePortfolioConfig, PortfolioConfigError, portfolioJsonSchema, safeParsePortfolioConfig } from './config.ts';

const strategy = (id: string) => ({
  id,
  symbol: 'BTC/USDT',
  timeframe: '15m',
  indicators: { rsi: { period: 14 } },
  rules: { entry: { condition: 'rsi < 30' }, exit: { condition: 'rsi > 70' } },
});

describe('portfolio config', () => {
  it('parses with defaults: equal allocation rebalanced daily, no limits, no netting', () => {
    const p = parsePortfolioConfig({ strategies: [{ config: strategy('a') }, { config: 'b.json' }] });
    expect(p.capital).toBe(100_000);
    expect(p.allocation).toEqual({ mode: 'equal', rebalance: '1d' });
    expect(p.limits).toEqual({});
    expect(p.netting).toBe(false);
    expect(p.strategies[0].path).toBe('strategies[0]');
    expect((p.strategies[0].config as { id: string }).id).toBe('a');
    expect(p.strategies[1].config).toEqual({ ref: 'b.json' });
    expect(initialWeights(p)).toEqual([0.5, 0.5]);
  });

  it('reports every problem with its path, inline strategy problems included', () => {
    const r = safeParsePortfolioConfig({
      capital: -5,
      strategies: [{ config: { ...strategy('a'), rules: { entry: { condition: 'rsi <' } } } }, { config: strategy('b'), wieght: 0.5 }],
      allocation: { mode: 'volatility', rebalance: 'daily' },
      limits: { maxOpenPositions: 0, maxDrawdown: 2 },
    });
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['capital', 'strategies[1].wieght', 'allocation.rebalance', 'limits.maxOpenPositions', 'limits.maxDrawdown', 'strategies[0].config.rules.entry.condition']),
    );
  });

  it('fixed allocation needs a weight on every strategy, at most 1 in total; weights belong to fixed mode only', () => {
    const fixed = (weights: (number | undefined)[]) =>
      safeParsePortfolioConfig({ allocation: { mode: 'fixed' }, strategies: weights.map((w, i) => ({ config: strategy(`s${i}`), ...(w === undefined ? {} : { weight: w }) })) });
    const ok = fixed([0.3, 0.5]);
    expect(ok.ok && initialWeights(ok.config)).toEqual([0.3, 0.5]);
    const missing = fixed([0.3, undefined]);
    expect(!missing.ok && missing.problems).toEqual([{ path: 'strategies[1].weight', message: 'fixed allocation needs a weight for every strategy' }]);
    const over = fixed([0.7, 0.5]);
    expect(!over.ok && over.problems[0].path).toBe('strategies');
    const stray = safeParsePortfolioConfig({ strategies: [{ config: strategy('a'), weight: 0.5 }], allocation: { mode: 'equal', lookback: 20 } });
    expect(!stray.ok && stray.problems.map((p) => p.path)).toEqual(['strategies[0].weight', 'allocation.lookback']);
  });

  it('volatility settings: target volatility and a lookback in bars or as a duration', () => {
    const p = parsePortfolioConfig({ strategies: [{ config: strategy('a') }], allocation: { mode: 'volatility', rebalance: '1w', targetVolatility: 0.2, lookback: '30d' } });
    expect(p.allocation).toEqual({ mode: 'volatility', rebalance: '1w', targetVolatility: 0.2, lookback: '30d' });
    expect(() => parsePortfolioConfig({ strategies: [] }, 'p.json')).toThrow(PortfolioConfigError);
    expect(() => parsePortfolioConfig({ strategies: [] }, 'p.json')).toThrow(/p\.json: invalid portfolio config\n {2}- strategies: a portfolio needs at least one strategy/);
  });

  it('has a JSON Schema for editors', () => {
    const s = portfolioJsonSchema() as { properties: Record<string, unknown>; required?: string[] };
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['capital', 'strategies', 'allocation', 'limits', 'netting']));
    expect(s.required).toEqual(['strategies']);
  });
});
