/**
 * The rule language's window functions against Strata's TA-Lib-checked indicators on the same closes: a second,
 * independent implementation of EMA seeding, population standard deviation, SMA and momentum.
 */
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { IndicatorManager } from '../../engine/indicators/indicator-manager.ts';
import { compileValue } from '../../engine/rules/index.ts';
import { BarView, buildRuleScope } from '../../engine/strategy/rule-scope.ts';
import { randomWalk } from './helpers.ts';

const INDICATORS = {
  e: { type: 'ema', period: 10 },
  s: { type: 'sma', period: 14 },
  d: { type: 'stddev', timePeriod: 20 },
  m: { type: 'mom', timePeriod: 5 },
};
const PAIRS = [
  ['ema(close, 10)', 'e'],
  ['sma(close, 14)', 's'],
  ['stdev(close, 20)', 'd'],
  ['change(close, 5)', 'm'],
] as const;

describe('rule functions agree with the indicators of the same definition', () => {
  it.each(PAIRS)('%s equals indicator %s bar by bar, warm-up included', (expression, name) => {
    const config = parseStrategyConfig({ symbol: 'BTC/USDT', timeframe: '1m', indicators: INDICATORS, rules: { entry: { condition: 'close > 0' } } });
    const indicators = new IndicatorManager(config.indicators);
    const bar = new BarView();
    const scope = buildRuleScope(indicators, bar);
    const fn = compileValue(expression, scope, 'v');
    const indicator = scope.value(name)!;
    let compared = 0;
    for (const c of randomWalk('BTC/USDT', 3000, 11, 40_000)) {
      indicators.update(c);
      bar.candle = c;
      const mine = fn.value();
      const theirs = indicator();
      if (Number.isNaN(theirs)) {
        expect(mine, `${expression} is not ready while ${name} warms up`).toBeNaN();
        continue;
      }
      expect(Math.abs(mine - theirs), `${expression} vs ${name} at ${c.openTime}: ${mine} vs ${theirs}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(theirs)));
      compared++;
    }
    expect(compared).toBeGreaterThan(2900);
  });
});
