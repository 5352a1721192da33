import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlString, withScratchDuckDB } from '../../data/duck-scratch.ts';
import { writeTable } from '../../data/table-file.ts';
import type { PortfolioAnalytics } from '../../engine/portfolio/analytics.ts';
import { CorrelationMatrix } from '../../engine/portfolio/correlation.ts';
import { analyticsSummary, CORRELATION_MATRIX_FILE, FLAGGED_IN_SUMMARY, MATRIX_IN_SUMMARY, periodLabelColumn, writeAnalyticsFiles } from './analytics-files.ts';

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

describe('analyticsSummary and the correlation matrix file', () => {
  /** Correlation of n strategies where pair (i, j) is 1 - (i + j) / 100 (every pair flagged at 0.7 for small n). */
  function correlationOf(n: number): PortfolioAnalytics['correlation'] {
    const ids = Array.from({ length: n }, (_, k) => `s${k}`);
    const matrix = ids.map((_, i) => ids.map((__, j) => (i === j ? 1 : i === 0 && j === 1 ? null : 1 - (i + j) / 100)));
    const flagged = ids.flatMap((a, i) => ids.slice(i + 1).map((b, d) => ({ a, b, correlation: matrix[i][i + 1 + d] }))).filter((f): f is { a: string; b: string; correlation: number } => f.correlation !== null && f.correlation > 0.7);
    flagged.sort((x, y) => y.correlation - x.correlation);
    return { period: 'day', periods: 10, threshold: 0.7, ids, matrix: CorrelationMatrix.fromRows(matrix), flagged, flaggedCount: flagged.length, rolling: { window: 20, labels: [], pairs: [] } };
  }
  const analytics = (n: number) => ({ attribution: { total: { portfolioReturn: 0, contributions: {} }, day: [], week: [], month: [] }, correlation: correlationOf(n), volatility: {}, diversificationRatio: null }) as PortfolioAnalytics;

  it('keeps the matrix up to MATRIX_IN_SUMMARY strategies and names the file beyond; lists FLAGGED_IN_SUMMARY pairs with the count', () => {
    const small = analyticsSummary(analytics(MATRIX_IN_SUMMARY)) as { correlation: Record<string, unknown> };
    expect(small.correlation.matrix).toEqual(correlationOf(MATRIX_IN_SUMMARY).matrix.rows());
    expect(small.correlation.matrixFile).toBeUndefined();
    const big = analyticsSummary(analytics(40)) as { correlation: Record<string, unknown> };
    expect(big.correlation.matrix).toBeUndefined();
    expect(big.correlation.matrixFile).toBe(CORRELATION_MATRIX_FILE);
    const all = correlationOf(40).flagged;
    expect(all.length).toBeGreaterThan(FLAGGED_IN_SUMMARY);
    expect(big.correlation.flagged).toEqual(all.slice(0, FLAGGED_IN_SUMMARY));
    expect(big.correlation.flaggedCount).toBe(all.length);
  });

  it('writes every pair of a large matrix to correlation-matrix.parquet, null kept', async () => {
    const out = mkdtempSync(join(dir, 'matrix-'));
    const a = analytics(40);
    const files = await withScratchDuckDB((conn) => writeAnalyticsFiles(conn, out, a));
    expect(files).toContain(CORRELATION_MATRIX_FILE);
    const rows = await withScratchDuckDB(async (c) => (await c.runAndReadAll(`SELECT a, b, value FROM read_parquet(${sqlString(join(out, CORRELATION_MATRIX_FILE))})`)).getRows());
    expect(rows).toHaveLength((40 * 39) / 2);
    const m = a.correlation.matrix;
    const expected = a.correlation.ids.flatMap((x, i) => a.correlation.ids.slice(i + 1).map((y, d) => [x, y, m.get(i, i + 1 + d)]));
    expect(rows).toEqual(expected);
    expect(rows[0][2], 'an undefined correlation is NULL').toBeNull();
    const smallOut = mkdtempSync(join(dir, 'matrix-small-'));
    expect(await withScratchDuckDB((conn) => writeAnalyticsFiles(conn, smallOut, analytics(5)))).not.toContain(CORRELATION_MATRIX_FILE);
  });
});
