import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from '../../tests/engine/json-schema-check.ts';
import { describeFields, FIELD_NOTES } from './json-schema-notes.ts';
import { strategyConfigJsonSchema } from './json-schema.ts';
import { safeParseStrategyConfig } from './parse.ts';

type Node = Record<string, unknown>;
const schema = strategyConfigJsonSchema();
/** The schema node of a dotted field path under the root's properties. */
const field = (path: string): Node => path.split('.').reduce<Node>((n, k) => (n.properties as Record<string, Node>)[k], schema);

describe('the JSON Schema exposes the order-model and margin fields', () => {
  it('with the parser\'s constraints', () => {
    expect(field('orders.entry.type')).toMatchObject({ enum: ['market', 'limit', 'stop', 'stop_limit'], default: 'market' });
    expect(field('orders.entry.offset')).toMatchObject({ type: 'number', minimum: -0.5, maximum: 0.5, default: 0 });
    expect(field('orders.entry.limitOffset')).toMatchObject({ type: 'number', minimum: -0.5, maximum: 0.5 });
    const tif = field('orders.entry.tif') as { anyOf: Node[]; default: unknown };
    expect(tif.default).toBe('gtc');
    expect(tif.anyOf, 'TIF: a word or a bar count').toEqual([
      { type: 'string', enum: ['gtc', 'day'] },
      { type: 'object', properties: { bars: { type: 'integer', minimum: 1, maximum: 1_000_000 } }, required: ['bars'], additionalProperties: false },
    ]);
    expect(field('orders.reverse')).toMatchObject({ type: 'boolean' });
    expect(field('orders.stopsFrom')).toMatchObject({ enum: ['entry_bar', 'next_bar'] });
    expect(field('orders.bothTouched')).toMatchObject({ enum: ['stop_first', 'target_first'] });
    expect(field('orders.penetration')).toMatchObject({ type: 'number', minimum: 0, maximum: 0.1 });
    expect(field('orders.maxEntries')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(field('rules.addOn').properties, 'addOn is a rule with a condition').toHaveProperty('condition');
    expect(field('risk.stopLoss')).toMatchObject({ type: 'number', exclusiveMinimum: 0, maximum: 1 });
    expect(field('risk.takeProfit')).toMatchObject({ type: 'number', exclusiveMinimum: 0, maximum: 100 });
    const trailing = (field('risk.trailingStop') as { anyOf: Node[] }).anyOf.map((v) => v.required);
    expect(trailing, 'percent, amount or an ATR multiple').toEqual([['percent'], ['amount'], ['atr', 'multiple']]);
    const scaleOut = field('risk.scaleOut') as Node & { items: Node };
    expect(scaleOut).toMatchObject({ type: 'array', minItems: 1, maxItems: 20 });
    expect(scaleOut.items).toMatchObject({ required: ['gain', 'fraction'], properties: { fraction: { exclusiveMinimum: 0, maximum: 1 } } });
    expect(field('execution.lotSize')).toMatchObject({ type: 'number', exclusiveMinimum: 0 });
    expect(field('execution.minQuantity')).toMatchObject({ type: 'number', exclusiveMinimum: 0 });
    expect(field('instrument')).toMatchObject({ enum: ['spot', 'margin', 'perpetual'] });
    expect(field('leverage')).toMatchObject({ type: 'number', minimum: 1, maximum: 125 });
    expect(field('marginMode')).toMatchObject({ const: 'isolated' });
    expect(field('maintenanceMargin')).toMatchObject({ type: 'number', minimum: 0, maximum: 0.5 });
    expect(field('borrowRatePerDay')).toMatchObject({ type: 'number', minimum: 0, maximum: 0.1 });
    expect(field('funding.missing')).toMatchObject({ enum: ['error', 'warn'], default: 'error' });
  });

  it('each with its description', () => {
    for (const [path, text] of Object.entries(FIELD_NOTES)) expect(field(path).description, path).toBe(text);
    expect(Object.keys(FIELD_NOTES).length, 'every field the order and margin model adds').toBe(25);
  });

  it('a note for a field the schema lacks is an error naming it', () => {
    expect(() => describeFields(structuredClone(schema), { 'orders.entry.kind': 'x' })).toThrow('the strategy config schema has no field "orders.entry.kind"');
  });

  const full = {
    symbol: 'BTC/USDT:USDT',
    timeframe: '1h',
    instrument: 'perpetual',
    leverage: 3,
    marginMode: 'isolated',
    maintenanceMargin: 0.005,
    funding: { missing: 'warn' },
    allowShort: true,
    indicators: { atr14: { type: 'atr', period: 14 } },
    rules: { entry: { condition: 'close > 0' }, addOn: { condition: 'close > open' }, shortEntry: { condition: 'close < 0' } },
    orders: { entry: { type: 'limit', offset: -0.002, tif: { bars: 3 } }, reverse: true, stopsFrom: 'next_bar', bothTouched: 'stop_first', penetration: 0.001, maxEntries: 3 },
    risk: { stopLoss: 0.03, takeProfit: 0.09, trailingStop: { atr: 'atr14', multiple: 2.5 }, scaleOut: [{ gain: 0.03, fraction: 0.5 }, { gain: 0.06, fraction: 0.25 }] },
    execution: { lotSize: 0.001, minQuantity: 0.001 },
  };

  it('a config using every field passes the schema and the parser', () => {
    expect(checkJsonSchema(schema, full)).toEqual([]);
    const parsed = safeParseStrategyConfig(full);
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });

  it('values outside the constraints fail the schema and the parser alike, at the same path', () => {
    const bad: [string, Record<string, unknown>, string][] = [
      ['leverage', { leverage: 200 }, '$.leverage: above 125'],
      ['orders.entry.offset', { orders: { ...full.orders, entry: { type: 'limit', offset: -0.6 } } }, '$.orders.entry.offset: below -0.5'],
      ['orders.maxEntries', { orders: { ...full.orders, maxEntries: 0 } }, '$.orders.maxEntries: below 1'],
      ['risk.scaleOut', { risk: { ...full.risk, scaleOut: [] } }, '$.risk.scaleOut: fewer than 1 items'],
      ['funding.missing', { funding: { missing: 'ignore' } }, '$.funding.missing: not one of ["error","warn"]'],
      ['instrument', { instrument: 'future' }, '$.instrument: not one of ["spot","margin","perpetual"]'],
    ];
    for (const [path, change, message] of bad) {
      const config = { ...full, ...change };
      expect(checkJsonSchema(schema, config), path).toContain(message);
      const parsed = safeParseStrategyConfig(config);
      expect(parsed.ok ? [] : parsed.problems.map((p) => p.path), `${path}: the parser refuses it too`).toContain(path);
    }
  });
});
