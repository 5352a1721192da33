/**
 * The wizard's order-model and margin fields in Chromium against a real paced session: a limit entry below the
 * close, reversal with a short rule, pyramiding (maxEntries with an addOn rule), a stop-loss/take-profit bracket,
 * a trailing stop on a declared ATR (its kind switched from an amount), two scale-out steps, and a perpetual at 3x
 * that runs on a funding gap with a warning, all built in the form. The request body must be exactly the config
 * the form shows, the server's real parser must accept it (the strategy runs with those fields), and editing it
 * must show the trailing stop and the steps back.
 */
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { HAS_CHROMIUM, SKIP_REASON } from './browser.ts';
import { overflowing } from './layout.ts';
import { useWizardPage } from './wizard-page.ts';

const ID = 'wiz_perp_orders';
const F = '#wizard-fields';

describe.skipIf(!HAS_CHROMIUM)(`wizard order and margin fields in Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  const w = useWizardPage('wiz_orders_base');
  const json = () => w.json();

  it('builds a perpetual with a limit entry, reversal, pyramiding, a bracket, an ATR trail and scale-out, and starts exactly that config', async () => {
    await w.newFromTemplate();
    await w.page.fill(`${F} input[name="id"]`, ID);
    await w.page.fill(`${F} input[name="name"]`, 'Wizard perpetual orders');
    const base = await json();

    // Entry order: a limit 0.2% below the signal close.
    await w.page.selectOption(`${F} select[name="orders.entry.type"]`, 'limit');
    await w.page.fill(`${F} input[name="orders.entry.offset"]`, '-0.002');
    await w.page.check(`${F} input[name="allowShort"]`);
    await w.page.fill(`${F} textarea[name="rules.shortEntry.condition"]`, 'ema_crossover_bearish');
    await w.page.check(`${F} input[name="orders.reverse"]`);
    await w.page.selectOption(`${F} select[name="orders.stopsFrom"]`, 'next_bar');
    await w.page.fill(`${F} input[name="orders.maxEntries"]`, '2');
    await w.page.fill(`${F} textarea[name="rules.addOn.condition"]`, 'close > fast');
    // Bracket.
    await w.page.fill(`${F} input[name="risk.stopLoss"]`, '0.03');
    await w.page.fill(`${F} input[name="risk.takeProfit"]`, '0.09');
    // An ATR for the trailing stop.
    await w.page.click(`${F} [data-add="indicators"]`);
    const r = `${F} .ind-row:last-child`;
    await w.page.fill(`${r} [name="ind-name"]`, 'atr14');
    await w.page.selectOption(`${r} [name="ind-type"]`, 'atr');
    await w.page.fill(`${r} [data-param="period"]`, '14');
    // Trailing stop: an amount first, then switched to the ATR kind; only the last kind stays.
    const trail = `${F} [data-block="trailing-stop"]`;
    expect(await w.page.$$eval(`${trail} [name="trail-kind"] option`, (o) => o.map((x) => (x as HTMLOptionElement).value)), 'the schema’s three shapes').toEqual(['', 'percent', 'amount', 'atr']);
    await w.page.selectOption(`${trail} [name="trail-kind"]`, 'amount');
    await w.page.fill(`${trail} [data-param="amount"]`, '2');
    expect(((await json()).risk as Record<string, unknown>).trailingStop).toEqual({ amount: 2 });
    await w.page.selectOption(`${trail} [name="trail-kind"]`, 'atr');
    await w.page.fill(`${trail} [data-param="atr"]`, 'atr14');
    await w.page.fill(`${trail} [data-param="multiple"]`, '2.5');
    // Scale-out: two steps.
    const steps = `${F} [data-block="scale-out"]`;
    await w.page.click(`${steps} [data-add="scaleOut"]`);
    await w.page.fill(`${steps} .step-row:nth-child(1) [data-param="gain"]`, '0.03');
    await w.page.fill(`${steps} .step-row:nth-child(1) [data-param="fraction"]`, '0.5');
    await w.page.click(`${steps} [data-add="scaleOut"]`);
    await w.page.fill(`${steps} .step-row:nth-child(2) [data-param="gain"]`, '0.06');
    await w.page.fill(`${steps} .step-row:nth-child(2) [data-param="fraction"]`, '0.25');
    // Margin.
    await w.page.selectOption(`${F} select[name="instrument"]`, 'perpetual');
    await w.page.fill(`${F} input[name="leverage"]`, '3');
    await w.page.selectOption(`${F} select[name="funding.missing"]`, 'warn');

    const b = base as { indicators: Record<string, unknown>; rules: Record<string, unknown>; risk: Record<string, unknown> };
    const expected = {
      ...base,
      allowShort: true,
      instrument: 'perpetual',
      leverage: 3,
      funding: { missing: 'warn' },
      orders: { entry: { type: 'limit', offset: -0.002 }, reverse: true, stopsFrom: 'next_bar', maxEntries: 2 },
      indicators: { ...b.indicators, atr14: { type: 'atr', period: 14 } },
      rules: { ...b.rules, shortEntry: { condition: 'ema_crossover_bearish' }, addOn: { condition: 'close > fast' } },
      risk: { ...b.risk, stopLoss: 0.03, takeProfit: 0.09, trailingStop: { atr: 'atr14', multiple: 2.5 }, scaleOut: [{ gain: 0.03, fraction: 0.5 }, { gain: 0.06, fraction: 0.25 }] },
    };
    const shown = await json();
    expect(shown, 'the JSON editor holds what the form built').toEqual(expected);
    expect(() => parseStrategyConfig(shown), 'the config parser accepts it').not.toThrow();
    expect(await w.page.evaluate(overflowing), 'the trailing-stop and scale-out rows fit at 1280 px').toEqual([]);

    expect(await w.startFromForm(ID), 'the server received exactly the form’s config').toEqual(expected);
    expect(w.starts, 'one start request').toHaveLength(1);
    const cfg = w.manager.getInstance(ID).config;
    expect([cfg.instrument, cfg.leverage, cfg.funding?.missing]).toEqual(['perpetual', 3, 'warn']);
    expect(cfg.orders).toMatchObject({ entry: { type: 'limit', offset: -0.002, tif: 'gtc' }, reverse: true, stopsFrom: 'next_bar', maxEntries: 2 });
    expect(cfg.risk).toMatchObject({ stopLoss: 0.03, takeProfit: 0.09, trailingStop: { atr: 'atr14', multiple: 2.5 }, scaleOut: [{ gain: 0.03, fraction: 0.5 }, { gain: 0.06, fraction: 0.25 }] });
  }, 150_000);

  it('editing the running strategy shows its trailing stop and steps; removing a step sends the rest', async () => {
    await w.page.click(`#card-${ID} [data-action="edit"]`);
    await w.page.waitForSelector(`#wizard[open] ${F} [data-block="scale-out"] .step-row`);
    const trail = `${F} [data-block="trailing-stop"]`;
    expect(await w.page.inputValue(`${trail} [name="trail-kind"]`)).toBe('atr');
    expect([await w.page.inputValue(`${trail} [data-param="atr"]`), await w.page.inputValue(`${trail} [data-param="multiple"]`)]).toEqual(['atr14', '2.5']);
    const rows = `${F} [data-block="scale-out"] .step-row`;
    expect(await w.page.$$eval(rows, (rs) => rs.map((r) => Array.from(r.querySelectorAll('input'), (i) => (i as HTMLInputElement).value)))).toEqual([['0.03', '0.5'], ['0.06', '0.25']]);
    await w.page.click(`${rows}:nth-child(1) button.remove`);
    expect(((await json()).risk as Record<string, unknown>).scaleOut).toEqual([{ gain: 0.06, fraction: 0.25 }]);
    await w.page.click('#wizard-submit');
    await w.page.waitForFunction(() => !(document.querySelector('#wizard') as HTMLDialogElement).open);
    await expect.poll(() => w.manager.getInstance(ID).config.risk.scaleOut).toEqual([{ gain: 0.06, fraction: 0.25 }]);
  }, 120_000);

  it('marks the trailing stop when the server refuses it (an ATR name that is not declared)', async () => {
    await w.newFromTemplate();
    await w.page.fill(`${F} input[name="id"]`, 'wiz_bad_trail');
    const trail = `${F} [data-block="trailing-stop"]`;
    await w.page.selectOption(`${trail} [name="trail-kind"]`, 'atr');
    await w.page.fill(`${trail} [data-param="atr"]`, 'atr99');
    await w.page.fill(`${trail} [data-param="multiple"]`, '3');
    await w.page.click('#wizard-submit');
    await w.page.waitForSelector(`${trail} .row.invalid .field-msg`);
    expect(await w.page.textContent(`${trail} .row.invalid .field-msg`)).toContain('"atr99" is not a declared indicator of type "atr"');
    expect(w.manager.has('wiz_bad_trail')).toBe(false);
    await w.page.click('#wizard-cancel');
  }, 120_000);

  it('logged no error besides the refused config', () => {
    expect(w.live.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
