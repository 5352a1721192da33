/**
 * The wizard's config fields that come from the server's JSON Schema, in Chromium against a real paced session:
 * every indicator type of the registry with its parameters and defaults, informative series, an indicator bound
 * to one, market, and rule fields that show the server's message with its caret under the column. A multi-series
 * strategy (15m entries, a 4h EMA filter) is built through the form and started; the request body must be exactly
 * the config the form shows, and the running instance must read the 4h series.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '../../engine/indicators/registry.ts';
import { ARTIFACTS, HAS_CHROMIUM, SKIP_REASON } from './browser.ts';
import { overflowing } from './layout.ts';
import { useWizardPage } from './wizard-page.ts';

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
  const w = useWizardPage('wiz_base');
  const json = () => w.json();

  it('offers every indicator type of the registry, each with its parameters and their defaults', async () => {
    await w.newFromTemplate();
    const row = '#wizard-fields .ind-row[data-path="indicators.fast"]';
    expect(await w.page.$$eval(`${row} [name="ind-type"] option`, (o) => o.map((x) => (x as HTMLOptionElement).value)), 'the registry’s types, in its order').toEqual(INDICATORS.map((d) => d.type));
    // Each type picked in the page (a change event, as a user's pick sends), its inputs read back.
    const shownByType = await w.page.evaluate(
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
    await w.page.click('#wizard-cancel');
  });

  it('builds a 15m strategy with a 4h EMA filter in the form and starts exactly that config', async () => {
    await w.newFromTemplate();
    await w.page.fill('#wizard-fields input[name="id"]', ID);
    await w.page.fill('#wizard-fields input[name="name"]', 'Wizard trend filter');
    await w.page.fill('#wizard-fields input[name="timeframe"]', '15m');
    await w.page.selectOption('#wizard-fields select[name="market"]', 'crypto');
    await w.page.fill('#wizard-fields input[name="periodsPerYear"]', '35040');
    // An informative series: the 4h bars of the strategy's own symbol.
    await w.page.click('#wizard-fields [data-add="series"]');
    const s = '#wizard-fields .series-row:last-child';
    await w.page.fill(`${s} [name="series-alias"]`, 'h4');
    await w.page.fill(`${s} [name="series-timeframe"]`, '4h');
    // An indicator on that series.
    await w.page.click('#wizard-fields [data-add="indicators"]');
    const r = '#wizard-fields .ind-row:last-child';
    await w.page.fill(`${r} [name="ind-name"]`, 'trend');
    await w.page.selectOption(`${r} [name="ind-type"]`, 'ema');
    await w.page.fill(`${r} [data-param="period"]`, '20');
    expect(await w.page.$$eval(`${r} [name="ind-series"] option`, (o) => o.map((x) => x.textContent)), 'the declared series are offered').toEqual(['primary', '@h4']);
    await w.page.selectOption(`${r} [name="ind-series"]`, 'h4');
    await w.page.fill('#wizard-fields textarea[name="rules.entry.condition"]', ENTRY);
    await w.page.fill('#wizard-fields textarea[name="rules.exit.condition"]', EXIT);
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
    expect(await w.page.evaluate(overflowing), 'the wizard’s rows fit at 1280 px').toEqual([]);
    await w.page.$eval('#wizard-fields [data-block="series"]', (b) => b.scrollIntoView());
    await w.page.locator('#wizard').screenshot({ path: join(ARTIFACTS, 'dashboard-wizard-series.png') });
    expect(await w.startFromForm(ID), 'the server received exactly the form’s config').toEqual(expected);
    expect(w.starts, 'one start request').toHaveLength(1);
    const cfg = w.manager.getInstance(ID).config;
    expect(cfg.series).toEqual({ h4: { timeframe: '4h' } });
    expect(cfg.indicators.trend).toMatchObject({ type: 'ema', period: 20, series: 'h4' });
    expect([cfg.market, cfg.periodsPerYear, cfg.rules!.entry.condition]).toEqual(['crypto', 35040, ENTRY]);
  });

  it('edits the running multi-series strategy: its series locked, the bound indicator’s period changed', async () => {
    await w.page.click(`#card-${ID} [data-action="edit"]`);
    await w.page.waitForSelector('#wizard[open] #wizard-fields .ind-row[data-path="indicators.trend"]');
    expect(await w.page.inputValue('#wizard-fields .ind-row[data-path="indicators.trend"] [name="ind-series"]'), 'the binding is shown').toBe('h4');
    expect(await w.page.isDisabled('#wizard-fields .series-row [name="series-timeframe"]'), 'a running strategy’s series cannot change').toBe(true);
    expect(await w.page.isDisabled('#wizard-fields [data-add="series"]')).toBe(true);
    await w.page.fill('#wizard-fields .ind-row[data-path="indicators.trend"] [data-param="period"]', '30');
    await w.page.click('#wizard-submit');
    await w.page.waitForFunction(() => !(document.querySelector('#wizard') as HTMLDialogElement).open);
    await expect.poll(() => w.manager.getInstance(ID).config.indicators.trend).toMatchObject({ type: 'ema', period: 30, series: 'h4' });
    expect(w.manager.getInstance(ID).config.series).toEqual({ h4: { timeframe: '4h' } });
  });

  it('shows the server’s rule error beside the field, with path, column and a caret under the word', async () => {
    await w.newFromTemplate();
    await w.page.fill('#wizard-fields input[name="id"]', 'wiz_bad_rule');
    await w.page.click('#wizard-fields [data-add="series"]');
    await w.page.fill('#wizard-fields .series-row:last-child [name="series-alias"]', 'h4');
    await w.page.fill('#wizard-fields .series-row:last-child [name="series-timeframe"]', '4h');
    const rule = 'fast > slow AND highest(high, 20)[1] < close@h5';
    await w.page.fill('#wizard-fields textarea[name="rules.entry.condition"]', rule);
    await w.page.click('#wizard-submit');
    const msg = '#wizard-fields .field[data-path="rules.entry.condition"] pre.field-msg';
    await w.page.waitForSelector(msg);
    const text = (await w.page.textContent(msg))!;
    const column = rule.indexOf('close@h5') + 1;
    expect(text.split('\n')[0]).toBe(`unknown name "close@h5" at column ${column} (did you mean "close@h4"?)`);
    expect(await w.page.textContent('#wizard-errors')).toContain('rules.entry.condition');
    // On screen, the first ^ sits under the first letter of the unknown name.
    const [caretX, wordX] = await w.page.$eval(msg, (pre, word) => {
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
    expect(await w.page.getAttribute('#wizard-fields .field[data-path="rules.entry.condition"]', 'class')).toMatch(/invalid/);
    expect(w.manager.has('wiz_bad_rule')).toBe(false);
    await w.page.$eval('#wizard-fields .rule-field.invalid', (b) => b.scrollIntoView());
    await w.page.locator('#wizard').screenshot({ path: join(ARTIFACTS, 'dashboard-wizard-rule-error.png') });
    // An indicator bound to an undeclared series marks its row.
    await w.page.fill('#wizard-fields textarea[name="rules.entry.condition"]', 'fast > slow');
    await w.page.click('#wizard-fields .series-row:last-child button.remove');
    await w.page.click('#wizard-fields [data-add="indicators"]');
    await w.page.fill('#wizard-fields .ind-row:last-child [name="ind-name"]', 'trend');
    await w.page.selectOption('#wizard-fields .ind-row:last-child [name="ind-type"]', 'ema');
    await w.page.fill('#wizard-fields .ind-row:last-child [data-param="period"]', '20');
    const j = await json();
    (j.indicators as Record<string, Record<string, unknown>>).trend.series = 'h44';
    await w.page.fill('#wizard-json', JSON.stringify(j, null, 2));
    expect(await w.page.inputValue('#wizard-fields .ind-row:last-child [name="ind-series"]'), 'the form follows the JSON').toBe('h44');
    await w.page.click('#wizard-submit');
    await w.page.waitForSelector('#wizard-fields .ind-row.invalid[data-path="indicators.trend"] .field-msg');
    expect(await w.page.textContent('#wizard-fields .ind-row.invalid .field-msg')).toMatch(/indicators\.trend\.series: unknown series "h44"/);
    await w.page.click('#wizard-cancel');
  });

  it('logged no error besides the refused configs', () => {
    expect(w.live.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
