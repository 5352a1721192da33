import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleRoutes, readExamples, titleOf } from './examples.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('example configs as dashboard templates', () => {
  it('titles drop the market and the timeframe', () => {
    expect(titleOf('EMA crossover BTC 1h', 'BTC/USDT', '1h')).toBe('EMA crossover');
    expect(titleOf('RSI mean reversion XRP/ETH 5m', 'XRP/ETH', '5m')).toBe('RSI mean reversion');
    expect(titleOf('MACD BTC 15m Strategy', 'BTC/USDT', '15m')).toBe('MACD');
    expect(titleOf('BTC 1h', 'BTC/USDT', '1h'), 'nothing left: the name as it is').toBe('BTC 1h');
  });

  it('serves the rule-based examples of the repository as written (no $schema), skipping code modules', async () => {
    const res = await exampleRoutes().request('/');
    const list = (await res.json()) as { file: string; title: string; config: Record<string, unknown> }[];
    expect(list.map((e) => e.file)).toEqual(['bollinger_btc_5m.json', 'correl_filter_eth_ltc_15m.json', 'donchian_breakout_json_btc_1h.json', 'ema_btc_1h.json', 'ema_detail_btc_1h.json', 'macd_btc_15m.json', 'rsi_xrp_5m.json', 'stoch_adx_btc_1m.json', 'supertrend_btc_5m.json', 'trend_filter_btc_15m.json']);
    const ema = list.find((e) => e.file === 'ema_btc_1h.json')!;
    expect(ema.title).toBe('EMA crossover');
    expect(ema.config).toMatchObject({ id: 'ema_btc_1h', timeframe: '1h', indicators: { fast: { type: 'ema', period: 9 } } });
    expect(ema.config.$schema).toBeUndefined();
    expect(list.find((e) => e.file === 'donchian_breakout_json_btc_1h.json')!.title, 'rules with lookbacks and functions are templates too').toBe('Donchian breakout (JSON rules)');
  });

  it('leaves out files that are not valid strategy configs', () => {
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ id: 'g', name: 'Good one ETH 1m', symbol: 'ETH/USDT', timeframe: '1m', rules: { entry: { condition: 'close > 0' } } }));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ symbol: 'nope' }));
    writeFileSync(join(dir, 'x.schema.json'), '{}');
    expect(readExamples(dir).map((e) => [e.file, e.title])).toEqual([['good.json', 'Good one']]);
    expect(readExamples(join(dir, 'absent'))).toEqual([]);
  });
});
