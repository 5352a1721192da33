/**
 * A dashboard page on a real paced session for the browser tests: the bundled 1m BTC sample replayed through a
 * StrategyManager, the web server on a free 127.0.0.1 port, and a strict Chromium page on it with the WebSocket
 * open. `setup` runs before the replay starts (start strategies, listen to events); `ready` after it started and
 * before the browser opens (a test may wait for the replay to end there).
 */
import type { Browser, Page } from 'playwright-core';
import type { OhlcvColumns } from '../../data/historical-feed.ts';
import { loadFile } from '../../data/import.ts';
import { StrategyManager } from '../../engine/manager.ts';
import { PacedFeed } from '../../web/live/paced-feed.ts';
import { LoopingReplay } from '../../web/live/replay.ts';
import { LiveSession } from '../../web/live/session.ts';
import { startServer, type RunningServer } from '../../web/server.ts';
import { launch, strictPage } from './browser.ts';
import { SAMPLE_BTC, tempDir } from './fixtures.ts';

export interface LivePage {
  manager: StrategyManager;
  paced: PacedFeed;
  session: LiveSession;
  server: RunningServer;
  browser: Browser;
  page: Page;
  errors: string[];
  btc: OhlcvColumns;
  /** Ends the replay (the session's `done` resolves). */
  abort: AbortController;
  close(): Promise<void>;
}

export interface LivePageOptions {
  candlesPerSecond: number;
  partials: number;
  viewport?: { width: number; height: number };
  setup: (x: { manager: StrategyManager; btc: OhlcvColumns; abort: AbortController }) => void;
  ready?: (x: { session: LiveSession; server: RunningServer }) => Promise<void>;
}

export async function openLivePage(o: LivePageOptions): Promise<LivePage> {
  const tmp = tempDir();
  const btc = (await loadFile(SAMPLE_BTC, { symbol: 'BTC/USDT', timeframe: '1m' })).candles;
  const abort = new AbortController();
  const manager = new StrategyManager();
  const paced = new PacedFeed(new LoopingReplay([{ series: { symbol: 'BTC/USDT', timeframe: '1m' }, columns: btc }]), { candlesPerSecond: o.candlesPerSecond, partials: o.partials, signal: abort.signal });
  const session = new LiveSession(manager, paced, paced);
  o.setup({ manager, btc, abort });
  session.start();
  const server = await startServer({ manager, live: session, port: 0, runsDir: tmp.dir, resultsDb: null, hub: { metricsIntervalMs: 200 } });
  await o.ready?.({ session, server });
  const browser = await launch();
  const { page, errors } = await strictPage(browser, o.viewport);
  const close = async () => {
    await browser.close();
    abort.abort();
    await session.stop();
    await server.close();
    tmp.cleanup();
  };
  return { manager, paced, session, server, browser, page, errors, btc, abort, close };
}

/** Loads the dashboard and waits for its WebSocket. */
export async function gotoDashboard(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.waitForSelector('body[data-ws="open"]');
}
