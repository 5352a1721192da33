/**
 * The benchmark runner: `npm run bench` (full), `npm run bench:check` (quick + gate), `npm run bench:baseline`
 * (rewrite bench/baseline.json and append to bench/history). Also `strata bench`.
 *
 * Each suite runs in its own Node process (child.ts) with --expose-gc and its own calibration; results go to
 * bench/results/<suite>.json and a table per suite is printed. See bench/README.md.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseBenchArgs, runBenchCommand, BenchUsageError as UsageError } from './args.ts';
import { runSuiteHere } from './child.ts';
import { writeGateFile } from './gate-file.ts';
import { keyedFigures } from '../web/reports/bench-format.ts';
import { calibrationRatio, evaluateGate, figureKey, formatFloors, formatGate, makeBaseline, type Baseline, type KeyedFigure } from './gate.ts';
import type { Figure, SuiteResult } from './harness.ts';
import { HELP } from './help.ts';
import { suiteTable } from './report.ts';
import { SUITES } from './suites/index.ts';
import { DEFAULT_TOLERANCE, TOLERANCES } from './tolerance.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const HISTORY_DIR = join(BENCH_DIR, 'history');
export const BASELINE_FILE = join(BENCH_DIR, 'baseline.json');
/** Committed history files kept (oldest pruned): enough for a trend, small enough for the repo. */
const HISTORY_KEEP = 40;

export { HELP } from './help.ts';

interface Options {
  quick: boolean;
  check: boolean;
  writeBaseline: boolean;
  record: boolean;
  repeat: number;
  suites: string[];
  tolerance: number | undefined;
  enforceFloors: boolean;
  inProcess: boolean;
}

export function parseOptions(argv: string[]): Options {
  const { values, positionals } = parseBenchArgs(
    argv,
    {
      quick: { type: 'boolean' },
      check: { type: 'boolean' },
      'write-baseline': { type: 'boolean' },
      record: { type: 'boolean' },
      repeat: { type: 'string' },
      suite: { type: 'string', multiple: true },
      tolerance: { type: 'string' },
      'enforce-floors': { type: 'boolean' },
      'in-process': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const repeat = values.repeat === undefined ? 1 : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 9) throw new UsageError(`--repeat must be an integer 1..9, got ${values.repeat}`);
  const tolerance = values.tolerance === undefined ? undefined : Number(values.tolerance);
  if (tolerance !== undefined && !(tolerance > 0 && tolerance < 10)) throw new UsageError(`--tolerance must be a fraction such as 0.3, got ${values.tolerance}`);
  const suites = values.suite ?? SUITES.map((s) => s.name);
  for (const s of suites) if (!SUITES.some((x) => x.name === s)) throw new UsageError(`unknown suite "${s}" (known: ${SUITES.map((x) => x.name).join(', ')})`);
  return {
    quick: values.quick ?? false,
    check: values.check ?? false,
    writeBaseline: values['write-baseline'] ?? false,
    record: values.record ?? false,
    repeat,
    suites,
    tolerance,
    enforceFloors: values['enforce-floors'] ?? false,
    inProcess: values['in-process'] ?? false,
  };
}

/** Runs one suite in a child Node process with --expose-gc (and the tsx loader when run from the sources); its log lines stream to stderr. */
function runInChild(name: string, quick: boolean): Promise<SuiteResult> {
  const fromSource = import.meta.url.endsWith('.ts');
  const child = fork(join(BENCH_DIR, fromSource ? 'child.ts' : 'child.js'), quick ? [name, '--quick'] : [name], {
    execArgv: fromSource ? ['--expose-gc', '--import', import.meta.resolve('tsx')] : ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    child.on('message', (msg: { ok: boolean; result?: SuiteResult; error?: string }) => {
      settled = true;
      if (msg.ok && msg.result) resolve(msg.result);
      else reject(new Error(`suite ${name} failed: ${msg.error}`));
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`suite ${name}: child process exited with code ${code} before reporting`));
    });
    child.on('error', reject);
  });
}

/** Fills in each figure's ratio to the calibration loop (figures in bytes and the like keep none). */
export function withRatios(r: SuiteResult): SuiteResult {
  const figures = r.figures.map((f): Figure => {
    if (f.normalize === false) return { ...f };
    // CPU-time calibration for every clock: under load the best wall-clock round was itself inflated (by 35%
    // in one run) while the CPU-time one stayed within 2%; both estimate the loop's cost when not preempted.
    const ns = r.calibration.cpuNsPerIteration;
    return { ...f, ratio: calibrationRatio(f.value, f.better, ns) };
  });
  return { ...r, figures };
}

/** Per figure, the median value (and ratio) over repeated runs of one suite. */
export function medianOfRuns(runs: readonly SuiteResult[]): SuiteResult {
  if (runs.length === 1) return runs[0];
  const last = runs[runs.length - 1];
  const mid = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const figures = last.figures.map((f): Figure => {
    const same = runs.map((r) => r.figures.find((g) => g.name === f.name)).filter((g): g is Figure => g !== undefined);
    const ratios = same.map((g) => g.ratio).filter((x): x is number => x !== undefined);
    const values = same.map((g) => g.value);
    return {
      ...f,
      value: mid(values),
      ratio: ratios.length ? mid(ratios) : undefined,
      samples: same.reduce((s, g) => s + g.samples, 0),
      stat: `median of ${same.length} passes; each ${f.stat ?? 'one sample'}`,
      spread: (Math.max(...values) - Math.min(...values)) / mid(values),
    };
  });
  return { ...last, figures, calibration: { ...last.calibration, nsPerIteration: mid(runs.map((r) => r.calibration.nsPerIteration)), cpuNsPerIteration: mid(runs.map((r) => r.calibration.cpuNsPerIteration)) } };
}

