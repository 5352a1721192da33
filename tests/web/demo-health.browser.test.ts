/**
 * The demo's health panel in Chromium: during the paced replay the feed delay is measured against the replay's
 * own schedule (well under a second, not "wall time minus 2017"), each strategy's drawdown is shown against the
 * max drawdown of the backtest the demo ran first, exposure is judged at entry as the sizing cap does, and no
 * event is dated 1970.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../web/demo/demo.ts';
import { HAS_CHROMIUM, launch, SKIP_REASON, strictPage } from './browser.ts';
import { tempDir } from './fixtures.ts';

describe.skipIf(!HAS_CHROMIUM)(`demo health figures in Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let tmp: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    tmp = tempDir();
    demo = await startDemo({ port: 0, speed: 50, runsDir: join(tmp.dir, 'runs'), resultsDb: null, dataDir: join(tmp.dir, 'data'), log: () => undefined });
    browser = await launch();
    ({ page, errors } = await strictPage(browser, { width: 1280, height: 1000 }));
    await page.goto(`${demo.server.url}/`);
    await page.waitForSelector('body[data-ws="open"]');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    tmp?.cleanup();
  });

  it('measures the feed delay against the replay’s schedule: under a second', async () => {
    await page.waitForFunction(() => /delay p99/.test(document.querySelector('#health-feed')!.textContent ?? ''), undefined, { timeout: 20_000 });
    await page.waitForTimeout(3000);
    const res = await fetch(`${demo.server.url}/api/v1/health`);
    const h = await res.json();
    expect(h.feed.delayP99, 'p99 of arrival − scheduled time, ms').toBeGreaterThanOrEqual(0);
    expect(h.feed.delayP99, 'p99 feed delay in ms during the paced replay').toBeLessThan(1000);
    const line = (await page.textContent('#health-feed'))!;
    const m = /delay p99 ([\d.]+) (ms|s)\b/.exec(line);
    expect(m, line).not.toBeNull();
    expect(Number(m![1]) * (m![2] === 's' ? 1000 : 1), line).toBeLessThan(1000);
    expect(line, 'a replay reports no status: the panel says what it sees').toMatch(/^feed receiving/);
  });

  it('fills “drawdown / backtest max” from the backtest the demo ran first', async () => {
    const metrics = JSON.parse(readFileSync(join(tmp.dir, 'runs', demo.runId!, 'metrics.json'), 'utf8')) as { strategies: { id: string; metrics: { performance: { maxDrawdown: number } } }[] };
    const h = await (await fetch(`${demo.server.url}/api/v1/health`)).json();
    for (const s of h.strategies as { id: string; baselineMaxDrawdown: number | null; baselineSource: string | null }[]) {
      const backtest = metrics.strategies.find((x) => x.id === s.id)!.metrics.performance.maxDrawdown;
      expect(s.baselineMaxDrawdown, `${s.id}: the backtest's max drawdown`).toBe(backtest);
      expect(s.baselineSource).toBe(`run ${demo.runId}`);
      const cell = await page.textContent(`#health-table tr[data-id="${s.id}"] td:nth-child(7)`);
      expect(cell, s.id).toMatch(new RegExp(` / ${(backtest * 100).toFixed(1).replace('.', '\\.')}%$`));
    }
  });

  it('judges exposure at entry, as the sizing cap does, and never dates an event 1970', async () => {
    const h = await (await fetch(`${demo.server.url}/api/v1/health`)).json();
    for (const s of h.strategies as { id: string; entryExposure: number; exposureLimit: number | null }[]) {
      if (s.exposureLimit !== null) expect(s.entryExposure, `${s.id}: sizing caps the entry at maxPositionSize`).toBeLessThanOrEqual(s.exposureLimit + 1e-9);
    }
    expect(h.alerts.filter((a: { rule: string }) => a.rule === 'exposure_above_limit')).toEqual([]);
    expect(await page.textContent('body')).not.toMatch(/1970-01-01/);
    await page.locator('#health').screenshot({ path: join(process.cwd(), 'test-artifacts', 'dashboard-health.png') });
    expect(errors).toEqual([]);
  });
});
