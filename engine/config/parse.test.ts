import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseStrategyConfig, safeParseStrategyConfig, type ConfigProblem } from './parse.ts';

/** The design document's example config ("Strategy Configuration Schema"), same keys and values. */
const SEED_TEXT = `{
	"id": "macd_btc_15m",
	"name": "MACD BTC 15m Strategy",
	"symbol": "BTC/USDT",
	"timeframe": "15m",
	"indicators": {
		"macd": { "fastPeriod": 12, "slowPeriod": 26, "signalPeriod": 9 },
		"rsi": { "period": 14, "overbought": 70, "oversold": 30 }
	},
	"rules": {
		"entry": { "condition": "macd_crossover_bullish AND rsi < 70", "confidence": 0.75 },
		"exit": { "condition": "macd_crossover_bearish OR rsi > 80", "confidence": 0.8 }
	},
	"risk": { "maxPositionSize": 0.1, "stopLoss": 0.02, "takeProfit": 0.04 }
}`;

const EXAMPLE = new URL('../../examples/macd_btc_15m.json', import.meta.url);

/** Problems of a config that must fail, as `path: message` lines. */
function problems(raw: unknown): ConfigProblem[] {
  const r = safeParseStrategyConfig(raw);
  if (r.ok) throw new Error('expected the config to be rejected');
  return r.problems;
}

const paths = (raw: unknown) => problems(raw).map((p) => p.path);

const minimal = { symbol: 'BTC/USDT', timeframe: '15m', rules: { entry: { condition: 'close > 1' } } };

describe('parseStrategyConfig: the seed example', () => {
  it('the example file is the seed config (plus only its $schema pointer)', () => {
    const file = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    const { $schema, ...rest } = file;
    expect($schema === undefined || $schema === './strategy.schema.json', 'the only addition is the editor schema pointer').toBe(true);
    expect(rest, 'the seed example ships unchanged').toEqual(JSON.parse(SEED_TEXT));
  });

  it('loads unchanged, with the documented defaults filled in', () => {
    const c = parseStrategyConfig(JSON.parse(SEED_TEXT));
    expect(c.execution, 'default execution: next bar open, 10 bps fee, no slippage').toEqual({ fill: 'next_open', feeBps: 10, slippageBps: 0 });
    expect(c.capital, 'default capital').toBe(10_000);
    expect(c.allowShort, 'long-only unless asked').toBe(false);
    expect(c.params).toEqual({});
    expect(c.bufferSize).toBe(500);
    expect(c.sizing, 'no sizing: fraction of equity = maxPositionSize').toBeUndefined();
    expect(c.indicators.macd, 'an indicator named after its type needs no "type"').toEqual({ type: 'macd', fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, source: 'close', seeding: 'talib' });
    expect(c.indicators.rsi).toEqual({ type: 'rsi', period: 14, overbought: 70, oversold: 30, source: 'close' });
    expect(c.rules?.entry, 'the rule text is kept as written').toEqual({ condition: 'macd_crossover_bullish AND rsi < 70', confidence: 0.75 });
    expect(c.risk).toEqual({ maxPositionSize: 0.1, stopLoss: 0.02, takeProfit: 0.04 });
    expect([c.id, c.name, c.symbol, c.timeframe]).toEqual(['macd_btc_15m', 'MACD BTC 15m Strategy', 'BTC/USDT', '15m']);
  });

  it('the example file itself parses', () => {
    expect(() => parseStrategyConfig(JSON.parse(readFileSync(EXAMPLE, 'utf8')), 'examples/macd_btc_15m.json')).not.toThrow();
  });
});

describe('parseStrategyConfig: indicators', () => {
  it('accepts named indicators with a type (fast/slow EMAs) and the shorthand side by side', () => {
    const c = parseStrategyConfig({
      ...minimal,
      indicators: { fast: { type: 'ema', period: 9 }, slow: { type: 'ema', period: 21 }, rsi: {} },
      rules: { entry: { condition: 'ema_crossover_bullish AND fast > slow AND rsi < 70' }, exit: { condition: 'ema_crossover_bearish' } },
    });
    expect(c.indicators.fast).toEqual({ type: 'ema', period: 9, source: 'close', seeding: 'talib' });
    expect(c.indicators.slow).toEqual({ type: 'ema', period: 21, source: 'close', seeding: 'talib' });
    expect(c.indicators.rsi, 'shorthand with every default').toEqual({ type: 'rsi', period: 14, overbought: 70, oversold: 30, source: 'close' });
    expect(c.rules?.entry.confidence, 'rule confidence defaults to 0.5').toBe(0.5);
  });

  it('a name that is not a type must say its type', () => {
    expect(problems({ ...minimal, indicators: { fast: { period: 9 } } }), 'no way to guess what "fast" is').toEqual([
      { path: 'indicators.fast.type', message: expect.stringMatching(/missing "type"/) },
    ]);
  });
});

