import type { EngineEvents } from '../../../engine/events.ts';
import type { StrategyManager } from '../../../engine/manager.ts';
import { VersionStore, type RecordOutcome, type VersionSource } from '../../records/versions/store.ts';

export interface RecorderOptions {
  /** Results database (default .strata/results.duckdb). */
  db?: string | null;
  /** Paper session name, written with each switch. */
  session?: string | null;
  author?: string | null;
  /** Store problems (a locked file past the retry window): reported, never thrown into the engine. */
  onError?: (message: string) => void;
  onRecorded?: (outcome: RecordOutcome) => void;
}

/**
 * Stores every config a manager starts, edits or replaces as a strategy version (an adapter on the engine's
 * `config` events). Writes run in the background, in order; `flush()` waits for them.
 */
export class VersionRecorder {
  private static readonly byEvents = new WeakMap<EngineEvents, VersionRecorder>();

  /** The recorder already listening on `events`, or a new one with `opts` (one per manager, so a rollback's note reaches it). */
  static forEvents(events: EngineEvents, opts: RecorderOptions = {}): VersionRecorder {
    return VersionRecorder.byEvents.get(events) ?? new VersionRecorder(events, opts);
  }

  private queue: Promise<void> = Promise.resolve();
  private readonly hints = new Map<string, { source: VersionSource; note?: string | null }>();
  private readonly off: () => void;

  constructor(
    events: EngineEvents,
    private readonly opts: RecorderOptions = {},
  ) {
    VersionRecorder.byEvents.set(events, this);
    const off = events.on('config', (e) => {
      const hint = this.hints.get(e.strategyId);
      this.hints.delete(e.strategyId);
      const source: VersionSource = hint?.source ?? e.reason;
      this.enqueue(e.strategyId, JSON.parse(JSON.stringify(e.config)), source, hint?.note ?? null);
    });
    this.off = () => {
      off();
      if (VersionRecorder.byEvents.get(events) === this) VersionRecorder.byEvents.delete(events);
    };
  }

  /** The next config event of `strategyId` is recorded with this source and note (a rollback names itself). */
  hint(strategyId: string, source: VersionSource, note?: string | null): void {
    this.hints.set(strategyId, { source, note });
  }

  /** Records the current config of every strategy of `manager` (a session opened before the recorder was attached). */
  snapshot(manager: StrategyManager, source: VersionSource = 'start'): void {
    for (const s of manager.instances()) this.enqueue(s.id, JSON.parse(JSON.stringify(s.config)), source, null);
  }

  private enqueue(strategyId: string, config: unknown, source: VersionSource, note: string | null): void {
    const at = new Date().toISOString();
    this.queue = this.queue.then(async () => {
      try {
        const outcome = await VersionStore.with(this.opts.db, (s) => s.record({ strategyId, config, source, note, author: this.opts.author ?? null, session: this.opts.session ?? null, at }));
        this.opts.onRecorded?.(outcome);
      } catch (err) {
        this.opts.onError?.(`version store: could not record ${strategyId} (${(err as Error).message})`);
      }
    });
  }

  /** Resolves when every config seen so far is stored. */
  flush(): Promise<void> {
    return this.queue;
  }

  close(): Promise<void> {
    this.off();
    return this.queue;
  }
}
