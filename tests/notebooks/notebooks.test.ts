/**
 * End to end: a fresh demo backtest and sweep made with the CLI, the notebooks built for them with
 * `notebooks/build.ts` (as `npm run notebooks` does), then opened in headless Chromium with the network cut off:
 * every chart must render its marks, with no console error, no failed cell and no request leaving 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../notebooks/kit/static-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.STRATA_CHROMIUM ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const SKIP = `${CHROMIUM} not found: notebook browser test skipped (install it with: apt-get install -y chromium)`;
if (!HAS_CHROMIUM) console.warn(SKIP);

const run = promisify(execFile);
const cli = (args: string[]) => run(process.execPath, [join(ROOT, 'bin/strata.js'), ...args], { cwd: ROOT, maxBuffer: 16 << 20 });

interface Opened {
  page: Page;
  problems: string[];
}

let tmp: string;
let stage: string;
let build: { stdout: string };

// The build runs whether or not a browser is installed, so CI always builds the notebooks for a fresh run.
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'strata-nb-e2e-'));
  const db = join(tmp, 'results.duckdb');
  const data = ['--data', 'data/samples/UNITTEST_BTC-1m.json', '--symbol', 'BTC/USDT', '--results-db', db];
  await cli(['backtest', 'examples/macd_btc_15m.json', 'examples/ema_btc_1h.json', 'examples/bollinger_btc_5m.json', ...data, '--out', join(tmp, 'run')]);
  await cli(['sweep', 'examples/macd_btc_15m.json', ...data, '--param', 'indicators.macd.fastPeriod=6:14:2', '--param', 'indicators.macd.slowPeriod=20:32:4', '--workers', '0', '--out', join(tmp, 'sweep')]);

  // Build from a private copy of the sources (inside the repo, so node_modules resolves), not notebooks/src/data.
  stage = mkdtempSync(join(ROOT, 'notebooks', '.test-'));
  for (const f of readdirSync(join(ROOT, 'notebooks/src'))) if (f.endsWith('.html')) cpSync(join(ROOT, 'notebooks/src', f), join(stage, f));
  mkdirSync(join(stage, 'lib'));
  for (const f of readdirSync(join(ROOT, 'notebooks/src/lib'))) if (!f.endsWith('.test.ts')) cpSync(join(ROOT, 'notebooks/src/lib', f), join(stage, 'lib', f));
  build = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'notebooks/build.ts'), '--results-db', db, '--root', stage, '--out', join(tmp, 'dist')], { cwd: ROOT, maxBuffer: 16 << 20 });
}, 240_000);

afterAll(() => {
  if (stage) rmSync(stage, { recursive: true, force: true });
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('notebook build', () => {
  it('built every notebook for the fresh runs', () => {
    expect(build.stdout).toMatch(/backtest: \d{8}T\d{6}Z-[0-9a-f]{8}/);
    expect(build.stdout).toMatch(/sweep: +\d{8}T\d{6}Z-[0-9a-f]{8}/);
    for (const f of ['index.html', 'compare.html', 'sweep.html', 'trades.html']) expect(existsSync(join(tmp, 'dist', f)), f).toBe(true);
  });

  it('bundles the libraries the notebooks use instead of pointing at the CDN', () => {
    const files = ['compare.html', ...readdirSync(join(tmp, 'dist', 'assets')).map((f) => join('assets', f))].filter((f) => /\.(html|js|css)$/.test(f));
    const text = files.map((f) => readFileSync(join(tmp, 'dist', f), 'utf8')).join('\n');
    for (const pkg of ['@observablehq/plot/', '@observablehq/inputs/', 'd3/', 'htl/', 'd3-dsv/', 'apache-arrow@']) {
      expect(text, `no jsDelivr URL for ${pkg}`).not.toContain(`cdn.jsdelivr.net/npm/${pkg}`);
    }
    expect(readFileSync(join(tmp, 'dist', 'compare.html'), 'utf8'), 'fonts and styles are local').not.toMatch(/(src|href)="https?:/);
  });
});

describe.skipIf(!HAS_CHROMIUM)(`notebooks in Chromium${HAS_CHROMIUM ? '' : ` (${SKIP})`}`, () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await serveStatic(join(tmp, 'dist'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a notebook with every request outside the local server refused and recorded, and waits for its cells. */
  async function open(name: string, settle: (page: Page) => Promise<unknown>): Promise<Opened> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith('data:')) return route.continue();
      problems.push(`external request: ${url}`);
      return route.abort();
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.url}/${name}`);
    await settle(page);
    await page.waitForLoadState('networkidle');
    const failed = await page.locator('.observablehq--error').allInnerTexts();
    problems.push(...failed.map((t) => `cell error: ${t}`));
    return { page, problems };
  }

  /** Marks drawn by Plot, by mark type (Plot labels each mark's group with aria-label). */
  const marks = (page: Page, type: string, within = 'main') => page.locator(`${within} svg g[aria-label="${type}"] > *`).count();
  const shot = async (page: Page, file: string) => {
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', file), fullPage: true });
  };

  it('compare: equity, drawdown, metrics table and monthly returns render for every strategy', async () => {
    const { page, problems } = await open('compare.html', (p) => p.locator('g[aria-label="cell"]').first().waitFor({ timeout: 30_000 }));
    expect(problems, 'offline, no errors').toEqual([]);
    expect(await page.locator('main svg g[aria-label="line"] path').count(), 'equity and drawdown lines: 3 strategies + portfolio, twice').toBeGreaterThanOrEqual(8);
    expect(await marks(page, 'area'), 'the portfolio drawdown area').toBeGreaterThanOrEqual(1);
    expect(await page.locator('main table tbody tr').count(), 'metrics rows: 3 strategies and the portfolio').toBe(4);
    expect(await marks(page, 'cell'), 'monthly cells for 4 curves, plus the 3x3 correlation matrix').toBeGreaterThanOrEqual(4 + 9);
    await shot(page, 'notebooks-compare.png');

    // Hiding a strategy redraws every chart without it.
    const before = await page.locator('main svg g[aria-label="line"] path').count();
    await page.getByLabel('ema_btc_1h').uncheck();
    await expect.poll(() => page.locator('main svg g[aria-label="line"] path').count()).toBeLessThan(before);
    expect(await page.locator('main table tbody tr').count()).toBe(3);
    await page.close();
  });

  it('sweep: the heatmap has a cell per parameter pair, stability and neighbourhood charts render', async () => {
    const { page, problems } = await open('sweep.html', (p) => p.locator('g[aria-label="cell"]').first().waitFor({ timeout: 30_000 }));
    expect(problems, 'offline, no errors').toEqual([]);
    // fastPeriod 6..14 (5 values) x slowPeriod 20..32 (4 values); every pair valid (fast < slow).
    expect(await marks(page, 'cell'), 'heatmap cells plus the outlined best one').toBe(5 * 4 + 1);
    expect(await marks(page, 'dot'), 'every combination in the stability and neighbourhood charts').toBeGreaterThanOrEqual(20 * 3);
    expect(await marks(page, 'area'), 'a spread band per parameter').toBe(2);
    await shot(page, 'notebooks-sweep.png');
    await page.close();
  });

  it('trades: candles, indicators and trades on the chart; picking a trade zooms to it', async () => {
    const { page, problems } = await open('trades.html', (p) => p.locator('g[aria-label="link"]').first().waitFor({ timeout: 30_000 }));
    expect(problems, 'offline, no errors').toEqual([]);
    const candles = await page.locator('main svg g[aria-label="rule"]').nth(1).locator('line').count();
    expect(candles, 'the last 300 bars by default').toBeGreaterThan(250);
    expect(await marks(page, 'link'), 'trade lines').toBeGreaterThan(3);
    expect(await page.locator('main svg g[aria-label="line"]').count(), 'MACD, signal and RSI lines in the panels').toBeGreaterThanOrEqual(3);
    await shot(page, 'notebooks-trades.png');

    await page.locator('main table tbody tr').nth(3).locator('input').check();
    await expect.poll(async () => page.locator('main svg g[aria-label="rule"]').nth(1).locator('line').count(), { message: 'the window shrinks to the trade and 40 bars either side' }).toBeLessThan(120);
    await shot(page, 'notebooks-trades-zoom.png');
    await page.close();
  });

  it('index: lists the loaded runs', async () => {
    const { page, problems } = await open('index.html', (p) => p.getByText('Sweep', { exact: true }).waitFor({ timeout: 30_000 }));
    expect(problems).toEqual([]);
    await expect.poll(() => page.locator('main').innerText()).toMatch(/Backtest \d{8}T/);
    await page.close();
  });
});
