import type { WebSocket } from 'ws';

export interface ChannelLimits {
  /** Above this many bytes waiting in the socket, new messages are held back (conflated or queued). */
  softBytes: number;
  /** A client whose socket backlog plus held-back messages pass this many bytes is disconnected. */
  hardBytes: number;
  /** Most discrete messages (signals, fills, status) held back for one client before it is disconnected. */
  maxQueued: number;
}

export const DEFAULT_LIMITS: ChannelLimits = { softBytes: 256 * 1024, hardBytes: 4 * 1024 * 1024, maxQueued: 20_000 };

/** Close code for a client dropped for reading too slowly (1013 "try again later"). */
export const SLOW_CLIENT_CLOSE = 1013;

/** One serialised message. `slowKey` marks it conflatable for a client that is behind (the newest per key wins). */
export interface OutItem {
  readonly data: string;
  readonly slowKey?: string;
}

/** A WebSocket frame: one message as is, several as a JSON array. */
export function frameOf(items: readonly OutItem[]): Buffer {
  return Buffer.from(items.length === 1 ? items[0].data : `[${items.map((i) => i.data).join(',')}]`);
}

/**
 * One WebSocket client's outbox. While the socket keeps up, each batch of messages goes out as one frame.
 * When its backlog (`ws.bufferedAmount`) passes the soft limit, messages are held back: conflatable ones
 * (the latest candle of a series, the latest metrics of a strategy) replace their predecessor, discrete ones
 * queue in order; past the hard limit (or too many queued) the client is dropped. Memory per client is thus
 * bounded by hardBytes plus one message, and nothing ever waits for a client.
 */
export class ClientChannel {
  /** Strategy ids this client wants; null means everything. */
  strategies: Set<string> | null = null;
  /** Symbols whose candles it wants (derived from its strategies); null means all. */
  symbols: Set<string> | null = null;
  private held: (OutItem | null)[] = [];
  private readonly heldKeys = new Map<string, number>();
  private heldBytesOnly = 0;
  private heldDiscrete = 0;
  closed = false;
  dropped = false;
  /** Most bytes this client ever had pending (socket backlog + held back): for tests and diagnostics. */
  peakBytes = 0;
  /** Frames written, messages replaced by a newer one while held back. */
  frames = 0;
  conflated = 0;

  constructor(
    readonly ws: WebSocket,
    private readonly limits: ChannelLimits,
    private readonly onDrop: (c: ClientChannel) => void,
  ) {}

  get pending(): boolean {
    return this.heldBytesOnly > 0;
  }

  /** Bytes held for this client: the socket's backlog and the messages not yet handed to it. */
  get heldBytes(): number {
    return this.ws.bufferedAmount + this.heldBytesOnly;
  }

  get unfiltered(): boolean {
    return this.strategies === null && this.symbols === null;
  }

  wantsStrategy(id: string): boolean {
    return this.strategies === null || this.strategies.has(id);
  }

  wantsSymbol(symbol: string): boolean {
    return this.symbols === null || this.symbols.has(symbol);
  }

  /** Delivers a batch; `frame` (the batch already encoded, shared by clients that get the same batch) is sent as is when possible. */
  deliver(items: readonly OutItem[], frame?: Buffer): void {
    if (this.closed || items.length === 0) return;
    if (!this.pending && this.ws.bufferedAmount < this.limits.softBytes) {
      this.write(frame ?? frameOf(items));
      this.checkHard();
      return;
    }
    for (const it of items) {
      this.hold(it);
      if (this.closed) return;
    }
    this.flush();
  }

  /** Sends everything held back, as one frame, once the socket's backlog is under the soft limit. */
  flush(): void {
    if (this.closed || !this.pending) return;
    if (this.ws.bufferedAmount >= this.limits.softBytes) return this.checkHard();
    const items = this.held.filter((x): x is OutItem => x !== null);
    this.held = [];
    this.heldKeys.clear();
    this.heldBytesOnly = 0;
    this.heldDiscrete = 0;
    if (items.length) this.write(frameOf(items));
    this.checkHard();
  }

  private hold(it: OutItem): void {
    if (it.slowKey !== undefined) {
      const at = this.heldKeys.get(it.slowKey);
      if (at !== undefined) {
        this.heldBytesOnly -= this.held[at]!.data.length;
        this.held[at] = null;
        this.conflated++;
      }
      this.heldKeys.set(it.slowKey, this.held.length);
    } else if (++this.heldDiscrete > this.limits.maxQueued) {
      return this.drop('too many messages waiting');
    }
    this.held.push(it);
    this.heldBytesOnly += it.data.length;
    // Replaced slots are compacted once they dominate, so the array stays proportional to what is held.
    if (this.held.length > 64 && this.held.length > 4 * (this.heldDiscrete + this.heldKeys.size)) this.compact();
    this.checkHard();
  }

  private compact(): void {
    const kept = this.held.filter((x): x is OutItem => x !== null);
    this.held = kept;
    this.heldKeys.clear();
    kept.forEach((x, i) => {
      if (x.slowKey !== undefined) this.heldKeys.set(x.slowKey, i);
    });
  }

  private write(frame: Buffer): void {
    this.ws.send(frame, { binary: false });
    this.frames++;
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
    try {
      this.ws.close(SLOW_CLIENT_CLOSE, `too slow: ${reason}`.slice(0, 120));
    } catch {
      // already closing
    }
    // A client that does not read would never complete the closing handshake.
    this.ws.terminate();
    this.onDrop(this);
  }

  /** Forgets everything held back (the client is gone). */
  release(): void {
    this.closed = true;
    this.held = [];
    this.heldKeys.clear();
    this.heldBytesOnly = 0;
    this.heldDiscrete = 0;
  }
}
