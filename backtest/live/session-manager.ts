import type { StrategyConfig, StrategyConfigInput } from '../../engine/config/schema.ts';
import { StrategyManager, type ManagerOptions } from '../../engine/manager.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import type { ControlOp, SessionEntry } from './session-log.ts';

/**
 * A StrategyManager whose control calls (from the CLI or the web API) are written ahead to the session log:
 * each is appended before it runs, so a replay applies it between the same two events. While `recording` is
 * off (setting up, replaying the log) calls go straight through.
 */
export class SessionManager extends StrategyManager {
  recording = false;

  constructor(
    opts: ManagerOptions,
    private readonly record: (op: ControlOp) => void,
  ) {
    super(opts);
  }

  private write(op: ControlOp): void {
    if (this.recording) this.record(op);
  }

  override startStrategy(config: StrategyConfigInput | StrategyConfig): string {
    this.write({ op: 'start', config: JSON.parse(JSON.stringify(config)) });
    return super.startStrategy(config);
  }

  override stopStrategy(id: string, opts: { closePosition?: boolean } = {}): void {
    this.write(opts.closePosition === undefined ? { op: 'stop', id } : { op: 'stop', id, closePosition: opts.closePosition });
    super.stopStrategy(id, opts);
  }

  override pauseStrategy(id: string): void {
    this.write({ op: 'pause', id });
    super.pauseStrategy(id);
  }

  override resumeStrategy(id: string): void {
    this.write({ op: 'resume', id });
    super.resumeStrategy(id);
  }

  override restartStrategy(id: string): void {
    this.write({ op: 'restart', id });
    super.restartStrategy(id);
  }

  override updateConfig(id: string, partial: Record<string, unknown>): StrategyConfig {
    this.write({ op: 'update', id, partial: JSON.parse(JSON.stringify(partial)) });
    return super.updateConfig(id, partial);
  }

  /** Replaces the config whole; `meta` (version hash, note) goes into the log entry. */
  override setConfig(id: string, config: StrategyConfigInput | StrategyConfig, meta: { version?: string; note?: string } = {}): StrategyConfig {
    this.write({ op: 'set', id, config: JSON.parse(JSON.stringify(config)), ...meta });
    return super.setConfig(id, config);
  }
}

/** Applies a logged control op to a manager: the same call the CLI or the web API made live. */
export function applyControl(m: StrategyManager, c: ControlOp): void {
  switch (c.op) {
    case 'start':
      m.startStrategy(c.config as StrategyConfigInput);
      return;
    case 'stop':
      m.stopStrategy(c.id, c.closePosition === undefined ? {} : { closePosition: c.closePosition });
      return;
    case 'pause':
      m.pauseStrategy(c.id);
      return;
    case 'resume':
      m.resumeStrategy(c.id);
      return;
    case 'restart':
      m.restartStrategy(c.id);
      return;
    case 'update':
      m.updateConfig(c.id, c.partial);
      return;
    case 'set':
      m.setConfig(c.id, c.config as StrategyConfigInput);
      return;
  }
}

/** Every whole config a control entry of the log carries (started or set), parsed: their code modules must be loaded before a replay. */
export function loggedConfigs(entries: readonly SessionEntry[]): StrategyConfig[] {
  return entries.flatMap((e) => (e.k === 'control' && (e.op === 'start' || e.op === 'set') ? [parseStrategyConfig(e.config, `logged ${e.op}`)] : []));
}
