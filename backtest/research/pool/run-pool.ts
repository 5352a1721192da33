import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { GridTask, GridTaskResult, RunTask, RunTaskResult } from './run-worker.ts';
import type { TrialTask, TrialTaskResult } from '../optimize/trial-task.ts';

/** Runs replay tasks: on worker threads (piscina), or in this thread with `workers: 0`. */
export interface RunPool {
  readonly workers: number;
  run(task: RunTask): Promise<RunTaskResult>;
  /** A batch of grid combinations (sweeps). */
  runGrid(task: GridTask): Promise<GridTaskResult>;
  /** A batch of optimisation trials. */
  runTrials(task: TrialTask): Promise<TrialTaskResult>;
  close(): Promise<void>;
}

/** All cores by default. */
export function defaultWorkers(): number {
  return availableParallelism();
}

const WORKER_ENTRY = fileURLToPath(new URL('./run-worker.mjs', import.meta.url));

/**
 * A pool of `workers` threads, each started up front and kept for the pool's life (a worker's data views
 * and imported modules are reused by every task it runs). `workers: 0` runs tasks in this thread.
 */
export async function createRunPool(workers = defaultWorkers()): Promise<RunPool> {
  if (!Number.isInteger(workers) || workers < 0) throw new Error(`workers must be a whole number >= 0, got ${workers}`);
  if (workers === 0) {
    const { runOne, runGrid, runTrials } = await import('./run-worker.ts');
    // One task at a time: replays started together would interleave at every await of the event loop.
    let queue: Promise<unknown> = Promise.resolve();
    const serial = <T>(body: () => Promise<T>): Promise<T> => {
      const next = queue.then(body);
      queue = next.catch(() => undefined);
      return next;
    };
    return { workers: 0, run: (task) => serial(() => runOne(task)), runGrid: (task) => serial(() => runGrid(task)), runTrials: (task) => serial(() => runTrials(task)), close: async () => undefined };
  }
  const pool = new Piscina<RunTask | GridTask | TrialTask, RunTaskResult | GridTaskResult | TrialTaskResult>({ filename: WORKER_ENTRY, minThreads: workers, maxThreads: workers, idleTimeout: Number.POSITIVE_INFINITY });
  return {
    workers,
    run: (task) => pool.run({ ...task, kind: 'run' }) as Promise<RunTaskResult>,
    runGrid: (task) => pool.run(task) as Promise<GridTaskResult>,
    runTrials: (task) => pool.run(task) as Promise<TrialTaskResult>,
    close: () => pool.destroy(),
  };
}

/** Runs `body` with a pool and always closes it. */
export async function withRunPool<T>(workers: number | undefined, body: (pool: RunPool) => Promise<T>): Promise<T> {
  const pool = await createRunPool(workers);
  try {
    return await body(pool);
  } finally {
    await pool.close();
  }
}
