import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigs } from '../../backtest/run/load-configs.ts';
import type { StrategyManager } from '../../engine/manager.ts';
import { HAS_CHROMIUM, screenshot, SKIP_REASON } from './browser.ts';
import { EXAMPLE } from './fixtures.ts';
import { gotoDashboard, openLivePage, type LivePage } from './live-page.ts';

describe.skipIf(!HAS_CHROMIUM)(`live dashboard in Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  let live: LivePage;
  let manager: StrategyManager;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    live = await openLivePage({ candlesPerSecond: 200, partials: 1, setup: ({ manager: m }) => void m.startStrategy(loadConfigs([EXAMPLE('macd_btc_15m.json')])[0].config) });
    ({ manager, page, errors } = live);
    page.on('dialog', (d) => void d.accept());
    await gotoDashboard(page, live.server.url);
  });
  afterAll(async () => live?.close());

  it('shows the running strategies with live cards, chart, comparison and risk views', async () => {
    await page.waitForSelector('#card-macd_btc_15m');
    await page.waitForFunction(() => document.querySelectorAll('#chart canvas').length > 0);
    expect(await page.textContent('#card-macd_btc_15m .status')).toBe('running');
    expect(await page.$$eval('#compare tbody tr', (r) => r.map((x) => x.getAttribute('data-id')))).toEqual(['macd_btc_15m']);
    expect(await page.$$eval('#risk .item', (r) => r.length)).toBe(2);
    expect(await page.$$eval('#chart-series option', (o) => o.map((x) => x.textContent)), 'the feed series first, aggregated ones as they appear').toContain('BTC/USDT 1m');
  });

  it('starts a strategy with the wizard (form and JSON editor in sync)', async () => {
    await page.click('#new-strategy');
    await page.waitForSelector('#wizard[open]');
    await page.selectOption('#wizard-template', 'EMA crossover');
    await page.fill('#wizard-fields input[name="id"]', 'wiz_ema');
    await page.fill('#wizard-fields input[name="name"]', 'Wizard EMA');
    await page.fill('#wizard-fields input[name="timeframe"]', '1m');
    await page.fill('#wizard-fields input[name="risk.stopLoss"]', '0.03');
    const json = JSON.parse(await page.inputValue('#wizard-json'));
    expect(json, 'the JSON editor follows the form').toMatchObject({ id: 'wiz_ema', name: 'Wizard EMA', symbol: 'BTC/USDT', timeframe: '1m', risk: { stopLoss: 0.03 }, indicators: { fast: { type: 'ema', period: 9 } } });
    await screenshot(page, 'dashboard-wizard.png');
    await page.click('#wizard-submit');
    await page.waitForFunction(() => !(document.querySelector('#wizard') as HTMLDialogElement).open);
    await page.waitForSelector('#card-wiz_ema');
    expect(manager.getInstance('wiz_ema').config.risk.stopLoss).toBe(0.03);
    expect(await page.textContent('#card-wiz_ema .n')).toBe('Wizard EMA');
  });

  it('updates the new card from WebSocket events as candles arrive', async () => {
    const before = await page.textContent('#card-wiz_ema .signal');
    await page.waitForFunction((b) => document.querySelector('#card-wiz_ema .signal')!.textContent !== b, before, { timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector('#compare tbody tr[data-id="wiz_ema"]') !== null);
    const bars = manager.getMetrics('wiz_ema').performance.bars;
    expect(bars, 'the engine fed it candles').toBeGreaterThan(0);
  });

  it('pauses and resumes a strategy from its card', async () => {
    await page.click('#card-wiz_ema [data-action="pause"]');
    await page.waitForFunction(() => document.querySelector('#card-wiz_ema .status')!.textContent === 'paused');
    expect(manager.getMetrics('wiz_ema').status).toBe('paused');
    expect(await page.isDisabled('#card-wiz_ema [data-action="pause"]')).toBe(true);
    expect(await page.isEnabled('#card-wiz_ema [data-action="resume"]')).toBe(true);
    await screenshot(page, 'dashboard-paused.png');
    await page.click('#card-wiz_ema [data-action="resume"]');
    await page.waitForFunction(() => document.querySelector('#card-wiz_ema .status')!.textContent === 'running');
  });

  it('edits a running strategy’s parameters (PATCH config)', async () => {
    await page.click('#card-wiz_ema [data-action="edit"]');
    await page.waitForSelector('#wizard[open]');
    expect(await page.isDisabled('#wizard-fields input[name="symbol"]'), 'symbol cannot change on a running strategy').toBe(true);
    await page.fill('#wizard-fields input[name="risk.stopLoss"]', '0.05');
    await page.click('#wizard-submit');
    await page.waitForFunction(() => !(document.querySelector('#wizard') as HTMLDialogElement).open);
    await expect.poll(() => manager.getInstance('wiz_ema').config.risk.stopLoss).toBe(0.05);
  });

  it('shows the server’s validation messages for an invalid config', async () => {
    await page.click('#new-strategy');
    await page.waitForSelector('#wizard[open]');
    await page.fill('#wizard-json', JSON.stringify({ id: 'bad', symbol: 'BTC USDT', timeframe: '7x', indicators: { rsi: { period: 14 } }, rules: { entry: { condition: 'rsi <' } } }, null, 2));
    await page.click('#wizard-submit');
    await page.waitForSelector('#wizard-errors li');
    const text = await page.textContent('#wizard-errors');
    expect(text).toMatch(/invalid strategy config/);
    expect(text).toMatch(/symbol/);
    expect(text).toMatch(/timeframe/);
    expect(text).toMatch(/rules\.entry\.condition/);
    expect(await page.getAttribute('#wizard-fields .field[data-path="timeframe"]', 'class')).toMatch(/invalid/);
    expect(await page.isVisible('#wizard'), 'the wizard stays open').toBe(true);
    expect(manager.has('bad')).toBe(false);
    await screenshot(page, 'dashboard-wizard-errors.png');
    await page.click('#wizard-cancel');
  });

  it('stops a strategy', async () => {
    await page.click('#card-wiz_ema [data-action="stop"]');
    await page.waitForFunction(() => document.querySelector('#card-wiz_ema .status')!.textContent === 'stopped');
    expect(manager.getMetrics('wiz_ema').status).toBe('stopped');
    await page.waitForTimeout(300);
    await screenshot(page, 'dashboard.png');
    // The one expected failed request: the invalid config's 400 (browsers log every 4xx fetch).
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    expect(errors.filter((e) => /status of 400/.test(e))).toHaveLength(1);
  });
});
