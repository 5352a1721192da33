/**
 * Side by side with a peer engine: the same SMA(10)/SMA(30) crossover strategy over the same 1,000,000
 * one-minute candles in Strata and in grademark (the established JavaScript/TypeScript backtesting library;
 * see bench/README.md for why this one). Long only; a crossing on bar t's close fills at bar t+1's open in
 * both; no fees, no slippage, no stops.
 *
 *   npm --prefix bench/peer ci          # the peer engine, outside the project's own dependencies
 *   npx tsx bench/peer/sma-crossover.ts [candles]
 *
 * Timed (wall clock, best of `--runs`, default 1 for grademark, 3 for Strata):
 * - Strata: a StrategyManager with the config parsed, then Engine.run over an in-memory ArrayFeed of the
 *   candles (the library's public path, async feed iteration included);
 * - grademark, idiomatic: the candles as a data-forge DataFrame (built outside the timing), SMAs from
 *   data-forge rolling windows in `prepIndicators`, crossings read from the bar in entry/exit rules;
 * - grademark, precomputed: the same with the SMA columns computed in plain JS beforehand, so only its
 *   backtest loop is timed (the most favourable reading for the peer).
 * The trades of both engines are compared (entry and exit bar of every round trip) as a check that the two
 * ran the same strategy.
 */
import { BacktestClock } from '../../engine/clock.ts';
import { Engine } from '../../engine/engine.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { Candle, MarketEvent, Trade } from '../../engine/types.ts';
import { syntheticCandles } from '../candles.ts';

const FAST = 10;
const SLOW = 30;

interface Bar {
  time: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  fast?: number;
  slow?: number;
  prevFast?: number;
  prevSlow?: number;
}
interface GmTrade {
  entryTime: Date;
  exitTime: Date;
  exitReason: string;
}
interface DfSeries {
  rollingWindow(n: number): { select(f: (w: { average(): number }) => number): DfSeries };
  withIndex(index: unknown): DfSeries;
  getIndex(): { select(f: (i: number) => number): unknown };
}
interface DfFrame {
  getSeries(name: string): DfSeries;
  withSeries(name: string, s: DfSeries): DfFrame;
  count(): number;
}
interface Grademark {
  backtest(strategy: object, input: DfFrame): GmTrade[];
}
interface DataForge {
  DataFrame: new (rows: Bar[]) => DfFrame;
}

async function loadPeer(): Promise<{ gm: Grademark; df: DataForge }> {
  // Module names in variables: the project typechecks and runs without bench/peer's dependencies installed.
  const names = ['grademark', 'data-forge'];
  try {
    const [gm, df] = await Promise.all(names.map((n) => import(n)));
    return { gm: (gm.default ?? gm) as Grademark, df: (df.default ?? df) as DataForge };
  } catch (err) {
    throw new Error(`the peer engine is not installed: run \`npm --prefix bench/peer ci\` first (${(err as Error).message})`);
  }
}

function strataConfig() {
  return {
    id: 'sma-cross',
    symbol: 'BTC/USDT',
    timeframe: '1m',
    indicators: { fast: { type: 'sma', period: FAST }, slow: { type: 'sma', period: SLOW } },
    rules: { entry: { condition: 'sma_crossover_bullish' }, exit: { condition: 'sma_crossover_bearish' } },
    execution: { fill: 'next_open' as const, feeBps: 0, slippageBps: 0 },
  };
}

async function runStrata(candles: readonly Candle[]): Promise<{ seconds: number; trades: Trade[] }> {
  const events: MarketEvent[] = candles.map((c) => ({ kind: 'candle', candle: c, closed: true }));
  const t0 = performance.now();
  const manager = new StrategyManager();
  const trades: Trade[] = [];
  manager.events.on('trade', (t) => trades.push(t));
  manager.startStrategy(strataConfig());
  await new Engine(manager, new BacktestClock()).run(new ArrayFeed(events, [{ symbol: 'BTC/USDT', timeframe: '1m' }]));
  return { seconds: (performance.now() - t0) / 1000, trades };
}

function plainSma(xs: Float64Array, n: number): Float64Array {
  const out = new Float64Array(xs.length).fill(Number.NaN);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    sum += xs[i];
    if (i >= n) sum -= xs[i - n];
    if (i >= n - 1) out[i] = sum / n;
  }
  return out;
}

