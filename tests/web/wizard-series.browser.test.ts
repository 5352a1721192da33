/**
 * The wizard's config fields that come from the server's JSON Schema, in Chromium against a real paced session:
 * every indicator type of the registry with its parameters and defaults, informative series, an indicator bound
 * to one, market, and rule fields that show the server's message with its caret under the column. A multi-series
 * strategy (15m entries, a 4h EMA filter) is built through the form and started; the request body must be exactly
 * the config the form shows, and the running instance must read the 4h series.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS } from '../../engine/indicators/registry.ts';
import type { StrategyManager } from '../../engine/manager.ts';
import { ARTIFACTS, HAS_CHROMIUM, SKIP_REASON } from './browser.ts';
import { testConfig } from './fixtures.ts';
import { overflowing } from './layout.ts';
import { gotoDashboard, openLivePage, type LivePage } from './live-page.ts';

const ID = 'wiz_trend_15m';

interface ZodLike {
  def: { type: string; innerType?: ZodLike; in?: ZodLike; schema?: ZodLike };
  shape?: Record<string, ZodLike>;
  safeParse(v: unknown): { data?: unknown };
}
/** The parameter schemas of a descriptor's config schema (under its refinement and alias transform). */
function shapeOf(schema: unknown): Record<string, ZodLike> {
  let n = schema as ZodLike | undefined;
  for (let i = 0; i < 5 && n && !n.shape; i++) n = n.def.in ?? n.def.schema ?? n.def.innerType;
  if (!n?.shape) throw new Error('no object schema');
  return n.shape;
}
const ENTRY = 'fast > slow AND close > trend AND close > close@h4';
const EXIT = 'fast < slow OR close < trend';

