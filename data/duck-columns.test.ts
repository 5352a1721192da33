import { describe, expect, it } from 'vitest';
import { withScratchDuckDB } from './duck-scratch.ts';
import { readDoubleColumns } from './duck-columns.ts';

describe('readDoubleColumns', () => {
  it('reads every value of every chunk, NULL as NaN at any bit of the validity mask', async () => {
    const n = 10_000;
    // NULLs at the edges of 32- and 64-row words, in the second chunk (2,048 rows each) and in the last row.
    const nullRows = new Set([0, 31, 32, 63, 64, 2_047, 2_048, 2_100, 5_000, n - 1]);
    for (let i = 0; i < n; i += 97) nullRows.add(i);
    const list = [...nullRows].join(', ');
    const [a, b] = await withScratchDuckDB((c) => readDoubleColumns(c, `SELECT CASE WHEN i IN (${list}) THEN NULL ELSE i::DOUBLE * 1.5 END, (i - 7)::DOUBLE / 3 FROM range(${n}) r(i)`));
    expect(a).toHaveLength(n);
    for (let i = 0; i < n; i++) {
      if (nullRows.has(i)) expect(a[i], `row ${i}`).toBeNaN();
      else expect(a[i], `row ${i}`).toBe(i * 1.5);
      expect(b[i]).toBe((i - 7) / 3);
    }
  });

  it('reads the same columns with a row count given up front, too small or too large', async () => {
    const sql = 'SELECT i::DOUBLE, (i * 2)::DOUBLE FROM range(5000) r(i)';
    const plain = await withScratchDuckDB((c) => readDoubleColumns(c, sql));
    for (const hint of [5_000, 1, 3_000, 9_999]) {
      const hinted = await withScratchDuckDB((c) => readDoubleColumns(c, sql, [], hint));
      expect(hinted, `expectedRows ${hint}`).toEqual(plain);
      expect(hinted[0]).toHaveLength(5_000);
    }
  });
});
