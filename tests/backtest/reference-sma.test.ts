/**
 * Correctness against an independent reference: an SMA(10)/SMA(30) crossover on ORCL daily candles
 * (data/samples/orcl-1995-2014.txt, backtrader's own sample file), computed twice:
 *
 * 1. by a spreadsheet-style loop in this file over the CSV rows it parses itself (no engine code): one
 *    column per quantity (SMA fast, SMA slow, crossover, position, cash), filled row by row;
 * 2. by the engine, through runBacktest, from a JSON rule config.
 *
 * The conventions are backtrader's for its SMA crossover sample (bt.indicators.CrossOver(sma1, sma2),
 * `if not self.position: if crossover > 0: buy()` / `elif crossover < 0: close()`), so the numbers are
 * what backtrader prints for the same setup (see backtest/REFERENCE.md):
 * - prices are the CSV's Close (not Adj Close) and Open; SMA = arithmetic mean of the last n closes;
 * - crossover on bar t: up when fast > slow now and the last non-zero (fast − slow) before t was < 0,
 *   down for the mirror image (backtrader's NonZeroDifference);
 * - the signal is taken at bar t's close, the market order fills at bar t+1's open (no cheat-on-close);
 * - fixed stake of 10 shares (FixedSize sizer), no commission, no slippage, starting cash 10,000;
 * - a position still open at the end is valued at the last close (broker.getvalue()).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ColumnarFeed } from '../../data/historical-feed.ts';
import { loadFile } from '../../data/import.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { runBacktest } from '../../backtest/run/run-backtest.ts';

const FILE = 'data/samples/orcl-1995-2014.txt';
/** The engine side: a plain JSON rule config (also runnable with `strata backtest`, see backtest/REFERENCE.md). */
const CONFIG = 'tests/backtest/fixtures/sma_cross_orcl.json';
const FAST = 10;
const SLOW = 30;
const STAKE = 10;
const CASH = 10_000;

interface Row {
  time: number;
  open: number;
  close: number;
}

interface RefTrade {
  entryTime: number;
  entryPrice: number;
  exitTime: number;
  exitPrice: number;
  pnl: number;
}

/** The CSV as a spreadsheet would see it: Date, Open, High, Low, Close, Adj Close, Volume. */
function readRows(): Row[] {
  const lines = readFileSync(FILE, 'utf8').trim().split(/\r?\n/);
  expect(lines[0], 'Yahoo export header').toBe('Date,Open,High,Low,Close,Adj Close,Volume');
  return lines.slice(1).map((line) => {
    const [date, open, , , close] = line.split(',');
    return { time: Date.parse(`${date}T00:00:00Z`), open: Number(open), close: Number(close) };
  });
}

/** Mean of the `n` closes ending at row i (a spreadsheet AVERAGE over the window), NaN before it is full. */
function sma(rows: readonly Row[], i: number, n: number): number {
  if (i + 1 < n) return Number.NaN;
  let sum = 0;
  for (let k = i - n + 1; k <= i; k++) sum += rows[k].close;
  return sum / n;
}

/** Python's math.fsum (Shewchuk's exactly rounded sum), which backtrader's SMA uses. */
function fsum(xs: readonly number[]): number {
  const partials: number[] = [];
  for (let x of xs) {
    let j = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[j++] = lo;
      x = hi;
    }
    partials.length = j;
    partials.push(x);
  }
  return partials.reduce((a, b) => a + b, 0);
}

/** backtrader's SMA: fsum of the window / n. */
function smaFsum(rows: readonly Row[], i: number, n: number): number {
  if (i + 1 < n) return Number.NaN;
  return fsum(rows.slice(i - n + 1, i + 1).map((r) => r.close)) / n;
}

function reference(rows: readonly Row[], average = sma) {
  const trades: RefTrade[] = [];
  let cash = CASH;
  let shares = 0;
  let entry: { time: number; price: number } | null = null;
  let pending: 'buy' | 'sell' | null = null;
  let nzd = Number.NaN; // last non-zero fast − slow
  const equalBars: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    // Orders from the previous bar fill at this bar's open, before the strategy looks at this bar.
    if (pending === 'buy') {
      shares = STAKE;
      cash -= STAKE * r.open;
      entry = { time: r.time, price: r.open };
    } else if (pending === 'sell') {
      cash += shares * r.open;
      trades.push({ entryTime: entry!.time, entryPrice: entry!.price, exitTime: r.time, exitPrice: r.open, pnl: STAKE * (r.open - entry!.price) });
      shares = 0;
      entry = null;
    }
    pending = null;
    const fast = average(rows, i, FAST);
    const slow = average(rows, i, SLOW);
    if (Number.isNaN(slow)) continue;
    const crossover = nzd < 0 && fast > slow ? 1 : nzd > 0 && fast < slow ? -1 : 0;
    const d = fast - slow;
    if (d !== 0) nzd = d;
    else equalBars.push(i);
    if (shares === 0 && crossover > 0) pending = 'buy';
    else if (shares > 0 && crossover < 0) pending = 'sell';
  }
  const last = rows[rows.length - 1];
  return { trades, finalValue: cash + shares * last.close, open: entry, equalBars };
}

