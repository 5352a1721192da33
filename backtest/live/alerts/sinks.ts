/**
 * Where alerts go: the console and webhooks. Every sink gets the alert changes in order (a raise before its
 * clear); a slow or failing sink never holds up the engine or the other sinks.
 */
import type { Alert } from '../../../engine/health/types.ts';
import type { EngineEvents } from '../../../engine/events.ts';
import { sleep as wait } from '../../../data/sleep.ts';

export interface AlertSink {
  readonly name: string;
  deliver(alert: Alert): Promise<void>;
}

/** The key a receiver deduplicates on: one per alert change, the same on every retry. */
export const idempotencyKey = (a: Alert) => `${a.id}:${a.state}`;

/** One line per alert change on stderr (or `write`). */
export function consoleSink(write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): AlertSink {
  return {
    name: 'console',
    async deliver(a) {
      const when = new Date(a.time).toISOString();
      write(a.state === 'raised' ? `${when} ALERT ${a.severity.toUpperCase()} ${a.rule}: ${a.message}` : `${when} alert cleared ${a.rule}${a.strategyId ? ` ${a.strategyId}` : ''} (raised ${new Date(a.raisedAt).toISOString()})`);
    },
  };
}

export interface WebhookOptions {
  url: string;
  /** Retries after the first attempt (default 5). */
  retries?: number;
  /** First retry delay; doubles each time up to maxDelayMs (defaults 250 ms, 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt (default 5 s). */
  timeoutMs?: number;
  headers?: Record<string, string>;
  sleep?: (ms: number) => Promise<void>;
}

/** Delivery failed for good (the sink reports it; the alert stays in the session log). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

/**
 * HTTP POST of the alert as JSON, with an Idempotency-Key header (also in the body) that stays the same on
 * every retry, so a receiver that saw an attempt whose answer got lost can drop the repeat. Network errors,
 * timeouts, 408, 429 and 5xx are retried with exponential backoff; other answers are final.
 */
export class WebhookSink implements AlertSink {
  readonly name: string;
  /** Attempts made, by idempotency key (diagnostics and tests). */
  readonly attempts = new Map<string, number>();

  constructor(private readonly opts: WebhookOptions) {
    const u = new URL(opts.url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`webhook ${opts.url}: only http(s) URLs`);
    this.name = `webhook ${u.origin}${u.pathname}`;
  }

  async deliver(alert: Alert): Promise<void> {
    const key = idempotencyKey(alert);
    const body = JSON.stringify({ idempotencyKey: key, source: 'strata', alert });
    const retries = this.opts.retries ?? 5;
    const sleep = this.opts.sleep ?? ((ms: number) => wait(ms));
    let last = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(Math.min(this.opts.maxDelayMs ?? 30_000, (this.opts.baseDelayMs ?? 250) * 2 ** (attempt - 1)));
      this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1);
      try {
        const res = await fetch(this.opts.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, 'User-Agent': 'strata-alerts', ...this.opts.headers },
          body,
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return;
        last = `HTTP ${res.status}`;
        if (res.status < 500 && res.status !== 408 && res.status !== 429) break;
      } catch (err) {
        last = (err as Error).message;
      }
    }
    throw new DeliveryError(`${this.name}: ${alert.state} ${alert.rule} not delivered (${last})`);
  }
}

/** Sends every `alert` event of a bus to the sinks, each sink in order on its own queue. */
export class AlertDispatcher {
  private readonly queues: Promise<void>[];
  private readonly off: () => void;

  constructor(
    events: EngineEvents,
    readonly sinks: readonly AlertSink[],
    private readonly onError: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
  ) {
    this.queues = sinks.map(() => Promise.resolve());
    this.off = events.on('alert', (a) => this.dispatch(a));
  }

  dispatch(a: Alert): void {
    this.sinks.forEach((sink, i) => {
      this.queues[i] = this.queues[i].then(() => sink.deliver(a)).catch((err: Error) => this.onError(`alert sink ${sink.name}: ${err.message}`));
    });
  }

  /** Resolves when everything dispatched so far was delivered (or given up). */
  flush(): Promise<void> {
    return Promise.all(this.queues).then(() => undefined);
  }

  close(): Promise<void> {
    this.off();
    return this.flush();
  }
}
