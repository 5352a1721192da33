import { describe, expect, it } from 'vitest';
import { parseStrategyConfig, safeParseStrategyConfig } from '../config/parse.ts';
import { EngineEvents } from '../events.ts';
import { IndicatorManager } from '../indicators/indicator-manager.ts';
import { StrategyInstance } from '../instance.ts';
import type { Signal, Trade } from '../types.ts';
import { bars, HOUR, T0 } from '../../tests/engine/helpers.ts';
import { ruleConfidence } from './confidence.ts';
import { BarView, buildRuleScope } from './rule-scope.ts';

/** Runs a JSON rule config (fill at close, no fees) over hourly closes; returns its signals and trades. */
function runRules(config: Record<string, unknown>, closes: number[]) {
  const events = new EngineEvents();
  const signals: Signal[] = [];
  const trades: Trade[] = [];
  events.on('signal', (s) => signals.push(s));
  events.on('trade', (t) => trades.push(t));
  const parsed = parseStrategyConfig({ symbol: 'BTC/USDT', timeframe: '1h', execution: { fill: 'close', feeBps: 0 }, ...config });
  const inst = new StrategyInstance({ id: 'r', config: parsed, events });
  for (const c of bars('BTC/USDT', '1h', HOUR, T0, closes.map((x) => [x, x, x, x] as const))) inst.processCandle(c);
  const bar = (s: Signal) => (s.time - T0) / HOUR - 1;
  return { signals: signals.map((s) => `${s.action}@${bar(s)}`), confidences: signals.map((s) => s.confidence), trades, inst };
}

//            bar:   0   1   2   3   4   5  6
const CLOSES = [10, 10, 10, 12, 11, 9, 9];
// SMA(2):         –  10  10  11 11.5 10  9
// close vs SMA:      =   =   >   <   <  =   -> close crosses above at bar 3, below at bar 4

describe('RuleStrategy', () => {
  it('price/MA crossings: <ma>_crossover_bullish when the close crosses above the average, bearish below', () => {
    const r = runRules({ indicators: { sma: { type: 'sma', period: 2 } }, rules: { entry: { condition: 'sma_crossover_bullish' }, exit: { condition: 'sma_crossover_bearish' } } }, CLOSES);
    expect(r.signals, 'bar 3: 12 > 11 after 10 <= 10; bar 4: 11 < 11.5 after 12 >= 11').toEqual(['BUY@3', 'SELL@4']);
    expect(r.trades.map((t) => t.pnl), 'all 10,000 in at 12, out at 11 (no fees)').toEqual([expect.closeTo((10_000 / 12) * (11 - 12), 9)]);
  });

  it('an AND rule keeps its configured confidence; an OR rule that fired on one of two atoms gets 75% of it', () => {
    const and = runRules({ indicators: { sma: { type: 'sma', period: 2 } }, rules: { entry: { condition: 'sma_crossover_bullish AND close > 11', confidence: 0.8 } } }, CLOSES);
    expect(and.confidences, 'both atoms held: 0.8 × (0.5 + 0.5 × 1)').toEqual([0.8]);
    const or = runRules({ indicators: { sma: { type: 'sma', period: 2 } }, rules: { entry: { condition: 'close > 100 OR sma_crossover_bullish', confidence: 0.8 } } }, CLOSES);
    expect(or.confidences[0], 'one of two atoms: 0.8 × (0.5 + 0.5 × 0.5)').toBeCloseTo(0.6, 12);
  });

  it('every rule is tested on every bar, so a crossing is not missed because the position changed', () => {
    // Exit by crossing below; the entry rule is a level. Flat again at bar 4, re-entry as soon as close > 9.5 holds.
    const r = runRules({ indicators: { sma: { type: 'sma', period: 2 } }, rules: { entry: { condition: 'close > 9.5' }, exit: { condition: 'sma_crossover_bearish' } } }, CLOSES);
    expect(r.signals, 'enter at bar 0; the bar-4 crossing exits (its memory spans the long period)').toEqual(['BUY@0', 'SELL@4']);
  });

  it('the entry rule\'s windows keep advancing while a position is open (its channel includes the held bars)', () => {
    // The 20 at bar 5 is inside the entry channel at bar 7 (highest of bars 4..6 = 20), so 15 is no breakout.
    // A window fed only while flat would have seen bars 2..4 (highest 13) and bought at bar 7.
    const r = runRules({ rules: { entry: { condition: 'close > highest(close, 3)[1]' }, exit: { condition: 'close < close[1]' } } }, [10, 11, 12, 11, 13, 20, 12, 15]);
    expect(r.signals, 'breakout of 12 at bar 4, exit on the lower close at bar 6, nothing at bar 7').toEqual(['BUY@4', 'SELL@6']);
  });

  it('knows each rule\'s lookback, and the instance keeps that much history for a rebuild to replay', () => {
    const config = { bufferSize: 5, rules: { entry: { condition: 'close > highest(close, 20)[1]' }, exit: { condition: 'close < sma(close, 3)' } } };
    const closes = [...Array.from({ length: 30 }, (_, i) => 100 + (i % 4)), 110, 104, 99, 112];
    const continuous = runRules(config, closes);
    expect(continuous.signals, 'breakouts at 30 and 33 (over 103, then 110), exit at 31 (104 under the 3-bar mean 105)').toEqual(['BUY@30', 'SELL@31', 'BUY@33']);
    // Rebuild at bar 28 (a new confidence): the replay must cover the 21 bars the entry reads, not bufferSize's 5.
    const rebuilt = runRules(config, closes.slice(0, 28));
    rebuilt.inst.replaceConfig(parseStrategyConfig({ symbol: 'BTC/USDT', timeframe: '1h', execution: { fill: 'close', feeBps: 0 }, ...config, rules: { ...config.rules, entry: { ...config.rules.entry, confidence: 0.9 } } }));
    const signals: string[] = [];
    rebuilt.inst['events'].on('signal', (s: Signal) => signals.push(`${s.action}@${(s.time - T0) / HOUR - 1}`));
    for (const c of bars('BTC/USDT', '1h', HOUR, T0, closes.map((x) => [x, x, x, x] as const)).slice(28)) rebuilt.inst.processCandle(c);
    expect(signals, 'the rebuilt strategy trades as the continuous one').toEqual(['BUY@30', 'SELL@31', 'BUY@33']);
  });

  it('short rules with allowShort: shortEntry opens, shortExit covers', () => {
    const r = runRules(
      {
        allowShort: true,
        indicators: { sma: { type: 'sma', period: 2 } },
        rules: { entry: { condition: 'close > 100' }, shortEntry: { condition: 'sma_crossover_bearish' }, shortExit: { condition: 'close < 9.5' } },
      },
      CLOSES,
    );
    expect(r.signals, 'short at bar 4 (cross below), cover at bar 5 (close 9)').toEqual(['SELL@4', 'BUY@5']);
    expect(r.trades[0].side).toBe('short');
    expect(r.trades[0].pnl, 'sold at 11, bought back at 9').toBeGreaterThan(0);
  });

  it('fast/slow pairs: exactly two MAs of one type give <type>_crossover_*, a third makes the name ambiguous', () => {
    const two = safeParseStrategyConfig({ symbol: 'BTC/USDT', timeframe: '1h', indicators: { fast: { type: 'ema', period: 3 }, slow: { type: 'ema', period: 8 } }, rules: { entry: { condition: 'ema_crossover_bullish' } } });
    expect(two.ok, 'fast/slow crossover is named after the type').toBe(true);
    const three = safeParseStrategyConfig({
      symbol: 'BTC/USDT',
      timeframe: '1h',
      indicators: { a: { type: 'ema', period: 3 }, b: { type: 'ema', period: 8 }, c: { type: 'ema', period: 20 } },
      rules: { entry: { condition: 'ema_crossover_bullish' } },
    });
    expect(three.ok ? [] : three.problems.map((p) => p.path), 'with three EMAs "ema_crossover_bullish" is unknown').toEqual(['rules.entry.condition']);
  });

  it('the fast/slow pair crosses when the shorter period crosses the longer', () => {
    // SMA(1) is the close itself, so sma_crossover_* of (1, 2) matches the close/SMA(2) crossings above.
    const r = runRules({ indicators: { slow: { type: 'sma', period: 2 }, fast: { type: 'sma', period: 1 } }, rules: { entry: { condition: 'sma_crossover_bullish' }, exit: { condition: 'sma_crossover_bearish' } } }, CLOSES);
    expect(r.signals, 'sorted by period, not by declaration order').toEqual(['BUY@3', 'SELL@4']);
  });
});

