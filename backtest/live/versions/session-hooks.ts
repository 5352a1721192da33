import { join } from 'node:path';
import type { StrategyManager } from '../../../engine/manager.ts';
import { resultsDbBaseline } from '../alerts/baselines.ts';
import { loadAlertConfig } from '../alerts/config.ts';
import { HealthMonitor } from '../alerts/health-monitor.ts';
import { AlertDispatcher } from '../alerts/sinks.ts';
import { DEFAULT_RESULTS_DB } from '../../records/results-db.ts';
import { SessionLog, sessionLogPath } from '../session-log.ts';
import { ControlInbox } from './inbox.ts';
import { VersionRecorder } from './recorder.ts';

export interface SessionServices {
  recorder: VersionRecorder;
  inbox: ControlInbox;
  monitor: HealthMonitor;
  alerts: AlertDispatcher;
  /** Stops polling and monitoring, waits for pending version writes and alert deliveries. */
  close(): Promise<void>;
}

/**
 * The version store of paper sessions: the results database, except for sessions kept in a folder of their own
 * (`--sessions-dir`, as tests do), which keep `<sessions-dir>/results.duckdb` beside them.
 */
export function sessionVersionDb(customSessionsDir: string | undefined): string {
  return customSessionsDir === undefined ? DEFAULT_RESULTS_DB : join(customSessionsDir, 'results.duckdb');
}

export interface SessionServiceOptions {
  sessionsDir: string;
  session: string;
  /** The sessions folder was given explicitly (versions then live in `<sessions-dir>/results.duckdb`). */
  customDir?: boolean;
  db?: string | null;
  /** An alerts.json to use instead of the lookup (backtest/alerts/config.ts). */
  alertsFile?: string;
  pollMs?: number;
  /** Monitor options for tests (clocks, evaluation period). */
  monitor?: ConstructorParameters<typeof HealthMonitor>[1];
  onDiagnostic?: (line: string) => void;
}

/**
 * Production services around a running paper session, attached after it opened (so its rebuild is not
 * re-recorded):
 * - versioning: its current configs and every later start, edit or rollback are stored as versions, and
 *   rollback requests left in its inbox (`strata strategies rollback --session`) are applied between candles;
 * - health: a HealthMonitor times the engine and evaluates the anomaly rules; each alert change is appended to
 *   the session log (`{"k":"alert",...}`), goes out on the manager's bus (the WebSocket forwards it) and to the
 *   configured sinks (console by default, webhooks).
 */
export function attachSessionServices(manager: StrategyManager, opts: SessionServiceOptions): SessionServices {
  const diag = opts.onDiagnostic ?? (() => undefined);
  const db = opts.db ?? sessionVersionDb(opts.customDir ? opts.sessionsDir : undefined);
  const sessionDir = join(opts.sessionsDir, opts.session);
  const recorder = VersionRecorder.forEvents(manager.events, { db, session: opts.session, author: process.env.USER ?? null, onError: diag });
  recorder.snapshot(manager);
  const inbox = new ControlInbox(sessionDir, manager, {
    recorder,
    pollMs: opts.pollMs,
    onDiagnostic: diag,
    onApplied: (r) => diag(r.ok ? `rollback: ${r.strategyId} now runs version ${r.version.slice(0, 12)}` : `rollback of ${r.strategyId} refused: ${r.error}`),
  }).start();

  const alertConfig = loadAlertConfig([opts.alertsFile, join(sessionDir, 'alerts.json'), join(opts.sessionsDir, 'alerts.json')], { write: diag });
  const log = SessionLog.reopen(sessionLogPath(opts.sessionsDir, opts.session));
  const offLog = manager.events.on('alert', (a) => log.append({ k: 'alert', ...a }));
  const alerts = new AlertDispatcher(manager.events, alertConfig.sinks, diag);
  const monitor =
    HealthMonitor.of(manager) ??
    new HealthMonitor(manager, { thresholds: alertConfig.thresholds, baseline: alertConfig.config.baselines ? resultsDbBaseline(db) : undefined, ...opts.monitor }).start();
  return {
    recorder,
    inbox,
    monitor,
    alerts,
    close: async () => {
      inbox.stop();
      monitor.stop();
      offLog();
      log.close();
      await Promise.all([recorder.close(), alerts.close()]);
    },
  };
}
