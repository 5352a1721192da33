import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTable } from '../../data/table-file.ts';
import { main } from '../../cli/main.ts';
import { sampleRun, tempDir } from '../../tests/web/fixtures.ts';
import { readTableFile } from '../../tests/backtest/cli-helpers.ts';
import { buildComparison, buildRunReport, loadReportData } from './index.ts';
import { METRIC_COLUMNS } from './metrics-table.ts';

let tmp: { dir: string; cleanup: () => void };
let run: { runId: string; outDir: string };

beforeAll(async () => {
  tmp = tempDir();
  run = await sampleRun(join(tmp.dir, 'runs'));
});
afterAll(() => tmp.cleanup());

const doc = (html: string) => parseHTML(html).document;

/** A copy of the fixture run to modify. */
function copyRun(name: string): string {
  const dir = join(tmp.dir, name);
  cpSync(run.outDir, dir, { recursive: true });
  return dir;
}

describe('run report', () => {
  it('is one self-contained document: inline SVG, CSS and JS, no external URL', async () => {
    const html = await buildRunReport(run.outDir, { served: false });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/);
    expect(html).not.toMatch(/@import/);
    expect(html).not.toMatch(/href="\/(reports|api)/);
    // The only absolute URLs are XML namespace names, which are never fetched, and the chart library's
    // attribution link to TradingView (its licence asks for it; a link is only followed when clicked).
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(urls.filter((u) => u.startsWith('http://www.w3.org/') || u.startsWith('https://www.tradingview.com/?utm_medium=lwc-link'))));
  });

  it('draws equity, drawdown, prices with signals, monthly returns and the trade distribution', async () => {
    const d = doc(await buildRunReport(run.outDir, { served: false }));
    for (const id of ['metrics', 'equity', 'portfolio', 'drawdown', 'prices', 'monthly', 'pnl']) expect(d.getElementById(id), `section ${id}`).not.toBeNull();
    expect(d.getElementById('margin'), 'spot strategies only: no margin section').toBeNull();
    const equity = d.querySelectorAll('#equity svg path');
    expect(equity.length, 'a line per strategy').toBeGreaterThanOrEqual(3);
    for (const cls of ['st-0', 'st-1', 'st-2']) expect(d.querySelector(`#equity g.${cls}`), `toggle class ${cls}`).not.toBeNull();
    expect(d.querySelector('#equity g.st-0 > title')?.textContent, 'a tooltip per line').toMatch(/equity/);
    // The candlestick chart's data: each strategy at its own timeframe, its trades and its indicators.
    const charts = JSON.parse(d.getElementById('candle-data')!.textContent!) as { id: string; timeframe: string; candles: number[][]; trades: { entryTime: number }[]; indicators: { name: string; scale: string }[] }[];
    const csv = readFileSync(join(run.outDir, 'trades.csv'), 'utf8').trim().split('\n').slice(1);
    for (const c of charts) {
      const tf = { '5m': 300_000, '15m': 900_000, '1h': 3_600_000 }[c.timeframe]!;
      expect(c.candles.length, `${c.id} candles`).toBeGreaterThan(20);
      expect(c.candles.every((k, i) => i === 0 || k[0] - c.candles[i - 1][0] >= tf), `${c.id}: candles ${c.timeframe} apart at least`).toBe(true);
      expect(c.trades.length, `${c.id}: every trade of trades.csv`).toBe(csv.filter((l) => l.startsWith(`${c.id},`)).length);
      expect(c.indicators.length, `${c.id}: its indicators`).toBeGreaterThan(0);
    }
    expect(charts.find((c) => c.id === 'macd_btc_15m')!.indicators.map((i) => [i.name, i.scale])).toContainEqual(['macd.histogram', 'oscillator']);
    expect(d.querySelectorAll('#monthly svg rect').length).toBeGreaterThan(0);
    expect(d.querySelectorAll('#pnl svg rect').length).toBeGreaterThan(0);
    expect(d.querySelectorAll('#correlation svg:not(.legend-ramp) rect').length, 'the portfolio layer’s correlation matrix, 3x3').toBe(9);
    expect(d.querySelector('#correlation svg.legend-ramp'), 'a legend on the colour scale').not.toBeNull();
    expect(d.querySelectorAll('#attribution svg rect').length).toBeGreaterThanOrEqual(3);
    expect(d.getElementById('sweep')).toBeNull();
  });

  it('the metrics table holds exactly the numbers of metrics.json', async () => {
    const metrics = JSON.parse(readFileSync(join(run.outDir, 'metrics.json'), 'utf8'));
    const d = doc(await buildRunReport(run.outDir, { served: false }));
    const rows = Array.from(d.querySelectorAll('#metrics tbody tr') as ArrayLike<Element>);
    expect(rows.map((r) => r.getAttribute('data-id'))).toEqual(metrics.strategies.map((s: { id: string }) => s.id));
    for (const row of rows) {
      const perf = metrics.strategies.find((s: { id: string }) => s.id === row.getAttribute('data-id')).metrics.performance;
      for (const c of METRIC_COLUMNS) {
        const cell = row.querySelector(`td[data-key="${c.key}"]`)!;
        const v = perf[c.key];
        expect(cell.getAttribute('data-v'), `${row.getAttribute('data-id')} ${c.key}`).toBe(v === null ? '' : String(v));
      }
    }
    const foot = d.querySelector('#metrics tfoot tr')!;
    expect(foot.querySelector('td[data-key="totalReturn"]')!.getAttribute('data-v')).toBe(String(metrics.portfolio.totalReturn));
    expect(foot.querySelector('td[data-key="equity"]')!.getAttribute('data-v')).toBe(String(metrics.portfolio.finalEquity));
  });

  it('draws the per-day attribution from attribution.parquet, and from an older folder\'s metrics.json alike', async () => {
    const m = JSON.parse(readFileSync(join(run.outDir, 'metrics.json'), 'utf8'));
    expect(m.portfolio.analytics.attribution.day, 'metrics.json holds no per-day rows').toBeUndefined();
    const d = doc(await buildRunReport(run.outDir, { served: false }));
    const h3 = Array.from(d.querySelectorAll('#attribution h3')).map((h) => h.textContent);
    expect(h3, 'the per-period chart, from attribution.parquet').toEqual(['By day']);
    const bars = d.querySelectorAll('#attribution svg rect').length;
    // An older folder: no attribution.parquet, the periods inside metrics.json.
    const old = copyRun('old-attribution');
    const { rows } = await readTableFile(join(old, 'attribution.parquet'));
    rmSync(join(old, 'attribution.parquet'));
    const day = new Map<string, { period: string; end: string; portfolioReturn: number; contributions: Record<string, number> }>();
    for (const r of rows.filter((r) => r.kind === 'day')) {
      const p = day.get(String(r.period)) ?? { period: String(r.period), end: String(r.end), portfolioReturn: 0, contributions: {} };
      if (r.strategy_id === '__portfolio__') p.portfolioReturn = Number(r.value);
      else p.contributions[String(r.strategy_id)] = Number(r.value);
      day.set(p.period, p);
    }
    m.portfolio.analytics.attribution = { total: m.portfolio.analytics.attribution.total, day: [...day.values()], week: [], month: [] };
    writeFileSync(join(old, 'metrics.json'), JSON.stringify(m));
    const o = doc(await buildRunReport(old, { served: false }));
    expect(Array.from(o.querySelectorAll('#attribution h3')).map((h) => h.textContent), 'the old layout still draws it').toEqual(['By day']);
    expect(o.querySelectorAll('#attribution svg rect').length, 'the same bars from either file').toBe(bars);
  });

  it('renders correlation and attribution in either shape, and omits them when absent', async () => {
    const bare = copyRun('no-portfolio');
    const b = JSON.parse(readFileSync(join(bare, 'metrics.json'), 'utf8'));
    for (const k of ['correlation', 'attribution', 'analytics']) delete b.portfolio[k];
    writeFileSync(join(bare, 'metrics.json'), JSON.stringify(b));
    const none = doc(await buildRunReport(bare, { served: false }));
    expect(none.getElementById('correlation')).toBeNull();
    expect(none.getElementById('attribution')).toBeNull();

    const dir = copyRun('with-portfolio');
    rmSync(join(dir, 'attribution.parquet')); // a hand-made folder: totals only
    const m = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    delete m.portfolio.analytics;
    const ids = m.strategies.map((s: { id: string }) => s.id);
    m.portfolio.correlation = { ids, matrix: ids.map((_: string, i: number) => ids.map((__: string, j: number) => (i === j ? 1 : 0.25 * (i - j)))) };
    m.portfolio.attribution = Object.fromEntries(ids.map((id: string, i: number) => [id, 0.01 * (i - 1)]));
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify(m));
    const d = doc(await buildRunReport(dir, { served: false }));
    expect(d.querySelectorAll('#correlation svg:not(.legend-ramp) rect').length, 'a 3x3 matrix').toBe(9);
    expect(d.querySelectorAll('#attribution svg rect').length).toBe(3);
  });

  it('draws a sweep heatmap from sweep.parquet: two parameters by one metric', async () => {
    const dir = copyRun('with-sweep');
    const fast = [5, 8, 12, 16];
    const slow = [20, 30, 40];
    const rows = fast.flatMap((f) => slow.map((s) => ({ f, s })));
    await writeTable(join(dir, 'sweep.parquet'), 'parquet', [
      { name: 'rank', kind: 'number', values: rows.map((_, i) => i + 1) },
      { name: 'combination', kind: 'number', values: rows.map((_, i) => i) },
      { name: 'status', kind: 'string', values: rows.map(() => 'ok') },
      { name: 'reason', kind: 'string', values: rows.map(() => '') },
      { name: 'indicators.fast.period', kind: 'number', values: rows.map((r) => r.f) },
      { name: 'indicators.slow.period', kind: 'number', values: rows.map((r) => r.s) },
      { name: 'total_return', kind: 'number', values: rows.map((r) => (r.s - r.f) / 100) },
      { name: 'sharpe', kind: 'number', values: rows.map((r) => r.f / r.s) },
      { name: 'trades', kind: 'number', values: rows.map((r) => r.f * 3 + r.s) },
    ]);
    const data = await loadReportData(dir);
    expect(data.sweep!.params).toEqual(['indicators.fast.period', 'indicators.slow.period']);
    expect(data.sweep!.metrics).toEqual(['total_return', 'sharpe', 'trades']);
    const d = doc(await buildRunReport(dir, { served: false }));
    expect(d.querySelectorAll('#sweep svg:not(.legend-ramp) rect').length, 'one cell per combination').toBe(12);
    expect(d.querySelector('#sweep svg.legend-ramp')?.getAttribute('aria-label'), 'the sweep heatmap’s colour legend').toMatch(/sharpe/);
    expect(d.querySelector('#sweep svg title')!.textContent).toMatch(/sharpe/);
    const byReturn = doc(await buildRunReport(dir, { served: true, sweep: { metric: 'total_return', x: 'indicators.slow.period', y: 'indicators.fast.period' } }));
    expect(byReturn.querySelector('#sweep svg title')!.textContent).toMatch(/^indicators\.slow\.period=\d+, indicators\.fast\.period=\d+: total_return/);
    expect(byReturn.querySelector('#sweep form select'), 'served pages let the reader pick axes').not.toBeNull();
  });

  it('reads prices from the original data when the run folder has none', async () => {
    const dir = copyRun('no-prices');
    rmSync(join(dir, 'prices-display.parquet'));
    const data = await loadReportData(dir);
    expect(data.pricesFrom).toBe('data');
    expect(data.prices[0].symbol).toBe('BTC/USDT');
    expect(data.prices[0].close.t.length).toBeGreaterThan(100);
  });

  it('reads an older run folder’s prices.parquet (every input candle) for both the price line and the candles', async () => {
    const dir = copyRun('full-prices');
    const { rows } = await readTableFile(join(dir, 'prices-display.parquet'), 'close_time');
    const chart = rows.filter((r) => r.view === 'chart' && r.timeframe === '15m');
    await writeTable(join(dir, 'prices.parquet'), 'parquet', [
      { name: 'close_time', kind: 'time', values: chart.map((r) => Date.parse(String(r.close_time).replace(' ', 'T').replace(/\+00$/, 'Z'))) },
      { name: 'symbol', kind: 'string', values: chart.map((r) => String(r.symbol)) },
      { name: 'timeframe', kind: 'string', values: chart.map((r) => String(r.timeframe)) },
      ...(['open', 'high', 'low', 'close', 'volume'] as const).map((k) => ({ name: k, kind: 'number' as const, values: chart.map((r) => Number(r[k])) })),
    ]);
    rmSync(join(dir, 'prices-display.parquet'));
    const data = await loadReportData(dir);
    expect(data.pricesFrom).toBe('run');
    expect(data.prices.map((p) => `${p.symbol} ${p.timeframe}`)).toEqual(['BTC/USDT 15m']);
    const macd = data.candleCharts.find((c) => c.timeframe === '15m')!;
    expect(macd.candles.length).toBe(chart.length);
    expect(macd.candles.at(-1)![4]).toBe(Number(chart.at(-1)!.close));
  });

  it('downsamples long lines to about the requested points', async () => {
    const data = await loadReportData(run.outDir, { points: 400 });
    for (const e of data.equity) expect(e.equity.t.length).toBeLessThanOrEqual(400);
    expect(data.prices[0].close.t.length).toBeLessThanOrEqual(400);
  });

  it('compares runs side by side', async () => {
    const other = await sampleRun(join(tmp.dir, 'runs'), ['macd_btc_15m.json'], new Date('2026-02-01T00:00:00Z'));
    const d = doc(await buildComparison([run.outDir, other.outDir], { served: false }));
    expect(d.querySelectorAll('#metrics tbody tr').length).toBe(4);
    expect(d.querySelectorAll('#returns svg g[class^="st-r"]').length).toBe(4);
    const panels = Array.from(d.querySelectorAll('#drawdowns svg') as ArrayLike<Element>);
    expect(panels.length).toBe(2);
    // Both panels share one y range: the same tick labels, down to the deepest drawdown of either run.
    const ticks = (svg: Element) => Array.from(svg.querySelectorAll('g[aria-label="y-axis tick label"] text') as ArrayLike<Element>).map((t) => t.textContent);
    expect(ticks(panels[0]).length).toBeGreaterThan(1);
    expect(ticks(panels[1]), 'the same y scale side by side').toEqual(ticks(panels[0]));
  });
});

describe('strata report', () => {
  it('writes one HTML file for a run folder or id', async () => {
    const out = join(tmp.dir, 'report.html');
    const code = await main(['report', run.outDir, '--out', out, '--json']);
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(run.runId);
    expect(await main(['report', run.runId, '--runs', join(tmp.dir, 'runs'), '--results-db', join(tmp.dir, 'none.duckdb'), '--out', out])).toBe(0);
    expect(await main(['report', 'nope', '--runs', join(tmp.dir, 'runs'), '--out', out])).toBe(1);
    expect(await main(['report'])).toBe(2);
  });
});
