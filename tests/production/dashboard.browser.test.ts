/** The dashboard's versions dialog (list, diff, rollback) and health panel (alerts, health table) in Chromium. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StrategyManager } from '../../engine/manager.ts';
import { startServer, type RunningServer } from '../../web/server.ts';
import { HAS_CHROMIUM, launch, screenshot, SKIP_REASON, strictPage } from '../web/browser.ts';
import { tempDir, testConfig } from '../web/fixtures.ts';

describe.skipIf(!HAS_CHROMIUM)(`dashboard versions and health in Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  let server: RunningServer;
  let manager: StrategyManager;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let tmp: { dir: string; cleanup: () => void };
  const boom = { on: false };
  const candle = (i: number) => ({ symbol: 'BTC/USDT', timeframe: '1m', openTime: 1_704_067_200_000 + i * 60_000, closeTime: 1_704_067_260_000 + i * 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1 });

  beforeAll(async () => {
    tmp = tempDir('strata-prod-dash-');
    manager = new StrategyManager({ modules: new Map([['boom', () => ({ onCandle: () => { if (boom.on) throw new Error('injected for the dashboard test'); return null; } })]]) });
    server = await startServer({ manager, port: 0, runsDir: tmp.dir, resultsDb: `${tmp.dir}/results.duckdb`, hub: { metricsIntervalMs: 200 } });
    // Through the API, so the server's version recorder sees the start and the edit.
    const post = (path: string, method: string, body: unknown) => fetch(`${server.url}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/api/v1/strategies/start', 'POST', testConfig('vx'))).status).toBe(201);
    expect((await post('/api/v1/strategies/vx/config', 'PATCH', { indicators: { fast: { period: 5 } } })).status).toBe(200);
    browser = await launch();
    ({ page, errors } = await strictPage(browser));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#card-vx [data-action=versions]');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    tmp?.cleanup();
  });

  it('lists the versions, diffs them and rolls the running strategy back', async () => {
    await page.click('#card-vx [data-action=versions]');
    await page.waitForSelector('#versions-dialog[open] #versions-rows tr');
    const rows = await page.$$eval('#versions-rows tr', (r) => r.map((x) => x.children[2].textContent));
    expect(rows, 'newest first, current marked').toEqual(['v2 (current)', 'v1']);
    await page.click('#versions-diff-btn');
    await page.waitForFunction(() => document.querySelector('#versions-diff')!.textContent!.includes('→'));
    expect(await page.textContent('#versions-diff')).toContain('indicators.fast.period: 3 → 5');
    await screenshot(page, 'dashboard-versions.png');
    await page.click('#versions-rows tr:nth-child(2) [data-rollback]');
    await page.waitForFunction(() => /now runs v1/.test(document.querySelector('#versions-msg')!.textContent!));
    expect(manager.getInstance('vx').config.indicators.fast).toMatchObject({ period: 3 });
    expect(await page.$$eval('#versions-rows tr', (r) => r.map((x) => x.children[2].textContent))).toEqual(['v2', 'v1 (current)']);
    await page.click('#versions-close');
  });

  it('shows health per strategy and an alert when a strategy errors, cleared after a restart', async () => {
    manager.startStrategy({ id: 'bx', symbol: 'BTC/USDT', timeframe: '1m', module: 'boom' });
    await page.waitForSelector('#health-table tbody tr[data-id="bx"]');
    await page.waitForFunction(() => document.querySelector('#health-status')!.textContent === 'ok');
    manager.onNewCandle(candle(0));
    boom.on = true;
    manager.onNewCandle(candle(1));
    await page.waitForSelector('#alerts .alert.critical[data-rule="strategy_errored"]', { timeout: 10_000 });
    expect(await page.textContent('#health-status')).toBe('critical');
    expect(await page.textContent('#health-table tbody tr[data-id="bx"] td:nth-child(2)')).toBe('errored');
    expect(await page.textContent('#alerts')).toContain('injected for the dashboard test');
    await screenshot(page, 'dashboard-health.png');
    boom.on = false;
    manager.restartStrategy('bx');
    await page.waitForFunction(() => document.querySelector('#health-status')!.textContent === 'ok', undefined, { timeout: 10_000 });
    expect(await page.textContent('#alerts')).toMatch(/No active alerts\..*cleared strategy_errored/s);
    expect(errors.filter((e) => !/status of 503/.test(e)), 'no page errors (503 is the critical health answer)').toEqual([]);
  });
});
