import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktestJob } from '../../backtest/run/backtest-job.ts';
import { loadReportData } from '../../web/reports/report-data.ts';
import { renderRunReport } from '../../web/reports/report-page.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-orcl-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the report of an ORCL run', () => {
  it('says how it annualised, why every annualised figure is "–", and shows the benchmarks and the buy-and-hold line', async () => {
    const job = await runBacktestJob({ configPaths: ['examples/stocks/ema_orcl_1d.json'], data: { paths: ['data/samples/orcl-1995-2014.txt'], from: Date.parse('2014-11-03'), to: Date.parse('2014-11-21') }, outDir: join(dir, 'run'), resultsDb: null, command: 'test' });
    const html = renderRunReport(await loadReportData(job.outDir), { served: false });
    const reason = 'span 18 days is shorter than the 30-day minimum: no annualised figure (Sharpe, Sortino, CAGR, Calmar, alpha, information ratio, tracking error); rank by the per-bar Sharpe';
    expect(html).toContain(`EMA crossover ORCL daily: us_equity 1d: 252 sessions a year; – for ${reason}`);
    for (const key of ['cagr', 'sharpeRatio', 'sortinoRatio', 'calmarRatio']) {
      expect(html, `the ${key} cell is empty, printed as –, and titled with the reason`).toContain(`data-key="${key}" data-v="" title="${reason}">–</td>`);
    }
    expect(html, 'the benchmark table prints the annualised figures as –').toMatch(/<td>buy and hold ORCL<\/td>(<td class="num">[^<]*<\/td>){2}<td class="num">–<\/td><td class="num">-?\d+\.\d\d<\/td><td class="num">–<\/td><td class="num">–<\/td>/);
    expect(html).toContain('<h2>Benchmarks</h2>');
    expect(html).toContain('<td>buy and hold ORCL</td>');
    expect(html, 'the grey buy-and-hold line on the portfolio chart').toContain('st-benchmark');
  });
});
