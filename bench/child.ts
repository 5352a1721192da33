/**
 * Runs one suite in its own Node process (started by run.ts with --expose-gc): a fresh heap and fresh JIT
 * state per suite, so one suite's garbage or inline caches never colour another's figures. Calibrates before
 * and after the suite and keeps the best, then sends the SuiteResult to the parent (or prints it as JSON).
 */
import { calibrate, combineCalibrations } from './calibration.ts';
import { gcFunction } from './gc.ts';
import { machineInfo, type SuiteContext, type SuiteResult } from './harness.ts';
import { findSuite } from './suites/index.ts';

/** Runs the named suite in this process and returns its result (figures without ratios; the parent adds them). */
export async function runSuiteHere(name: string, quick: boolean, log: (line: string) => void): Promise<SuiteResult> {
  const suite = findSuite(name);
  if (!suite) throw new Error(`unknown suite "${name}"`);
  const machine = machineInfo();
  const gc = gcFunction();
  const ctx: SuiteContext = { quick, log, gc };
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const before = calibrate();
  const out = await suite.run(ctx);
  gc();
  const after = calibrate();
  return {
    suite: suite.name,
    description: suite.description,
    mode: quick ? 'quick' : 'full',
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    machine,
    calibration: combineCalibrations([before, after]),
    figures: out.figures,
    notes: out.notes ?? [],
  };
}

const isMain = /child\.[jt]s$/.test(process.argv[1] ?? '');
if (isMain) {
  const [name, ...rest] = process.argv.slice(2);
  const quick = rest.includes('--quick');
  runSuiteHere(name, quick, (line) => process.stderr.write(`${line}\n`)).then(
    (result) => {
      if (process.send) process.send({ ok: true, result }, () => process.exit(0));
      else process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    },
    (err: unknown) => {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      if (process.send) process.send({ ok: false, error: message }, () => process.exit(1));
      else {
        process.stderr.write(`${message}\n`);
        process.exitCode = 1;
      }
    },
  );
}
