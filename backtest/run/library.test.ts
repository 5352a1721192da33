import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../data/import.ts';
import { openStore } from '../../data/store.ts';
import { runBacktestJob } from './backtest-job.ts';
import { backtest, loadCandles, strategyConfigs } from './library.ts';

const SAMPLE = 'data/samples/UNITTEST_BTC-1m.json';
const dir = mkdtempSync(join(tmpdir(), 'strata-lib-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCandles', () => {
  it('reads a candle file into columns with the importer report', async () => {
    const c = await loadCandles(SAMPLE, { symbol: 'BTC/USDT' });
    expect(c.length, 'the sample has 13,681 valid candles').toBe(13_681);
    expect(c.symbol).toBe('BTC/USDT');
    expect(c.timeframe, 'inferred from the file name').toBe('1m');
    expect(c.openTime).toBeInstanceOf(Float64Array);
    expect(c.report?.quarantined).toBe(0);
  });

  it('keeps [from, to) of open times', async () => {
    const all = await loadCandles(SAMPLE, { symbol: 'BTC/USDT' });
    const from = all.openTime[100];
    const to = all.openTime[200];
    const part = await loadCandles(SAMPLE, { symbol: 'BTC/USDT', from: new Date(from).toISOString(), to });
    expect(part.length, 'from inclusive, to exclusive').toBe(100);
    expect(part.openTime[0]).toBe(from);
    expect(part.close[99]).toBe(all.close[199]);
  });

  it('reads the same candles back from a store', async () => {
    const db = join(dir, 'store.duckdb');
    const store = await openStore(db);
    try {
      await importFile(store, SAMPLE, { symbol: 'BTC/USDT' });
    } finally {
      store.close();
    }
    const file = await loadCandles(SAMPLE, { symbol: 'BTC/USDT' });
    const stored = await loadCandles(db, { symbol: 'BTC/USDT' });
    expect(stored.timeframe, 'the only stored timeframe is picked').toBe('1m');
    expect(stored.length).toBe(file.length);
    expect(Array.from(stored.close.subarray(0, 50))).toEqual(Array.from(file.close.subarray(0, 50)));
    await expect(loadCandles(db, {}), 'a store needs a symbol').rejects.toThrow(/symbol/);
  });

  it('names a missing file', async () => {
    await expect(loadCandles(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json: no such file/);
  });
});

describe('backtest', () => {
  it('gives the CLI job the same metrics and trades for the same config and data', async () => {
    const candles = await loadCandles(SAMPLE, { symbol: 'BTC/USDT' });
    const lib = await backtest(['examples/macd_btc_15m.json', 'examples/ema_btc_1h.json'], candles);
    const job = await runBacktestJob({
      configPaths: ['examples/macd_btc_15m.json', 'examples/ema_btc_1h.json'],
      data: { paths: [SAMPLE], symbol: 'BTC/USDT' },
      outDir: join(dir, 'run'),
      resultsDb: null,
      command: 'test',
    });
    expect(lib.result.strategies.map((s) => s.metrics.performance), 'one engine, one answer').toEqual(job.result.strategies.map((s) => s.metrics.performance));
    expect(lib.result.trades).toEqual(job.result.trades);
    expect(lib.result.portfolio.totalReturn).toBe(job.result.portfolio.totalReturn);
  });

  it('returns metrics, trades and equity as arrays and as Arrow tables', async () => {
    const candles = await loadCandles(SAMPLE, { symbol: 'BTC/USDT' });
    const run = await backtest('examples/macd_btc_15m.json', candles, { capital: 5_000 });
    expect(run.metrics.map((m) => m.strategy_id), 'strategies, then the portfolio').toEqual(['macd_btc_15m', '__portfolio__']);
    const m = run.metrics[0];
    expect(m.trades).toBe(run.trades.length);
    expect(m.final_equity, 'capital option replaces the config capital').toBeCloseTo(5_000 * (1 + (m.total_return as number)), 6);
    expect(run.trades[0]).toMatchObject({ strategy_id: 'macd_btc_15m', symbol: 'BTC/USDT', side: 'long' });

    const metrics = run.metricsTable();
    expect(metrics.numRows).toBe(2);
    expect(metrics.getChild('sharpe')!.get(0)).toBe(m.sharpe);

    const trades = run.tradesTable();
    expect(trades.numRows).toBe(run.trades.length);
    expect(trades.schema.fields.map((f) => f.name), 'the trades.csv columns').toEqual([
      'strategy_id', 'symbol', 'side', 'quantity', 'entry_time', 'entry_price', 'exit_time', 'exit_price', 'pnl', 'return', 'fees', 'exit_reason', 'funding', 'borrow_cost',
    ]);
    expect(String(trades.schema.fields[4].type)).toBe('Timestamp<MILLISECOND>');
    expect(trades.getChild('entry_time')!.get(0), 'timestamps read back as epoch ms').toBe(run.trades[0].entry_time);
    expect(trades.getChild('pnl')!.get(3)).toBe(run.trades[3].pnl);

    const equity = run.equityTable();
    expect(equity.numRows).toBe(run.equity.time.length);
    const ids = new Set(run.equity.strategy_id);
    expect([...ids]).toEqual(['macd_btc_15m', '__portfolio__']);
  });

  it('accepts inline configs, validated with the config path in the error', async () => {
    expect(() => strategyConfigs({ symbol: 'BTC/USDT', timeframe: '15m', rules: { entry: { condition: 'rsi >' } } } as never)).toThrow(/configs\[0\][\s\S]*rules\.entry\.condition/);
    const candles = await loadCandles(SAMPLE, { symbol: 'BTC/USDT' });
    const run = await backtest({ id: 'sma', symbol: 'BTC/USDT', timeframe: '1h', indicators: { fast: { type: 'sma', period: 5 }, slow: { type: 'sma', period: 20 } }, rules: { entry: { condition: 'crosses_above(fast, slow)' }, exit: { condition: 'crosses_below(fast, slow)' } } }, candles);
    expect(run.metrics[0].strategy_id).toBe('sma');
    expect(run.tradesTable().numRows).toBe(run.trades.length);
  });

  it('an empty trade list still gives typed Arrow tables', async () => {
    const candles = await loadCandles(SAMPLE, { symbol: 'BTC/USDT', to: Date.parse('2017-11-05T02:00:00Z') });
    const run = await backtest('examples/macd_btc_15m.json', candles);
    expect(run.trades).toEqual([]);
    const t = run.tradesTable();
    expect(t.numRows).toBe(0);
    expect(String(t.schema.fields[0].type)).toBe('Utf8');
  });

  it('refuses a strategy whose symbol has no candles', async () => {
    const candles = await loadCandles(SAMPLE, { symbol: 'BTC/USDT' });
    await expect(backtest('examples/rsi_xrp_5m.json', candles)).rejects.toThrow(/no XRP\/ETH candles given/);
  });
});
