import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlString, withScratchDuckDB } from '../../data/duck-scratch.ts';
import { writeTable } from '../../data/table-file.ts';
import { periodLabelColumn } from './analytics-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-period-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function roundTrip(labels: string[], index: number[]): Promise<unknown[]> {
  const path = join(dir, `labels-${labels.length}-${index.length}.parquet`);
  await writeTable(path, 'parquet', [periodLabelColumn('period', labels, index)]);
  return withScratchDuckDB(async (c) => (await c.runAndReadAll(`SELECT period FROM read_parquet(${sqlString(path)})`)).getRows().map((r) => r[0]));
}

describe('periodLabelColumn', () => {
  it('sends day, week and month labels of one column as times with a format code per row, and they read back as written', async () => {
    const labels = ['2024-01-05', '2024-01-01', '2024-01', '2023-12-31T23:00Z', '1899-02'];
    const index = [0, 1, 2, 3, 4, 2, 0, 4];
    const col = periodLabelColumn('period', labels, index);
    expect(col.kind).toBe('label');
    if (col.kind !== 'label' || typeof col.format === 'string') throw new Error('expected several formats');
    expect(col.format.formats).toEqual(['%Y-%m-%d', '%Y-%m', '%Y-%m-%dT%H:00Z']);
    expect([...col.format.codes]).toEqual([0, 0, 1, 2, 1, 1, 0, 1]);
    expect(await roundTrip(labels, index)).toEqual(index.map((k) => labels[k]));
  });

  it('keeps one format when every label has the same shape', () => {
    const col = periodLabelColumn('period', ['2024-01', '2024-02'], [1, 0]);
    expect(col.kind === 'label' && col.format).toBe('%Y-%m');
  });

  it('falls back to strings for a label of another shape or one that does not read back exactly', async () => {
    for (const odd of ['2024-W05', '2024-02-30']) {
      const labels = ['2024-01-05', odd];
      const col = periodLabelColumn('period', labels, [0, 1, 1]);
      expect(col.kind, odd).toBe('string');
      expect(await roundTrip(labels, [0, 1, 1])).toEqual(['2024-01-05', odd, odd]);
    }
  });
});
