/**
 * The user's path, not the engine's inner loop: the compiled CLI as a whole process (`strata --help`, and
 * `strata backtest` of an example config over a sample file: start, config, data, replay, run folder, exit),
 * timed on the wall clock and on the child's own CPU time (bench/child-timing.ts); and the library's
 * `backtest()` over in-memory candles, in strategy-candle updates per CPU-second, next to a bare replay of the
 * same strategies over the same candles in this process (the share of the core's throughput the user keeps).
 *
 * The CLI also runs the Strata half of the side-by-side with backtrader (bench/peer/cli-vs-backtrader.ts): ten
 * SMA-crossover configs over a CSV of daily candles (100,000; quick: 20,000).
 *
 * Process figures are medians of sequential runs. The CLI figures need the build (`npm run build`, which
 * `npm install` runs); without dist/ they are skipped with a note.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backtest, type Candles } from '../../backtest/run/library.ts';
import type { Timeframe } from '../../engine/types.ts';
import { syntheticCandles } from '../candles.ts';
import { timeRuns, type ProcessTiming } from '../child-timing.ts';
import { fleet, fleetTrades, timeReplay } from '../fleet.ts';
import { median, startTimer, type Figure, type Suite, type SuiteContext } from '../harness.ts';
import { emaRsiMacdConfig } from '../strategies.ts';
import { SMA_PAIRS, smaBacktestArgs, writeSmaWorkload } from '../sma-daily-workload.ts';

const at = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
/** The compiled CLI: beside this file's folder when this runs compiled, in dist/ when it runs from the sources. */
const CLI = [at('../../cli/main.js'), at('../../dist/cli/main.js')].find(existsSync);
const PACKAGE_DIR = at('../../');
const EXAMPLE = at('../../examples/macd_btc_15m.json');
const SAMPLE = at('../../data/samples/UNITTEST_BTC-1m.json');

function processFigures(name: string, runs: ProcessTiming[], what: string): Figure[] {
  const stat = `median of ${runs.length} runs, ${what}`;
  return [
    { name: `${name} wall`, value: median(runs.map((r) => r.wallMs)), unit: 'ms', samples: runs.length, better: 'lower', stat: `${stat}, wall clock`, gated: true },
    { name: `${name} CPU`, value: median(runs.map((r) => r.cpuMs)), unit: 'ms', samples: runs.length, better: 'lower', stat: `${stat}, the process's CPU time`, gated: true, clock: 'cpu' },
  ];
}

async function cliFigures(ctx: SuiteContext, notes: string[]): Promise<Figure[]> {
  if (!CLI) {
    notes.push('skipped the CLI figures: no compiled CLI (run `npm run build`)');
    return [];
  }
  const out = mkdtempSync(join(tmpdir(), 'strata-bench-run-'));
  try {
    const help = await timeRuns([CLI, '--help'], PACKAGE_DIR, ctx.quick ? 5 : 10);
    ctx.log(`user-path: strata --help ${median(help.map((r) => r.wallMs)).toFixed(0)} ms`);
    const args = [CLI, 'backtest', EXAMPLE, '--data', SAMPLE, '--symbol', 'BTC/USDT', '--out', join(out, 'run'), '--no-register'];
    const run = await timeRuns(args, PACKAGE_DIR, ctx.quick ? 3 : 5);
    ctx.log(`user-path: strata backtest ${median(run.map((r) => r.wallMs)).toFixed(0)} ms`);
    // The Strata half of bench/peer/cli-vs-backtrader.ts (the whole process against backtrader's).
    const candles = ctx.quick ? 20_000 : 100_000;
    const sma = writeSmaWorkload(join(out, 'sma'), candles);
    const smaRuns = await timeRuns([CLI, ...smaBacktestArgs(sma, join(out, 'sma-run'))], PACKAGE_DIR, 3);
    ctx.log(`user-path: strata backtest ${SMA_PAIRS.length} SMA x ${candles} daily candles ${median(smaRuns.map((r) => r.wallMs)).toFixed(0)} ms`);
    return [
      ...processFigures('cli strata --help', help, 'whole process'),
      ...processFigures('cli strata backtest macd_btc_15m (13,681 1m candles)', run, 'whole process, run folder written'),
      ...processFigures(`cli ${SMA_PAIRS.length} SMA x ${candles.toLocaleString('en-US')} daily candles (CSV)`, smaRuns, 'whole process, run folder written'),
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function columns(n: number): Candles {
  const cs = syntheticCandles(n);
  const col = (f: (c: (typeof cs)[number]) => number) => Float64Array.from(cs, f);
  return { length: n, openTime: col((c) => c.openTime), open: col((c) => c.open), high: col((c) => c.high), low: col((c) => c.low), close: col((c) => c.close), volume: col((c) => c.volume), symbol: 'BTC/USDT', timeframe: '1m' as Timeframe, report: null };
}

async function libraryFigures(ctx: SuiteContext, notes: string[]): Promise<Figure[]> {
  const strategies = ctx.quick ? 20 : 100;
  const n = ctx.quick ? 50_000 : 100_000;
  const runs = ctx.quick ? 2 : 3;
  const data = columns(n);
  const candles = syntheticCandles(n);
  const configs = Array.from({ length: strategies }, (_, i) => emaRsiMacdConfig(i));
  const lib: number[] = [];
  const bare: number[] = [];
  let trades = 0;
  // Interleaved, so a neighbour's burst falls on both sides alike.
  for (let r = 0; r < runs; r++) {
    ctx.gc();
    const stop = startTimer();
    const result = await backtest(configs, data);
    lib.push(stop().cpuNs);
    trades = result.trades.length;
    const m = fleet(strategies);
    bare.push(timeReplay(m, candles, ctx).cpuNs);
    if (fleetTrades(m) !== trades) notes.push(`library and bare replay disagree on trades: ${trades} vs ${fleetTrades(m)}`);
  }
  const updates = strategies * n;
  const libRate = updates / (median(lib) / 1e9);
  const bareRate = updates / (median(bare) / 1e9);
  const label = `${strategies} strategies x ${n.toLocaleString('en-US')} candles`;
  const stat = `median of ${runs} runs, CPU time`;
  notes.push(`library backtest() keeps ${((libRate / bareRate) * 100).toFixed(0)}% of the bare replay's throughput (${label}, ${trades} trades)`);
  return [
    { name: `library backtest() ${label} updates/CPU-s`, value: libRate, unit: 'updates/s', samples: runs, better: 'higher', stat, gated: true, clock: 'cpu' },
    { name: `bare replay ${label} updates/CPU-s`, value: bareRate, unit: 'updates/s', samples: runs, better: 'higher', stat, clock: 'cpu' },
    { name: `library backtest() / bare replay ${label}`, value: libRate / bareRate, unit: 'x', samples: runs, better: 'higher', stat, normalize: false },
  ];
}

export const userPathSuite: Suite = {
  name: 'user-path',
  description: 'the compiled CLI as whole processes (wall and CPU time) and the library backtest() throughput',
  async run(ctx: SuiteContext) {
    const notes: string[] = [];
    const figures = [...(await cliFigures(ctx, notes)), ...(await libraryFigures(ctx, notes))];
    return { figures, notes };
  },
};
