/** Wall and CPU time of whole child processes (the user's path: `strata ...` as a command, start to exit). */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CPU_REPORT = fileURLToPath(new URL('./cpu-report.mjs', import.meta.url));

export interface ProcessTiming {
  wallMs: number;
  cpuMs: number;
  /** Peak resident set of the child, MiB (Node children, which report it). */
  peakRssMiB?: number;
}

/** Runs `node <args>` to completion (it must exit 0) and returns its wall time, its own CPU time and its peak RSS. */
export async function timeNodeProcess(args: readonly string[], cwd: string): Promise<ProcessTiming> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-cpu-'));
  const report = join(dir, 'cpu.json');
  try {
    const t0 = process.hrtime.bigint();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', CPU_REPORT, ...args], {
        cwd,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, STRATA_CPU_REPORT: report, STRATA_FROM_SOURCE: '', CI: 'true' },
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const cpu = JSON.parse(readFileSync(report, 'utf8')) as { userUs: number; systemUs: number; maxRssKiB: number };
    return { wallMs, cpuMs: (cpu.userUs + cpu.systemUs) / 1000, peakRssMiB: cpu.maxRssKiB / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `runs` sequential timings of the same command (never in parallel: they would share the cores). */
export async function timeRuns(args: readonly string[], cwd: string, runs: number): Promise<ProcessTiming[]> {
  const out: ProcessTiming[] = [];
  for (let i = 0; i < runs; i++) out.push(await timeNodeProcess(args, cwd));
  return out;
}