describe.skipIf(!HAS_CHROMIUM)(`wizard fields from the JSON Schema in Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  let live: LivePage;
  let manager: StrategyManager;
  let page: Page;
  const starts: string[] = [];

  beforeAll(async () => {
    live = await openLivePage({ candlesPerSecond: 20, partials: 1, viewport: { width: 1280, height: 1000 }, setup: ({ manager: m }) => void m.startStrategy(testConfig('wiz_base')) });
    ({ manager, page } = live);
    page.on('request', (r) => void (r.method() === 'POST' && r.url().endsWith('/api/v1/strategies/start') && starts.push(r.postData() ?? '')));
    await gotoDashboard(page, live.server.url);
  }, 60_000);
  afterAll(async () => live?.close());

  afterEach(async () => {
    // A failed step must not leave the modal open over the next test's buttons.
    await page.evaluate(() => (document.querySelector('#wizard') as HTMLDialogElement).close());
  });

  const json = async () => JSON.parse(await page.inputValue('#wizard-json')) as Record<string, unknown>;

  it('offers every indicator type of the registry, each with its parameters and their defaults', async () => {
    await page.click('#new-strategy');
    await page.waitForSelector('#wizard[open]');
    await page.selectOption('#wizard-template', 'EMA crossover');
    await page.waitForSelector('#wizard-fields .ind-row[data-path="indicators.slow"]');
    const row = '#wizard-fields .ind-row[data-path="indicators.fast"]';
    expect(await page.$$eval(`${row} [name="ind-type"] option`, (o) => o.map((x) => (x as HTMLOptionElement).value)), 'the registry’s types, in its order').toEqual(INDICATORS.map((d) => d.type));
    // Each type picked in the page (a change event, as a user's pick sends), its inputs read back.
    const shownByType = await page.evaluate(
      ([sel, types]) =>
        types.map((t) => {
          const row = document.querySelector(sel)!;
          const type = row.querySelector<HTMLSelectElement>('[name="ind-type"]')!;
          type.value = t;
          type.dispatchEvent(new Event('change', { bubbles: true }));
          return Array.from(row.querySelectorAll('[data-param]'), (i) => [i.getAttribute('data-param'), i instanceof HTMLSelectElement ? i.options[0].textContent : (i as HTMLInputElement).placeholder]);
        }),
      [row, INDICATORS.map((d) => d.type)] as const,
    );
    INDICATORS.forEach((d, i) => {
      const shape = shapeOf(d.schema);
      const expected = d.params.map((k) => {
        const zs = shape[k];
        const def = zs.safeParse(undefined).data;
        const kind = zs.def.type === 'default' ? zs.def.innerType!.def.type : zs.def.type;
        return [k, kind === 'enum' ? `(default${def !== undefined ? `: ${String(def)}` : ''})` : def === undefined ? '' : String(def)];
      });
      expect(shownByType[i], `${d.type}: one input per parameter, the default shown`).toEqual(expected);
    });
    const last = INDICATORS[INDICATORS.length - 1].type;
    expect((await json()).indicators, 'the JSON follows the picked type').toMatchObject({ fast: { type: last } });
    await page.click('#wizard-cancel');
  });

  it('builds a 15m strategy with a 4h EMA filter in the form and starts exactly that config', async () => {
    await page.click('#new-strategy');
    await page.waitForSelector('#wizard[open]');
    await page.selectOption('#wizard-template', 'EMA crossover');
    await page.waitForSelector('#wizard-fields .ind-row[data-path="indicators.slow"]');
    await page.fill('#wizard-fields input[name="id"]', ID);
    await page.fill('#wizard-fields input[name="name"]', 'Wizard trend filter');
    await page.fill('#wizard-fields input[name="timeframe"]', '15m');
    await page.selectOption('#wizard-fields select[name="market"]', 'crypto');
    await page.fill('#wizard-fields input[name="periodsPerYear"]', '35040');
    // An informative series: the 4h bars of the strategy's own symbol.
    await page.click('#wizard-fields [data-add="series"]');
    const s = '#wizard-fields .series-row:last-child';
    await page.fill(`${s} [name="series-alias"]`, 'h4');
    await page.fill(`${s} [name="series-timeframe"]`, '4h');
    // An indicator on that series.
    await page.click('#wizard-fields [data-add="indicators"]');
    const r = '#wizard-fields .ind-row:last-child';
    await page.fill(`${r} [name="ind-name"]`, 'trend');
    await page.selectOption(`${r} [name="ind-type"]`, 'ema');
    await page.fill(`${r} [data-param="period"]`, '20');
    expect(await page.$$eval(`${r} [name="ind-series"] option`, (o) => o.map((x) => x.textContent)), 'the declared series are offered').toEqual(['primary', '@h4']);
    await page.selectOption(`${r} [name="ind-series"]`, 'h4');
    await page.fill('#wizard-fields textarea[name="rules.entry.condition"]', ENTRY);
    await page.fill('#wizard-fields textarea[name="rules.exit.condition"]', EXIT);
    const expected = {
      id: ID,
      name: 'Wizard trend filter',
      symbol: 'BTC/USDT',
      timeframe: '15m',
      market: 'crypto',
      periodsPerYear: 35040,
      series: { h4: { timeframe: '4h' } },
      indicators: { fast: { type: 'ema', period: 9 }, slow: { type: 'ema', period: 21 }, trend: { type: 'ema', period: 20, series: 'h4' } },
      rules: { entry: { condition: ENTRY, confidence: 0.7 }, exit: { condition: EXIT, confidence: 0.7 } },
      risk: { maxPositionSize: 0.25, stopLoss: 0.04 },
    };
    expect(await json(), 'the JSON editor holds what the form built').toEqual(expected);
    expect(await page.evaluate(overflowing), 'the wizard’s rows fit at 1280 px').toEqual([]);
    await page.$eval('#wizard-fields [data-block="series"]', (b) => b.scrollIntoView());
    await page.locator('#wizard').screenshot({ path: join(ARTIFACTS, 'dashboard-wizard-series.png') });
    await page.click('#wizard-submit');
    await page.waitForFunction(() => !(document.querySelector('#wizard') as HTMLDialogElement).open);
    await page.waitForSelector(`#card-${ID}`);
    expect(starts, 'one start request').toHaveLength(1);
    expect(JSON.parse(starts[0]), 'the server received exactly the form’s config').toEqual(expected);
    const cfg = manager.getInstance(ID).config;
    expect(cfg.series).toEqual({ h4: { timeframe: '4h' } });
    expect(cfg.indicators.trend).toMatchObject({ type: 'ema', period: 20, series: 'h4' });
    expect([cfg.market, cfg.periodsPerYear, cfg.rules!.entry.condition]).toEqual(['crypto', 35040, ENTRY]);
  });

  it('edits the running multi-series strategy: its series locked, the bound indicator’s period changed', async () => {
    await page.click(`#card-${ID} [data-action="edit"]`);
    await page.waitForSelector('#wizard[open] #wizard-fields .ind-row[data-path="indicators.trend"]');
    expect(await page.inputValue('#wizard-fields .ind-row[data-path="indicators.trend"] [name="ind-series"]'), 'the binding is shown').toBe('h4');
    expect(await page.isDisabled('#wizard-fields .series-row [name="series-timeframe"]'), 'a running strategy’s series cannot change').toBe(true);
    expect(await page.isDisabled('#wizard-fields [data-add="series"]')).toBe(true);
    await page.fill('#wizard-fields .ind-row[data-path="indicators.trend"] [data-param="period"]', '30');
    await page.click('#wizard-submit');
    await page.waitForFunction(() => !(document.querySelector('#wizard') as HTMLDialogElement).open);
    await expect.poll(() => manager.getInstance(ID).config.indicators.trend).toMatchObject({ type: 'ema', period: 30, series: 'h4' });
    expect(manager.getInstance(ID).config.series).toEqual({ h4: { timeframe: '4h' } });
  });

  it('shows the server’s rule error beside the field, with path, column and a caret under the word', async () => {
    await page.click('#new-strategy');
    await page.waitForSelector('#wizard[open]');
    await page.selectOption('#wizard-template', 'EMA crossover');
    await page.waitForSelector('#wizard-fields .ind-row[data-path="indicators.slow"]');
    await page.fill('#wizard-fields input[name="id"]', 'wiz_bad_rule');
    await page.click('#wizard-fields [data-add="series"]');
    await page.fill('#wizard-fields .series-row:last-child [name="series-alias"]', 'h4');
    await page.fill('#wizard-fields .series-row:last-child [name="series-timeframe"]', '4h');
    const rule = 'fast > slow AND highest(high, 20)[1] < close@h5';
    await page.fill('#wizard-fields textarea[name="rules.entry.condition"]', rule);
    await page.click('#wizard-submit');
    const msg = '#wizard-fields .field[data-path="rules.entry.condition"] pre.field-msg';
    await page.waitForSelector(msg);
    const text = (await page.textContent(msg))!;
    const column = rule.indexOf('close@h5') + 1;
    expect(text.split('\n')[0]).toBe(`unknown name "close@h5" at column ${column} (did you mean "close@h4"?)`);
    expect(await page.textContent('#wizard-errors')).toContain('rules.entry.condition');
    // On screen, the first ^ sits under the first letter of the unknown name.
    const [caretX, wordX] = await page.$eval(msg, (pre, word) => {
      const [, line, carets] = pre.firstChild!.textContent!.split('\n');
      const at = (offsetInLine: number, lineIndex: number) => {
        const node = pre.firstChild!;
        const before = pre.firstChild!.textContent!.split('\n').slice(0, lineIndex).join('\n').length + 1;
        const range = document.createRange();
        range.setStart(node, before + offsetInLine);
        range.setEnd(node, before + offsetInLine + 1);
        return range.getBoundingClientRect().left;
      };
      return [at(carets.indexOf('^'), 2), at(line.indexOf(word), 1)];
    }, 'close@h5');
    expect(Math.abs(caretX - wordX), 'caret under the word').toBeLessThan(1);
    expect(await page.getAttribute('#wizard-fields .field[data-path="rules.entry.condition"]', 'class')).toMatch(/invalid/);
    expect(manager.has('wiz_bad_rule')).toBe(false);
    await page.$eval('#wizard-fields .rule-field.invalid', (b) => b.scrollIntoView());
    await page.locator('#wizard').screenshot({ path: join(ARTIFACTS, 'dashboard-wizard-rule-error.png') });
    // An indicator bound to an undeclared series marks its row.
    await page.fill('#wizard-fields textarea[name="rules.entry.condition"]', 'fast > slow');
    await page.click('#wizard-fields .series-row:last-child button.remove');
    await page.click('#wizard-fields [data-add="indicators"]');
    await page.fill('#wizard-fields .ind-row:last-child [name="ind-name"]', 'trend');
    await page.selectOption('#wizard-fields .ind-row:last-child [name="ind-type"]', 'ema');
    await page.fill('#wizard-fields .ind-row:last-child [data-param="period"]', '20');
    const j = await json();
    (j.indicators as Record<string, Record<string, unknown>>).trend.series = 'h44';
    await page.fill('#wizard-json', JSON.stringify(j, null, 2));
    expect(await page.inputValue('#wizard-fields .ind-row:last-child [name="ind-series"]'), 'the form follows the JSON').toBe('h44');
    await page.click('#wizard-submit');
    await page.waitForSelector('#wizard-fields .ind-row.invalid[data-path="indicators.trend"] .field-msg');
    expect(await page.textContent('#wizard-fields .ind-row.invalid .field-msg')).toMatch(/indicators\.trend\.series: unknown series "h44"/);
    await page.click('#wizard-cancel');
  });

  it('logged no error besides the refused configs', () => {
    expect(live.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
