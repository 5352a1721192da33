import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withScratchDuckDB } from '../../data/duck-scratch.ts';
import { writeTable } from '../../data/table-file.ts';
import { tempDir } from '../../tests/web/fixtures.ts';
import { aggregateUnits, MONTH_UNIT } from '../../backtest/records/equity-units.ts';
import type { EquitySeries } from '../../backtest/run/run-backtest.ts';
import { monthlyFromUnits, readEquityUnits, unitFor, unitsToLines } from './read.ts';

let tmp: { dir: string; cleanup: () => void };
const HOUR = 3_600_000;
const start = Date.UTC(2024, 0, 30); // spans Jan 30 .. Mar 10
const n = 40 * 24;
const equity = Array.from({ length: n }, (_, i) => 1000 + 100 * Math.sin(i / 37) + i * 0.1);
const peak = equity.reduce<number[]>((acc, v, i) => (acc.push(Math.max(v, i ? acc[i - 1] : v)), acc), []);
const drawdown = equity.map((v, i) => 1 - v / peak[i]);
const time = equity.map((_, i) => start + (i + 1) * HOUR);

beforeAll(async () => {
  tmp = tempDir();
  await writeTable(join(tmp.dir, 'equity.parquet'), 'parquet', [
    { name: 'time', kind: 'time', values: time },
    { name: 'strategy_id', kind: 'string', values: time.map(() => 's1') },
    { name: 'equity', kind: 'number', values: equity },
    { name: 'drawdown', kind: 'number', values: drawdown },
  ]);
});
afterAll(() => tmp.cleanup());

describe('equity units (one pass for lines and monthly returns)', () => {
  it('monthly returns equal the month-end equity computed directly', async () => {
    const units = await withScratchDuckDB((conn) => readEquityUnits(conn, tmp.dir, 50));
    const u = units.get('s1')!;
    const monthly = monthlyFromUnits('s1', u, 1000);
    const lastOf = (y: number, m: number) => {
      let v = Number.NaN;
      time.forEach((t, i) => {
        const d = new Date(t - 1); // a close at 00:00 on the 1st ends the month before
        if (d.getUTCFullYear() === y && d.getUTCMonth() + 1 === m) v = equity[i];
      });
      return v;
    };
    const jan = lastOf(2024, 1);
    const feb = lastOf(2024, 2);
    const mar = lastOf(2024, 3);
    expect(monthly.map((x) => [x.year, x.month])).toEqual([[2024, 1], [2024, 2], [2024, 3]]);
    expect(monthly[0].value).toBeCloseTo(jan / 1000 - 1, 12);
    expect(monthly[1].value).toBeCloseTo(feb / jan - 1, 12);
    expect(monthly[2].value).toBeCloseTo(mar / feb - 1, 12);
  });

  it('display lines keep the global extremes and the first and last points', async () => {
    const units = await withScratchDuckDB((conn) => readEquityUnits(conn, tmp.dir, 50));
    const { equity: eq, drawdown: dd } = unitsToLines(units.get('s1')!, 50);
    expect(eq.t.length).toBeLessThanOrEqual(200);
    expect(Math.max(...eq.v)).toBe(Math.max(...equity));
    expect(Math.min(...eq.v)).toBe(Math.min(...equity));
    expect(Math.max(...dd.v)).toBe(Math.max(...drawdown));
    expect(eq.t[0]).toBe(time[0]);
    expect(eq.v.at(-1)).toBe(equity.at(-1));
    for (let i = 1; i < eq.t.length; i++) expect(eq.t[i]).toBeGreaterThan(eq.t[i - 1]);
  });

  it('picks the coarsest unit that still gives enough buckets, nesting in days', () => {
    expect(unitFor(365 * 86_400_000, 500)).toBe(4 * HOUR);
    expect(unitFor(10 * 86_400_000, 500)).toBe(900_000);
    expect(unitFor(60_000, 500)).toBe(1000);
  });

  it('computes calendar-month units in SQL as aggregateUnits does, for a curve long enough for them', async () => {
    const DAY = 86_400_000;
    const t: number[] = [];
    for (let x = Date.UTC(1930, 0, 2); x <= Date.UTC(2040, 0, 1); x += DAY) t.push(x);
    const v = t.map((_, i) => 1000 + 80 * Math.sin(i / 30) + i * 0.02);
    const d = v.map((x, i) => (i % 5) / 10);
    const long = tempDir();
    try {
      await writeTable(join(long.dir, 'equity.parquet'), 'parquet', [
        { name: 'time', kind: 'time', values: t },
        { name: 'strategy_id', kind: 'string', values: t.map(() => 'long') },
        { name: 'equity', kind: 'number', values: v },
        { name: 'drawdown', kind: 'number', values: d },
      ]);
      const sql = (await withScratchDuckDB((conn) => readEquityUnits(conn, long.dir, 1000))).get('long')!;
      const js = aggregateUnits({ time: t, equity: v, drawdown: d } as unknown as EquitySeries, MONTH_UNIT);
      expect(sql.start.length).toBe(110 * 12);
      for (const f of Object.keys(js) as (keyof typeof js)[]) {
        const mismatch = js[f].findIndex((x, i) => x !== sql[f][i]);
        expect(mismatch, `${f}: first differing unit`).toBe(-1);
      }
    } finally {
      long.cleanup();
    }
  });
});
