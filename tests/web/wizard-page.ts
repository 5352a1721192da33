/**
 * The wizard browser tests' page: a live page with one running strategy (`baseId`), every POST to
 * /strategies/start recorded in `starts`, and the wizard closed after each test so a failed step cannot leave the
 * modal over the next test's buttons. Call from inside a `describe`.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { StrategyManager } from '../../engine/manager.ts';
import { testConfig } from './fixtures.ts';
import { gotoDashboard, openLivePage, type LivePage } from './live-page.ts';

export interface WizardPage {
  live: LivePage;
  manager: StrategyManager;
  page: Page;
  starts: string[];
  /** The JSON editor's config. */
  json: () => Promise<Record<string, unknown>>;
  /** Opens "new strategy" from the EMA crossover example and waits for its indicator rows. */
  newFromTemplate: () => Promise<void>;
  /** Submits the wizard, waits until the dialog closed and the strategy's card shows, and answers the start request's body. */
  startFromForm: (id: string) => Promise<unknown>;
}

export function useWizardPage(baseId: string): WizardPage {
  const w = { starts: [] as string[] } as unknown as WizardPage;
  beforeAll(async () => {
    w.live = await openLivePage({ candlesPerSecond: 20, partials: 1, viewport: { width: 1280, height: 1000 }, setup: ({ manager: m }) => void m.startStrategy(testConfig(baseId)) });
    ({ manager: w.manager, page: w.page } = w.live);
    w.page.on('request', (r) => void (r.method() === 'POST' && r.url().endsWith('/api/v1/strategies/start') && w.starts.push(r.postData() ?? '')));
    await gotoDashboard(w.page, w.live.server.url);
  }, 60_000);
  afterAll(async () => w.live?.close());
  afterEach(async () => {
    await w.page.evaluate(() => (document.querySelector('#wizard') as HTMLDialogElement).close());
  });
  w.json = async () => JSON.parse(await w.page.inputValue('#wizard-json')) as Record<string, unknown>;
  w.newFromTemplate = async () => {
    await w.page.click('#new-strategy');
    await w.page.waitForSelector('#wizard[open]');
    await w.page.selectOption('#wizard-template', 'EMA crossover');
    await w.page.waitForSelector('#wizard-fields .ind-row[data-path="indicators.slow"]');
  };
  w.startFromForm = async (id) => {
    await w.page.click('#wizard-submit');
    await w.page.waitForFunction(() => !(document.querySelector('#wizard') as HTMLDialogElement).open);
    await w.page.waitForSelector(`#card-${id}`);
    return JSON.parse(w.starts[w.starts.length - 1]);
  };
  return w;
}
