import { join } from 'node:path';
import type { StrategyManager } from '../../engine/manager.ts';
import { DEFAULT_RESULTS_DB } from '../results-db.ts';
import { ControlInbox } from './inbox.ts';
import { VersionRecorder } from './recorder.ts';

export interface SessionVersioning {
  recorder: VersionRecorder;
  inbox: ControlInbox;
  /** Stops polling and waits for pending version writes. */
  close(): Promise<void>;
}

/**
 * The version store of paper sessions: the results database, except for sessions kept in a folder of their own
 * (`--sessions-dir`, as tests do), which keep `<sessions-dir>/results.duckdb` beside them.
 */
export function sessionVersionDb(customSessionsDir: string | undefined): string {
  return customSessionsDir === undefined ? DEFAULT_RESULTS_DB : join(customSessionsDir, 'results.duckdb');
}

/**
 * Versioning for a running paper session: its current configs and every later start, edit or rollback are
 * stored as versions, and rollback requests left in its inbox (`strata strategies rollback --session`) are
 * applied between candles.
 */
export function attachVersioning(
  manager: StrategyManager,
  opts: { sessionsDir: string; session: string; customDir?: boolean; db?: string | null; pollMs?: number; onDiagnostic?: (line: string) => void },
): SessionVersioning {
  const db = opts.db ?? sessionVersionDb(opts.customDir ? opts.sessionsDir : undefined);
  const recorder = VersionRecorder.forEvents(manager.events, { db, session: opts.session, author: process.env.USER ?? null, onError: opts.onDiagnostic });
  recorder.snapshot(manager);
  const inbox = new ControlInbox(join(opts.sessionsDir, opts.session), manager, {
    recorder,
    pollMs: opts.pollMs,
    onDiagnostic: opts.onDiagnostic,
    onApplied: (r) => opts.onDiagnostic?.(r.ok ? `rollback: ${r.strategyId} now runs version ${r.version.slice(0, 12)}` : `rollback of ${r.strategyId} refused: ${r.error}`),
  }).start();
  return {
    recorder,
    inbox,
    close: async () => {
      inbox.stop();
      await recorder.close();
    },
  };
}
