import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inLanes, withScratchDuckDB } from './duck-scratch.ts';

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

  it('runs tasks in lanes on separate connections, every task once, and settles them all before an error', async () => {
    const done: string[] = [];
    await withScratchDuckDB(async (conn, connect) => {
      const lanes = [conn, await connect()];
      const query = (name: string, rows: number) => async (c: typeof conn) => {
        const n = Number((await c.runAndReadAll(`SELECT count(*) FROM range(${rows})`)).getRows()[0][0]);
        done.push(`${name}:${n}`);
      };
      await inLanes(lanes, [query('a', 3_000_000), query('b', 10), query('c', 20), query('d', 30)]);
      expect([...done].sort()).toEqual(['a:3000000', 'b:10', 'c:20', 'd:30']);
      done.length = 0;
      const failing = inLanes(lanes, [
        async () => {
          throw new Error('task failed');
        },
        query('slow', 5_000_000),
      ]);
      await expect(failing).rejects.toThrow('task failed');
      expect(done, 'the other lane finished before the error was thrown').toEqual(['slow:5000000']);
    });
  });
});
