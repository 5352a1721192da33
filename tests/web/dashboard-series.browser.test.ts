/**
 * A strategy's informative series on the dashboard, in Chromium against a real paced session: the example
 * trend filter (15m entries, a 4h EMA filter on `close@h4`) trades the bundled 1m BTC sample. Its card lists the
 * 4h series; picking it shows 4h candles whose OHLC equal an aggregation of the sample's 1m bars done here, and
 * the 4h EMA bound to that series, equal to an EMA computed here over those candles.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigs } from '../../backtest/run/load-configs.ts';
import type { OhlcvColumns } from '../../data/historical-feed.ts';
import { HAS_CHROMIUM, screenshot, SKIP_REASON } from './browser.ts';
import { EXAMPLE } from './fixtures.ts';
import { overflowing } from './layout.ts';
import { gotoDashboard, openLivePage, type LivePage } from './live-page.ts';

interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}
interface Hook {
  lines(): string[];
  bars(): Bar[];
  lineValueAt(name: string, sec: number): number | null;
}
declare const window: { __strataChart: Hook };

const ID = 'trend_filter_btc_15m';
const H4 = 4 * 3_600_000;
/** The replay stops after this many sample minutes: about 37 4h bars, enough for the 20-bar EMA to warm up. */
const STOP_AFTER = 9000;

/** The sample's 1m bars grouped by UTC 4h bucket: open of the first, extremes, close of the last. */
function aggregate4h(b: OhlcvColumns, upTo: number): Map<number, Bar> {
  const out = new Map<number, Bar>();
  for (let i = 0; i < upTo; i++) {
    const start = Math.floor(b.openTime[i] / H4) * H4;
    const bar = out.get(start);
    if (!bar) out.set(start, { time: start / 1000, open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i] });
    else Object.assign(bar, { high: Math.max(bar.high, b.high[i]), low: Math.min(bar.low, b.low[i]), close: b.close[i] });
  }
  return out;
}

/** EMA with TA-Lib seeding: the mean of the first `n` closes, then k = 2 / (n + 1). */
function ema(closes: number[], n: number): (number | null)[] {
  const k = 2 / (n + 1);
  let v = 0;
  return closes.map((c, i) => {
    if (i < n - 1) return null;
    v = i === n - 1 ? closes.slice(0, n).reduce((a, x) => a + x, 0) / n : c * k + v * (1 - k);
    return v;
  });
}

describe.skipIf(!HAS_CHROMIUM)(`informative series on the dashboard in Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  let live: LivePage;
  let page: Page;
  let btc: OhlcvColumns;

  beforeAll(async () => {
    live = await openLivePage({
      candlesPerSecond: 20000,
      partials: 1,
      viewport: { width: 1280, height: 1000 },
      setup: ({ manager, btc: sample, abort }) => {
        manager.startStrategy(loadConfigs([EXAMPLE('trend_filter_btc_15m.json')])[0].config);
        const last = sample.openTime[STOP_AFTER - 1];
        manager.events.on('candle', (e) => void (e.closed && e.candle.timeframe === '1m' && e.candle.openTime === last && abort.abort()));
      },
      // The replay ends before the page opens: what it shows is final.
      ready: ({ session }) => session.done.then(() => undefined),
    });
    ({ page, btc } = live);
    await gotoDashboard(page, live.server.url);
  }, 90_000);
  afterAll(async () => live?.close());

  it('lists the strategy’s informative series on its card', async () => {
    await page.waitForSelector(`#card-${ID} .series-list:not([hidden]) .chip`);
    const chips = await page.$$eval(`#card-${ID} .series-list .chip`, (c) => c.map((x) => [x.getAttribute('data-alias'), x.getAttribute('data-series'), x.textContent]));
    expect(chips).toEqual([['h4', 'BTC/USDT|4h', '@h4 4h']]);
    expect(await page.textContent(`#card-${ID} .sub`)).toBe(`${ID} · BTC/USDT 15m`);
  });

  it('shows the 4h candles as an independent aggregation of the 1m bars, with the EMA bound to them', async () => {
    await page.waitForFunction(() => window.__strataChart.lines().includes('fast'));
    expect((await page.evaluate(() => window.__strataChart.lines())).sort(), 'the 15m chart carries the indicators of the 15m series').toEqual(['fast', 'slow']);
    await page.click(`#card-${ID} .chip[data-alias="h4"]`);
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('#chart-series')!.value === 'BTC/USDT|4h' && window.__strataChart.lines().includes('trend'));
    expect(await page.$eval('#chart-series', (s: HTMLSelectElement) => s.selectedOptions[0].textContent), 'the picker names the alias').toBe('BTC/USDT 4h @h4');
    expect(await page.evaluate(() => window.__strataChart.lines())).toEqual(['trend']);
    const bars = await page.evaluate(() => window.__strataChart.bars());
    const expected = aggregate4h(btc, STOP_AFTER);
    // Closed 4h buckets only: the last one is still open when the replay stops.
    const closedBuckets = [...expected.values()].filter((b) => b.time * 1000 + H4 <= btc.openTime[STOP_AFTER - 1] + 60_000);
    expect(bars.length, 'about 37 closed 4h bars').toBeGreaterThanOrEqual(30);
    expect(bars.slice(0, closedBuckets.length), 'every closed 4h candle is the 1m bars inside its four hours').toEqual(closedBuckets.slice(0, bars.length));
    const trend = ema(closedBuckets.map((b) => b.close), 20);
    let compared = 0;
    for (let i = 0; i < closedBuckets.length; i++) {
      const drawn = await page.evaluate(([sec]) => window.__strataChart.lineValueAt('trend', sec), [closedBuckets[i].time]);
      if (trend[i] === null) expect(drawn, `no EMA before 20 bars (bar ${i})`).toBeNull();
      else {
        expect(drawn, `EMA(20) of the 4h closes at bar ${i}`).toBeCloseTo(trend[i]!, 9);
        compared++;
      }
    }
    expect(compared, 'the EMA was compared past its warm-up').toBeGreaterThan(10);
    expect(await page.evaluate(overflowing), 'nothing spills out at 1280 px').toEqual([]);
    await page.waitForSelector('#trades tbody tr[data-id]');
    await screenshot(page, 'dashboard-series-4h.png');
    expect(live.errors).toEqual([]);
  });
});
