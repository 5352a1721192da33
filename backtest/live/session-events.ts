import { EngineEvents, type EngineEventMap, type EngineEventName } from '../../engine/events.ts';

/**
 * The engine's event bus for a paper session: every event is first handed to the session log's recorder, and
 * when anyone listens (a dashboard, the CLI printer) the log is committed before they hear of it. Events
 * nobody listens to stay queued until the next commit (the end of the engine event at the latest), so a
 * candle with ten signals costs a handful of writes, not one per entry, and nothing is ever published before
 * it is written.
 */
/** Events the engine builds only while someone listens that the log records: for the log, someone always does. */
const LOGGED_ON_DEMAND: ReadonlySet<EngineEventName> = new Set(['stopMoved']);

export class WriteAheadEvents extends EngineEvents {
  constructor(
    private readonly record: <K extends EngineEventName>(name: K, payload: EngineEventMap[K]) => void,
    private readonly commit: () => void,
  ) {
    super();
  }

  override has(name: EngineEventName): boolean {
    return LOGGED_ON_DEMAND.has(name) || super.has(name);
  }

  override emit<K extends EngineEventName>(name: K, payload: EngineEventMap[K]): void {
    this.record(name, payload);
    if (!super.has(name)) return;
    this.commit();
    super.emit(name, payload);
  }
}
