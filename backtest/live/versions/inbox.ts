/**
 * The control inbox of a paper session: how another process (`strata strategies rollback --session NAME`)
 * asks a running session to switch a strategy to a stored version. A request is a JSON file written atomically
 * into `<session dir>/inbox/`; the session polls the folder, applies requests in name order between candles
 * (so the next candle is the first the version sees), and answers in `inbox/done/<request>.json`. A request
 * left while the session is down is applied when it resumes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StrategyManager } from '../../../engine/manager.ts';
import type { VersionRecorder } from './recorder.ts';
import { rollbackStrategy } from './rollback.ts';
import type { StrategyVersion } from '../../records/versions/store.ts';

export interface RollbackRequest {
  op: 'rollback';
  strategyId: string;
  version: StrategyVersion;
  note?: string | null;
  requestedAt: string;
}

export interface RequestResult {
  ok: boolean;
  error?: string;
  strategyId: string;
  version: string;
  /** Close time of the last candle before the switch (the engine's last processed time), when known. */
  after: number | null;
  appliedAt: string;
}

const inboxDir = (sessionDir: string) => join(sessionDir, 'inbox');
const doneDir = (sessionDir: string) => join(sessionDir, 'inbox', 'done');

let counter = 0;

/** Leaves a rollback request for the session in `sessionDir`; returns the request id. */
export function submitRollback(sessionDir: string, req: Omit<RollbackRequest, 'op' | 'requestedAt'>): string {
  if (!existsSync(sessionDir)) throw new Error(`no paper session at ${sessionDir}`);
  mkdirSync(inboxDir(sessionDir), { recursive: true });
  const id = `${Date.now().toString().padStart(15, '0')}-${process.pid}-${++counter}`;
  const body: RollbackRequest = { op: 'rollback', ...req, requestedAt: new Date().toISOString() };
  const tmp = join(inboxDir(sessionDir), `.${id}.tmp`);
  writeFileSync(tmp, JSON.stringify(body));
  renameSync(tmp, join(inboxDir(sessionDir), `${id}.json`));
  return id;
}

/** The session's answer to request `id`, waiting up to `timeoutMs`; null when it has not answered (not running). */
export async function awaitResult(sessionDir: string, id: string, timeoutMs: number): Promise<RequestResult | null> {
  const path = join(doneDir(sessionDir), `${id}.json`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as RequestResult;
    if (Date.now() >= deadline) return null;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface InboxOptions {
  pollMs?: number;
  recorder?: VersionRecorder | null;
  onApplied?: (r: RequestResult) => void;
  onDiagnostic?: (line: string) => void;
}

/** Polls a session's inbox and applies its requests to the session's manager. */
export class ControlInbox {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sessionDir: string,
    private readonly manager: StrategyManager,
    private readonly opts: InboxOptions = {},
  ) {}

  start(): this {
    this.poll();
    this.timer = setInterval(() => this.poll(), this.opts.pollMs ?? 200);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Applies every waiting request now (the timer calls this between engine events). */
  poll(): RequestResult[] {
    const dir = inboxDir(this.sessionDir);
    if (!existsSync(dir)) return [];
    const names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
    const results: RequestResult[] = [];
    for (const name of names) {
      const path = join(dir, name);
      let result: RequestResult;
      let req: RollbackRequest | null = null;
      try {
        req = JSON.parse(readFileSync(path, 'utf8')) as RollbackRequest;
        if (req.op !== 'rollback') throw new Error(`unknown request "${String(req.op)}"`);
        const after = this.manager.has(req.strategyId) ? this.manager.view(req.strategyId).lastTime : null;
        rollbackStrategy(this.manager, req.strategyId, req.version, { note: req.note, recorder: this.opts.recorder });
        result = { ok: true, strategyId: req.strategyId, version: req.version.hash, after, appliedAt: new Date().toISOString() };
      } catch (err) {
        result = { ok: false, error: (err as Error).message, strategyId: req?.strategyId ?? '?', version: req?.version?.hash ?? '?', after: null, appliedAt: new Date().toISOString() };
        this.opts.onDiagnostic?.(`inbox ${name}: ${result.error}`);
      }
      mkdirSync(doneDir(this.sessionDir), { recursive: true });
      writeFileSync(join(doneDir(this.sessionDir), name), JSON.stringify(result));
      rmSync(path, { force: true });
      results.push(result);
      this.opts.onApplied?.(result);
    }
    return results;
  }
}
