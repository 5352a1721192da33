import type { WebSocket } from 'ws';

export interface ChannelLimits {
  /** Above this many bytes waiting in the socket, new messages are held back (conflated or queued). */
  softBytes: number;
  /** A client whose socket backlog plus held-back messages pass this many bytes is disconnected. */
  hardBytes: number;
  /** Most discrete messages (signals, fills, status) held back for one client before it is disconnected. */
  maxQueued: number;
}

export const DEFAULT_LIMITS: ChannelLimits = { softBytes: 256 * 1024, hardBytes: 4 * 1024 * 1024, maxQueued: 5000 };

/** Close code for a client dropped for reading too slowly (1013 "try again later"). */
export const SLOW_CLIENT_CLOSE = 1013;

/**
 * One WebSocket client's outbox. While the socket keeps up, messages go straight out. When its backlog
 * (`ws.bufferedAmount`) passes the soft limit, conflatable messages (the latest candle of a series, the latest
 * metrics of a strategy) replace their predecessor in a keyed slot, and discrete ones queue; past the hard
 * limit the client is dropped. Memory per client is therefore bounded by hardBytes plus one message per key,
 * and the engine never waits for a client.
 */
export class ClientChannel {
  /** Strategy ids this client wants; null means everything. */
  strategies: Set<string> | null = null;
  /** Symbols whose candles it wants (derived from its strategies); null means all. */
  symbols: Set<string> | null = null;
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private readonly latest = new Map<string, Buffer>();
  private latestBytes = 0;
  closed = false;
  dropped = false;
  /** Most bytes this client ever had pending (socket backlog + held back): for tests and diagnostics. */
  peakBytes = 0;
  sent = 0;
  conflated = 0;

  constructor(
    readonly ws: WebSocket,
    private readonly limits: ChannelLimits,
    private readonly onDrop: (c: ClientChannel) => void,
  ) {}

  get pending(): boolean {
    return this.queue.length > 0 || this.latest.size > 0;
  }

  /** Bytes held for this client: the socket's backlog and the messages not yet handed to it. */
  get heldBytes(): number {
    return this.ws.bufferedAmount + this.queuedBytes + this.latestBytes;
  }

  wantsStrategy(id: string): boolean {
    return this.strategies === null || this.strategies.has(id);
  }

  wantsSymbol(symbol: string): boolean {
    return this.symbols === null || this.symbols.has(symbol);
  }

  /** Sends or holds back one message; `key` marks it conflatable (a newer message with the same key replaces it). */
  offer(data: Buffer, key?: string): void {
    if (this.closed) return;
    if (!this.pending && this.ws.bufferedAmount < this.limits.softBytes) {
      this.write(data);
    } else if (key !== undefined) {
      const old = this.latest.get(key);
      if (old) {
        this.latestBytes -= old.length;
        this.latest.delete(key); // re-insert: the newest goes last
        this.conflated++;
      }
      this.latest.set(key, data);
      this.latestBytes += data.length;
    } else {
      this.queue.push(data);
      this.queuedBytes += data.length;
      if (this.queue.length > this.limits.maxQueued) return this.drop('too many messages waiting');
    }
    this.checkHard();
  }

  /** Hands held-back messages to the socket while its backlog is under the soft limit. */
  flush(): void {
    if (this.closed) return;
    while (this.queue.length > 0 && this.ws.bufferedAmount < this.limits.softBytes) {
      const m = this.queue.shift()!;
      this.queuedBytes -= m.length;
      this.write(m);
    }
    if (this.queue.length === 0) {
      for (const [key, m] of this.latest) {
        if (this.ws.bufferedAmount >= this.limits.softBytes) break;
        this.latest.delete(key);
        this.latestBytes -= m.length;
        this.write(m);
      }
    }
    this.checkHard();
  }

  private write(data: Buffer): void {
    this.ws.send(data, { binary: false });
    this.sent++;
  }

  private checkHard(): void {
    const held = this.heldBytes;
    if (held > this.peakBytes) this.peakBytes = held;
    if (held > this.limits.hardBytes) this.drop(`backlog over ${this.limits.hardBytes} bytes`);
  }

  private drop(reason: string): void {
    if (this.closed) return;
    this.dropped = true;
    this.release();
    // terminate(): a client that does not read would never complete a closing handshake.
    try {
      this.ws.close(SLOW_CLIENT_CLOSE, `too slow: ${reason}`.slice(0, 120));
    } catch {
      // already closing
    }
    this.ws.terminate();
    this.onDrop(this);
  }

  /** Forgets everything held back (the client is gone). */
  release(): void {
    this.closed = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.latest.clear();
    this.latestBytes = 0;
  }
}
