import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { bar, closedEvents, HOUR, T0 } from '../../tests/engine/helpers.ts';
import { runBacktest } from './run-backtest.ts';
import { marginLines, summaryTable } from './summary-table.ts';

/** Hourly flat bars: 100 on bar 0, 99 on bars 1..47, 101 on bar 48, 99 after (open = high = low = close). */
const closes = Array.from({ length: 52 }, (_, i) => (i === 0 ? 100 : i === 48 ? 101 : 99));
const feed = () => new ArrayFeed(closedEvents(closes.map((c, i) => bar('BTC/USDT', '1h', HOUR, T0 + i * HOUR, c, c, c, c))), [{ symbol: 'BTC/USDT', timeframe: '1h' }]);
const spot = parseStrategyConfig({ id: 'spot_long', symbol: 'BTC/USDT', timeframe: '1h', rules: { entry: { condition: 'close == 100' }, exit: { condition: 'close > 100' } } });
const short = parseStrategyConfig({
  id: 'margin_short',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  instrument: 'margin',
  leverage: 3,
  borrowRatePerDay: 0.001,
  allowShort: true,
  sizing: { mode: 'quantity', value: 10 },
  rules: { entry: { condition: 'close < 0' }, shortEntry: { condition: 'close == 100' }, shortExit: { condition: 'close > 100' } },
});

describe('the summary\'s margin lines', () => {
  it('a spot-only run has none, so its summary is the table alone', async () => {
    const r = await runBacktest({ configs: [spot], feed: feed() });
    expect(r.strategies[0].metrics.margin, 'spot keeps no margin state').toBeUndefined();
    expect(marginLines(r.strategies)).toBe('');
    expect(summaryTable(r.strategies)).not.toMatch(/Margin|funding|liquidation/);
  });

  it('names each margin strategy\'s terms, funding, borrow cost and liquidations; spot strategies are left out', async () => {
    const r = await runBacktest({ configs: [spot, short], feed: feed() });
    const t = r.strategies[1].trades;
    expect(t.map((x) => [x.side, x.entryTime, x.entryPrice, x.exitTime]), 'short at bar 1\'s open (99), covered at bar 49\'s open').toEqual([['short', T0 + HOUR, 99, T0 + 49 * HOUR]]);
    // Entry notional 10 × 99 = 990, held 48 h = 2 days, at 0.001 per day.
    const borrow = 990 * 0.001 * 2;
    expect(t[0].borrowCost).toBeCloseTo(borrow, 12);
    expect(marginLines(r.strategies)).toBe(['Margin (funding and borrow cost are in the P&L above):', `  margin_short  margin 3x  borrow ${borrow.toFixed(2)}; 0 liquidations`].join('\n'));
  });
});
