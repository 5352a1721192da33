/**
 * The live chart, tables and equity in Chromium against a real paced session: a 1m EMA strategy and the 15m
 * MACD example trade the bundled BTC sample; the replay is stopped right after an entry fill (so a position with
 * stop and target stays open), and what the page draws is checked against the sample data, the engine's own
 * indicator values, the fills it emitted and the API's answers. Every request the page makes is recorded.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigs } from '../../backtest/run/load-configs.ts';
import type { OhlcvColumns } from '../../data/historical-feed.ts';
import type { IndicatorManager } from '../../engine/indicators/indicator-manager.ts';
import type { StrategyManager } from '../../engine/manager.ts';
import type { Fill } from '../../engine/types.ts';
import type { PacedFeed } from '../../web/live/paced-feed.ts';
import type { LiveSession } from '../../web/live/session.ts';
import type { RunningServer } from '../../web/server.ts';
import { HAS_CHROMIUM, screenshot, SKIP_REASON } from './browser.ts';
import { EXAMPLE, testConfig } from './fixtures.ts';
import { overflowing } from './layout.ts';
import { gotoDashboard, openLivePage, type LivePage } from './live-page.ts';

interface Hook {
  visibleRange(): { from: number; to: number } | null;
  visibleLogicalRange(): { from: number; to: number } | null;
  markers(): { time: number; price: number; fillId: string; text: string }[];
  lines(): string[];
  panes(): number;
  priceLines(): { price: number; title: string }[];
  lastBar(): { time: number; open: number; high: number; low: number; close: number } | null;
  drawnUpdates(): { time: number; close: number; closed: boolean }[];
  barAt(sec: number): { time: number; open: number; high: number; low: number; close: number } | null;
  lineValueAt(name: string, sec: number): number | null;
}
declare const window: { __strataChart: Hook };

const EMA_ID = 'chart_ema';
const MACD_ID = 'macd_btc_15m';

describe.skipIf(!HAS_CHROMIUM)(`live chart, tables and equity in Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  let live: LivePage;
  let server: RunningServer;
  let session: LiveSession;
  let paced: PacedFeed;
  let manager: StrategyManager;
  let page: Page;
  let errors: string[];
  let btc: OhlcvColumns;
  const external: string[] = [];
  const fills: Fill[] = [];
  let engineFast: { time: number; value: number };
  /** Set by the test that freezes the session: from then on the next entry fill ends the replay. */
  let stopAtNextEntry = false;

  beforeAll(async () => {
    live = await openLivePage({
      candlesPerSecond: 60,
      partials: 2,
      viewport: { width: 1440, height: 1000 },
      setup: ({ manager: m, abort }) => {
        m.startStrategy(testConfig(EMA_ID, { indicators: { fast: { type: 'ema', period: 5 }, slow: { type: 'ema', period: 20 }, rsi: { type: 'rsi', period: 14 } }, risk: { stopLoss: 0.04, takeProfit: 0.06 } }));
        m.startStrategy(loadConfigs([EXAMPLE('macd_btc_15m.json')])[0].config);
        let trades = 0;
        m.events.on('trade', (t) => void (t.strategyId === EMA_ID && trades++));
        m.events.on('fill', (f) => {
          fills.push(f);
          // After a few round trips, stop right after an entry: the replay ends with a position (and its levels) open.
          if (stopAtNextEntry && f.strategyId === EMA_ID && f.reason === 'entry' && trades >= 3 && !abort.signal.aborted) {
            const inst = m.getInstance(EMA_ID);
            engineFast = { time: inst.lastTime!, value: (inst as unknown as { indicators: IndicatorManager }).indicators.getter('fast')!() };
            abort.abort();
          }
        });
      },
    });
    ({ server, session, paced, manager, page, errors, btc } = live);
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol !== 'data:' && u.hostname !== '127.0.0.1') external.push(r.url());
    });
    await gotoDashboard(page, server.url);
  }, 60_000);
  afterAll(async () => live?.close());

  it('moves the in-progress candle between closes while the replay runs', async () => {
    await page.waitForFunction(() => window.__strataChart.lastBar() !== null);
    const from = await page.evaluate(() => window.__strataChart.drawnUpdates().length);
    paced.setSpeed(3); // a closed candle every 333 ms, in-progress updates at a third and two thirds of it
    // The chart logs its own last bar after every live update, so a page slowed by a busy machine misses none.
    // The sample has flat minutes (open = close), whose in-progress updates cannot move the bar, so the watch runs
    // until a bar moved in place (or 30 s pass and the assertions below fail), not for 4 closes that may all be flat.
    await page
      .waitForFunction(
        (n) => {
          const log = window.__strataChart.drawnUpdates().slice(n);
          const moved = log.some((s, i) => i > 0 && !log[i - 1].closed && s.time === log[i - 1].time && s.close !== log[i - 1].close);
          return moved && log.filter((u) => u.closed).length >= 4;
        },
        from,
        { timeout: 30_000 },
      )
      .catch(() => undefined);
    paced.setSpeed(60);
    const log = await page.evaluate((n) => window.__strataChart.drawnUpdates().slice(n), from);
    const advanced = new Set(log.map((s) => s.time)).size;
    const movedInPlace = log.some((s, i) => i > 0 && !log[i - 1].closed && s.time === log[i - 1].time && s.close !== log[i - 1].close);
    expect(advanced, 'new bars appeared while watching').toBeGreaterThan(1);
    expect(movedInPlace, 'the last bar changed without a new bar: the in-progress candle').toBe(true);
  });

  it('draws the strategy’s real candles, from the session’s history', async () => {
    stopAtNextEntry = true;
    await session.done;
    await page.reload();
    await page.waitForSelector('body[data-ws="open"]');
    await page.selectOption('#chart-strategy', EMA_ID);
    await page.waitForFunction((id) => window.__strataChart.lines().includes('fast') && document.querySelector<HTMLSelectElement>('#chart-strategy')!.value === id, EMA_ID);
    expect(await page.inputValue('#chart-series'), 'the strategy’s own series is shown').toBe('BTC/USDT|1m');
    const seen = manager.getInstance(EMA_ID).metrics.bars;
    expect(seen, 'the replay ran long enough for a few trades').toBeGreaterThan(40);
    for (const k of [0, 7, Math.floor(seen / 2), seen - 1]) {
      const bar = await page.evaluate((sec) => window.__strataChart.barAt(sec), btc.openTime[k] / 1000);
      expect(bar, `candle ${k} (${new Date(btc.openTime[k]).toISOString()}) is drawn with the sample’s OHLC`).toEqual({ time: btc.openTime[k] / 1000, open: btc.open[k], high: btc.high[k], low: btc.low[k], close: btc.close[k] });
    }
    await screenshot(page, 'dashboard-chart.png');
  });

  it('overlays price-scale indicators and puts oscillators in their own pane, with the engine’s values', async () => {
    expect((await page.evaluate(() => window.__strataChart.lines())).sort()).toEqual(['fast', 'rsi', 'slow']);
    expect(await page.evaluate(() => window.__strataChart.panes()), 'candles+EMAs, then the RSI pane').toBe(2);
    // The chart stamps indicator values at the bar's open; the engine's instance read its own EMA at its last close.
    const barSec = (engineFast.time - 60_000) / 1000;
    const drawn = await page.evaluate(([sec]) => window.__strataChart.lineValueAt('fast', sec), [barSec]);
    expect(drawn, 'the EMA the chart draws at the last bar is the value the running instance’s rules read').toBe(engineFast.value);
    // Hovering a bar shows its OHLC and indicator values in the legend.
    const box = (await page.locator('#chart canvas').first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await page.waitForFunction(() => !/in progress/.test(document.querySelector('#chart-legend')!.textContent ?? '') && document.querySelector('#chart-legend [data-k="fast"]') !== null);
    const legendTime = await page.textContent('#chart-legend .time');
    const k = Array.from(btc.openTime).findIndex((t) => new Date(t).toISOString().replace('T', ' ').slice(0, 16) === legendTime);
    expect(k, `the legend names a sample candle (${legendTime})`).toBeGreaterThanOrEqual(0);
    expect(await page.textContent('#chart-legend [data-k="C"]')).toContain(btc.close[k] >= 100 ? btc.close[k].toFixed(2) : btc.close[k].toPrecision(5));
    await page.mouse.move(0, 0);
  });

  it('marks every fill of the chosen strategy at its time and price, and only that strategy’s', async () => {
    const own = fills.filter((f) => f.strategyId === EMA_ID);
    expect(own.length, 'three round trips and an entry').toBeGreaterThanOrEqual(7);
    const markers = await page.evaluate(() => window.__strataChart.markers());
    expect(markers.map((m) => m.fillId).sort()).toEqual(own.map((f) => f.id).sort());
    for (const f of own) {
      const m = markers.find((x) => x.fillId === f.id)!;
      // fill policy `close`: a fill at a bar's close is the instant the next bar opens; with no bar there
      // (a gap in the sample, or the last bar) it stays on the bar that closed
      const opens = Array.from(btc.openTime).filter((t) => t < manager.getInstance(EMA_ID).lastTime!);
      const bar = opens.includes(f.time) ? f.time : f.time - 60_000;
      expect(opens.includes(bar), 'a drawn bar').toBe(true);
      expect(m.time * 1000, `marker of ${f.id} on the bar whose interval holds ${new Date(f.time).toISOString()}`).toBe(bar);
      expect(m.price).toBe(f.price);
    }
    const pos = manager.getInstance(EMA_ID).account.position!;
    expect(pos, 'the replay stopped with a position open').not.toBeNull();
    expect(await page.evaluate(() => window.__strataChart.priceLines())).toEqual([
      { price: pos.entryPrice, title: 'long entry' },
      { price: pos.stopPrice, title: 'stop' },
      { price: pos.takeProfitPrice, title: 'target' },
    ]);
  });

  it('shows the 15m strategy on its own aggregated candles with none of the 1m strategy’s markers', async () => {
    await page.selectOption('#chart-strategy', MACD_ID);
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('#chart-series')!.value === 'BTC/USDT|15m' && window.__strataChart.lines().includes('macd.histogram'));
    const markers = await page.evaluate(() => window.__strataChart.markers());
    const own = new Set(fills.filter((f) => f.strategyId === MACD_ID).map((f) => f.id));
    expect(markers.every((m) => own.has(m.fillId)), 'markers of the chosen strategy only').toBe(true);
    const first = Math.ceil(btc.openTime[0] / 900_000) * 900_000;
    const k = Array.from(btc.openTime).indexOf(first);
    const bar = await page.evaluate((sec) => window.__strataChart.barAt(sec), first / 1000);
    let end = k;
    while (end < btc.length && btc.openTime[end] < first + 900_000) end++;
    const slice = (a: Float64Array) => Array.from(a.subarray(k, end));
    expect(bar, 'a 15m candle is the 1m candles inside its quarter hour').toEqual({ time: first / 1000, open: btc.open[k], high: Math.max(...slice(btc.high)), low: Math.min(...slice(btc.low)), close: btc.close[end - 1] });
    await screenshot(page, 'dashboard-chart-15m.png');
    await page.selectOption('#chart-strategy', EMA_ID);
    await page.waitForFunction(() => window.__strataChart.lines().includes('fast'));
  });

  it('zooms with the wheel and pans with a drag', async () => {
    const before = (await page.evaluate(() => window.__strataChart.visibleRange()))!;
    const box = (await page.locator('#chart canvas').first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((b) => {
      const r = window.__strataChart.visibleRange();
      return r !== null && r.to - r.from < b.to - b.from;
    }, before);
    const zoomed = (await page.evaluate(() => window.__strataChart.visibleRange()))!;
    expect(zoomed.to - zoomed.from, 'zooming in shows a shorter span').toBeLessThan(before.to - before.from);
    expect(await page.getAttribute('#chart-range', 'data-from')).toBe(String(zoomed.from * 1000));
    const logical = (await page.evaluate(() => window.__strataChart.visibleLogicalRange()))!;
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 3, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction((l) => window.__strataChart.visibleLogicalRange()!.from < l.from, logical);
    const panned = (await page.evaluate(() => window.__strataChart.visibleLogicalRange()))!;
    expect(panned.from, 'dragging right shows earlier bars').toBeLessThan(logical.from);
    expect(panned.to - panned.from, 'a pan keeps the zoom').toBeCloseTo(logical.to - logical.from, 3);
  });

  it('lists positions, orders, fills and trades as the API has them, sortable', async () => {
    // The replay has ended (an earlier test waits for it), so the API's answer is final: the table is compared
    // with that answer, read once, rather than with a count that may still be growing or past the table's cap.
    await session.done;
    const api = async (path: string) => (await fetch(`${server.url}/api/v1${path}`)).json();
    const ema = await api(`/live/activity/${EMA_ID}`);
    const macd = await api(`/live/activity/${MACD_ID}`);
    const apiFills: Fill[] = [...ema.fills, ...macd.fills];
    expect(apiFills.map((f) => f.id).sort(), 'the API holds every fill the engine emitted').toEqual(fills.map((f) => f.id).sort());
    // The table shows the newest 200 fills, newest first (the dashboard's RECENT).
    const newest = [...apiFills].sort((a, b) => b.time - a.time).slice(0, 200).map((f) => f.id).sort();
    await page.waitForFunction((ids) => {
      const shown = Array.from(document.querySelectorAll('#fills tbody tr[data-id]'), (r) => r.getAttribute('data-id')!).sort();
      return shown.length === ids.length && shown.every((id, i) => id === ids[i]);
    }, newest);
    expect(await page.textContent('#fills-count')).toBe(`(${newest.length} of ${apiFills.length})`);
    const posRow = await page.$$eval('#positions tbody tr[data-id]', (rows) => rows.map((r) => [r.getAttribute('data-id'), ...Array.from(r.querySelectorAll("td")).map((c) => c.getAttribute('data-v') ?? c.textContent)]));
    const p = ema.position;
    expect(posRow).toContainEqual([EMA_ID, `Test ${EMA_ID}`, 'BTC/USDT', 'long', String(p.quantity), String(p.entryPrice), String(ema.lastPrice), String((ema.lastPrice - p.entryPrice) * p.quantity), String(p.stopPrice), String(p.takeProfitPrice), String(p.entryTime)]);
    const apiTrades = [...ema.trades, ...macd.trades].sort((a, b) => b.exitTime - a.exitTime).slice(0, 200);
    const rows = await page.$$eval('#trades tbody tr[data-id]', (r) => r.map((x) => Array.from(x.querySelectorAll("td")).map((c) => c.getAttribute('data-v') ?? c.textContent)));
    expect(rows.length).toBe(apiTrades.length);
    for (const t of ema.trades.filter((x: { exitTime: number }) => apiTrades.includes(x))) expect(rows).toContainEqual([`Test ${EMA_ID}`, t.side, String(t.quantity), String(t.entryTime), String(t.entryPrice), String(t.exitTime), String(t.exitPrice), String(t.pnl), String(t.return), t.exitReason.replaceAll('_', ' ')]);
    expect(await page.$$eval('#orders tbody tr[data-id]', (r) => r.length), 'fill policy close: nothing waits for the next open').toBe(0);
    // Sorting by P&L (descending first) orders the rows by the API's numbers.
    await page.click('#trades th:has-text("P&L")');
    const pnls = await page.$$eval('#trades tbody tr td:nth-child(8)', (c) => c.map((x) => Number(x.getAttribute('data-v'))));
    expect(pnls).toEqual([...apiTrades.map((t) => t.pnl)].sort((a, b) => b - a));
    await screenshot(page, 'dashboard-tables.png');
  });

  it('draws the equity of each strategy and of the portfolio, as the API reports them', async () => {
    const eq = await (await fetch(`${server.url}/api/v1/live/equity`)).json();
    const last = (id: string) => eq.strategies.find((s: { id: string }) => s.id === id).points.at(-1).equity;
    expect(last(EMA_ID), 'the last equity point is the instance’s equity').toBeCloseTo(manager.getMetrics(EMA_ID).performance.equity, 6);
    await page.waitForFunction(() => document.querySelectorAll('#equity-legend [data-id]').length === 3);
    const legend = await page.$$eval('#equity-legend [data-id]', (s) => s.map((x) => [x.getAttribute('data-id'), x.querySelector('b')!.textContent]));
    const money = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(legend).toEqual([
      ['__portfolio__', money(eq.portfolio.at(-1).equity)],
      [EMA_ID, money(last(EMA_ID))],
      [MACD_ID, money(last(MACD_ID))],
    ]);
    expect(eq.portfolio.at(-1).equity).toBeCloseTo(last(EMA_ID) + last(MACD_ID), 6);
    expect(await page.locator('#equity-chart canvas').count(), 'the equity chart is drawn').toBeGreaterThan(0);
    await page.locator('#equity-chart').screenshot({ path: `${process.cwd()}/test-artifacts/dashboard-equity.png` });
  });

  it('fits at 1440 and 1280 px: no element spills out of its container', async () => {
    for (const width of [1440, 1280]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.waitForTimeout(300);
      expect(await page.evaluate(overflowing), `overflowing elements at ${width} px`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `no horizontal page scroll at ${width} px`).toBeLessThanOrEqual(width);
      await screenshot(page, `dashboard-${width}.png`);
    }
  });

  it('made no request beyond this server and logged no error', () => {
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
  });
});