describe('SMA crossover on ORCL daily against an independent spreadsheet-style calculation', () => {
  it('gives the same trades, P&L and final value as the engine', async () => {
    const rows = readRows();
    const ref = reference(rows);
    expect(rows.length, 'every row of the file').toBe(5036);
    // backtrader looks back to the last non-zero difference, the engine's crossing to the previous bar (<=):
    // they differ only when the averages touch (equal) and part again on the same side. Not on this data.
    for (const i of ref.equalBars) {
      const before = sma(rows, i - 1, FAST) - sma(rows, i - 1, SLOW);
      const after = sma(rows, i + 1, FAST) - sma(rows, i + 1, SLOW);
      expect(Math.sign(before) * Math.sign(after), `averages equal on ${new Date(rows[i].time).toISOString().slice(0, 10)} and cross through it`).toBe(-1);
    }
    expect(ref.trades.length, 'a crossover system over 20 years trades dozens of times').toBeGreaterThan(40);
    expect(reference(rows, smaFsum).trades, 'summing the window exactly (as backtrader does) moves no crossing').toEqual(ref.trades);

    const loaded = await loadFile(FILE, { symbol: 'ORCL/USD' });
    expect(loaded.report.quarantined, 'the engine reads every row the reference reads').toBe(0);
    expect(Array.from(loaded.candles.close.subarray(0, 3)), 'the engine uses Close, not Adj Close').toEqual(rows.slice(0, 3).map((r) => r.close));
    const config = parseStrategyConfig(JSON.parse(readFileSync(CONFIG, 'utf8')), CONFIG);
    expect([config.indicators.fast, config.indicators.slow, config.sizing, config.capital], 'the config says what this file assumes').toEqual([
      { type: 'sma', period: FAST, source: 'close' },
      { type: 'sma', period: SLOW, source: 'close' },
      { mode: 'quantity', value: STAKE },
      CASH,
    ]);
    expect(config.execution, 'signal on close, fill at the next open, no costs').toEqual({ fill: 'next_open', feeBps: 0, slippageBps: 0 });
    const result = await runBacktest({ configs: [config], feed: new ColumnarFeed([{ series: { symbol: 'ORCL/USD', timeframe: '1d' }, columns: loaded.candles }]) });
    const s = result.strategies[0];

    const engineTrades = s.trades.map((t) => ({ entryTime: t.entryTime, entryPrice: t.entryPrice, exitTime: t.exitTime, exitPrice: t.exitPrice, pnl: t.pnl }));
    expect(engineTrades, 'entry/exit dates (the fill bar\'s open time), prices (that bar\'s open) and P&L, trade by trade').toEqual(ref.trades);
    expect(s.trades.every((t) => t.quantity === STAKE && t.fees === 0), 'fixed stake, no commission').toBe(true);
    expect(s.metrics.current.position?.entryTime ?? null, 'the position open at the end, if any').toBe(ref.open?.time ?? null);
    expect(s.finalEquity, 'final value: cash plus the open position at the last close').toBe(ref.finalValue);
    expect(s.metrics.performance.realizedPnL, 'closed-trade P&L').toBeCloseTo(ref.trades.reduce((a, t) => a + t.pnl, 0), 9);
  });

  it('states the reference figures (backtest/REFERENCE.md quotes them)', () => {
    const ref = reference(readRows());
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    expect({
      trades: ref.trades.length,
      first: { entry: iso(ref.trades[0].entryTime), exit: iso(ref.trades[0].exitTime) },
      closedPnl: Number(ref.trades.reduce((a, t) => a + t.pnl, 0).toFixed(4)),
      finalValue: Number(ref.finalValue.toFixed(4)),
    }).toMatchInlineSnapshot(`
      {
        "closedPnl": 204.2065,
        "finalValue": 10264.6065,
        "first": {
          "entry": "1995-05-12",
          "exit": "1995-09-25",
        },
        "trades": 97,
      }
    `);
  });
});
