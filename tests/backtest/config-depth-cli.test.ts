/** A config file nested 5,000 levels deep: the CLI names the file and the path, exit 1, no stack overflow. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'strata-depth-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('config nesting depth at the CLI', () => {
  it('strata validate and strata backtest refuse it with the path', async () => {
    const file = join(tmp, 'deep.json');
    writeFileSync(file, `{"id":"deep","symbol":"BTC/USDT","timeframe":"5m","rules":{"entry":{"condition":"close > 1"}},"params":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`);
    for (const args of [['validate', file], ['backtest', file, '--data', 'data/samples/UNITTEST_BTC-5m.feather', '--symbol', 'BTC/USDT', '--no-register', '--out', join(tmp, 'out')]]) {
      const r = await runCli(args);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(/params\.a\.a\.a[.a]*: nested more than 32 levels deep/);
      expect(r.stderr).not.toMatch(/Maximum call stack/);
    }
  }, 120_000);
});