describe('parseStrategyConfig: every problem, each at its path', () => {
  it('reports wrong types, unknown keys, bad periods and rule errors together', () => {
    const raw = {
      symbol: 'BTC USDT', // neither a pair nor a ticker
      timeframe: '15 minutes',
      capital: 'lots',
      allowShort: 'yes',
      colour: 'blue',
      indicators: {
        fast: { type: 'ema', period: -5 },
        macd: { fastPeriod: 26, slowPeriod: 12 },
        rsi: { period: 14, overbougth: 70 },
      },
      rules: { entry: { condition: 'fast > > 3', confidence: 2 } },
      risk: { stopLoss: -0.1, maxPositionSize: 5 },
      execution: { fill: 'tomorrow', feeBps: -1 },
    };
    const got = paths(raw);
    const expected = [
      'symbol',
      'timeframe',
      'capital',
      'allowShort',
      'colour',
      'indicators.fast.period',
      'indicators.macd.fastPeriod',
      'indicators.rsi.overbougth',
      'rules.entry.confidence',
      'rules.entry.condition',
      'risk.stopLoss',
      'risk.maxPositionSize',
      'execution.fill',
      'execution.feeBps',
    ];
    expect([...got].sort(), 'one problem per mistake, none hidden behind another').toEqual([...expected].sort());
    const err = (() => {
      try {
        parseStrategyConfig(raw, 'bad.json');
      } catch (e) {
        return e;
      }
    })();
    expect(err, 'a ConfigError, not a zod error').toBeInstanceOf(ConfigError);
    const ce = err as ConfigError;
    expect(ce.source).toBe('bad.json');
    expect(ce.problems.length, 'the error carries all of them').toBe(expected.length);
    for (const p of expected) expect(ce.message, `the message lists ${p}`).toContain(`  - ${p}: `);
    expect(ce.message, 'the rule error names its path and the column of the second ">"').toMatch(/- rules\.entry\.condition: .* at column 8/);
  });

  it('names rules.<key>.condition and the column of a rule syntax error', () => {
    const p = problems({ ...minimal, rules: { entry: { condition: 'close > 1' }, exit: { condition: 'close < (open' } } });
    expect(p.length).toBe(1);
    expect(p[0].path).toBe('rules.exit.condition');
    expect(p[0].message, '"(" opens at column 9; the end of the expression is column 14').toMatch(/at column 14/);
  });

  it('reports unknown rule names with the column and a suggestion', () => {
    const p = problems({ ...minimal, indicators: { rsi: {} }, rules: { entry: { condition: 'close > 1 AND rsii < 30' } } });
    expect(p).toEqual([{ path: 'rules.entry.condition', message: expect.stringMatching(/unknown name "rsii" at column 15.*did you mean "rsi"/) }]);
  });

  it('reports a rule syntax error even when other parts of the config are broken', () => {
    const p = problems({ ...minimal, capital: -1, rules: { entry: { condition: 'close >' } } });
    expect(p.map((x) => x.path).sort(), 'both the schema problem and the rule problem').toEqual(['capital', 'rules.entry.condition']);
  });

  it('does not blame a rule for names of an indicator that is itself broken', () => {
    const p = problems({ ...minimal, indicators: { fast: { type: 'ema', period: 0 } }, rules: { entry: { condition: 'close > fast' } } });
    expect(p.map((x) => x.path), 'only the indicator: "fast" exists, it is just misconfigured').toEqual(['indicators.fast.period']);
  });

  it('rejects negative, zero and fractional periods, and fastPeriod >= slowPeriod', () => {
    expect(paths({ ...minimal, indicators: { a: { type: 'sma', period: -1 }, b: { type: 'sma', period: 0 }, c: { type: 'sma', period: 2.5 } } })).toEqual([
      'indicators.a.period',
      'indicators.b.period',
      'indicators.c.period',
    ]);
    expect(problems({ ...minimal, indicators: { macd: { fastPeriod: 26, slowPeriod: 26 } } })).toEqual([
      { path: 'indicators.macd.fastPeriod', message: 'fastPeriod must be less than slowPeriod' },
    ]);
  });

  it('rejects huge numbers', () => {
    const got = paths({
      ...minimal,
      capital: 1e300,
      bufferSize: 1e12,
      indicators: { slow: { type: 'sma', period: 1e9 } },
      execution: { feeBps: 1e6, slippageBps: 1e20 },
      risk: { takeProfit: 1e9 },
      sizing: { mode: 'notional', value: 1e100 },
    });
    expect(got.sort(), 'every out-of-range number, at its path').toEqual(
      ['bufferSize', 'capital', 'execution.feeBps', 'execution.slippageBps', 'indicators.slow.period', 'risk.takeProfit', 'sizing.value'].sort(),
    );
  });

  it('refuses __proto__, constructor and prototype keys from JSON text, at every depth', () => {
    const raw = JSON.parse(
      '{"symbol":"BTC/USDT","timeframe":"15m","rules":{"entry":{"condition":"close > 1"}},"__proto__":{"polluted":true},"risk":{"constructor":{"x":1}},"params":{"prototype":1}}',
    ) as unknown;
    const got = problems(raw);
    expect(got.map((p) => p.path).sort()).toEqual(['__proto__', 'params.prototype', 'risk.constructor']);
    for (const p of got) expect(p.message).toMatch(/forbidden key/);
    expect(({} as Record<string, unknown>).polluted, 'nothing reached Object.prototype').toBeUndefined();
  });

  it('rejects a config with neither rules nor module, or with both', () => {
    expect(paths({ symbol: 'BTC/USDT', timeframe: '1h' })).toEqual(['rules']);
    expect(paths({ ...minimal, module: './x.ts' })).toEqual(['module']);
  });

  it('rejects shortEntry without allowShort', () => {
    expect(paths({ ...minimal, rules: { entry: { condition: 'close > 1' }, shortEntry: { condition: 'close < 1' } } })).toEqual(['rules.shortEntry']);
  });

  it('rejects something that is not an object at all', () => {
    for (const raw of [null, 42, 'config', []]) expect(problems(raw).length, JSON.stringify(raw)).toBeGreaterThan(0);
  });
});
