/**
 * The order model against an independent hand computation: a spreadsheet-style loop written here, bar by bar,
 * from the documented rules only (backtest/REFERENCE.md, "Order fill rules"), for a limit entry below the signal
 * close and a percent trailing stop, on a seeded walk with opening gaps. The engine and the loop must agree on
 * every fill and trade to the last bit.
 */
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../engine/types.ts';
import { T0, HOUR, mulberry32 } from './helpers.ts';
import { kit } from './instance-kit.ts';

/** Hourly bars whose opens gap from the last close (so gaps through limits and stops happen). */
function gappyWalk(n: number, seed: number): Candle[] {
  const rnd = mulberry32(seed);
  const out: Candle[] = [];
  let close = 100;
  for (let i = 0; i < n; i++) {
    const open = close * (1 + (rnd() - 0.5) * 0.02);
    close = open * (1 + (rnd() - 0.5) * 0.03);
    const high = Math.max(open, close) * (1 + rnd() * 0.01);
    const low = Math.min(open, close) * (1 - rnd() * 0.01);
    out.push({ symbol: 'BTC/USDT', timeframe: '1h', openTime: T0 + i * HOUR, closeTime: T0 + (i + 1) * HOUR, open, high, low, close, volume: 1 });
  }
  return out;
}

const OFFSET = -0.01;
const TRAIL = 0.03;
const FEE = 0.001;
const SIGNAL_EVERY = 7;

interface Row {
  entryTime: number;
  entryPrice: number;
  exitTime: number;
  exitPrice: number;
  quantity: number;
  pnl: number;
}

/** The hand computation: one pass over the bars with cash, a working limit, a position and its trailing stop. */
function reference(bars: Candle[]): Row[] {
  const rows: Row[] = [];
  let cash = 10_000;
  let limit: number | null = null;
  let pos: { q: number; price: number; time: number; fee: number; stop: number } | null = null;
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i];
    // 1. The working limit buy: at the open if the bar opens at or below it, else at the limit if the low reaches it.
    let enteredAtOpen = false;
    let enteredNow = false;
    if (limit !== null) {
      let px: number | null = null;
      if (b.open <= limit) px = b.open;
      else if (b.low <= limit) px = limit;
      if (px !== null) {
        const q = cash / (px * (1 + FEE));
        const fee = q * px * FEE;
        cash -= q * px + fee;
        pos = { q, price: px, time: b.openTime, fee, stop: px - px * TRAIL };
        enteredAtOpen = px === b.open;
        enteredNow = true;
        limit = null;
      }
    }
    // 2. The stop, from the entry bar on (stopsFrom entry_bar): at the open on a gap below it, else at the stop.
    if (pos !== null) {
      let px: number | null = null;
      if (b.open <= pos.stop && (!enteredNow || enteredAtOpen)) px = b.open;
      else if (b.low <= pos.stop) px = pos.stop;
      if (px !== null) {
        const fee = pos.q * px * FEE;
        cash += pos.q * px - fee;
        rows.push({ entryTime: pos.time, entryPrice: pos.price, exitTime: b.openTime, exitPrice: px, quantity: pos.q, pnl: pos.q * (px - pos.price) - (pos.fee + fee) });
        pos = null;
      }
    }
    // 3. The signal at the close (every SIGNAL_EVERY bars, when flat with nothing working): a limit 1% below the close.
    if (i % SIGNAL_EVERY === 0 && pos === null && limit === null) limit = b.close * (1 + OFFSET);
    // 4. The trailing stop follows the close, only upwards.
    if (pos !== null) pos.stop = Math.max(pos.stop, b.close - b.close * TRAIL);
  }
  return rows;
}

describe('order model vs a hand computation', () => {
  for (const seed of [1, 7, 42, 2024]) {
    it(`limit entries 1% below the signal close and a 3% trailing stop agree fill for fill (seed ${seed})`, () => {
      const bars = gappyWalk(600, seed);
      const plan: Record<number, 'BUY'> = {};
      for (let i = 0; i < bars.length; i += SIGNAL_EVERY) plan[bars[i].openTime] = 'BUY';
      const k = kit({ execution: { feeBps: FEE * 10_000, slippageBps: 0 }, orders: { entry: { type: 'limit', offset: OFFSET } }, risk: { trailingStop: { percent: TRAIL } } }, plan).feed(bars);
      const expected = reference(bars);
      expect(expected.length, 'the walk exercises many round trips').toBeGreaterThan(10);
      const gapFills = expected.filter((r) => bars.some((b) => b.openTime === r.entryTime && b.open === r.entryPrice)).length;
      expect(gapFills, 'some entries fill at a gap open').toBeGreaterThan(0);
      const got = k.trades.map((t) => ({ entryTime: t.entryTime, entryPrice: t.entryPrice, exitTime: t.exitTime, exitPrice: t.exitPrice, quantity: t.quantity, pnl: t.pnl }));
      expect(got).toEqual(expected);
    });
  }
});