const keyed = keyedFigures;

function stamp(iso: string): string {
  return iso.replace(/[:.]/g, '-');
}

/** Appends a compact record of the run to bench/history/ and prunes the oldest past HISTORY_KEEP. */
export function recordHistory(results: readonly SuiteResult[], mode: 'quick' | 'full', dir = HISTORY_DIR): string {
  mkdirSync(dir, { recursive: true });
  const createdAt = new Date().toISOString();
  const file = join(dir, `${stamp(createdAt)}-${mode}.json`);
  const record = {
    createdAt,
    mode,
    machine: results[0]?.machine,
    calibrationNs: Object.fromEntries(results.map((r) => [r.suite, r.calibration.nsPerIteration])),
    calibrationCpuNs: Object.fromEntries(results.map((r) => [r.suite, r.calibration.cpuNsPerIteration])),
    figures: keyed(results).map((f) => ({ key: figureKey(f.suite, f.name), value: f.value, unit: f.unit, better: f.better, clock: f.clock ?? 'wall', ratio: f.ratio, samples: f.samples, gated: f.gated ?? false, floor: f.floor })),
  };
  writeFileSync(file, JSON.stringify(record, null, 1) + '\n');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  for (const old of files.slice(0, Math.max(0, files.length - HISTORY_KEEP))) rmSync(join(dir, old));
  return file;
}

export function loadBaseline(file = BASELINE_FILE): Baseline | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as Baseline;
}

/** The whole run; returns the exit code. */
export async function runBench(argv: string[]): Promise<number> {
  const o = parseOptions(argv);
  const t0 = performance.now();
  const mode = o.quick ? 'quick' : 'full';
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`strata bench: ${mode} mode, suites ${o.suites.join(', ')}${o.repeat > 1 ? `, ${o.repeat} passes` : ''}${o.inProcess ? ', in process' : ', one process per suite'}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const results: SuiteResult[] = [];
  for (const name of o.suites) {
    const runs: SuiteResult[] = [];
    for (let pass = 0; pass < o.repeat; pass++) {
      const raw = o.inProcess ? await runSuiteHere(name, o.quick, log) : await runInChild(name, o.quick);
      runs.push(withRatios(raw));
    }
    const result = medianOfRuns(runs);
    writeFileSync(join(RESULTS_DIR, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
    results.push(result);
    process.stdout.write(`\n${suiteTable(result)}\n`);
  }
  writeGateFile(BENCH_DIR);
  const figures = keyed(results);
  let code = 0;
  const baseline = loadBaseline();
  if (o.check) {
    process.stdout.write('\n== gate\n');
    if (!baseline) {
      process.stdout.write(`no baseline at ${BASELINE_FILE}: run \`npm run bench:baseline\` first\n`);
      code = 1;
    } else {
      if (baseline.mode !== mode) process.stdout.write(`note: the baseline was written in ${baseline.mode} mode, this run is ${mode}\n`);
      const report = evaluateGate(baseline, figures, { tolerance: o.tolerance ?? DEFAULT_TOLERANCE, tolerances: o.tolerance === undefined ? TOLERANCES : {}, enforceFloors: o.enforceFloors });
      process.stdout.write(formatGate(report) + '\n');
      const noisy = report.rows.filter((r) => r.status === 'noisy').length;
      const within = report.rows.filter((r) => r.status === 'ok' || r.status === 'improved').length;
      const aside = noisy > 0 ? `; ${noisy} wall-clock figure(s) worse on a busy machine, reported, not gated (bench/README.md)` : '';
      process.stdout.write(report.ok ? `gate passed: ${within} figures within tolerance${aside}\n` : `gate FAILED: ${report.failures.length} figure(s)${aside}\n`);
      if (!report.ok) code = 1;
    }
  } else {
    // Floors are always reported.
    const report = evaluateGate(null, figures, {});
    if (report.floors.length) process.stdout.write(`\n${formatFloors(report.floors)}\n`);
  }
  if (o.writeBaseline) {
    const b = makeBaseline(figures, {
      createdAt: new Date().toISOString(),
      mode,
      tolerance: DEFAULT_TOLERANCE,
      tolerances: Object.keys(TOLERANCES).length ? { ...TOLERANCES } : undefined,
      machine: { node: results[0].machine.node, cpuModel: results[0].machine.cpuModel, cpuCount: results[0].machine.cpuCount },
      calibrationNs: Math.min(...results.map((r) => r.calibration.cpuNsPerIteration)),
    });
    writeFileSync(BASELINE_FILE, JSON.stringify(b, null, 2) + '\n');
    process.stdout.write(`\nwrote ${BASELINE_FILE} (${Object.keys(b.figures).length} gated figures)\n`);
  }
  if (o.writeBaseline || o.record) process.stdout.write(`recorded ${recordHistory(results, mode)}\n`);
  process.stdout.write(`\ndone in ${((performance.now() - t0) / 1000).toFixed(1)} s; results in ${RESULTS_DIR}\n`);
  return code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runBenchCommand(HELP, process.argv.slice(2), () => runBench(process.argv.slice(2)));
}
