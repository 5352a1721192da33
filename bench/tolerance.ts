/**
 * Gate tolerances, chosen from the observed noise of the quick suite on the 2-core development machine while
 * other engineers ran tests on it (load average 4-8; see bench/README.md, "How the tolerance was chosen").
 * A gated figure fails when it is worse than its baseline by more than this fraction, after both are divided
 * by the calibration loop. Re-measure with `npx tsx bench/noise.ts <results dirs>` before changing them.
 */

/** Four quick runs: 15 of the 20 gated figures moved by at most 10.6% worst-vs-best, the steady rest by at most 23%. */
export const DEFAULT_TOLERANCE = 0.3;

/** Figures whose observed spread is above the default get their own tolerance (keys "<suite>/<figure name>"). */
export const TOLERANCES: Readonly<Record<string, number>> = {
  // Wall-clock tails: a preemption by a neighbour lands in the top 1% of the candles. Seen over four runs at
  // load 4-8: 14%, 46%, 30%; then a check at load 11 had the 100-strategy p99 at 3.2x its baseline (3.8 us
  // against 1.0 us; the issue-11 floor is 50 us). Tails are therefore gated loosely, against catastrophes
  // (a 4x worse p99), and the floor is checked on every run.
  'latency/10 strategies per strategy p99': 0.75,
  'latency/100 strategies per strategy p99': 3,
  'latency/1,000 strategies per strategy p99': 3,
  // 1 strategy x 100,000 candles is a ~50 ms run, dominated by per-candle overhead and JIT luck. Seen: 22%
  // on CPU time (and up to 185% on wall time, which is why CPU time is gated).
  'replay/1 strategy updates/CPU-s': 0.5,
  // 1,000 strategies touch about 15 MB of instance state per candle, so this CPU figure is bound by memory
  // latency, which the cache-resident calibration loop does not see: a neighbour thrashing the shared cache
  // slows it and not the calibration. On a busy CI machine the same code measured +390% and then +146% in
  // back-to-back passes (the 100-strategy figure +21% and +41%), and locally -35% to -42% in three first passes
  // that were +6% to +20% in the second. Gated against a 2.5x slowdown; the quiet-machine check in
  // bench/README.md ("The 1,000-strategy figure") is how a smaller cost is found.
  'replay/1,000 strategies updates/CPU-s': 1.5,
  // The single-strategy p50 is a few hundred ns per candle, timed one candle at a time, so timer and JIT
  // luck move it: +91% on unchanged code at load 1.5 and +57% in a CI run whose changes never touch the
  // candle path, where the figures beside it stayed inside 30%. Still catches a 2x slowdown.
  'latency/1 strategy per strategy p50': 1,
  // The 100- and 1,000-strategy p50s are wall time over the working sets of the replay figures above (about
  // 1.5 and 15 MB of instance state per candle), so a contended host slows them more than the calibration loop.
  // Two CI gate passes on code whose candle path equals the last landed commit's measured +45% and +46% (100)
  // and +184% and +151% (1,000), at calibration 10.3 ns against the baseline's 5.6; an earlier CI run of
  // unchanged code had the p50s at +57% to +496%. At load under 1 the two commits, 3 runs each interleaved,
  // gave 268-432 and 290-451 ns (100) and 1.8-2.7 and 0.9-2.7 us (1,000). Gated against a 1.75x and a 2.5x
  // slowdown; the replay suite's 100-strategy CPU figure holds the same fleet's cost at the default 30%.
  'latency/100 strategies per strategy p50': 0.75,
  'latency/1,000 strategies per strategy p50': 1.5,
  // The data team's feed replay rates over three repeats; seen 77% and 218% while their code was changing.
  // Still catches a 2.5x slowdown.
  'data/data-feed columnarPerSec': 1.5,
  'data/data-feed columnarSyncPerSec': 1.5,
  // Every indicator's ns/update ("<suite>/*" covers the suite). Timed one after another in one process, they
  // depend on what ran before them: unchanged code on a quiet machine (load 1.0-1.3), three processes minutes
  // apart, gave ichimoku 261 and 445 ns, correl 96 and 157, bop 54 and 103, Bollinger 22.5 and 41. Gated
  // against a 2.5x slowdown until each is timed in a fresh process.
  'indicators/*': 1.5,
};

/** The tolerance of a figure key: its own entry, else its suite's `<suite>/*` entry, else `fallback`. */
export function toleranceOf(tolerances: Readonly<Record<string, number>>, key: string, fallback: number): number {
  return tolerances[key] ?? tolerances[`${key.slice(0, key.indexOf('/'))}/*`] ?? fallback;
}
