/** The Stochastic+ADX and SuperTrend example configs backtest on the bundled samples and pass the lookahead check. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../backtest/cli-helpers.ts';

const CASES = [
  { config: 'examples/stoch_adx_btc_1m.json', data: 'data/samples/UNITTEST_BTC-1m.json' },
  { config: 'examples/supertrend_btc_5m.json', data: 'data/samples/UNITTEST_BTC-5m.feather' },
] as const;

const tmp = mkdtempSync(join(tmpdir(), 'strata-indicator-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(CASES)('$config', ({ config, data }) => {
  it('backtests on the bundled sample and trades', async () => {
    const r = await runCli(['backtest', config, '--data', data, '--out', join(tmp, config.replace(/\W/g, '_')), '--no-register', '--json'], 240_000);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { strategies: { metrics: { performance: { totalTrades: number } } }[] };
    expect(report.strategies[0].metrics.performance.totalTrades, 'the rule fires on real data').toBeGreaterThan(5);
  }, 300_000);

  it('passes strata check lookahead', async () => {
    const r = await runCli(['check', 'lookahead', config, '--data', data], 240_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/No lookahead found/);
  }, 300_000);
});
