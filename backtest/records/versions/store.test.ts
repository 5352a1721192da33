import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../../engine/config/parse.ts';
import { StrategyManager } from '../../../engine/manager.ts';
import { diffConfigs, diffText } from './diff.ts';
import { VersionRecorder } from '../../live/versions/recorder.ts';
import { rollbackStrategy } from '../../live/versions/rollback.ts';
import { versionHash, VersionStore } from './store.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-versions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = {
  id: 'ema',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  indicators: { fast: { type: 'ema', period: 9 }, slow: { type: 'ema', period: 21 } },
  rules: { entry: { condition: 'ema_crossover_bullish' }, exit: { condition: 'ema_crossover_bearish' } },
};
const v1 = parseStrategyConfig(BASE);
const v2 = parseStrategyConfig({ ...BASE, indicators: { ...BASE.indicators, fast: { type: 'ema', period: 5 }, rsi: { type: 'rsi', period: 14 } } });

describe('version store', () => {
  it('stores each config once, numbers versions, links parents and logs switches (rollbacks too)', async () => {
    const db = join(dir, 'a.duckdb');
    await VersionStore.with(db, async (s) => {
      const a = await s.record({ strategyId: 'ema', config: v1, source: 'start', note: 'first' });
      expect(a).toMatchObject({ created: true, activated: true, version: { number: 1, parent: null, note: 'first', hash: versionHash(v1) } });
      expect((await s.record({ strategyId: 'ema', config: v1, source: 'start' })).activated, 'the current version again is no switch').toBe(false);
      const b = await s.record({ strategyId: 'ema', config: v2, source: 'update' });
      expect(b.version).toMatchObject({ number: 2, parent: versionHash(v1) });
      const back = await s.record({ strategyId: 'ema', config: v1, source: 'rollback', note: 'too noisy' });
      expect(back, 'a rollback reuses the stored version and logs the switch').toMatchObject({ created: false, activated: true, version: { number: 1 } });
      const h = await s.history('ema');
      expect(h.versions.map((v) => v.number)).toEqual([1, 2]);
      expect(h.log.map((l) => [l.reason, l.hash === versionHash(v1) ? 'v1' : 'v2', l.previous === null ? null : l.previous === versionHash(v1) ? 'v1' : 'v2'])).toEqual([
        ['start', 'v1', null],
        ['update', 'v2', 'v1'],
        ['rollback', 'v1', 'v2'],
      ]);
      expect(h.versions[1].config, 'the stored config is the config').toEqual(JSON.parse(JSON.stringify(v2)));
    });
  });

  it('resolves hash prefixes and id@number / id@previous references', async () => {
    const db = join(dir, 'a.duckdb');
    await VersionStore.with(db, async (s) => {
      expect((await s.resolve(versionHash(v2).slice(0, 8))).number).toBe(2);
      expect((await s.resolve('ema@2')).hash).toBe(versionHash(v2));
      expect((await s.resolve('ema@current')).hash, 'after the rollback').toBe(versionHash(v1));
      expect((await s.resolve('ema@previous')).hash).toBe(versionHash(v2));
      expect((await s.resolve('2', 'ema')).number).toBe(2);
      await expect(s.resolve('ema@9')).rejects.toThrow(/no version 9/);
      await expect(s.resolve('zz')).rejects.toThrow(/not a version/);
      expect(await s.strategies()).toEqual([{ strategyId: 'ema', versions: 2, current: versionHash(v1), updatedAt: expect.any(String) }]);
    }, { readOnly: true });
  });

  it('a read-only store on a database without the tables is empty', async () => {
    const db = join(dir, 'empty.duckdb');
    await VersionStore.with(db, async () => undefined); // creates the file and tables
    const other = join(dir, 'other.duckdb');
    const { ResultsDb } = await import('../results-db.ts');
    await ResultsDb.with(other, async () => undefined);
    expect(await VersionStore.with(other, (s) => s.strategies(), { readOnly: true })).toEqual([]);
  });
});

describe('config diff', () => {
  it('lists changed, added and removed paths with old → new', () => {
    const changes = diffConfigs(v1, v2);
    expect(changes).toEqual([
      { path: 'indicators.fast.period', kind: 'changed', old: 9, new: 5 },
      { path: 'indicators.rsi', kind: 'added', new: JSON.parse(JSON.stringify(v2.indicators.rsi)) },
    ]);
    expect(diffText(changes).split('\n')[0]).toBe('indicators.fast.period: 9 → 5');
    expect(diffConfigs({ a: [1, 2, 3] }, { a: [1, 5] })).toEqual([
      { path: 'a[1]', kind: 'changed', old: 2, new: 5 },
      { path: 'a[2]', kind: 'removed', old: 3 },
    ]);
    expect(diffText(diffConfigs(v1, v1))).toBe('no differences');
  });
});

describe('version recorder and rollback on a manager', () => {
  it('records starts, edits and a rollback (which removes keys an edit added)', async () => {
    const db = join(dir, 'b.duckdb');
    const manager = new StrategyManager();
    const recorder = new VersionRecorder(manager.events, { db });
    manager.startStrategy(BASE);
    manager.updateConfig('ema', { indicators: { fast: { period: 5 }, rsi: { type: 'rsi', period: 14 } } });
    await recorder.flush();
    const v = await VersionStore.with(db, (s) => s.resolve('ema@1'));
    rollbackStrategy(manager, 'ema', v, { recorder, note: 'back to 9/21' });
    expect(manager.getInstance('ema').config, 'setConfig replaces whole: the rsi an edit added is gone').toEqual(v1);
    await recorder.close();
    const h = await VersionStore.with(db, (s) => s.history('ema'), { readOnly: true });
    expect(h.versions.map((x) => x.hash)).toEqual([versionHash(v1), versionHash(v2)]);
    expect(h.log.map((l) => `${l.reason}:${l.note ?? ''}`)).toEqual(['start:', 'update:', 'rollback:back to 9/21']);
  });
});
