/** Helpers for the distributed-sweep tests: a private redis-server on a free loopback port, worker and coordinator child processes. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** Whether Debian's redis-server is installed (the tests skip, saying so, when it is not). */
export const HAVE_REDIS = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
export const NO_REDIS_MESSAGE = 'redis-server not found: distributed sweep tests skipped (apt-get install redis-server; .ci/run installs it)';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  port: number;
  /** redis://[:password@]127.0.0.1:port */
  url: string;
  client(): Redis;
  stop(): Promise<void>;
}

/** Starts `redis-server` bound to 127.0.0.1 only, without persistence; resolves once it answers PING. */
export async function startRedis(opts: { password?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'];
  if (opts.password) args.push('--requirepass', opts.password);
  const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `redis://${opts.password ? `:${opts.password}@` : ''}127.0.0.1:${port}`;
  const client = () => new Redis({ host: '127.0.0.1', port, password: opts.password, maxRetriesPerRequest: null });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const c = new Redis({ host: '127.0.0.1', port, password: opts.password, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 1 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.ping();
      c.disconnect();
      break;
    } catch {
      c.disconnect();
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`redis-server did not start on port ${port}: ${out}`);
      await sleep(100);
    }
  }
  return {
    port,
    url,
    client,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A `node bin/strata.js ...` child process with its output collected. */
export interface Child {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stderr (or stdout) matches, rejects after `timeoutMs` or if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

export function strata(args: readonly string[], env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(process.execPath, ['bin/strata.js', ...args], { env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  });
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const l of listeners) l();
  });
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = err.match(pattern) ?? out.match(pattern);
          if (m) {
            done();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${pattern}\n--- stderr ---\n${err}\n--- stdout ---\n${out}`));
        }, timeoutMs);
        const onExit = () => {
          check();
          done();
          reject(new Error(`process exited before ${pattern}\n--- stderr ---\n${err}\n--- stdout ---\n${out}`));
        };
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          proc.off('exit', onExit);
        };
        listeners.add(check);
        proc.once('exit', onExit);
        check();
      }),
  };
}

/** Starts `strata worker` and waits until it is taking jobs. */
export async function startWorker(url: string, id: string, extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const w = strata(['worker', '--queue', url, '--id', id, '--lock-duration', '2000', '--stalled-interval', '1000', ...extra], env);
  await w.waitFor(/waiting for jobs/);
  return w;
}

/** Stops a child process gracefully (SIGTERM) and waits for it, killing it if it hangs. */
export async function stop(child: Child, timeoutMs = 20_000): Promise<number | string> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return child.exited;
  child.proc.kill('SIGTERM');
  const t = setTimeout(() => child.proc.kill('SIGKILL'), timeoutMs);
  try {
    return await child.exited;
  } finally {
    clearTimeout(t);
  }
}

/** Waits until a run folder's progress.json exists and satisfies `pred`. */
export async function waitForProgress(outDir: string, pred: (p: { done: number; total: number; state: string }) => boolean, timeoutMs = 60_000): Promise<{ runId: string; done: number; total: number; state: string; resumed: number; workers: Record<string, number> }> {
  const path = join(outDir, 'progress.json');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(path)) {
      try {
        const p = JSON.parse(readFileSync(path, 'utf8'));
        if (pred(p)) return p;
      } catch {
        // written by rename, but be lenient
      }
    }
    if (Date.now() > deadline) throw new Error(`progress.json in ${outDir} never matched`);
    await sleep(50);
  }
}
