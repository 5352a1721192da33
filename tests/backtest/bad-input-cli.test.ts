/**
 * `strata backtest` fed what users really feed it: corrupted rows, a file with no usable row, backtrader's
 * minute layout, the wrong symbol, several files, a negative number, a stake the cash cannot pay. Each case
 * asserts the exit code and the words that tell the user what is wrong.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';

const ORCL = 'data/samples/orcl-1995-2014.txt';
let tmp: string;

const sma = (over: Record<string, unknown> = {}) => ({
  id: 'sma_orcl',
  symbol: 'ORCL/USD',
  timeframe: '1d',
  indicators: { fast: { type: 'sma', period: 10 }, slow: { type: 'sma', period: 30 } },
  rules: { entry: { condition: 'crosses_above(fast, slow)' }, exit: { condition: 'crosses_below(fast, slow)' } },
  capital: 10_000,
  ...over,
});

function writeJson(name: string, value: unknown): string {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/** The ORCL file with row 5 set to NaN prices and row 9 cut to three fields. */
function corruptedOrcl(): string {
  const lines = readFileSync(ORCL, 'utf8').split('\n');
  const f5 = lines[5].split(',');
  lines[5] = [f5[0], 'NaN', ...f5.slice(2)].join(',');
  lines[9] = lines[9].split(',').slice(0, 3).join(',');
  const file = join(tmp, 'orcl-corrupt.csv');
  writeFileSync(file, lines.join('\n'));
  return file;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'strata-bad-input-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('rejected rows', () => {
  it('are named by file, row number and reason, and not traded (exit 0)', async () => {
    const data = corruptedOrcl();
    const r = await runCli(['backtest', writeJson('sma.json', sma()), '--data', data, '--symbol', 'ORCL/USD', '--no-register', '--out', join(tmp, 'ok')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('2 row(s) rejected and not traded');
    expect(r.stderr).toContain(`${data} row 5: NaN or Infinity: ${readFileSync(data, 'utf8').split('\n')[5]}`);
    expect(r.stderr).toMatch(/row 9: malformed row: 1995-01-13,/);
  });

  it('with --strict stop the run before anything is written, naming the rows (exit 1)', async () => {
    const out = join(tmp, 'strict');
    const r = await runCli(['backtest', writeJson('sma.json', sma()), '--data', corruptedOrcl(), '--symbol', 'ORCL/USD', '--no-register', '--out', out, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--strict: 2 data row\(s\) were rejected, so nothing was run/);
    expect(r.stderr).toMatch(/row 5: NaN or Infinity/);
    expect(r.stdout, 'no results are printed').toBe('');
    expect(existsSync(out), 'no run folder').toBe(false);
  });

  it('that leave no usable candle make the run an error naming the reasons (exit 1)', async () => {
    const file = join(tmp, 'all-bad.csv');
    writeFileSync(file, 'Date,Open,High,Low,Close,Volume\n2024-01-01,NaN,1,1,1,1\n2024-01-02,1,1,2,1,1\n');
    const r = await runCli(['backtest', writeJson('sma.json', sma()), '--data', file, '--symbol', 'ORCL/USD', '--timeframe', '1d', '--no-register', '--out', join(tmp, 'none')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no usable candle: all 2 row\(s\) were rejected \(.*NaN or Infinity: 1.*high < low: 1|high < low: 1.*NaN or Infinity: 1/);
    expect(r.stderr).toMatch(/all-bad\.csv row 1: NaN or Infinity/);
  });
});

describe('layouts and conventions', () => {
  it("reads backtrader's minute layout (Date, Time under a header without Time) with --timestamps close, and records it", async () => {
    const rows = ['Date,Open,High,Low,Close,Volume,OpenInterest'];
    for (let d = 2; d <= 4; d++) for (let m = 1; m <= 120; m++) rows.push(`2006-01-0${d},${String(9 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00,${100 + (m % 7)},${102 + (m % 7)},${99 + (m % 7)},${101 + (m % 7)},${m},0`);
    const file = join(tmp, '2006-min.txt');
    writeFileSync(file, rows.join('\n') + '\n');
    const cfg2 = writeJson('bt2.json', sma({ id: 'bt', symbol: 'ES/USD', timeframe: '1m' }));
    const out = join(tmp, 'bt-close');
    const r = await runCli(['backtest', cfg2, '--data', file, '--symbol', 'ES/USD', '--timestamps', 'close', '--no-register', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/header names 7 columns but the rows have 8/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.data.timestamps).toBe('close');
    expect(manifest.data.firstCandleClose, 'the bar stamped 09:01 is the 09:00 bar, closing at 09:01').toBe('2006-01-02T09:01:00.000Z');
  });

  it('warns when open-stamped minute data looks stamped at the close', async () => {
    const rows = ['Date,Time,Open,High,Low,Close,Volume'];
    for (let d = 2; d <= 4; d++) for (let m = 1; m <= 60; m++) rows.push(`2006-01-0${d},${m === 60 ? '10:00' : `09:${String(m).padStart(2, '0')}`}:00,100,102,99,101,${m}`);
    const file = join(tmp, 'close-stamped.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const r = await runCli(['backtest', writeJson('cs.json', sma({ id: 'cs', symbol: 'ES/USD', timeframe: '1m' })), '--data', file, '--symbol', 'ES/USD', '--no-register', '--out', join(tmp, 'cs')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/looks stamped at each bar's close; if so, read it with --timestamps close/);
  });
});

describe('symbols and several files', () => {
  it('a config whose symbol the file lacks names the config, the file, how its symbol was inferred, and the fix', async () => {
    const r = await runCli(['backtest', 'examples/rsi_xrp_5m.json', '--data', 'data/samples/UNITTEST_BTC-5m.feather', '--no-register', '--out', join(tmp, 'mismatch')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"rsi_xrp_5m" wants XRP/ETH 5m, but the data holds data/samples/UNITTEST_BTC-5m.feather: UNITTEST/BTC 5m (symbol from the file name)');
    expect(r.stderr).toContain('--data FILE=SYMBOL');
  });

  it("runs the demo's five strategies from several --data files, each naming its symbol", async () => {
    const configs = ['macd_btc_15m', 'rsi_xrp_5m', 'ema_btc_1h', 'bollinger_btc_5m', 'donchian_btc_1h'].map((id) => `examples/${id}.json`);
    const r = await runCli(['backtest', ...configs, '--data', 'data/samples/UNITTEST_BTC-1m.json=BTC/USDT', '--data', 'data/samples/XRP_ETH-1m.feather', '--no-register', '--out', join(tmp, 'multi')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Portfolio: 5 strategies/);
    for (const id of ['macd_btc_15m', 'rsi_xrp_5m', 'ema_btc_1h']) expect(r.stdout).toContain(id);
  });
});

describe('numbers and orders', () => {
  it('--capital -5 is read as a value and refused in one line (exit 2)', async () => {
    const r = await runCli(['backtest', writeJson('sma.json', sma()), '--data', ORCL, '--capital', '-5']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: --capital must be a positive number, got "-5"');
    expect(r.stderr).not.toMatch(/ambiguous/);
    expect(r.stderr).toContain('Run `strata backtest --help` for every option.');
  });

  it('a fixed stake the cash cannot pay is rejected, counted per strategy, and explained', async () => {
    const cfg = writeJson('stake.json', sma({ id: 'stake', capital: 20, sizing: { mode: 'quantity', value: 10 } }));
    const r = await runCli(['backtest', cfg, '--data', ORCL, '--symbol', 'ORCL/USD', '--no-register', '--out', join(tmp, 'stake'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const s = doc.strategies[0];
    expect(s.trades, 'ORCL trades above $2 from 1995: 10 shares never fit in 20 of cash').toBe(0);
    expect(s.rejected.length).toBeGreaterThan(50);
    expect(s.rejected[0].limit).toBe('insufficientCash');
    expect(s.rejected[0].detail).toMatch(/^a stake of 10 units at [\d.]+ costs [\d.]+ with fees, more than the cash 20/);
    const manifest = JSON.parse(readFileSync(join(tmp, 'stake', 'manifest.json'), 'utf8'));
    expect(manifest.strategies[0].sizing).toBe('fixed stake of 10 units per entry; a stake the cash cannot pay is rejected (insufficientCash)');
    const table = await runCli(['backtest', cfg, '--data', ORCL, '--symbol', 'ORCL/USD', '--no-register', '--out', join(tmp, 'stake2')]);
    expect(table.stdout).toMatch(new RegExp(`stake  ${s.rejected.length} orders rejected \\(insufficientCash: ${s.rejected.length}\\)`));
    expect(table.stdout).toMatch(/Portfolio: 1 strategy,/);
    expect(table.stdout).toMatch(/\* sorted by Sharpe \(--sort\)/);
    expect(table.stdout).toMatch(/stake\s+finished/);
  });

  it('warns when allowShort crossing rules can never open one side', async () => {
    const rules = {
      entry: { condition: 'crosses_above(fast, slow)' },
      exit: { condition: 'crosses_below(fast, slow)' },
      shortEntry: { condition: 'crosses_below(fast, slow)' },
      shortExit: { condition: 'crosses_above(fast, slow)' },
    };
    const r = await runCli(['backtest', writeJson('rev.json', sma({ id: 'rev', allowShort: true, rules })), '--data', ORCL, '--symbol', 'ORCL/USD', '--no-register', '--out', join(tmp, 'rev')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/rules\.entry and rules\.shortExit fire on the same bar .*a long may never open/);
  });
});
