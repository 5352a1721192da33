import type { EngineEvents } from '../engine/events.ts';
import { OUTPUT_KINDS, type OutputEntry, type OutputKind, type SessionEntry } from './session-log.ts';

/** Outputs whose content must match exactly between the live run and any recomputation (times are bar times). */
const COMPARED: ReadonlySet<OutputKind> = new Set(['signal', 'order', 'fill', 'trade']);

const canonical = (e: OutputEntry) => JSON.stringify(e);

/**
 * Writes the engine's outputs to the session log, once each. Subscribed before any other listener, so an
 * output is in the log before a dashboard hears of it. When a session is rebuilt, the recomputed outputs that
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

  constructor(
    events: EngineEvents,
    private readonly append: (e: OutputEntry) => void,
    entries: readonly SessionEntry[],
  ) {
    for (const k of OUTPUT_KINDS) {
      this.logged.set(k, []);
      this.seen.set(k, 0);
    }
    for (const e of entries) {
      if (e.k === 'fill') this.loggedFills.set(e.id, e);
      else if (this.logged.has(e.k as OutputKind)) this.logged.get(e.k as OutputKind)!.push(e as OutputEntry);
    }
    events.on('signal', (s) => this.record({ k: 'signal', ...s }));
    events.on('order', (o) => this.record({ k: 'order', ...o }));
    events.on('fill', (f) => this.record({ k: 'fill', ...f }));
    events.on('trade', (t) => this.record({ k: 'trade', ...t }));
    events.on('orderBlocked', (b) => this.record({ k: 'blocked', orderId: b.order.id, strategyId: b.strategyId, limit: b.limit, detail: b.detail, time: b.time }));
    events.on('status', (s) => this.record({ k: 'status', ...s }));
    events.on('error', (e) => this.record({ k: 'error', ...e }));
  }

  private record(e: OutputEntry): void {
    const n = this.seen.get(e.k)!;
    this.seen.set(e.k, n + 1);
    let already: OutputEntry | undefined;
    if (e.k === 'fill') already = this.loggedFills.get(e.id);
    else already = this.logged.get(e.k)![n];
    if (already === undefined) {
      this.append(e);
      return;
    }
    if (COMPARED.has(e.k) && canonical(already) !== canonical(e)) {
      this.mismatches++;
      this.firstMismatch ??= `${e.k} #${n}: logged ${canonical(already)}, recomputed ${canonical(e)}`;
    }
  }

  /** The rebuild is over: drop the logged copies (everything from now on is new and appended). */
  finishReplay(): void {
    const counts = new Map([...this.logged].map(([k, list]) => [k, list.length]));
    this.logged = new Map([...counts].map(([k]) => [k, []]));
    // Ordinals keep counting; positions past the logged lists are appended. Fill ids stay known, so a fill is never logged twice.
    for (const [k, n] of counts) if ((this.seen.get(k) ?? 0) < n) this.seen.set(k, n);
  }
}
