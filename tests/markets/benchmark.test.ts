import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktestJob } from '../../backtest/run/backtest-job.ts';
import { readTableFile } from '../backtest/cli-helpers.ts';

const ORCL = 'data/samples/orcl-1995-2014.txt';
const dir = mkdtempSync(join(tmpdir(), 'strata-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The textbook definitions, written out again over plain arrays. */
function independent(rs: number[], rb: number[], ppy: number) {
  const n = rs.length;
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const active = rs.map((r, i) => r - rb[i]);
  const [ms, mb, ma] = [avg(rs), avg(rb), avg(active)];
  const cov = rs.reduce((a, r, i) => a + (r - ms) * (rb[i] - mb), 0) / (n - 1);
  const varB = rb.reduce((a, r) => a + (r - mb) ** 2, 0) / (n - 1);
  const sdA = Math.sqrt(active.reduce((a, r) => a + (r - ma) ** 2, 0) / (n - 1));
  const beta = cov / varB;
  return { beta, alpha: (ms - beta * mb) * ppy, trackingError: sdA * Math.sqrt(ppy), informationRatio: (ma * ppy) / (sdA * Math.sqrt(ppy)) };
}

describe('benchmarks of a run', () => {
  it('buy-and-hold of ORCL and a named index series match an independent computation', async () => {
    const rows = readFileSync(ORCL, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    // A made-up index over the same dates: ORCL's square root with a drift, so it differs from ORCL itself.
    const index = rows.map((r, i) => 100 * Math.sqrt(Number(r[4])) * (1 + i / 10_000));
    writeFileSync(join(dir, 'idx.csv'), `Date,Open,High,Low,Close,Volume\n${rows.map((r, i) => `${r[0]},${index[i]},${index[i]},${index[i]},${index[i]},1`).join('\n')}\n`);
    const job = await runBacktestJob({
      configPaths: ['examples/stocks/ema_orcl_1d.json'],
      data: { paths: [ORCL] },
      outDir: join(dir, 'run'),
      resultsDb: null,
      command: 'test',
      now: () => new Date(0),
      benchmark: `${join(dir, 'idx.csv')}=IDX`,
    });
    const metrics = JSON.parse(readFileSync(join(dir, 'run', 'metrics.json'), 'utf8'));
    const b = metrics.strategies[0].benchmarks;
    const { rows: eqRows } = await readTableFile(join(dir, 'run', 'equity.parquet'), 'time');
    const eq = eqRows.filter((r) => r.strategy_id === 'ema_orcl_1d').map((r) => Number(r.equity));
    const capital = job.result.strategies[0].config.capital;
    const rs = eq.map((e, i) => e / (i === 0 ? capital : eq[i - 1]) - 1);
    const closes = rows.map((r) => Number(r[4]));
    const open0 = Number(rows[0][1]);
    const rbOrcl = closes.map((c, i) => c / (i === 0 ? open0 : closes[i - 1]) - 1);
    const rbIdx = index.map((c, i) => c / (i === 0 ? index[0] : index[i - 1]) - 1);

    expect(b.buyAndHold.name).toBe('buy and hold ORCL');
    expect(b.buyAndHold.benchmarkReturn, 'from the first open to the last close').toBeCloseTo(closes.at(-1)! / open0 - 1, 12);
    expect(b.buyAndHold.excessReturn).toBeCloseTo(eq.at(-1)! / capital - closes.at(-1)! / open0, 12);
    const want = independent(rs, rbOrcl, 252);
    for (const k of ['beta', 'alpha', 'trackingError', 'informationRatio'] as const) expect(b.buyAndHold[k], `buy and hold ${k}`).toBeCloseTo(want[k], 10);

    expect(b.benchmark.name).toBe('IDX');
    expect(b.benchmark.benchmarkReturn).toBeCloseTo(index.at(-1)! / index[0] - 1, 12);
    const wantIdx = independent(rs, rbIdx, 252);
    for (const k of ['beta', 'alpha', 'trackingError', 'informationRatio'] as const) expect(b.benchmark[k], `IDX ${k}`).toBeCloseTo(wantIdx[k], 10);
    expect(wantIdx.beta, 'the index is not ORCL').not.toBeCloseTo(want.beta, 2);

    const p = metrics.portfolio.benchmarks.buyAndHold;
    expect(p.name).toBe('buy and hold of the traded symbols');
    expect(p.beta, 'one strategy: the portfolio is its curve, the basket its symbol').toBeCloseTo(b.buyAndHold.beta, 12);
    expect(p.alpha).toBeCloseTo(b.buyAndHold.alpha, 12);
    const manifest = JSON.parse(readFileSync(join(dir, 'run', 'manifest.json'), 'utf8'));
    expect(manifest.strategies[0]).toMatchObject({ market: 'us_equity', annualisation: { periodsPerYear: 252, source: 'market', minimumSpanDays: 30 }, benchmarks: ['buy and hold ORCL from the open of the first bar', 'IDX'] });
  });

  it('names a benchmark symbol it cannot find', async () => {
    await expect(
      runBacktestJob({ configPaths: ['examples/stocks/ema_orcl_1d.json'], data: { paths: [ORCL] }, outDir: join(dir, 'x'), resultsDb: null, command: 'test', benchmark: 'SPY' }),
    ).rejects.toThrow('--benchmark SPY: no such file, and there is no store in --data');
  });
});
