import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { strategyConfigJsonSchemaText } from '../../engine/config/json-schema.ts';
import { run } from './schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('strata schema', () => {
  it('--out writes the generated schema', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const file = join(dir, 'schema.json');
    expect(await run(['--out', file]), 'exit 0').toBe(0);
    err.mockRestore();
    expect(readFileSync(file, 'utf8')).toBe(strategyConfigJsonSchemaText());
  });

  it('prints it without --out', async () => {
    let printed = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((printed += String(s)), true));
    expect(await run([])).toBe(0);
    out.mockRestore();
    expect(JSON.parse(printed).title).toBe('Strata strategy config');
  });

  it('a bad option is a usage error (exit 2)', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await run(['--nope'])).toBe(2);
    err.mockRestore();
  });
});
