import { describe, expect, it } from 'vitest';
import { withScratchDuckDB } from '../../data/duck-scratch.ts';
import { m4, m4Arrays } from './m4.ts';

function walk(n: number): { t: number[]; v: number[] } {
  let x = 0;
  let seed = 7;
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    x += seed / 2147483648 - 0.5;
    t.push(1_700_000_000_000 + i * 60_000);
    v.push(x);
  }
  return { t, v };
}

describe('M4 downsampling', () => {
  it('keeps first, last, min and max of every bucket, at most 4 points per bucket', () => {
    const { t, v } = walk(100_000);
    const d = m4Arrays(t, v, 500);
    expect(d.t.length).toBeLessThanOrEqual(2000);
    expect(d.t[0]).toBe(t[0]);
    expect(d.t.at(-1)).toBe(t.at(-1));
    expect(Math.min(...d.v), 'the global minimum survives').toBe(Math.min(...v));
    expect(Math.max(...d.v), 'the global maximum survives').toBe(Math.max(...v));
    for (let i = 1; i < d.t.length; i++) expect(d.t[i]).toBeGreaterThan(d.t[i - 1]);
  });

  it('returns short series unchanged', () => {
    const d = m4Arrays([1, 2, 3], [5, 4, 6], 10);
    expect(d).toEqual({ t: [1, 2, 3], v: [5, 4, 6] });
  });

  it('the SQL version picks the same extremes per group', async () => {
    const { t, v } = walk(20_000);
    const values = t.map((x, i) => `('a', ${x}, ${v[i]})`).join(',');
    const lines = await withScratchDuckDB((conn) => m4(conn, `SELECT * FROM (VALUES ${values}) AS x(g, t, y)`, ['y'], 100));
    const line = lines.get('a')![0];
    expect(line.t.length).toBeLessThanOrEqual(400);
    expect(Math.min(...line.v)).toBe(Math.min(...v));
    expect(Math.max(...line.v)).toBe(Math.max(...v));
    expect(line.t[0]).toBe(t[0]);
    expect(line.t.at(-1)).toBe(t.at(-1));
    const js = m4Arrays(t, v, 100);
    expect(new Set(line.t)).toEqual(new Set(js.t));
  });
});
