/**
 * The Donchian breakout written as JSON rules (examples/donchian_breakout_json_btc_1h.json) trades exactly as
 * the code strategy (examples/strategies/donchian-breakout.ts, examples/donchian_btc_1h.json) on the bundled
 * samples, and passes the lookahead check.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { backtest, loadCandles, type StrategyConfigInput, type TradeRow } from '../../backtest/run/library.ts';
import { runCli } from '../backtest/cli-helpers.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const JSON_CONFIG = 'examples/donchian_breakout_json_btc_1h.json';
const read = (name: string) => JSON.parse(readFileSync(new URL(name, EXAMPLES), 'utf8')) as Record<string, unknown>;

/** Both configs on one series; the code config's module resolved from examples/, as the config loader does. */
function configs(overrides: Record<string, unknown>): (StrategyConfigInput & { id: string })[] {
  const code = read('donchian_btc_1h.json');
  const json = read('donchian_breakout_json_btc_1h.json');
  delete code.$schema;
  delete json.$schema;
  return [
    { ...code, ...overrides, module: fileURLToPath(new URL(code.module as string, EXAMPLES)) },
    { ...json, ...overrides },
  ] as (StrategyConfigInput & { id: string })[];
}

const withoutId = (t: TradeRow) => ({ ...t, strategy_id: undefined });

const CASES = [
  { what: 'the demo data, BTC 1m aggregated to 1h', file: 'data/samples/UNITTEST_BTC-1m.json', symbol: 'BTC/USDT', overrides: {}, atLeast: 2 },
  { what: 'the same 1m candles traded at 1m', file: 'data/samples/UNITTEST_BTC-1m.json', symbol: 'BTC/USDT', overrides: { timeframe: '1m' }, atLeast: 100 },
  { what: 'ORCL daily, 1995-2014', file: 'data/samples/orcl-1995-2014.txt', symbol: 'ORCL/USD', overrides: { symbol: 'ORCL/USD', timeframe: '1d' }, atLeast: 40 },
] as const;

describe('Donchian breakout: JSON rules vs the code strategy', () => {
  it('the JSON rules are the code strategy\'s rules (20-bar entry channel, 10-bar exit channel, same risk)', () => {
    const code = read('donchian_btc_1h.json');
    const json = read('donchian_breakout_json_btc_1h.json');
    expect(code.params).toEqual({ entryPeriod: 20, exitPeriod: 10 });
    expect(json.rules).toEqual({ entry: { condition: 'close > highest(high, 20)[1]', confidence: 1 }, exit: { condition: 'close < lowest(low, 10)[1]', confidence: 1 } });
    expect([json.symbol, json.timeframe, json.risk, json.bufferSize]).toEqual([code.symbol, code.timeframe, code.risk, code.bufferSize]);
  });

  it.each(CASES)('give identical trades and signals on $what', async ({ file, symbol, overrides, atLeast }) => {
    const candles = await loadCandles(file, { symbol });
    const [code, json] = configs(overrides);
    const out = await backtest([code, json], candles);
    const trades = (id: string) => out.trades.filter((t) => t.strategy_id === id);
    const codeTrades = trades(code.id);
    expect(codeTrades.length, 'enough breakouts to compare').toBeGreaterThanOrEqual(atLeast);
    expect(trades(json.id).map(withoutId), 'same entries, exits, sizes, prices and reasons').toEqual(codeTrades.map(withoutId));
    const signals = (id: string) => out.result.signals.filter((s) => s.strategyId === id).map((s) => [s.action, s.time, s.price, s.confidence]);
    expect(signals(json.id)).toEqual(signals(code.id));
  }, 120_000);

  const tmp = mkdtempSync(join(tmpdir(), 'strata-donchian-json-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  // The example as shipped (1h: few signals), and at 1m on the same candles (hundreds of signals to compare).
  const minute = join(tmp, 'donchian_1m.json');
  writeFileSync(minute, JSON.stringify({ ...read('donchian_breakout_json_btc_1h.json'), $schema: undefined, timeframe: '1m' }));
  it.each([JSON_CONFIG, minute])('%s passes strata check lookahead', async (config) => {
    const r = await runCli(['check', 'lookahead', config, '--data', 'data/samples/UNITTEST_BTC-1m.json=BTC/USDT'], 240_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/No lookahead found/);
  }, 300_000);
});