const crossUp = (b: Bar) => b.prevFast! <= b.prevSlow! && b.fast! > b.slow!;
const crossDown = (b: Bar) => b.prevFast! >= b.prevSlow! && b.fast! < b.slow!;

function runGrademark(peer: { gm: Grademark; df: DataForge }, candles: readonly Candle[], precomputed: boolean): { seconds: number; trades: GmTrade[] } {
  let rows: Bar[];
  if (precomputed) {
    const close = Float64Array.from(candles, (c) => c.close);
    const fast = plainSma(close, FAST);
    const slow = plainSma(close, SLOW);
    rows = candles.map((c, i) => ({ time: new Date(c.openTime), open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, fast: fast[i], slow: slow[i], prevFast: i > 0 ? fast[i - 1] : Number.NaN, prevSlow: i > 0 ? slow[i - 1] : Number.NaN }));
  } else {
    rows = candles.map((c) => ({ time: new Date(c.openTime), open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume }));
  }
  const frame = new peer.df.DataFrame(rows);
  const strategy = {
    lookbackPeriod: 1,
    prepIndicators: precomputed
      ? undefined
      : ({ inputSeries }: { inputSeries: DfFrame }) => {
        const close = inputSeries.getSeries('close');
        const fast = close.rollingWindow(FAST).select((w) => w.average());
        const slow = close.rollingWindow(SLOW).select((w) => w.average());
        const prev = (s: DfSeries) => s.withIndex(s.getIndex().select((i) => i + 1));
        return inputSeries.withSeries('fast', fast).withSeries('slow', slow).withSeries('prevFast', prev(fast)).withSeries('prevSlow', prev(slow));
      },
    entryRule: (enter: () => void, { bar }: { bar: Bar }) => {
      if (crossUp(bar)) enter();
    },
    exitRule: (exit: () => void, { bar }: { bar: Bar }) => {
      if (crossDown(bar)) exit();
    },
  };
  const t0 = performance.now();
  const trades = peer.gm.backtest(strategy, frame);
  return { seconds: (performance.now() - t0) / 1000, trades };
}

/** Round trips both engines closed on the same entry and exit bars. */
function compareTrades(strata: readonly Trade[], gm: readonly GmTrade[]): { strata: number; grademark: number; same: number } {
  const key = (entry: number, exit: number) => `${entry}:${exit}`;
  const mine = new Set(strata.map((t) => key(t.entryTime, t.exitTime)));
  const closed = gm.filter((t) => t.exitReason !== 'finalize');
  const same = closed.filter((t) => mine.has(key(t.entryTime.getTime(), t.exitTime.getTime()))).length;
  return { strata: strata.length, grademark: closed.length, same };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const runsArg = args.find((a) => a.startsWith('--runs='));
  const peerRuns = runsArg ? Number(runsArg.slice(7)) : 1;
  const peer = await loadPeer();
  const candles = syntheticCandles(n);
  console.log(`SMA(${FAST})/SMA(${SLOW}) crossover, long only, next-open fills, no fees; ${n.toLocaleString('en-US')} 1m candles (seeded random walk); Node ${process.version}`);

  await runStrata(candles.slice(0, 50_000)); // warm-up
  let strata = await runStrata(candles);
  for (let r = 1; r < 3; r++) {
    const again = await runStrata(candles);
    if (again.seconds < strata.seconds) strata = again;
  }
  console.log(`strata                  ${strata.seconds.toFixed(3).padStart(8)} s  ${(n / strata.seconds / 1e6).toFixed(2)}M candles/s  ${strata.trades.length} trades`);

  const results: { label: string; seconds: number; trades: GmTrade[] }[] = [];
  for (const precomputed of [false, true]) {
    let best: { seconds: number; trades: GmTrade[] } | null = null;
    for (let r = 0; r < peerRuns; r++) {
      const out = runGrademark(peer, candles, precomputed);
      if (best === null || out.seconds < best.seconds) best = out;
    }
    const label = precomputed ? 'grademark (precomputed)' : 'grademark (idiomatic)';
    results.push({ label, ...best! });
    const cmp = compareTrades(strata.trades, best!.trades);
    console.log(`${label.padEnd(23)} ${best!.seconds.toFixed(3).padStart(8)} s  ${(n / best!.seconds / 1e6).toFixed(2)}M candles/s  ${cmp.grademark} trades (${cmp.same} identical to Strata's)  Strata is ${(best!.seconds / strata.seconds).toFixed(1)}x faster`);
  }
}

await main();
