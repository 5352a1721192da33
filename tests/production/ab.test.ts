/** A/B runs end to end on ORCL daily candles (5,036 sessions, 1995-2014): identical variants, a costlier copy, the report. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAbJob, type AbDocument } from '../../backtest/research/ab/ab-job.ts';
import { buildRunReport } from '../../web/reports/index.ts';
import { queryDb, runCli } from '../backtest/cli-helpers.ts';

const CONFIG = 'tests/backtest/fixtures/sma_cross_orcl.json';
const DATA = { paths: ['data/samples/orcl-1995-2014.txt'], symbol: 'ORCL/USD' };
let tmp: string;
let costly: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'strata-ab-'));
  const base = JSON.parse(readFileSync(CONFIG, 'utf8'));
  costly = join(tmp, 'costly.json');
  writeFileSync(costly, JSON.stringify({ ...base, id: 'sma_cross_costly', execution: { ...base.execution, feeBps: 300 } }));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('strata ab', () => {
  it('two identical configs: no significant difference, ab.json written, run registered as kind ab', async () => {
    const db = join(tmp, 'results.duckdb');
    const out = join(tmp, 'same');
    const job = await runAbJob({ configPaths: [CONFIG, CONFIG], data: DATA, outDir: out, resultsDb: db, command: 'test', resamples: 300 });
    const c = job.doc.comparisons[0];
    expect(c.verdict.text, 'the same strategy on the same feed has the same returns').toBe('no significant difference');
    expect(c.tTest.p).toBe(1);
    expect(job.doc.variants.map((v) => v.id)).toEqual(['A-sma_cross', 'B-sma_cross']);
    const doc = JSON.parse(readFileSync(join(out, 'ab.json'), 'utf8')) as AbDocument;
    expect(doc.comparisons[0].verdict.code).toBe('no_difference');
    expect(doc.series.end.length, 'one daily period per trading session').toBe(5036);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).kind).toBe('ab');
    const rows = await queryDb(db, `SELECT kind, strategies FROM runs WHERE run_id = '${job.runId}'`);
    expect(rows).toEqual([{ kind: 'ab', strategies: 2 }]);
  });

  it('a copy paying 3% fees per fill is worse with 95% confidence (CLI, --json), deterministic for the seed', async () => {
    const args = ['ab', CONFIG, costly, '--data', DATA.paths[0], '--symbol', 'ORCL/USD', '--no-register', '--json', '--resamples', '500'];
    const r = await runCli([...args, '--out', join(tmp, 'costly-1')]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as AbDocument;
    const c = doc.comparisons[0];
    expect(c.verdict.text).toBe('B worse with 95% confidence');
    expect(c.tTest.meanDiff!).toBeLessThan(0);
    expect(c.sharpe.high!, 'the bootstrap interval of the Sharpe difference lies below zero').toBeLessThan(0);
    expect(c.power.requiredPeriods!, 'the effect is large enough that far fewer periods than we have would do').toBeLessThan(c.periods);
    const again = await runCli([...args, '--out', join(tmp, 'costly-2')]);
    expect((JSON.parse(again.stdout) as AbDocument).comparisons, 'same data, same seed: same statistics').toEqual(doc.comparisons);
  });

  it('text output leads with the verdict; bad usage exits 2', async () => {
    const r = await runCli(['ab', CONFIG, costly, '--data', DATA.paths[0], '--symbol', 'ORCL/USD', '--no-register', '--out', join(tmp, 'text'), '--period', '1w', '--resamples', '200']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/B vs A: B worse with 95% confidence/);
    expect(r.stdout).toMatch(/1w periods/);
    expect((await runCli(['ab', CONFIG, '--data', DATA.paths[0]])).code, 'one config is no A/B test').toBe(2);
    expect((await runCli(['ab', CONFIG, costly, '--data', DATA.paths[0], '--period', 'fortnight'])).code).toBe(2);
  });

  it('the run report shows the verdict, both curves and the difference', async () => {
    const html = await buildRunReport(join(tmp, 'costly-1'), { served: false });
    expect(html).toContain('id="ab"');
    expect(html).toContain('B vs A: B worse with 95% confidence');
    expect(html).toContain('data-verdict="worse"');
    expect(html).toContain('Cumulative difference');
    expect(html.match(/class="st-ab[01]"/g)?.length, 'one equity line per variant').toBe(2);
  });
});
