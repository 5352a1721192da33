import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withScratchDuckDB } from './duck-scratch.ts';

describe('withScratchDuckDB', () => {
  it('bounds DuckDB memory on request, spills a larger table to a private folder and removes it afterwards', async () => {
    let spill = '';
    let spilled: string[] = [];
    const sum = await withScratchDuckDB(
      async (conn) => {
        const setting = async (name: string) => String((await conn.runAndReadAll(`SELECT current_setting('${name}')`)).getRows()[0][0]);
        expect(await setting('memory_limit')).toBe('61.0 MiB');
        spill = await setting('temp_directory');
        // 4 M rows of three doubles is about 100 MB: more than the limit, so the table must spill to finish.
        await conn.run('CREATE TABLE t AS SELECT i::DOUBLE AS a, (i * 2)::DOUBLE AS b, (i * 3)::DOUBLE AS c FROM range(4000000) r(i)');
        spilled = readdirSync(spill);
        return Number((await conn.runAndReadAll('SELECT sum(a + b + c) FROM t')).getRows()[0][0]);
      },
      { memoryLimit: '64MB' },
    );
    expect(sum).toBe(6 * ((4_000_000 * 3_999_999) / 2));
    expect(spill).toMatch(/strata-duckdb-spill-/);
    expect(spilled.length, 'files written to the spill folder').toBeGreaterThan(0);
    expect(existsSync(spill), 'spill folder removed').toBe(false);
  });
});
