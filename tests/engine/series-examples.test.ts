/**
 * The multi-series examples backtest on the bundled samples, from several files and from a store, and pass the
 * lookahead check: the 15m/4h trend filter (one symbol, two timeframes), the ETH/LTC pairs trade (two symbols) and
 * the correlation filter (correl and beta of ETH/BTC against LTC/BTC through `input1Series`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../backtest/cli-helpers.ts';

const PAIRS_DATA = ['--data', 'data/samples/UNITTEST_BTC-5m.feather=ETH/BTC', '--data', 'data/samples/LTC_BTC-5m.feather'];
const CASES = [
  { config: 'examples/trend_filter_btc_15m.json', data: ['--data', 'data/samples/UNITTEST_BTC-5m.feather', '--symbol', 'BTC/USDT'] },
  { config: 'examples/pairs_eth_ltc_15m.json', data: PAIRS_DATA },
  { config: 'examples/correl_filter_eth_ltc_15m.json', data: PAIRS_DATA },
] as const;

const tmp = mkdtempSync(join(tmpdir(), 'strata-series-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Report {
  strategies: { metrics: { performance: { totalTrades: number; totalReturn: number } } }[];
}

describe.each(CASES)('$config', ({ config, data }) => {
  it('backtests on the bundled samples and trades', async () => {
    const r = await runCli(['backtest', config, ...data, '--out', join(tmp, config.replace(/\W/g, '_')), '--no-register', '--json'], 240_000);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.strategies[0].metrics.performance.totalTrades, 'the strategy trades on real data').toBeGreaterThan(5);
  }, 300_000);

  it('passes strata check lookahead', async () => {
    const r = await runCli(['check', 'lookahead', config, ...data], 240_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/No lookahead found/);
  }, 300_000);
});

describe('the pairs trade', () => {
  it('trades both symbols, long one and short the other, and reads the same from a store as from the files', async () => {
    const files = await runCli(['backtest', 'examples/pairs_eth_ltc_15m.json', ...PAIRS_DATA, '--out', join(tmp, 'pairs-files'), '--no-register', '--json'], 240_000);
    expect(files.code, files.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(tmp, 'pairs-files', 'manifest.json'), 'utf8')) as { strategies: { series?: string }[] };
    expect(manifest.strategies[0].series, 'the alignment rule is printed in the manifest').toBe(
      "informative series other = LTC/BTC 15m: each read as its last bar closed at or before the 15m bar's close (all bars closing at one time are delivered before any strategy evaluates); orders in LTC/BTC fill on that symbol's finest declared series",
    );
    const trades = readFileSync(join(tmp, 'pairs-files', 'trades.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const legs = new Set(trades.map((t) => `${t[1]} ${t[2]}`));
    expect([...legs].sort(), 'each symbol is held long and short over the run').toEqual(['ETH/BTC long', 'ETH/BTC short', 'LTC/BTC long', 'LTC/BTC short']);
    const byEntry = new Map<string, string[]>();
    for (const t of trades) byEntry.set(t[4], [...(byEntry.get(t[4]) ?? []), `${t[1]} ${t[2]}`]);
    for (const [time, pair] of byEntry) expect(pair.length === 2 && pair.some((p) => p.endsWith('long')) && pair.some((p) => p.endsWith('short')), `one long and one short leg entered at ${time}`).toBe(true);

    const store = join(tmp, 'pairs.duckdb');
    for (const [file, symbol] of [['data/samples/UNITTEST_BTC-5m.feather', 'ETH/BTC'], ['data/samples/LTC_BTC-5m.feather', 'LTC/BTC']]) {
      const imp = await runCli(['data', 'import', file, '--symbol', symbol, '--store', store], 240_000);
      expect(imp.code, imp.stderr).toBe(0);
    }
    const fromStore = await runCli(['backtest', 'examples/pairs_eth_ltc_15m.json', '--data', store, '--out', join(tmp, 'pairs-store'), '--no-register', '--json'], 240_000);
    expect(fromStore.code, fromStore.stderr).toBe(0);
    expect(readFileSync(join(tmp, 'pairs-store', 'trades.csv'), 'utf8'), 'one run loads every series the strategy reads, from either source').toBe(readFileSync(join(tmp, 'pairs-files', 'trades.csv'), 'utf8'));
  }, 600_000);
});
