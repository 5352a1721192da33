/** The report's per-strategy equity charts draw buy and hold of the strategy's own symbol, checked in Chromium against the run's prices. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../data/import.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import { buildRunReport } from '../../web/reports/index.ts';
import { readTableFile } from '../backtest/cli-helpers.ts';
import { HAS_CHROMIUM, launch, SKIP_REASON, strictPage } from './browser.ts';
import { sampleRun, tempDir } from './fixtures.ts';

interface Drawn {
  id: string;
  hold: { t: number[]; v: number[] } | null;
  /** y pixel of each point of the grey line's path. */
  pathY: number[];
  /** The y-axis tick labels and their y pixels. */
  ticks: { y: number; label: string }[];
}

describe.skipIf(!HAS_CHROMIUM)(`buy and hold on each strategy's equity chart${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  let tmp: { dir: string; cleanup: () => void };
  let run: { runId: string; outDir: string };
  let browser: Browser;

  beforeAll(async () => {
    tmp = tempDir();
    run = await sampleRun(join(tmp.dir, 'runs'));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    tmp?.cleanup();
  });

  it('equals capital × close / the first bar’s open, computed afresh from the input candles, in the data and in the drawn path', async () => {
    const file = join(tmp.dir, 'report.html');
    writeFileSync(file, await buildRunReport(run.outDir, { served: false }));
    const { page, errors } = await strictPage(browser);
    await page.goto(pathToFileURL(file).href);
    const drawn: Drawn[] = await page.evaluate(() =>
      Array.from(document.querySelectorAll('#equity figure.strategy-equity')).map((fig) => {
        const key = Array.from(fig.classList).find((c) => c.startsWith('st-'))!;
        const d = fig.querySelector(`g.${key}-hold path`)?.getAttribute('d') ?? '';
        const pathY = (d.match(/[ML]-?[\d.]+,-?[\d.]+/g) ?? []).map((p) => Number(p.slice(1).split(',')[1]));
        const ticks = Array.from(fig.querySelectorAll('g[aria-label="y-axis tick label"] text')).map((t) => ({ y: Number(/translate\([\d.-]+,([\d.-]+)\)/.exec(t.getAttribute('transform') ?? '')![1]), label: t.textContent ?? '' }));
        const hold = fig.getAttribute('data-hold');
        return { id: fig.getAttribute('data-strategy')!, hold: hold ? JSON.parse(hold) : null, pathY, ticks };
      }),
    );
    expect(errors).toEqual([]);

    const manifest = JSON.parse(readFileSync(join(run.outDir, 'manifest.json'), 'utf8'));
    expect(drawn.map((x) => x.id), 'one chart per strategy').toEqual(manifest.strategies.map((s: { id: string }) => s.id));
    // The run's input candles, read afresh from the file the manifest names (the run folder keeps no copy).
    const input = (await loadFile(manifest.data.paths[0], { symbol: 'BTC/USDT', timeframe: '1m' })).candles;
    const bars = Array.from(input.openTime, (openTime, i) => ({ close: openTime + 60_000, open: input.open[i], price: input.close[i] }));
    const { rows: eq } = await readTableFile(join(run.outDir, 'equity.parquet'), 'time');

    for (const x of drawn) {
      const s = manifest.strategies.find((m: { id: string }) => m.id === x.id);
      const times = eq.filter((r) => r.strategy_id === x.id).map((r) => Date.parse(String(r.time).replace(' ', 'T').replace(/\+00$/, 'Z')));
      // Bought at the open of the first 1m bar of the strategy's span (its first bar opens one timeframe before its first close).
      const spanStart = times[0] - timeframeMs(s.timeframe);
      const first = bars.find((b) => b.close - 60_000 >= spanStart)!;
      expect(x.hold, `${x.id}: a buy-and-hold line`).not.toBeNull();
      const hold = x.hold!;
      expect(hold.t.length, `${x.id}: points`).toBeGreaterThan(50);
      expect(hold.t[0]).toBeGreaterThanOrEqual(times[0]);
      expect(hold.t.at(-1)!).toBeLessThanOrEqual(times.at(-1)!);
      const expected = hold.t.map((t) => {
        const bar = bars.find((b) => b.close === t);
        expect(bar, `${x.id}: a price bar closes at ${new Date(t).toISOString()}`).toBeDefined();
        return (s.capital * bar!.price) / first.open;
      });
      for (let i = 0; i < expected.length; i++) expect(hold.v[i] / expected[i] - 1, `${x.id} point ${i}`).toBeCloseTo(0, 12);

      // The drawn path: invert its y pixels through the axis (two tick labels fix the linear scale).
      expect(x.pathY.length, `${x.id}: one path vertex per point`).toBe(hold.t.length);
      const [a, b] = [x.ticks[0], x.ticks.at(-1)!];
      const value = (y: number) => Number(a.label.replace(/,/g, '')) + ((y - a.y) * (Number(b.label.replace(/,/g, '')) - Number(a.label.replace(/,/g, '')))) / (b.y - a.y);
      const perPixel = Math.abs((Number(b.label.replace(/,/g, '')) - Number(a.label.replace(/,/g, ''))) / (b.y - a.y));
      for (let i = 0; i < expected.length; i++) expect(Math.abs(value(x.pathY[i]) - expected[i]), `${x.id} drawn point ${i} within a pixel`).toBeLessThan(perPixel);
    }
  });
});
