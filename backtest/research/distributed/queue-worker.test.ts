import { describe, expect, it } from 'vitest';
import { loadSingleConfig } from '../../run/job-common.ts';
import { validateJob } from './queue-worker.ts';

const { config } = loadSingleConfig('examples/macd_btc_15m.json');
const good = {
  v: 1,
  runId: '20240101T000000Z-abcd1234',
  batch: 0,
  combinations: [0, 1],
  base: config,
  params: [{ path: 'risk.stopLoss', values: [0.01, 0.02] }],
  data: { uri: 'file:///shared/candles.parquet', sha256: 'a'.repeat(64), bytes: 10, layout: 'series-parquet' },
};

describe('validateJob (worker side)', () => {
  it('accepts a well-formed job and parses its base config', () => {
    const v = validateJob(structuredClone(good));
    expect(v.base.symbol).toBe('BTC/USDT');
    expect(v.combinations).toEqual([0, 1]);
  });

  it('names what is wrong with a malformed envelope', () => {
    expect(() => validateJob({ hello: 'world' })).toThrow(/malformed job: .*v: /);
    expect(() => validateJob({ ...good, data: { ...good.data, sha256: 'nope' } })).toThrow(/malformed job: data\.sha256/);
    expect(() => validateJob({ ...good, extra: 1 })).toThrow(/malformed job/);
    expect(() => validateJob(null)).toThrow(/malformed job/);
  });

  it('validates the base config with the strategy config schema', () => {
    expect(() => validateJob({ ...good, base: { ...config, timeframe: 'soon' } })).toThrow(/invalid base config: base\.timeframe/);
  });

  it('refuses combinations outside the grid and bad grids', () => {
    expect(() => validateJob({ ...good, combinations: [2] })).toThrow(/combination 2 is outside the grid of 2/);
    expect(() => validateJob({ ...good, params: [good.params[0], good.params[0]] })).toThrow(/given twice/);
  });

  it('runs no strategy module a job points to unless allowed', () => {
    const { rules: _rules, ...noRules } = config;
    const moduleJob = { ...good, base: { ...noRules, module: '/tmp/evil.js' } };
    expect(() => validateJob(moduleJob)).toThrow(/--allow-modules/);
    expect(validateJob(moduleJob, true).base.module).toBe('/tmp/evil.js');
  });
});
