import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ColumnarSeries } from '../../../data/historical-feed.ts';
import { synthCandles } from '../../../data/synth.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { configSymbols } from '../../../engine/config/series.ts';
import type { Signal } from '../../../engine/types.ts';
import { loadColumns } from '../../run/data-source.ts';
import { loadConfigs, loadStrategyModules } from '../../run/load-configs.ts';
import { checkLookahead, compareSignals, cutPoints } from './lookahead.ts';

/** Real sample data for the symbols the examples trade; seeded synthetic 1m candles when it gives no signal at all. */
const SAMPLES: Record<string, { path: string; symbol?: string }> = {
  'BTC/USDT': { path: 'data/samples/UNITTEST_BTC-1m.json', symbol: 'BTC/USDT' },
  'XRP/ETH': { path: 'data/samples/XRP_ETH-1m.feather' },
  'ETH/BTC': { path: 'data/samples/UNITTEST_BTC-5m.feather', symbol: 'ETH/BTC' },
  'LTC/BTC': { path: 'data/samples/LTC_BTC-5m.feather', symbol: 'LTC/BTC' },
};

/** Samples of every symbol the config reads (its informative series' too), then seeded synthetic minutes of each. */
async function dataSets(config: StrategyConfig): Promise<ColumnarSeries[][]> {
  const symbols = configSymbols(config);
  const synthetic = symbols.map((symbol, k) => ({ series: { symbol, timeframe: '1m' }, columns: synthCandles({ bars: 30_000, seed: 7 + k, timeframe: '1m', volatility: 1.5 }) }));
  const samples = symbols.map((symbol) => SAMPLES[symbol]);
  if (samples.some((x) => x === undefined)) return [synthetic];
  const paths = samples.map((x) => (x.symbol ? `${x.path}=${x.symbol}` : x.path));
  return [(await loadColumns({ paths, configs: [config] })).inputs, synthetic];
}

/** The stock strategy configs: examples/*.json that are strategy configs (not schemas, not portfolios). */
function exampleConfigs(): string[] {
  return readdirSync('examples')
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => join('examples', f))
    .filter((f) => {
      const raw = JSON.parse(readFileSync(f, 'utf8')) as unknown;
      return !(raw !== null && typeof raw === 'object' && 'strategies' in raw);
    })
    .sort();
}

describe('checkLookahead', () => {
  let btc: ColumnarSeries[];
  beforeAll(async () => {
    btc = (await loadColumns({ paths: ['data/samples/UNITTEST_BTC-1m.json'], symbol: 'BTC/USDT', configs: [] })).inputs;
  });

  it('catches a strategy whose "centred" moving average reads future closes', async () => {
    const configs = loadConfigs(['tests/backtest/fixtures/leaky.json']).map((l) => l.config);
    const modules = await loadStrategyModules(configs);
    const report = await checkLookahead({ configs, inputs: btc, modules, points: 5 });
    expect(report.ok, 'it must be caught').toBe(false);
    expect(report.cuts.length).toBe(5);
    for (const c of report.cuts) expect(c.differences.length, `cut at ${new Date(c.cut).toISOString()}`).toBeGreaterThan(0);
    const d = report.cuts[0].differences[0];
    expect(d.strategyId).toBe('leaky_centred_ma');
    expect(d.full ?? d.truncated, 'a difference names the signal').not.toBeNull();
  });

  it('passes every stock strategy in examples/', async () => {
    const files = exampleConfigs();
    expect(files, 'at least the seed example').toContain('examples/macd_btc_15m.json');
    for (const file of files) {
      const configs = loadConfigs([file]).map((l) => l.config);
      const modules = await loadStrategyModules(configs);
      let report;
      for (const inputs of await dataSets(configs[0])) {
        report = await checkLookahead({ configs, inputs, modules, points: 5 });
        if (report.fullSignals > 0) break;
      }
      report = report!;
      expect(report.cuts.length, `${file}: truncation points found`).toBeGreaterThan(0);
      expect(report.fullSignals, `${file}: trades at all, so the check means something`).toBeGreaterThan(0);
      expect(
        report.cuts.flatMap((c) => c.differences),
        `${file}: no signal depends on later data`,
      ).toEqual([]);
    }
  });

  it('passes several strategies of different timeframes in one replay', async () => {
    const configs = loadConfigs(['examples/macd_btc_15m.json']).map((l) => l.config);
    const h1 = { ...configs[0], id: 'macd_1h', timeframe: '1h' };
    const report = await checkLookahead({ configs: [configs[0], h1], inputs: btc, points: 4 });
    expect(report.ok).toBe(true);
    for (const c of report.cuts) expect(new Date(c.cut).getUTCMinutes(), 'cuts on 1h boundaries so both timeframes end on a complete bar').toBe(0);
  });
});

describe('cutPoints', () => {
  it('chooses close times that are bar boundaries of every strategy with a complete candle ending there', async () => {
    const btc = (await loadColumns({ paths: ['data/samples/UNITTEST_BTC-1m.json'], symbol: 'BTC/USDT', configs: [] })).inputs;
    const config = loadConfigs(['examples/macd_btc_15m.json'])[0].config;
    const cuts = cutPoints(btc, [config], 5);
    expect(cuts.length).toBe(5);
    const opens = new Set(btc[0].columns.openTime);
    for (const t of cuts) {
      expect(t % (15 * 60_000), '15m boundary').toBe(0);
      expect(opens.has(t - 60_000), 'the 1m candle ending at the cut exists').toBe(true);
    }
    expect([...cuts].sort((a, b) => a - b)).toEqual(cuts);
  });
});

describe('compareSignals', () => {
  const s = (time: number, action: Signal['action'], price = 1): Signal => ({ strategyId: 'a', action, symbol: 'X/Y', price, confidence: 1, reason: 'r', time });

  it('compares only signals up to the cut, position by position, per strategy', () => {
    const full = [s(1, 'BUY'), s(2, 'SELL'), s(5, 'BUY')];
    expect(compareSignals(2, full, [s(1, 'BUY'), s(2, 'SELL')]).differences).toEqual([]);
    const r = compareSignals(2, full, [s(1, 'BUY'), s(2, 'SELL', 1.5)]);
    expect(r.differences).toEqual([{ strategyId: 'a', index: 1, full: s(2, 'SELL'), truncated: s(2, 'SELL', 1.5) }]);
    expect(compareSignals(2, full, [s(1, 'BUY')]).differences[0], 'a missing signal').toMatchObject({ index: 1, truncated: null });
  });
});
