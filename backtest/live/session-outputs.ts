import type { EngineEventMap, EngineEventName } from '../../engine/events.ts';
import type { Fill, Order, Signal, Trade } from '../../engine/types.ts';
import { outputKindsOf, SESSION_LOG_VERSION, type OutputEntry, type OutputKind, type SessionEntry } from './session-log.ts';

/** Outputs whose content must match exactly between the live run and any recomputation (times are bar times). */
const COMPARED: ReadonlySet<OutputKind> = new Set(['signal', 'order', 'fill', 'trade', 'rejected', 'cancelled', 'stop', 'funding', 'liquidation']);

const canonical = (e: OutputEntry) => JSON.stringify(e);

/**
 * Writes the engine's outputs to the session log, once each. It sees every event before any listener does
 * (WriteAheadEvents), so an output is in the log before a dashboard hears of it. When a session is rebuilt, the recomputed outputs that
 * are already logged are recognised and skipped: fills by id, other kinds by their ordinal (the log holds a
 * prefix of each kind's deterministic sequence, since appends are in emission order and a crash only cuts the
 * tail). Recognised outputs of the compared kinds are checked against the logged ones.
 */
export class OutputRecorder {
  mismatches = 0;
  firstMismatch: string | null = null;
  private logged = new Map<OutputKind, OutputEntry[]>();
  private loggedFills = new Map<string, OutputEntry>();
  private readonly seen = new Map<OutputKind, number>();
  private fillIdCount = new Map<string, number>();
  private replayDone = false;
  /** The kinds this log's version holds; a version 2 log resumed by this build gets no order-model entries. */
  private readonly kinds: ReadonlySet<OutputKind>;

  constructor(
    private readonly append: (e: OutputEntry) => void,
    entries: readonly SessionEntry[],
    version: number = SESSION_LOG_VERSION,
  ) {
    this.kinds = new Set(outputKindsOf(version));
    for (const k of this.kinds) {
      this.logged.set(k, []);
      this.seen.set(k, 0);
    }
    for (const e of entries) {
      if (e.k === 'fill') this.loggedFills.set(this.fillKey(e.id), e);
      else if (this.logged.has(e.k as OutputKind)) this.logged.get(e.k as OutputKind)!.push(e as OutputEntry);
    }
    this.fillIdCount = new Map(); // counted again as the engine recomputes
  }

  /** Every engine event passes here first (WriteAheadEvents); the outputs are recorded. */
  onEvent<K extends EngineEventName>(name: K, payload: EngineEventMap[K]): void {
    switch (name) {
      case 'signal':
        return this.record({ k: 'signal', ...(payload as Signal) });
      case 'order':
        return this.record({ k: 'order', ...(payload as Order) });
      case 'fill':
        return this.record({ k: 'fill', ...(payload as Fill) });
      case 'trade':
        return this.record({ k: 'trade', ...(payload as Trade) });
      case 'orderBlocked': {
        const b = payload as EngineEventMap['orderBlocked'];
        return this.record({ k: 'blocked', orderId: b.order.id, strategyId: b.strategyId, limit: b.limit, detail: b.detail, time: b.time });
      }
      case 'rejected': {
        const r = payload as EngineEventMap['rejected'];
        if (this.kinds.has('rejected')) return this.record({ k: 'rejected', ...r });
        return this.record({ k: 'blocked', orderId: r.order.id, strategyId: r.strategyId, limit: r.reason, detail: r.detail, time: r.time });
      }
      case 'orderCancelled':
        return this.recordIf({ k: 'cancelled', ...(payload as EngineEventMap['orderCancelled']) });
      case 'stopMoved':
        return this.recordIf({ k: 'stop', ...(payload as EngineEventMap['stopMoved']) });
      case 'funding':
        return this.recordIf({ k: 'funding', ...(payload as EngineEventMap['funding']) });
      case 'liquidation':
        return this.recordIf({ k: 'liquidation', ...(payload as EngineEventMap['liquidation']) });
      case 'status':
        return this.record({ k: 'status', ...(payload as EngineEventMap['status']) });
      case 'error':
        return this.record({ k: 'error', ...(payload as EngineEventMap['error']) });
    }
  }

  /**
   * A fill's identity: its id and which occurrence of that id it is (a strategy restarted through the API starts
   * numbering its fills again, so the same id can name two fills of one session).
   */
  private fillKey(id: string): string {
    const n = this.fillIdCount.get(id) ?? 0;
    this.fillIdCount.set(id, n + 1);
    return `${id}#${n}`;
  }

  /** Records an output of a kind that only newer logs hold. */
  private recordIf(e: OutputEntry): void {
    if (this.kinds.has(e.k)) this.record(e);
  }

  private record(e: OutputEntry): void {
    if (this.replayDone) {
      // Everything the log held has been recomputed and recognised: from here on every output is new.
      this.append(e);
      return;
    }
    const n = this.seen.get(e.k)!;
    this.seen.set(e.k, n + 1);
    let already: OutputEntry | undefined;
    let key = '';
    if (e.k === 'fill') {
      key = this.fillKey(e.id);
      already = this.loggedFills.get(key);
    } else already = this.logged.get(e.k)![n];
    if (already === undefined) {
      this.append(e);
      return;
    }
    if (COMPARED.has(e.k) && canonical(already) !== canonical(e)) {
      this.mismatches++;
      this.firstMismatch ??= `${e.k} #${n}: logged ${canonical(already)}, recomputed ${canonical(e)}`;
    }
  }

  /**
   * The rebuild is over: the engine has recomputed every logged output (each is recognised, by ordinal or fill
   * id and occurrence) and appended the ones a crash lost. Later outputs are all new (ordinals and fill
   * occurrences only grow), so they are appended without lookups and the logged copies are released.
   */
  finishReplay(): void {
    this.replayDone = true;
    this.logged = new Map();
    this.loggedFills = new Map();
    this.fillIdCount = new Map();
  }
}
