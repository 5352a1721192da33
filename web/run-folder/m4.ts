import type { DuckDBConnection } from '@duckdb/node-api';
import { m4Indices } from '../../data/m4-indices.ts';

/** A downsampled line: times (epoch ms) and values, time-ordered. */
export interface Line {
  t: number[];
  v: number[];
}

/**
 * M4 downsampling in SQL: per group and per time bucket, the first, last, lowest and highest point of each
 * value column. A line drawn through them is pixel-identical to the full line at `buckets` pixels wide, and
 * every extreme (the deepest drawdown, the highest equity) survives. At most 4 points per bucket.
 *
 * `relation` is a SQL query with columns `g` (group, text), `t` (epoch ms, DOUBLE) and the `values` columns.
 */
export async function m4(conn: DuckDBConnection, relation: string, values: readonly string[], buckets: number): Promise<Map<string, Line[]>> {
  const b = Math.max(1, Math.floor(buckets));
  const aggs = values
    .map((v, i) => `min(e.t) AS tf${i}, arg_min(e.${v}, e.t) AS vf${i}, max(e.t) AS tl${i}, arg_max(e.${v}, e.t) AS vl${i}, arg_min(e.t, e.${v}) AS tn${i}, min(e.${v}) AS vn${i}, arg_max(e.t, e.${v}) AS tx${i}, max(e.${v}) AS vx${i}`)
    .join(', ');
  const sql = `WITH e AS (${relation}), r AS (SELECT g, min(t) AS t0, max(t) AS t1 FROM e GROUP BY g)
    SELECT e.g, least(floor((e.t - r.t0) * ${b} / greatest(r.t1 - r.t0, 1)), ${b - 1}) AS bucket, ${aggs}
    FROM e JOIN r ON e.g = r.g GROUP BY e.g, bucket ORDER BY e.g, bucket`;
  const reader = await conn.runAndReadAll(sql);
  const rows = reader.getRows();
  const out = new Map<string, Line[]>();
  for (const row of rows) {
    const g = String(row[0]);
    let lines = out.get(g);
    if (!lines) {
      lines = values.map(() => ({ t: [], v: [] }));
      out.set(g, lines);
    }
    for (let i = 0; i < values.length; i++) {
      const o = 2 + i * 8;
      const n = (k: number) => (row[k] === null ? Number.NaN : Number(row[k]));
      const pts: [number, number][] = [
        [n(o), n(o + 1)],
        [n(o + 4), n(o + 5)],
        [n(o + 6), n(o + 7)],
        [n(o + 2), n(o + 3)],
      ];
      pts.sort((x, y) => x[0] - y[0]);
      const line = lines[i];
      for (const [t, v] of pts) {
        if (Number.isNaN(t) || Number.isNaN(v)) continue;
        if (line.t.length > 0 && line.t[line.t.length - 1] === t) continue;
        line.t.push(t);
        line.v.push(v);
      }
    }
  }
  return out;
}

/** The same M4 rule over arrays in memory (live series, tests): at most 4 points per bucket. */
export function m4Arrays(t: ArrayLike<number>, v: ArrayLike<number>, buckets: number): Line {
  if (t.length <= buckets * 4) return { t: Array.from(t), v: Array.from(v) };
  const idx = m4Indices(t, [v], buckets);
  return { t: idx.map((k) => t[k]), v: idx.map((k) => v[k]) };
}
