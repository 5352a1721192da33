import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where coordinators leave a pointer from run id to run folder (runs may be written anywhere with --out): beside the default results DB. */
export const PROGRESS_INDEX_DIR = '.strata/sweeps';

/** A distributed sweep's progress, as written to `progress.json` in its run folder. */
export interface SweepProgress {
  runId: string;
  state: 'running' | 'done' | 'failed' | 'interrupted';
  /** Combinations in the grid, and how many have a stored result (resumed ones included). */
  total: number;
  done: number;
  /** Results already stored when this coordinator started (a resumed run). */
  resumed: number;
  /** Combinations per second since this coordinator started, and the seconds left at that rate (null until known). */
  rate: number | null;
  etaSeconds: number | null;
  /** Stored results by worker id. */
  workers: Record<string, number>;
  jobs: number;
  queue: { url: string; name: string };
  startedAt: string;
  updatedAt: string;
  outDir: string;
  error?: string;
}

/** Tracks a sweep's progress and writes it (at most every `intervalMs`, and at once on state changes) to progress.json. */
export class ProgressTracker {
  private doneCount = 0;
  private readonly perWorker = new Map<string, number>();
  private readonly t0: number;
  private lastWrite = 0;
  private resumed = 0;
  private state: SweepProgress['state'] = 'running';
  private error: string | undefined;

  constructor(
    private readonly base: { runId: string; total: number; jobs: number; queue: { url: string; name: string }; outDir: string; indexDir?: string },
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 500,
  ) {
    this.t0 = now();
    mkdirSync(base.outDir, { recursive: true });
    const indexDir = base.indexDir ?? PROGRESS_INDEX_DIR;
    mkdirSync(indexDir, { recursive: true });
    writeFileSync(join(indexDir, `${base.runId}.json`), JSON.stringify({ runId: base.runId, outDir: resolve(base.outDir) }) + '\n');
  }

  /** A result arrived (or was found at start, with `resumed`). */
  add(worker: string, resumed = false): void {
    this.doneCount++;
    if (resumed) this.resumed++;
    this.perWorker.set(worker, (this.perWorker.get(worker) ?? 0) + 1);
  }

  get done(): number {
    return this.doneCount;
  }

  workers(): Record<string, number> {
    return Object.fromEntries([...this.perWorker].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  snapshot(): SweepProgress {
    const t = this.now();
    const secs = (t - this.t0) / 1000;
    const fresh = this.doneCount - this.resumed;
    const rate = secs > 0 && fresh > 0 ? fresh / secs : null;
    return {
      runId: this.base.runId,
      state: this.state,
      total: this.base.total,
      done: this.doneCount,
      resumed: this.resumed,
      rate,
      etaSeconds: rate ? (this.base.total - this.doneCount) / rate : null,
      workers: this.workers(),
      jobs: this.base.jobs,
      queue: this.base.queue,
      startedAt: new Date(this.t0).toISOString(),
      updatedAt: new Date(t).toISOString(),
      outDir: this.base.outDir,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Writes progress.json if the interval has passed (or `force`). */
  flush(force = false): void {
    const t = this.now();
    if (!force && t - this.lastWrite < this.intervalMs) return;
    this.lastWrite = t;
    const path = join(this.base.outDir, 'progress.json');
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.snapshot(), null, 2) + '\n');
    renameSync(tmp, path);
  }

  finish(state: Exclude<SweepProgress['state'], 'running'>, error?: string): void {
    this.state = state;
    this.error = error;
    this.flush(true);
  }
}

/** Reads a run folder's progress.json, or null if it has none. */
export function readProgress(outDir: string): SweepProgress | null {
  const path = join(outDir, 'progress.json');
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as SweepProgress;
}

/**
 * The progress of a distributed sweep by run id, for the web server and scripts: looks in `runs/<runId>` and
 * in the pointer a coordinator leaves under `.strata/sweeps/` (for runs written elsewhere with --out).
 * Null when the run is unknown.
 */
export function sweepProgress(runId: string, opts: { runsDir?: string; indexDir?: string } = {}): SweepProgress | null {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(runId)) return null;
  const direct = readProgress(join(opts.runsDir ?? 'runs', runId));
  if (direct) return direct;
  const pointer = join(opts.indexDir ?? PROGRESS_INDEX_DIR, `${runId}.json`);
  if (!existsSync(pointer)) return null;
  const { outDir } = JSON.parse(readFileSync(pointer, 'utf8')) as { outDir: string };
  return readProgress(outDir);
}