describe('rule scope names', () => {
  it('offers bar fields, indicator fields and the named crossing events', () => {
    const ind = new IndicatorManager(parseStrategyConfig({ symbol: 'BTC/USDT', timeframe: '1h', indicators: { macd: {}, rsi: {} }, rules: { entry: { condition: 'close > 1' } } }).indicators);
    const names = buildRuleScope(ind, new BarView()).names();
    expect(names).toEqual(
      expect.arrayContaining(['open', 'high', 'low', 'close', 'volume', 'hl2', 'macd', 'macd.signal', 'macd.histogram', 'rsi', 'rsi.overbought', 'rsi.oversold', 'macd_crossover_bullish', 'macd_crossover_bearish', 'rsi_crossover_bullish', 'rsi_crossover_bearish']),
    );
  });

  it('a misspelt RSI level gets the right suggestion (names() feeds "did you mean")', () => {
    const r = safeParseStrategyConfig({ symbol: 'BTC/USDT', timeframe: '1h', indicators: { rsi: {} }, rules: { entry: { condition: 'rsi > rsi.overbougt' } } });
    expect(r.ok ? '' : r.problems[0].message).toMatch(/did you mean "rsi\.overbought"/);
  });

  it('RSI events cross the configured oversold (bullish) and overbought (bearish) levels', () => {
    const ind = new IndicatorManager(parseStrategyConfig({ symbol: 'BTC/USDT', timeframe: '1h', indicators: { rsi: { oversold: 25, overbought: 75 } }, rules: { entry: { condition: 'close > 1' } } }).indicators);
    const scope = buildRuleScope(ind, new BarView());
    expect(scope.event('rsi_crossover_bullish')).toEqual({ a: 'rsi', b: 'rsi.oversold', direction: 'above' });
    expect(scope.event('rsi_crossover_bearish')).toEqual({ a: 'rsi', b: 'rsi.overbought', direction: 'below' });
    expect(scope.value('rsi.oversold')?.(), 'levels read as constants').toBe(25);
  });
});

describe('ruleConfidence', () => {
  it('scales the configured confidence by support and clamps to 0..1', () => {
    expect(ruleConfidence(0.8, 1), 'full support').toBe(0.8);
    expect(ruleConfidence(0.8, 0), 'no atom held (a bare `true`-like rule): half').toBe(0.4);
    expect(ruleConfidence(0.8, 0.5)).toBeCloseTo(0.6, 12);
    expect(ruleConfidence(3, 1), 'clamped above').toBe(1);
    expect(ruleConfidence(-1, 1), 'clamped below').toBe(0);
  });
});
