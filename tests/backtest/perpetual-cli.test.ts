/**
 * A funded perpetual long through the real CLI: `strata data import` of 1h candles and `strata data import
 * --funding` of 8-hourly rates into one DuckDB store file, then `strata backtest` of a perpetual config from that
 * store. The funding total in metrics.json must equal a loop over the funding rows (quantity × the close at the
 * funding time × rate, paid by the long for a positive rate), the summary must print it, and a store whose funding
 * history has a hole must refuse the run naming the gap, or run with a warning under `funding.missing: "warn"`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../testkit/data.ts';
import { readTableFile, runCli, type CliResult } from './cli-helpers.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const SYMBOL = 'BTC/USDT:USDT';
const QUANTITY = 10;
const BARS = 46;
/** The entry signal on the first bar's close fills at the second bar's open. */
const ENTRY_TIME = T0 + HOUR;
/** close(42) = 110.5 meets the exit rule on the bar closing at T0 + 43h; the exit fills at the next open. */
const EXIT_TIME = T0 + 43 * HOUR;
/** 1h candles opening at T0 + i·1h, closing at 100 + 0.25·i (a gentle rise: no stop, no liquidation at 2x). */
const close = (i: number) => 100 + 0.25 * i;
/** Funding every 8h from T0 to T0 + 48h; k = 3 is negative, so the long receives once. */
const FUNDING = Array.from({ length: 7 }, (_, k) => ({ time: T0 + k * 8 * HOUR, rate: k === 3 ? -0.0004 : 0.0001 * (k + 1) }));

const tmp = tempDir();
const path = (f: string) => join(tmp.dir, f);
const iso = (t: number) => new Date(t).toISOString();

function writeCandles(file: string): void {
  const rows = Array.from({ length: BARS }, (_, i) => {
    const c = close(i);
    const o = i === 0 ? c : close(i - 1);
    return `${iso(T0 + i * HOUR)},${o},${Math.max(o, c) + 0.1},${Math.min(o, c) - 0.1},${c},5`;
  });
  writeFileSync(file, ['date,open,high,low,close,volume', ...rows].join('\n') + '\n');
}
const writeFunding = (file: string, rows: typeof FUNDING) => writeFileSync(file, ['fundingTime,fundingRate', ...rows.map((r) => `${iso(r.time)},${r.rate}`)].join('\n') + '\n');

