/**
 * `execution.detail` through the real backtest runner: data coarser than the detail timeframe is an error naming
 * the strategy and both timeframes (candle files and a store), a store holding the finer series feeds it, and the
 * manifest names the rule and counts the fills the finer bars resolved.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktestJob } from '../../backtest/run/backtest-job.ts';
import { fromCandles } from '../../data/columns.ts';
import { openStore } from '../../data/store.ts';
import { DEFAULT_EXCHANGE } from '../../data/store-schema.ts';
import { upsertCandles } from '../../data/store-write.ts';
import type { Candle } from '../../engine/types.ts';
import { tempDir } from '../../testkit/data.ts';
import { HOUR, MINUTE, T0 } from '../engine/helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/**
 * 180 minutes of BTC/USDT, flat at 100 except minute 70 (01:10), which touches 103.5. The 1h bars built from them:
 * hour 0 and 2 flat at 100, hour 1 [o 100, h 103.5, l 100, c 100].
 */
const minuteBars: Candle[] = Array.from({ length: 180 }, (_, i) => {
  const high = i === 70 ? 103.5 : 100;
  return { symbol: 'BTC/USDT', timeframe: '1m', openTime: T0 + i * MINUTE, closeTime: T0 + (i + 1) * MINUTE, open: 100, high, low: 100, close: 100, volume: 1 };
});
const hourBars: Candle[] = [0, 1, 2].map((h) => ({ symbol: 'BTC/USDT', timeframe: '1h', openTime: T0 + h * HOUR, closeTime: T0 + (h + 1) * HOUR, open: 100, high: h === 1 ? 103.5 : 100, low: 100, close: 100, volume: 60 }));
const freqtradeRows = (bars: readonly Candle[]) => JSON.stringify(bars.map((b) => [b.openTime, b.open, b.high, b.low, b.close, b.volume]));

const minuteFile = join(tmp.dir, 'BTC_USDT-1m.json');
const hourFile = join(tmp.dir, 'BTC_USDT-1h.json');
const coarseStore = join(tmp.dir, 'hours.duckdb');
const fullStore = join(tmp.dir, 'both.duckdb');

/** A 1h rule config that buys whenever flat, with a 3% target (103 on an entry at 100); `detail` adds execution.detail. */
function configFile(name: string, detail: string | undefined): string {
  const path = join(tmp.dir, `${name}.json`);
  const execution = { feeBps: 0, slippageBps: 0, ...(detail === undefined ? {} : { detail }) };
  writeFileSync(path, JSON.stringify({ id: name, symbol: 'BTC/USDT', timeframe: '1h', rules: { entry: { condition: 'close > 0' } }, risk: { takeProfit: 0.03 }, execution }));
  return path;
}

beforeAll(async () => {
  writeFileSync(minuteFile, freqtradeRows(minuteBars));
  writeFileSync(hourFile, freqtradeRows(hourBars));
  for (const [db, series] of [[coarseStore, [hourBars]], [fullStore, [hourBars, minuteBars]]] as const) {
    const store = await openStore(db);
    for (const bars of series) await upsertCandles(store, { exchange: DEFAULT_EXCHANGE, symbol: 'BTC/USDT', timeframe: bars[0].timeframe }, fromCandles(bars));
    store.close();
  }
});

const job = (config: string, data: string, out: string) => runBacktestJob({ configPaths: [config], data: { paths: [data] }, outDir: join(tmp.dir, out), resultsDb: null, command: 'test', now: () => new Date(0) });

describe('a backtest with execution.detail', () => {
  it('refuses data coarser than the detail timeframe, naming the strategy, the detail timeframe and the data\'s', async () => {
    const config = configFile('fine', '1m');
    await expect(job(config, hourFile, 'refused-file')).rejects.toThrow('strategy "fine": execution.detail is 1m, but the data for BTC/USDT is 1h; the data must be at 1m or finer');
    await expect(job(config, coarseStore, 'refused-store')).rejects.toThrow(/strategy "fine": execution\.detail is 1m, but .*hours\.duckdb \(exchange "default"\) for BTC\/USDT is 1h; the data must be at 1m or finer/);
  });

  it('fills the target on the minute it is touched and prints the rule and the count in the manifest', async () => {
    // Entry at 100 at 01:00 (the 1h open after the first close); target 103 touched at 01:10: out at 103 there. Flat
    // again at the 02:00 close: re-entry at 100 at 02:00, still open when the data ends (the runner marks it, it does
    // not trade it). Fills: entry, target (on a minute), entry: 1 of 3 resolved on 1m bars.
    const r = await job(configFile('fine', '1m'), minuteFile, 'detail');
    const s = r.result.strategies[0];
    expect(s.trades.map((t) => [t.exitReason, t.exitPrice, t.exitTime])).toEqual([['take_profit', 103, T0 + 70 * MINUTE]]);
    expect(r.result.fills.map((f) => [f.reason, f.price, f.time])).toEqual([['entry', 100, T0 + HOUR], ['take_profit', 103, T0 + 70 * MINUTE], ['entry', 100, T0 + 2 * HOUR]]);
    const entry = r.manifest.strategies as { orderRules: Record<string, string>; execution: Record<string, unknown> }[];
    expect(entry[0].execution.detail).toBe('1m');
    expect(entry[0].orderRules.detail).toMatch(/^1m: working orders, stops, targets, trailing stops, scale-out steps and liquidation are matched on each 1m bar inside the 1h bar, in time order/);
    expect(entry[0].orderRules.detail_fills).toBe('1 of 3 fills resolved on 1m bars (the rest: market orders at a bar\'s open or close, and the end of the data)');
  });

  it('reads the 1m series from a store that holds 1m and 1h, and without detail nothing of it reaches the manifest', async () => {
    const fine = await job(configFile('fine', '1m'), fullStore, 'store-detail');
    expect(fine.data.series, 'the detail timeframe decides which stored series is read').toEqual([{ symbol: 'BTC/USDT', timeframe: '1m' }]);
    expect(fine.result.strategies[0].trades[0]).toMatchObject({ exitReason: 'take_profit', exitTime: T0 + 70 * MINUTE });
    const plain = await job(configFile('plain', undefined), fullStore, 'store-plain');
    expect(plain.data.series).toEqual([{ symbol: 'BTC/USDT', timeframe: '1h' }]);
    expect(plain.result.strategies[0].trades[0], 'on the 1h bar: stamped with its open').toMatchObject({ exitReason: 'take_profit', exitPrice: 103, exitTime: T0 + HOUR });
    const rules = (plain.manifest.strategies as { orderRules: Record<string, string> }[])[0].orderRules;
    expect(Object.keys(rules).filter((k) => k.startsWith('detail'))).toEqual([]);
  });
});
