import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from '../../tests/engine/json-schema-check.ts';
import { strategyConfigJsonSchema, strategyConfigJsonSchemaText } from './json-schema.ts';
import { isPortfolioFileName } from '../portfolio/config.ts';
import { safeParseStrategyConfig } from './parse.ts';
import { INDICATOR_TYPES } from '../indicators/config.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const committed = readFileSync(new URL('strategy.schema.json', EXAMPLES), 'utf8');
const schema = JSON.parse(committed) as Record<string, unknown>;
const exampleConfigs = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json') && !isPortfolioFileName(f))
  .sort();

describe('strategy config JSON Schema', () => {
  it('the committed examples/strategy.schema.json is exactly what the generator writes (regenerate: npx tsx cli/main.ts schema --out examples/strategy.schema.json)', () => {
    expect(committed, 'a stale schema would mislead editors').toBe(strategyConfigJsonSchemaText());
  });

  it('describes indicator objects, not "any"', () => {
    const s = strategyConfigJsonSchema() as { properties: { indicators: { additionalProperties: unknown; properties: Record<string, unknown> } }; $defs: Record<string, unknown> };
    expect(s.properties.indicators.additionalProperties).toEqual({ $ref: '#/$defs/indicator' });
    expect(Object.keys(s.$defs).sort(), 'every indicator type has its definition').toEqual([...INDICATOR_TYPES, 'indicator'].sort());
    expect(Object.keys(s.properties.indicators.properties).sort(), 'shorthand names, the bb alias included').toEqual([...INDICATOR_TYPES, 'bb'].sort());
    expect(s.$defs.stoch, 'TA-Lib defaults reach the editor').toMatchObject({ properties: { fastKPeriod: { default: 5 }, slowKMAType: { default: 'sma' } } });
  });

  it.each(exampleConfigs)('examples/%s validates against the schema, points at it, and parses', (file) => {
    const raw = JSON.parse(readFileSync(new URL(file, EXAMPLES), 'utf8')) as Record<string, unknown>;
    expect(raw.$schema, 'editors find the schema beside the config').toBe('./strategy.schema.json');
    expect(checkJsonSchema(schema, raw), 'no JSON Schema violations').toEqual([]);
    expect(safeParseStrategyConfig(raw).ok, 'and the parser agrees').toBe(true);
  });

  it('there are example configs to check (rules and code)', () => {
    expect(exampleConfigs).toEqual(expect.arrayContaining(['macd_btc_15m.json', 'donchian_btc_1h.json']));
  });

  it('rejects what the parser rejects, for mistakes the schema can express', () => {
    const ok = { symbol: 'BTC/USDT', timeframe: '15m', rules: { entry: { condition: 'close > 1' } } };
    const cases: [string, unknown][] = [
      ['unknown key', { ...ok, colour: 'blue' }],
      ['wrong type', { ...ok, capital: 'lots' }],
      ['bad timeframe', { ...ok, timeframe: '0m' }],
      ['bad symbol', { ...ok, symbol: 'BTC USDT' }],
      ['negative period', { ...ok, indicators: { fast: { type: 'ema', period: -3 } } }],
      ['named indicator without type', { ...ok, indicators: { fast: { period: 3 } } }],
      ['unknown indicator key', { ...ok, indicators: { rsi: { lenght: 3 } } }],
      ['neither rules nor module', { symbol: 'BTC/USDT', timeframe: '15m' }],
      ['both rules and module', { ...ok, module: './x.ts' }],
      ['huge capital', { ...ok, capital: 1e300 }],
    ];
    for (const [what, raw] of cases) {
      expect(checkJsonSchema(schema, raw).length, `${what}: the schema objects`).toBeGreaterThan(0);
      expect(safeParseStrategyConfig(raw).ok, `${what}: the parser objects too`).toBe(false);
    }
  });

  it('accepts the forms the parser accepts', () => {
    const ok = { symbol: 'BTC/USDT', timeframe: '15m', rules: { entry: { condition: 'close > 1' } } };
    const cases: [string, unknown][] = [
      ['shorthand', { ...ok, indicators: { macd: {}, rsi: { period: 7 }, bb: { stdDev: 1.5 } } }],
      ['named with type', { ...ok, indicators: { fast: { type: 'ema', period: 9 }, slow: { type: 'ema', period: 21 } } }],
      ['type name used with another type', { ...ok, indicators: { rsi: { type: 'ema', period: 9 } } }],
      ['code module', { symbol: 'BTC/USDT', timeframe: '1h', module: './strategies/x.ts', params: { n: 3, mode: 'fast', on: true } }],
      ['every section', { ...ok, risk: { maxPositionSize: 0.5, stopLoss: 0.01, takeProfit: 2, maxDrawdown: 0.2 }, sizing: { mode: 'notional', value: 500 }, execution: { fill: 'close', feeBps: 5, slippageBps: 2 }, capital: 5000, allowShort: true, bufferSize: 50 }],
    ];
    for (const [what, raw] of cases) {
      expect(checkJsonSchema(schema, raw), what).toEqual([]);
      expect(safeParseStrategyConfig(raw).ok, what).toBe(true);
    }
  });
});
