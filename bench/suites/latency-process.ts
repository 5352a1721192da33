/**
 * Runs one fleet size's latency measurements in a fresh Node process and sends the RunStats[] to the parent.
 * A process of its own per size because the figures depend on the process: successive fresh fleets in one
 * process drifted from 1.3 to 3.5 us at 1,000 strategies with the heap flat, and whole processes ran slow at
 * every size while the calibration loop stayed normal.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gcFunction } from '../gc.ts';
import { measureLatency, type RunStats } from './latency-measure.ts';

/** Untimed strategy-updates before the first timed run, so V8's optimising tiers have compiled the fleet's code. */
const JIT_WARMUP_UPDATES = 100_000;

/** Forks this file for `runs` measurements of `strategies` x `candles`; resolves with what the child measured. */
export function latencyInFreshProcess(strategies: number, candles: number, runs: number): Promise<RunStats[]> {
  const self = fileURLToPath(import.meta.url);
  const fromSource = self.endsWith('.ts');
  const child = fork(self, [String(strategies), String(candles), String(runs)], {
    execArgv: fromSource ? ['--expose-gc', '--import', import.meta.resolve('tsx')] : ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    child.on('message', (msg: { ok: boolean; runs?: RunStats[]; error?: string }) => {
      settled = true;
      if (msg.ok && msg.runs) resolve(msg.runs);
      else reject(new Error(`latency at ${strategies} strategies failed: ${msg.error}`));
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`latency at ${strategies} strategies: child process exited with code ${code} before reporting`));
    });
    child.on('error', reject);
  });
}

if (/latency-process\.[jt]s$/.test(process.argv[1] ?? '') && process.send) {
  const [strategies, candles, runs] = process.argv.slice(2).map(Number);
  const send = (msg: object, code: number) => process.send!(msg, () => process.exit(code));
  try {
    for (const [field, v] of [['strategies', strategies], ['candles', candles], ['runs', runs]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`${field} must be a positive integer, got ${v}`);
    }
    const gc = gcFunction();
    measureLatency(strategies, Math.max(2_000, Math.ceil(JIT_WARMUP_UPDATES / strategies)), gc);
    const out: RunStats[] = [];
    for (let r = 0; r < runs; r++) out.push(measureLatency(strategies, candles, gc));
    send({ ok: true, runs: out }, 0);
  } catch (err) {
    send({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, 1);
  }
}
