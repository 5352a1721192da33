import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StrategyManager } from '../../engine/manager.ts';
import { buildRunReport } from '../../web/reports/index.ts';
import { startServer, type RunningServer } from '../../web/server.ts';
import { HAS_CHROMIUM, launch, screenshot, SKIP_REASON, strictPage } from './browser.ts';
import { EXAMPLE, SAMPLE_BTC, sampleRun, tempDir } from './fixtures.ts';
import { runBacktestJob } from '../../backtest/run/backtest-job.ts';
import { overflowing } from './layout.ts';

describe.skipIf(!HAS_CHROMIUM)(`report pages in Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  let tmp: { dir: string; cleanup: () => void };
  let run: { runId: string; outDir: string };
  let other: { runId: string; outDir: string };
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    tmp = tempDir();
    const runs = join(tmp.dir, 'runs');
    run = await sampleRun(runs);
    other = await sampleRun(runs, ['macd_btc_15m.json', 'rsi_xrp_5m.json'].slice(0, 1), new Date('2026-03-01T00:00:00Z'));
    server = await startServer({ manager: new StrategyManager(), port: 0, runsDir: runs, resultsDb: null });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    tmp?.cleanup();
  });

  it('shows every chart with marks, and the table equals metrics.json', async () => {
    const { page, errors } = await strictPage(browser);
    await page.goto(`${server.url}/reports/${run.runId}`);
    const marks = await page.evaluate(() => {
      const count = (sel: string) => document.querySelectorAll(sel).length;
      return {
        equity: count('#equity svg path'),
        portfolio: count('#portfolio svg path'),
        drawdown: count('#drawdown svg path'),
        candleCanvas: count('#prices .candle-chart canvas'),
        trades: count('#prices table.trades tbody tr[data-trade]'),
        monthly: count('#monthly svg rect'),
        pnl: count('#pnl svg rect'),
      };
    });
    for (const [chart, n] of Object.entries(marks)) expect(n, `${chart} has marks`).toBeGreaterThan(0);

    const metrics = JSON.parse(readFileSync(join(run.outDir, 'metrics.json'), 'utf8'));
    const table = await page.evaluate(() =>
      Array.from(document.querySelectorAll('#metrics tbody tr')).map((tr) => ({
        id: tr.getAttribute('data-id'),
        cells: Object.fromEntries(Array.from(tr.querySelectorAll('td[data-key]')).map((td) => [td.getAttribute('data-key'), { v: td.getAttribute('data-v'), text: td.textContent }])),
      })),
    );
    expect(table.map((r) => r.id)).toEqual(metrics.strategies.map((s: { id: string }) => s.id));
    for (const row of table) {
      const perf = metrics.strategies.find((s: { id: string }) => s.id === row.id).metrics.performance;
      expect(Number(row.cells.totalReturn.v)).toBe(perf.totalReturn);
      expect(row.cells.totalReturn.text).toBe(`${(perf.totalReturn * 100).toFixed(2)}%`);
      expect(Number(row.cells.totalTrades.v)).toBe(perf.totalTrades);
      expect(row.cells.totalTrades.text).toBe(String(perf.totalTrades));
      expect(row.cells.maxDrawdown.v).toBe(String(perf.maxDrawdown));
      expect(row.cells.sharpeRatio.v).toBe(perf.sharpeRatio === null ? '' : String(perf.sharpeRatio));
    }
    await screenshot(page, 'report.png');
    expect(errors).toEqual([]);
  });

  it('lists every strategy of a 21-strategy run, whose summaries only strategies.jsonl holds', async () => {
    const configs = join(tmp.dir, 'fleet');
    mkdirSync(configs);
    const base = JSON.parse(readFileSync(EXAMPLE('ema_btc_1h.json'), 'utf8'));
    for (let i = 0; i < 21; i++) {
      const config = { ...base, id: `ema_${String(i).padStart(2, '0')}`, name: `EMA ${i}`, indicators: { fast: { type: 'ema', period: 5 + i }, slow: { type: 'ema', period: 30 + i } } };
      writeFileSync(join(configs, `ema_${i}.json`), JSON.stringify(config));
    }
    const fleet = await runBacktestJob({ configPaths: [configs], data: { paths: [SAMPLE_BTC], symbol: 'BTC/USDT' }, runsDir: join(tmp.dir, 'runs'), resultsDb: null, command: 'test fixture', now: () => new Date('2026-04-01T00:00:00Z') });
    const doc = JSON.parse(readFileSync(join(fleet.outDir, 'metrics.json'), 'utf8'));
    expect(doc.strategies, 'metrics.json leaves the strategies to strategies.jsonl').toBeUndefined();
    const entries = readFileSync(join(fleet.outDir, 'strategies.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(entries).toHaveLength(21);
    const { page, errors } = await strictPage(browser);
    await page.goto(`${server.url}/reports/${fleet.runId}`);
    const rows = await page.$$eval('#metrics tbody tr', (trs) => trs.map((tr) => ({ id: tr.getAttribute('data-id'), ret: tr.querySelector('td[data-key="totalReturn"]')?.getAttribute('data-v') ?? null })));
    expect(rows.map((r) => r.id)).toEqual(entries.map((e) => e.id));
    expect(rows.map((r) => Number(r.ret))).toEqual(entries.map((e) => e.metrics.performance.totalReturn));
    expect(new Set(rows.map((r) => r.ret)).size, 'the variants differ').toBeGreaterThan(5);
    expect(errors).toEqual([]);
  });

  it('sorts the table by a column and hides a strategy everywhere with its checkbox', async () => {
    const { page, errors } = await strictPage(browser);
    await page.goto(`${server.url}/reports/${run.runId}`);
    const returns = () => page.$$eval('#metrics tbody td[data-key="totalReturn"]', (tds) => tds.map((td) => Number(td.getAttribute('data-v'))));
    await page.click('#metrics th:has-text("Return")');
    const desc = await returns();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await page.click('#metrics th:has-text("Return")');
    const asc = await returns();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));

    const visible = () => page.$$eval('#equity g.st-0, #drawdown g.st-0, #metrics tr.st-0', (els) => els.map((e) => getComputedStyle(e).display !== 'none'));
    expect((await visible()).every(Boolean)).toBe(true);
    await page.uncheck('input[data-toggle="st-0"]');
    expect((await visible()).some(Boolean), 'strategy 0 hidden in every chart and the table').toBe(false);
    await page.check('input[data-toggle="st-0"]');
    expect((await visible()).every(Boolean)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('draws each strategy’s candles with trade markers, and a click on a trade zooms to it', async () => {
    const { page, errors } = await strictPage(browser, { width: 1280, height: 900 });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(`${server.url}/reports/${run.runId}`);
    await page.waitForFunction(() => document.querySelectorAll('#prices .candle-chart canvas').length > 0);
    await page.selectOption('#prices select', { label: 'MACD BTC 15m Strategy · BTC/USDT 15m' });
    const trades = readFileSync(join(run.outDir, 'trades.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).filter((c) => c[0] === 'macd_btc_15m');
    const state = await page.evaluate(() => {
      const r = (window as unknown as { __strataReport: { strategy(): string; markers(): { time: number; kind: string; trade: number; price: number }[]; panes(): number } }).__strataReport;
      return { strategy: r.strategy(), markers: r.markers(), panes: r.panes() };
    });
    expect(state.strategy).toBe('macd_btc_15m');
    expect(state.panes, 'candles, then a pane each for MACD and RSI').toBe(3);
    // trades.csv: strategy_id, symbol, side, quantity, entry_time, entry_price, exit_time, exit_price, ...
    const floor15 = (iso: string) => Math.floor(Date.parse(iso) / 900_000) * 900_000;
    for (const [i, t] of trades.entries()) {
      const entry = state.markers.find((m) => m.trade === i && m.kind === 'entry')!;
      expect(entry.time, `trade ${i + 1} entry on the 15m bar holding ${t[4]}`).toBe(floor15(t[4]) === Date.parse(t[4]) ? Date.parse(t[4]) : floor15(t[4]));
      expect(entry.price).toBe(Number(t[5]));
    }
    const before = await page.evaluate(() => (window as unknown as { __strataReport: { visibleRange(): { from: number; to: number } } }).__strataReport.visibleRange());
    await page.click('#prices table.trades tbody tr[data-trade="0"]');
    // the library applies a new range on its next frame
    await page.waitForFunction((b) => {
      const r = (window as unknown as { __strataReport: { visibleRange(): { from: number; to: number } } }).__strataReport.visibleRange();
      return r.to - r.from < b.to - b.from;
    }, before);
    const after = await page.evaluate(() => (window as unknown as { __strataReport: { visibleRange(): { from: number; to: number } } }).__strataReport.visibleRange());
    const [entryMs, exitMs] = [Date.parse(trades[0][4]), Date.parse(trades[0][6])];
    expect(after.to - after.from, 'zoomed in').toBeLessThan(before.to - before.from);
    expect(after.from * 1000, 'the trade’s entry is in view').toBeLessThanOrEqual(entryMs);
    expect(after.to * 1000, 'and its exit').toBeGreaterThanOrEqual(exitMs - 900_000);
    await page.locator('#prices').screenshot({ path: join(process.cwd(), 'test-artifacts', 'report-candles.png') });
    const heatmapColumns = await page.$$eval('#monthly svg:not(.legend-ramp) g[aria-label="x-axis tick label"] text', (t) => t.map((x) => x.textContent));
    expect(heatmapColumns, 'only the months the run covers').toEqual(['2017 Nov']);
    expect(await page.$$eval('#monthly svg.legend-ramp', (s) => s.length), 'a legend on the colour scale').toBe(1);
    await page.locator('#monthly').screenshot({ path: join(process.cwd(), 'test-artifacts', 'report-monthly.png') });
    for (const width of [1440, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(200);
      expect(await page.evaluate(overflowing), `nothing spills out of its box at ${width} px (tables scroll in theirs)`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `no page-wide horizontal scroll at ${width} px`).toBeLessThanOrEqual(width);
    }
    await screenshot(page, 'report-1280.png');
    expect(requests, 'no request beyond this server').toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the written report opens offline with the same charts', async () => {
    const file = join(tmp.dir, 'offline.html');
    writeFileSync(file, await buildRunReport(run.outDir, { served: false }));
    const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    expect(await page.$$eval('svg', (s) => s.length)).toBeGreaterThanOrEqual(6);
    expect(requests, 'no network request at all').toEqual([]);
    await screenshot(page, 'report-offline.png');
    await context.close();
  });

  it('shows the benchmarks page (results against baseline, floors, trends)', async () => {
    const { page, errors } = await strictPage(browser);
    await page.goto(`${server.url}/bench`);
    const rows = await page.$$eval('table.bench tbody tr', (r) => r.length);
    const empty = await page.$$eval('main p', (ps) => ps.some((p) => /No results yet/.test(p.textContent ?? '')));
    expect(rows > 0 || empty, 'figures, or the note that there are none yet').toBe(true);
    if (rows > 0) expect(await page.$$eval('table.bench svg path', (p) => p.length)).toBeGreaterThan(0);
    await screenshot(page, 'bench.png');
    expect(errors).toEqual([]);
  });

  it('shows the runs list and a comparison', async () => {
    const { page, errors } = await strictPage(browser);
    await page.goto(`${server.url}/reports`);
    await page.check(`input[data-run="${run.runId}"]`);
    await page.check(`input[data-run="${other.runId}"]`);
    await screenshot(page, 'runs.png');
    await Promise.all([page.waitForURL(/\/reports\/compare/), page.click('#compare-runs')]);
    expect(await page.$$eval('#returns svg path', (p) => p.length)).toBeGreaterThan(0);
    expect(await page.$$eval('#metrics tbody tr', (r) => r.length)).toBe(4);
    await screenshot(page, 'compare.png');
    expect(errors).toEqual([]);
  });
});
