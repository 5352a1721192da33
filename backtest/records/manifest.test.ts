import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readManifest, writeManifest, type ManifestInput } from './manifest.ts';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'strata-manifest-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const BACKTEST: ManifestInput = {
  runId: '20260101T000000Z-abcd1234',
  kind: 'backtest',
  createdAt: '2026-01-01T00:00:00.000Z',
  engineVersion: '0.1.0',
  command: 'strata backtest a.json',
  strategies: [{ id: 'a', name: 'A', symbol: 'BTC/USDT', timeframe: '1h', capital: 1000, execution: { fill: 'next_open' } }],
  data: { kind: 'files', paths: ['x.csv'], candles: 10, from: null, to: null },
  files: ['manifest.json'],
};

describe('run manifest', () => {
  it('writes what it checked and reads it back, unknown fields included', () => {
    const dir = temp();
    writeManifest(dir, BACKTEST);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), 'written as given').toEqual(BACKTEST);
    const m = readManifest(dir);
    expect(m.strategies[0].execution, 'fields the schema does not name pass through').toEqual({ fill: 'next_open' });
    expect(m.data?.candles).toBe(10);
  });

  it('refuses to write a manifest missing a field, naming the file and the field', () => {
    const dir = temp();
    const { command: _dropped, ...rest } = BACKTEST;
    expect(() => writeManifest(dir, rest as ManifestInput)).toThrow(/manifest\.json: command: /);
    expect(() => writeManifest(dir, { ...BACKTEST, kind: 'other' as 'ab' })).toThrow(/manifest\.json: kind: /);
  });

  it('reads a minimal hand-made folder (only a run id) with no strategies, and names a wrong field', () => {
    const dir = temp();
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ runId: 'r1' }));
    expect(readManifest(dir), 'strategies default to none').toEqual({ runId: 'r1', strategies: [] });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ runId: 'r1', strategies: [{ id: 'a', symbol: 'BTC/USDT' }] }));
    expect(() => readManifest(dir)).toThrow(/manifest\.json: strategies\.0\.timeframe: /);
  });
});