function writeConfig(file: string, extra: Record<string, unknown> = {}): void {
  const config = {
    id: 'perp_long',
    symbol: SYMBOL,
    timeframe: '1h',
    instrument: 'perpetual',
    leverage: 2,
    sizing: { mode: 'quantity', value: QUANTITY },
    rules: { entry: { condition: 'close < 101' }, exit: { condition: 'close >= 110.5' } },
    ...extra,
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
}

async function importStore(store: string, funding: typeof FUNDING): Promise<void> {
  const candles = await runCli(['data', 'import', path('candles.csv'), '--symbol', SYMBOL, '--timeframe', '1h', '--store', store]);
  expect(candles.code, candles.stderr).toBe(0);
  const file = `${store}.funding.csv`;
  writeFunding(file, funding);
  const f = await runCli(['data', 'import', '--funding', file, '--symbol', SYMBOL, '--store', store]);
  expect(f.code, f.stderr).toBe(0);
  expect(f.stdout).toContain(`${funding.length} payment(s) of ${SYMBOL} stored`);
}

const backtest = (config: string, store: string, out: string) => runCli(['backtest', config, '--data', store, '--out', out, '--no-register']);

let full: CliResult;
let metrics: { strategies: { id: string; metrics: { margin: Record<string, number | string> } }[] };

beforeAll(async () => {
  writeCandles(path('candles.csv'));
  writeConfig(path('perp.json'));
  writeConfig(path('perp-warn.json'), { funding: { missing: 'warn' } });
  await importStore(path('full.duckdb'), FUNDING);
  await importStore(path('holed.duckdb'), FUNDING.filter((_, k) => k !== 2));
  full = await backtest(path('perp.json'), path('full.duckdb'), path('run-full'));
  metrics = JSON.parse(readFileSync(path('run-full/metrics.json'), 'utf8'));
}, 240_000);
afterAll(() => tmp.cleanup());

/**
 * The hand computation: the long is open from ENTRY_TIME to EXIT_TIME. Each payment at T while it is open is
 * quantity × close of the bar closing at T × rate; the payment at T0 comes before the entry and the one at
 * T0 + 48h after the exit, so neither counts.
 */
function expectedFunding(): { paid: number; received: number; net: number; counted: number } {
  let paid = 0;
  let received = 0;
  let counted = 0;
  for (const f of FUNDING) {
    const open = f.time > ENTRY_TIME && f.time < EXIT_TIME;
    if (!open) continue;
    const barIndex = (f.time - T0) / HOUR - 1; // the bar closing at f.time
    const cash = -(QUANTITY * close(barIndex) * f.rate);
    if (cash < 0) paid -= cash;
    else received += cash;
    counted++;
  }
  return { paid, received, net: received - paid, counted };
}

describe('strata backtest of a funded perpetual from a store the CLI filled', () => {
  it('charges the funding a loop over the rows gives, paid by the long at a positive rate', async () => {
    expect(full.code, full.stderr).toBe(0);
    const e = expectedFunding();
    expect(e.counted, 'five payments fall while the long is open (8h, 16h, 24h, 32h, 40h)').toBe(5);
    const m = metrics.strategies[0].metrics.margin;
    expect(m.instrument).toBe('perpetual');
    expect(m.fundingPaid as number, 'positive rates: the long pays quantity × close × rate').toBeCloseTo(e.paid, 9);
    expect(m.fundingReceived as number, 'the one negative rate is received').toBeCloseTo(e.received, 9);
    expect(m.fundingNet as number).toBeCloseTo(e.net, 9);
    expect(m.fundingNet as number, 'more paid than received: a cost in the P&L').toBeLessThan(0);
    expect(m.liquidations).toBe(0);
    const trades = await readTableFile(path('run-full/trades.parquet'));
    expect(trades.rows.length).toBe(1);
    const t = trades.rows[0];
    expect([Date.parse(String(t.entry_time)), Date.parse(String(t.exit_time))], 'the trade the hand computation assumes').toEqual([ENTRY_TIME, EXIT_TIME]);
    expect(Number(t.funding), 'the trade carries its funding').toBeCloseTo(e.net, 9);
    expect(Number(t.borrow_cost)).toBe(0);
    // Price P&L less both fees, plus funding: the P&L column has the funding in it.
    const gross = QUANTITY * (Number(t.exit_price) - Number(t.entry_price));
    expect(Number(t.pnl), 'pnl = price move − fees + funding').toBeCloseTo(gross - Number(t.fees) + e.net, 6);
    const csv = readFileSync(path('run-full/trades.csv'), 'utf8').split('\n');
    expect(csv[0].split(',').slice(-2)).toEqual(['funding', 'borrow_cost']);
  });

  it('prints the funding and the liquidation count in the summary', () => {
    const e = expectedFunding();
    expect(full.stdout).toContain('Margin (funding and borrow cost are in the P&L above):');
    expect(full.stdout).toContain(`perp_long  perpetual 2x  funding paid ${e.paid.toFixed(2)}, received ${e.received.toFixed(2)}, net ${e.net.toFixed(2)}; borrow 0.00; 0 liquidations`);
  });

  it('prints the margin terms and the funding coverage in the manifest', () => {
    const manifest = JSON.parse(readFileSync(path('run-full/manifest.json'), 'utf8'));
    expect(manifest.strategies[0].margin).toMatchObject({ instrument: 'perpetual', leverage: 2, marginMode: 'isolated', maintenanceMargin: 0.004, fundingCoverage: { symbol: SYMBOL, payments: 7, missing: 0 } });
  });

  it('shows the funding table and the manifest\'s margin terms in the HTML report', async () => {
    const r = await runCli(['report', path('run-full'), '--out', path('report.html')]);
    expect(r.code, r.stderr).toBe(0);
    const d = parseHTML(readFileSync(path('report.html'), 'utf8')).document;
    const row = d.querySelector('#margin table.margin tr[data-strategy="perp_long"]');
    expect(row, 'a row for the perpetual strategy').not.toBeNull();
    const e = expectedFunding();
    expect(Array.from(row!.querySelectorAll('td'), (c) => c.textContent)).toEqual(['perp_long', 'perpetual', '2x', e.paid.toFixed(2), e.received.toFixed(2), e.net.toFixed(2), '0.00', '0', '–']);
    const terms = Object.fromEntries(Array.from(d.querySelectorAll('#margin table.terms tr'), (tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]));
    expect(terms).toMatchObject({ instrument: 'perpetual', leverage: '2', marginMode: 'isolated', maintenanceMargin: '0.004', fundingCoverage: '7 payment(s) read, 0 missing; on a gap: error' });
    expect(terms.liquidation).toContain('entry·(1 − 1/2)/(1 − 0.004)');
  });

  it('refuses a store whose funding history misses a payment, naming the gap', async () => {
    const r = await backtest(path('perp.json'), path('holed.duckdb'), path('run-holed'));
    expect(r.code, 'bad data: exit 1').toBe(1);
    expect(r.stderr).toContain(`${SYMBOL} funding history misses 1 payment(s) in the run's range, first 1 from ${iso(T0 + 16 * HOUR)}`);
    expect(r.stderr).toContain('"funding": {"missing": "warn"}');
  });

  it('with funding.missing "warn" runs over the hole, warns, and charges only the stored payments', async () => {
    const r = await backtest(path('perp-warn.json'), path('holed.duckdb'), path('run-warn'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`warning: ${SYMBOL.replace(/[/:]/g, '\\$&')}: 1 funding payment\\(s\\) missing in the range, run anyway`));
    const m = JSON.parse(readFileSync(path('run-warn/metrics.json'), 'utf8')).strategies[0].metrics.margin;
    const e = expectedFunding();
    const missingPayment = -(QUANTITY * close(15) * FUNDING[2].rate);
    expect(m.fundingNet, 'the missing 16h payment is not charged, and not invented').toBeCloseTo(e.net - missingPayment, 9);
    const manifest = JSON.parse(readFileSync(path('run-warn/manifest.json'), 'utf8'));
    expect(manifest.strategies[0].margin.fundingCoverage).toMatchObject({ missing: 1, onMissing: 'warn', gaps: [{ from: iso(T0 + 16 * HOUR), count: 1 }] });
  });
});
