import { timeframeMs } from '../engine/timeframe.ts';
import type { GapRange } from './gaps.ts';
import type { SeriesRef, Store } from './store.ts';

/** What the store holds for one series. Times are epoch ms UTC. */
export interface SeriesInfo extends SeriesRef {
  readonly first: number;
  readonly last: number;
  readonly rows: number;
  /** Candles flagged synthetic (gap fill). */
  readonly synthetic: number;
  readonly gaps: {
    /** Missing candles in total. */
    readonly missing: number;
    /** Number of separate gaps. */
    readonly ranges: number;
    /** The first few gaps, oldest first. */
    readonly first: GapRange[];
  };
}

/** Every stored series with its range, row count and gaps (missing expected open times). */
export async function listSeries(store: Store, keepGaps = 5): Promise<SeriesInfo[]> {
  const conn = store.connection;
  const summary = await conn.runAndReadAll(`
    SELECT exchange, symbol, timeframe, min(open_time)::DOUBLE, max(open_time)::DOUBLE, count(*)::DOUBLE,
           count(*) FILTER (WHERE synthetic)::DOUBLE
    FROM candles GROUP BY ALL ORDER BY exchange, symbol, timeframe`);
  const out: SeriesInfo[] = [];
  for (const row of summary.getRows()) {
    const [exchange, symbol, timeframe, first, last, rows, synthetic] = row as [string, string, string, number, number, number, number];
    let step: number;
    try {
      step = timeframeMs(timeframe);
    } catch {
      out.push({ exchange, symbol, timeframe, first, last, rows, synthetic, gaps: { missing: 0, ranges: 0, first: [] } });
      continue;
    }
    const params = [exchange, symbol, timeframe, step];
    const gapSql = `
      WITH steps AS (
        SELECT open_time, open_time - lag(open_time) OVER (ORDER BY open_time) AS d
        FROM candles WHERE exchange = $1 AND symbol = $2 AND timeframe = $3)
      SELECT (open_time - d)::DOUBLE AS prev, (ceil(d / $4) - 1)::DOUBLE AS missing FROM steps WHERE d > $4`;
    const totals = await conn.runAndReadAll(`SELECT count(*)::DOUBLE, coalesce(sum(missing), 0)::DOUBLE FROM (${gapSql})`, params);
    const [ranges, missing] = totals.getRows()[0] as [number, number];
    const firstRows = await conn.runAndReadAll(`${gapSql} ORDER BY prev LIMIT ${keepGaps | 0}`, params);
    const firstGaps = firstRows.getRows().map(([prev, count]) => ({
      from: (prev as number) + step,
      to: (prev as number) + (count as number) * step,
      count: count as number,
    }));
    out.push({ exchange, symbol, timeframe, first, last, rows, synthetic, gaps: { missing, ranges, first: firstGaps } });
  }
  return out;
}
