/**
 * Scripting Strata with the library (backtest/library.ts): load candles, run two strategies in memory, look at
 * metrics and trades as arrays and as Arrow tables. Run it with:  npx tsx notebooks/example.ts
 */
import { backtest, loadCandles } from 'strata/lib'; // = backtest/library.ts (package.json "exports")

const candles = await loadCandles('data/samples/UNITTEST_BTC-1m.json', { symbol: 'BTC/USDT' });
console.log(`${candles.length} ${candles.symbol} ${candles.timeframe} candles, ${new Date(candles.openTime[0]).toISOString()} .. ${new Date(candles.openTime[candles.length - 1]).toISOString()}`);

// A config file, and the same kind of config written inline (validated like a file; `rsi.period` varied here).
const run = await backtest(
  [
    'examples/macd_btc_15m.json',
    {
      id: 'rsi_btc_15m',
      symbol: 'BTC/USDT',
      timeframe: '15m',
      indicators: { rsi: { period: 10, oversold: 25, overbought: 75 } },
      rules: { entry: { condition: 'crosses_above(rsi, rsi.oversold)' }, exit: { condition: 'rsi > rsi.overbought' } },
      risk: { maxPositionSize: 0.5, stopLoss: 0.03 },
    },
  ],
  candles,
);

const pct = (v: number | string | null) => (typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : '-');
const num = (v: number | string | null) => (typeof v === 'number' ? v.toFixed(2) : '-');
console.table(run.metrics.map((m) => ({ strategy: m.strategy_id, return: pct(m.total_return), sharpe: num(m.sharpe), max_dd: pct(m.max_drawdown), trades: m.trades })));

// Arrow tables: hand them to DuckDB, Arquero, Polars (via IPC), or query them directly.
const trades = run.tradesTable();
const pnl = trades.getChild('pnl')!.toArray() as Float64Array;
console.log(`trades table: ${trades.numRows} rows x ${trades.numCols} columns (${trades.schema.fields.map((f) => f.name).join(', ')})`);
console.log(`best trade pnl ${Math.max(...pnl).toFixed(2)}, worst ${Math.min(...pnl).toFixed(2)}`);
console.log(`equity table: ${run.equityTable().numRows} rows`);
