import type { StrategyConfig, StrategyConfigInput } from '../../../engine/config/schema.ts';
import type { StrategyManager } from '../../../engine/manager.ts';
import type { VersionRecorder } from './recorder.ts';
import { versionHash, type StrategyVersion } from '../../records/versions/store.ts';

export interface RollbackOptions {
  note?: string | null;
  /** The manager's recorder, so the switch is stored as a rollback with its note. */
  recorder?: VersionRecorder | null;
}

/**
 * What a rollback needs of a manager: its instances, and a whole-config switch that may record why. A paper
 * session's manager writes `meta` (version hash, note) into its log; a plain StrategyManager ignores it.
 */
export interface RollbackTarget {
  view: StrategyManager['view'];
  setConfig(id: string, config: StrategyConfigInput, meta?: { version?: string; note?: string }): StrategyConfig;
}

/**
 * Switches a running strategy to a stored version: the whole config is replaced (StrategyManager.setConfig),
 * the indicators and strategy are rebuilt by replaying the history buffer, and position and metrics stay. Call it
 * between candles: the next candle is the first the version sees. In a paper session the switch is written
 * ahead to the session log as a `set` control entry carrying the version hash and the note.
 */
export function rollbackStrategy(manager: RollbackTarget, strategyId: string, version: StrategyVersion, opts: RollbackOptions = {}): StrategyConfig {
  const running = manager.view(strategyId);
  if (running.status === 'stopped' || running.status === 'errored') throw new Error(`strategy ${strategyId} is ${running.status}: start it again from the version instead`);
  const hash = versionHash(version.config);
  if (hash !== version.hash) throw new Error(`version ${version.hash.slice(0, 12)} does not match its stored config (hash ${hash.slice(0, 12)})`);
  const note = opts.note ?? `rollback to version ${version.number} (${version.hash.slice(0, 12)})`;
  opts.recorder?.hint(strategyId, 'rollback', note);
  const config = version.config as unknown as StrategyConfigInput;
  return manager.setConfig(strategyId, config, { version: version.hash, note });
}
