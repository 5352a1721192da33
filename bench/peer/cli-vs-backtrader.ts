/**
 * Side by side with backtrader, whole process against whole process: ten SMA-crossover strategies over one CSV of
 * 100,000 daily candles, `strata backtest` (the compiled CLI, run folder written) against `python3
 * bench/peer/backtrader-sma.py` (backtrader's pure-Python source, see bench/README.md). Both read the same file,
 * run the same ten (fast, slow) pairs with the same rules (bench/sma-daily-workload.ts), and are timed start to
 * exit, interleaved, so a neighbour's burst falls on both alike. Their closed round trips (entry and exit date per
 * strategy) are compared as a check that they ran the same strategies.
 *
 *   npm run build                                  # dist/, the CLI a user runs
 *   git clone https://github.com/mementum/backtrader /path/to/backtrader
 *   BACKTRADER_SRC=/path/to/backtrader npx tsx bench/peer/cli-vs-backtrader.ts [candles] [--runs=N]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeNodeProcess, type ProcessTiming } from '../child-timing.ts';
import { median } from '../harness.ts';
import { SMA_PAIRS, smaBacktestArgs, smaStrategyId, writeSmaWorkload } from '../sma-daily-workload.ts';

const at = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const ROOT = at('../../');
const CLI = at('../../dist/cli/main.js');
const PEER = at('./backtrader-sma.py');

type RoundTrips = Map<string, string[]>;

/** Runs the backtrader script to completion; its wall time, and its own CPU time (it reports it). */
function timeBacktrader(csv: string, out: string, src: string): Promise<ProcessTiming> {
  const pairs = SMA_PAIRS.map(([f, s]) => `${f}:${s}`).join(',');
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [PEER, csv, pairs, out], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, BACKTRADER_SRC: src } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) return reject(new Error(`backtrader-sma.py exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      const { cpuSeconds } = JSON.parse(readFileSync(out, 'utf8')) as { cpuSeconds: number };
      resolve({ wallMs, cpuMs: cpuSeconds * 1000 });
    });
  });
}

/** Strata's closed round trips from the run folder's trades.csv, as `entry date|exit date` per strategy id. */
function strataTrips(runDir: string): RoundTrips {
  const [header, ...rows] = readFileSync(join(runDir, 'trades.csv'), 'utf8').trim().split('\n');
  const cols = header.split(',');
  const [id, entry, exit] = ['strategy_id', 'entry_time', 'exit_time'].map((c) => cols.indexOf(c));
  const out: RoundTrips = new Map();
  for (const r of rows) {
    const f = r.split(',');
    const list = out.get(f[id]) ?? [];
    list.push(`${f[entry].slice(0, 10)}|${f[exit].slice(0, 10)}`);
    out.set(f[id], list);
  }
  return out;
}

function backtraderTrips(file: string): RoundTrips {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { trips: Record<string, [string, string][]> };
  const out: RoundTrips = new Map();
  for (const [pair, trips] of Object.entries(doc.trips)) {
    const [f, s] = pair.split(':').map(Number);
    out.set(smaStrategyId(f, s), trips.map(([a, b]) => `${a}|${b}`));
  }
  return out;
}

/** Per strategy: round trips of each engine and how many both made on the same entry and exit dates. */
function compareTrips(strata: RoundTrips, peer: RoundTrips): { id: string; strata: number; backtrader: number; same: number }[] {
  return SMA_PAIRS.map(([f, s]) => {
    const id = smaStrategyId(f, s);
    const mine = new Set(strata.get(id) ?? []);
    const theirs = peer.get(id) ?? [];
    return { id, strata: mine.size, backtrader: theirs.length, same: theirs.filter((t) => mine.has(t)).length };
  });
}

const secs = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const candles = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
  const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
  const src = process.env.BACKTRADER_SRC;
  if (!src || !existsSync(join(src, 'backtrader', '__init__.py'))) throw new Error('set BACKTRADER_SRC to a checkout of https://github.com/mementum/backtrader (see bench/README.md)');
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'strata-vs-backtrader-'));
  try {
    const w = writeSmaWorkload(dir, candles);
    console.log(`${SMA_PAIRS.length} SMA-crossover strategies x ${candles.toLocaleString('en-US')} daily candles (CSV), whole process each, ${runs} interleaved runs; Node ${process.version}`);
    const strata: ProcessTiming[] = [];
    const peer: ProcessTiming[] = [];
    for (let r = 0; r < runs; r++) {
      const out = join(dir, `run-${r}`);
      strata.push(await timeNodeProcess([CLI, ...smaBacktestArgs(w, out)], ROOT));
      peer.push(await timeBacktrader(w.csv, join(dir, `backtrader-${r}.json`), src));
      console.log(`run ${r + 1}: strata ${secs(strata[r].wallMs)} (CPU ${secs(strata[r].cpuMs)}), backtrader ${secs(peer[r].wallMs)} (CPU ${secs(peer[r].cpuMs)})`);
    }
    const cmp = compareTrips(strataTrips(join(dir, 'run-0')), backtraderTrips(join(dir, 'backtrader-0.json')));
    for (const c of cmp) console.log(`  ${c.id.padEnd(10)} strata ${String(c.strata).padStart(6)} round trips, backtrader ${String(c.backtrader).padStart(6)}, same entry and exit date ${c.same}`);
    const wall = median(peer.map((p) => p.wallMs)) / median(strata.map((p) => p.wallMs));
    const cpu = median(peer.map((p) => p.cpuMs)) / median(strata.map((p) => p.cpuMs));
    console.log(`median wall: strata ${secs(median(strata.map((p) => p.wallMs)))}, backtrader ${secs(median(peer.map((p) => p.wallMs)))}: Strata ${wall.toFixed(1)}x faster (CPU ${cpu.toFixed(1)}x)`);
    const mismatched = cmp.filter((c) => c.same !== c.strata || c.same !== c.backtrader);
    if (mismatched.length > 0) console.log(`round trips differ for ${mismatched.map((c) => c.id).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
