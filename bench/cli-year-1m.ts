/**
 * `strata backtest` of bench/year-1m-workload.ts as whole processes of the compiled CLI (needs `npm run build`):
 * median wall and CPU time of `--runs` runs (default 5), and the run folder's files and bytes.
 *
 *   npx tsx bench/cli-year-1m.ts [--runs 5] [--cli <another checkout's dist/cli/main.js>] [--workers N]
 *
 * `--workers N` is handed to strata backtest (its default is 1 thread; bench/README.md says why).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeNodeProcess } from './child-timing.ts';
import { median } from './harness.ts';
import { writeYearWorkload, yearBacktestArgs } from './year-1m-workload.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const cliArg = process.argv.indexOf('--cli');
const cli = cliArg > 0 ? process.argv[cliArg + 1] : join(root, 'dist/cli/main.js');
const workersArg = process.argv.indexOf('--workers');
const workers = workersArg > 0 ? ['--workers', process.argv[workersArg + 1]] : [];
const dir = mkdtempSync(join(tmpdir(), 'strata-year-1m-'));
try {
  const w = await writeYearWorkload(dir);
  const wall: number[] = [];
  const cpu: number[] = [];
  let out = '';
  for (let i = 0; i < runs; i++) {
    out = join(dir, `run-${i}`);
    const t = await timeNodeProcess([cli, ...yearBacktestArgs(w, out), ...workers], root);
    wall.push(t.wallMs);
    cpu.push(t.cpuMs);
  }
  const files = readdirSync(out).map((f) => ({ f, bytes: statSync(join(out, f)).size }));
  const total = files.reduce((n, x) => n + x.bytes, 0);
  console.log(`strata backtest, 4 strategies x 525,600 1m candles (Parquet), ${runs} runs${workers.length ? `, --workers ${workers[1]}` : ''}`);
  console.log(`  wall: median ${(median(wall) / 1000).toFixed(2)} s (runs: ${wall.map((x) => (x / 1000).toFixed(2)).join(', ')})`);
  console.log(`  cpu:  median ${(median(cpu) / 1000).toFixed(2)} s`);
  console.log(`  run folder: ${(total / 1e6).toFixed(2)} MB in ${files.length} files`);
  for (const x of files.sort((a, b) => b.bytes - a.bytes)) console.log(`    ${x.f.padEnd(28)} ${(x.bytes / 1e6).toFixed(3)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
