/**
 * The dashboard's dark theme and its tablet layouts in Chromium, on a real paced session with a single-series
 * and a multi-series strategy: under `prefers-color-scheme: dark` the page and chart colours change and every
 * text keeps a readable contrast; at 1024 and 768 px nothing spills out of its box, the split panels stack and
 * the card grid reflows.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigs } from '../../backtest/run/load-configs.ts';
import { HAS_CHROMIUM, screenshot, SKIP_REASON } from './browser.ts';
import { EXAMPLE, testConfig } from './fixtures.ts';
import { lowContrast, overflowing } from './layout.ts';
import { gotoDashboard, openLivePage, type LivePage } from './live-page.ts';

declare const window: { __strataChart: { background(): string | null; lines(): string[] } };

/** WCAG AA for normal-size text. */
const AA = 4.5;

describe.skipIf(!HAS_CHROMIUM)(`dark theme and tablet layouts in Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  let live: LivePage;
  let page: Page;

  beforeAll(async () => {
    live = await openLivePage({
      candlesPerSecond: 400,
      partials: 1,
      viewport: { width: 1280, height: 1000 },
      setup: ({ manager, abort }) => {
        manager.startStrategy(testConfig('theme_ema', { risk: { stopLoss: 0.04 } }));
        manager.startStrategy(loadConfigs([EXAMPLE('trend_filter_btc_15m.json')])[0].config);
        // A still page: the replay ends after a few fills, so colours and boxes are measured on settled content.
        let fills = 0;
        manager.events.on('fill', () => void (++fills === 6 && abort.abort()));
      },
      ready: ({ session }) => session.done.then(() => undefined),
    });
    page = live.page;
    await gotoDashboard(page, live.server.url);
    await page.waitForFunction(() => window.__strataChart.lines().length > 0 && document.querySelectorAll('#fills tbody tr[data-id]').length >= 6);
  }, 90_000);
  afterAll(async () => live?.close());

  const colours = () => page.evaluate(() => ({ bg: getComputedStyle(document.body).backgroundColor, fg: getComputedStyle(document.body).color, card: getComputedStyle(document.querySelector('.card')!).backgroundColor }));

  it('switches page and chart colours under prefers-color-scheme: dark, with readable contrast', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await colours();
    const lightChart = await page.evaluate(() => window.__strataChart.background());
    expect(await page.evaluate(lowContrast, AA), 'light theme: every text readable').toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction((c) => window.__strataChart.background() !== c, lightChart);
    const dark = await colours();
    expect(dark.bg, 'the page background changes').not.toBe(light.bg);
    expect(dark.fg, 'the text colour changes').not.toBe(light.fg);
    expect(dark.card).not.toBe(light.card);
    expect(await page.evaluate(() => window.__strataChart.background()), 'the chart is drawn on the dark card colour').toBe(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--card').trim()));
    const lum = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map((v) => Number(v) / 255);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    expect(lum(dark.bg), 'a dark background').toBeLessThan(0.15);
    expect(lum(dark.fg), 'light text').toBeGreaterThan(0.7);
    expect(await page.evaluate(lowContrast, AA), 'dark theme: every text readable').toEqual([]);
    expect(await page.evaluate(overflowing), 'dark theme: nothing spills out at 1280 px').toEqual([]);
    await screenshot(page, 'dashboard-dark.png');
    await page.click('#new-strategy');
    await page.waitForSelector('#wizard[open] .ind-row');
    expect(await page.evaluate(lowContrast, AA), 'dark theme: the wizard readable').toEqual([]);
    await page.locator('#wizard').screenshot({ path: `${process.cwd()}/test-artifacts/dashboard-wizard-dark.png` });
    await page.click('#wizard-cancel');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  for (const width of [1024, 768]) {
    it(`fits a ${width} px tablet: no overflow, the split panels stacked, the cards reflowed`, async () => {
      await page.setViewportSize({ width, height: 1000 });
      await page.waitForTimeout(300);
      expect(await page.evaluate(overflowing), `overflowing elements at ${width} px`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no horizontal page scroll').toBeLessThanOrEqual(width);
      const box = async (sel: string) => (await page.locator(sel).first().boundingBox())!;
      const main = await page.evaluate(() => {
        const m = document.querySelector('main')!;
        const s = getComputedStyle(m);
        const r = m.getBoundingClientRect();
        return { left: r.left + parseFloat(s.paddingLeft), right: r.right - parseFloat(s.paddingRight) };
      });
      // Chart and signals, equity and positions, fills and trades: one column, each panel the full content width.
      for (const [a, b] of [['#chart-panel', '#events'], ['#equity-chart', '#positions'], ['#fills', '#trades']]) {
        const pa = await page.$eval(a, (e) => e.closest('.panel')!.getBoundingClientRect().toJSON());
        const pb = await page.$eval(b, (e) => e.closest('.panel')!.getBoundingClientRect().toJSON());
        expect(pb.top, `${b}'s panel below ${a}'s`).toBeGreaterThanOrEqual(pa.bottom - 1);
        for (const p of [pa, pb]) {
          expect(p.left).toBeCloseTo(main.left, 0);
          expect(p.right).toBeCloseTo(main.right, 0);
        }
      }
      const grid = await box('#grid');
      const cards = await page.$$eval('#grid .card', (cs) => cs.map((c) => c.getBoundingClientRect().toJSON()));
      const perRow = Math.max(1, Math.floor((grid.width + 14) / (300 + 14)));
      expect(new Set(cards.map((c) => Math.round(c.top))).size, `${perRow} cards a row`).toBe(Math.ceil(cards.length / perRow));
      for (const c of cards) {
        expect(c.left).toBeGreaterThanOrEqual(grid.x - 0.5);
        expect(c.right).toBeLessThanOrEqual(grid.x + grid.width + 0.5);
        expect(c.width).toBeGreaterThanOrEqual(300);
      }
      const chart = await box('#chart');
      expect(chart.width, 'the chart spans its panel').toBeGreaterThan(width - 120);
      await screenshot(page, `dashboard-${width}.png`);
      await page.click('#new-strategy');
      await page.waitForSelector('#wizard[open] .ind-row');
      expect(await page.evaluate(overflowing), `the wizard at ${width} px`).toEqual([]);
      if (width < 900) {
        const [fields, json] = [await box('#wizard-fields'), await box('#wizard .json')];
        expect(json.y, 'the JSON editor goes under the form').toBeGreaterThanOrEqual(fields.y + fields.height - 1);
      }
      await page.locator('#wizard').screenshot({ path: `${process.cwd()}/test-artifacts/dashboard-wizard-${width}.png` });
      await page.click('#wizard-cancel');
    });
  }

  it('logged no error', () => {
    expect(live.errors).toEqual([]);
  });
});
