import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withScratchDuckDB } from '../../data/duck-scratch.ts';
import { readEquityUnits } from '../../web/run-folder/read.ts';
import { loadReportData } from '../../web/reports/report-data.ts';
import { sampleRun, tempDir } from './fixtures.ts';

let tmp: { dir: string; cleanup: () => void };
let run: { runId: string; outDir: string };
beforeAll(async () => {
  tmp = tempDir();
  run = await sampleRun(join(tmp.dir, 'runs'));
});
afterAll(() => tmp.cleanup());

describe('equity-units.parquet', () => {
  it('is written with the run and gives the same units as aggregating equity.parquet', async () => {
    expect(existsSync(join(run.outDir, 'equity-units.parquet'))).toBe(true);
    const bare = join(tmp.dir, 'bare');
    cpSync(run.outDir, bare, { recursive: true });
    rmSync(join(bare, 'equity-units.parquet'));
    const [stored, computed] = await withScratchDuckDB(async (conn) => [await readEquityUnits(conn, run.outDir, 500), await readEquityUnits(conn, bare, 500)]);
    expect([...stored.keys()].sort()).toEqual([...computed.keys()].sort());
    // Same aggregation rule; the stored file may use a finer unit, so compare what a report derives from them.
    const a = await loadReportData(run.outDir);
    const b = await loadReportData(bare);
    expect(a.monthly).toEqual(b.monthly);
    for (const e of a.equity) {
      const f = b.equity.find((x) => x.id === e.id)!;
      expect(Math.max(...e.equity.v)).toBe(Math.max(...f.equity.v));
      expect(Math.min(...e.equity.v)).toBe(Math.min(...f.equity.v));
      expect(Math.max(...e.drawdown.v)).toBe(Math.max(...f.drawdown.v));
      expect(e.equity.v.at(-1)).toBe(f.equity.v.at(-1));
      expect(e.equity.t[0]).toBe(f.equity.t[0]);
    }
  });

  it('falls back to the full table when more detail is asked than stored', async () => {
    const units = await withScratchDuckDB((conn) => readEquityUnits(conn, run.outDir, 20_000));
    const u = units.get('__portfolio__')!;
    expect(u.start.length, 'one unit per 1m bar: finer than the stored 5m units').toBe(13681);
  });
});
