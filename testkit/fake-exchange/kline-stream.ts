import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { timeframeMs } from '../../engine/timeframe.ts';
import type { CandleColumns } from '../../data/columns.ts';

/**
 * Faults of the kline stream. Each names the candle (open time) it hits, so a test states exactly which bars
 * are disturbed whatever the timing; `symbol` (unified or wire id) narrows it to one market.
 */
export type StreamFault =
  /** After the final message of `openTime`: every socket is torn down (no close frame), as a network drop. */
  | { readonly kind: 'drop'; readonly openTime: number; readonly symbol?: string }
  /** No message at all about candles opening in [from, to): the connection stays open but goes quiet. */
  | { readonly kind: 'silent'; readonly from: number; readonly to: number; readonly symbol?: string }
  /** The final message of `openTime` is sent twice: when due, and again on the next tick (after newer updates). */
  | { readonly kind: 'duplicate'; readonly openTime: number; readonly symbol?: string }
  /** The final message of `openTime` is held back and sent after the next candle's final. */
  | { readonly kind: 'reorder'; readonly openTime: number; readonly symbol?: string }
  /** A frame of broken JSON is sent just before the final message of `openTime`. */
  | { readonly kind: 'malformed'; readonly openTime: number; readonly symbol?: string }
  /** The final message of `openTime` carries a NaN close (REST still serves the true candle). */
  | { readonly kind: 'nan'; readonly openTime: number; readonly symbol?: string };

/** Candles missing at the exchange: neither REST nor the stream has them (a real hole in the data). */
export interface MissingRange {
  readonly from: number;
  readonly to: number;
  readonly symbol?: string;
}

export interface StreamHost {
  readonly now: () => number;
  series(id: string, interval: string): CandleColumns | undefined;
  readonly faults: { stream: StreamFault[]; missing: MissingRange[] };
}

export interface KlineStreamOptions {
  /** Wall-clock ms between stream ticks (in-progress updates and due finals); default 200. 0: no timer, call tick(). */
  readonly tickMs?: number;
}

interface Subscription {
  readonly id: string; // wire id, upper case
  readonly interval: string;
  readonly step: number;
  /** Open time of the next candle whose final message is due. */
  nextFinal: number;
  /** A final held back by a `reorder` fault, sent after the next final. */
  held: string | null;
  /** Finals to send again on the next tick (`duplicate`). */
  resend: string[];
}

interface Conn {
  readonly socket: WebSocket;
  readonly subs: Subscription[];
}

const num = (x: number) => (Number.isFinite(x) ? x.toFixed(8) : String(x));

/** Binance's kline event for candle `i` of `cols`, complete (`final`) or as it stood `fraction` of the way in. */
export function klineMessage(id: string, interval: string, cols: CandleColumns, i: number, eventTime: number, final: boolean, fraction = 1, nanClose = false): string {
  const step = timeframeMs(interval);
  const t = cols.openTime[i];
  const o = cols.open[i];
  let c = final ? cols.close[i] : o + (cols.close[i] - o) * fraction;
  const h = final ? cols.high[i] : Math.max(o, c);
  const l = final ? cols.low[i] : Math.min(o, c);
  const v = final ? cols.volume[i] : cols.volume[i] * fraction;
  if (nanClose) c = Number.NaN;
  return JSON.stringify({
    e: 'kline',
    E: eventTime,
    s: id,
    k: { t, T: t + step - 1, s: id, i: interval, f: 0, L: 0, o: num(o), c: num(c), h: num(h), l: num(l), v: num(v), n: 100, x: final, q: num(v * c), V: num(v / 2), Q: num((v / 2) * c), B: '0' },
  });
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const wire = (s: string) => s.replace('/', '').toUpperCase();

/**
 * Binance's kline WebSocket stream on `/ws` (any path under it): `SUBSCRIBE` to `<symbol>@kline_<interval>`
 * streams, answered `{"result":null,"id":N}`; then, on each tick, the final message (`x: true`) of every
 * candle that closed since the last tick and an in-progress update of the forming one, all read from the
 * exchange's series at its clock. Faults come from `host.faults.stream` and `host.faults.missing`.
 */
export class KlineStream {
  readonly wss: WebSocketServer;
  private readonly conns = new Set<Conn>();
  private timer: NodeJS.Timeout | null = null;
  /** Frames sent, by kind (tests and the benchmark read them). */
  readonly sent = { finals: 0, updates: 0, malformed: 0, drops: 0 };
  /** Called right after each final kline frame is written to a socket (the benchmark's start mark). */
  onFinalSent: ((symbolId: string, openTime: number) => void) | null = null;

  constructor(
    server: Server,
    private readonly host: StreamHost,
    opts: KlineStreamOptions = {},
  ) {
    this.wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    server.on('upgrade', (req, socket, head) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (path !== '/ws' && !path.startsWith('/ws/') && !path.startsWith('/stream')) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
    const tickMs = opts.tickMs ?? 200;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.tick(), tickMs);
      this.timer.unref();
    }
  }

  /** Open client connections. */
  get connections(): number {
    return this.conns.size;
  }

  /** Streams subscribed on open connections, as `BTCUSDT|1m`. */
  subscriptions(): string[] {
    return [...this.conns].flatMap((c) => c.subs.map((s) => `${s.id}|${s.interval}`));
  }

  private accept(socket: WebSocket): void {
    const conn: Conn = { socket, subs: [] };
    this.conns.add(conn);
    socket.on('close', () => this.conns.delete(conn));
    socket.on('error', () => this.conns.delete(conn));
    socket.on('message', (data) => {
      let msg: { method?: string; params?: string[]; id?: number };
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      if (msg.method === 'SUBSCRIBE' && Array.isArray(msg.params)) {
        for (const p of msg.params) this.subscribe(conn, p);
        socket.send(JSON.stringify({ result: null, id: msg.id ?? null }));
      } else if (msg.method === 'UNSUBSCRIBE' && Array.isArray(msg.params)) {
        for (const p of msg.params) {
          const m = /^([a-z0-9]+)@kline_(\w+)$/.exec(p);
          if (!m) continue;
          const i = conn.subs.findIndex((s) => s.id === m[1].toUpperCase() && s.interval === m[2]);
          if (i >= 0) conn.subs.splice(i, 1);
        }
        socket.send(JSON.stringify({ result: null, id: msg.id ?? null }));
      }
    });
  }

  private subscribe(conn: Conn, stream: string): void {
    const m = /^([a-z0-9]+)@kline_(\w+)$/.exec(stream);
    if (!m) return;
    const id = m[1].toUpperCase();
    const interval = m[2];
    if (conn.subs.some((s) => s.id === id && s.interval === interval)) return;
    let step: number;
    try {
      step = timeframeMs(interval);
    } catch {
      return;
    }
    // Like Binance: nothing about the past; the first frames are about the candle forming now.
    conn.subs.push({ id, interval, step, nextFinal: Math.floor(this.host.now() / step) * step, held: null, resend: [] });
  }

  private faultAt<K extends StreamFault['kind']>(kind: K, id: string, t: number): Extract<StreamFault, { kind: K }> | undefined {
    return this.host.faults.stream.find(
      (f) => f.kind === kind && (f.symbol === undefined || wire(f.symbol) === id) && ('openTime' in f ? f.openTime === t : t >= f.from && t < f.to),
    ) as Extract<StreamFault, { kind: K }> | undefined;
  }

  private missing(id: string, t: number): boolean {
    return this.host.faults.missing.some((r) => (r.symbol === undefined || wire(r.symbol) === id) && t >= r.from && t < r.to);
  }

  /** Sends what is due at the exchange's clock: finals of candles closed since the last tick, then in-progress updates. */
  tick(): void {
    const now = this.host.now();
    let drop = false;
    for (const conn of this.conns) {
      for (const sub of conn.subs) {
        if (this.tickSub(conn, sub, now)) drop = true;
      }
    }
    if (drop) this.dropAll();
  }

  /** Returns true when a drop fault fired. */
  private tickSub(conn: Conn, sub: Subscription, now: number): boolean {
    const cols = this.host.series(sub.id, sub.interval);
    if (!cols) return false;
    let drop = false;
    for (const frame of sub.resend.splice(0)) this.send(conn, frame);
    while (sub.nextFinal + sub.step <= now) {
      const t = sub.nextFinal;
      sub.nextFinal += sub.step;
      const i = lowerBound(cols.openTime, t);
      if (i >= cols.length || cols.openTime[i] !== t) continue;
      if (this.missing(sub.id, t) || this.faultAt('silent', sub.id, t)) continue;
      if (this.faultAt('malformed', sub.id, t)) {
        this.send(conn, '{"e":"kline","E":' + now + ',"s":"' + sub.id + '","k":{"t":');
        this.sent.malformed++;
      }
      const frame = klineMessage(sub.id, sub.interval, cols, i, now, true, 1, this.faultAt('nan', sub.id, t) !== undefined);
      if (this.faultAt('reorder', sub.id, t)) {
        sub.held = frame;
      } else {
        this.sendFinal(conn, sub, frame, t);
        if (this.faultAt('duplicate', sub.id, t)) sub.resend.push(frame);
        if (sub.held !== null) {
          this.send(conn, sub.held);
          sub.held = null;
        }
      }
      if (this.faultAt('drop', sub.id, t)) drop = true;
    }
    const forming = sub.nextFinal;
    const i = lowerBound(cols.openTime, forming);
    if (i < cols.length && cols.openTime[i] === forming && !this.missing(sub.id, forming) && !this.faultAt('silent', sub.id, forming)) {
      this.send(conn, klineMessage(sub.id, sub.interval, cols, i, now, false, Math.min(1, (now - forming) / sub.step)));
      this.sent.updates++;
    }
    return drop;
  }

  private sendFinal(conn: Conn, sub: Subscription, frame: string, t: number): void {
    this.send(conn, frame);
    this.sent.finals++;
    this.onFinalSent?.(sub.id, t);
  }

  private send(conn: Conn, frame: string): void {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(frame);
  }

  /** Tears down every client socket without a close handshake (a network drop). */
  dropAll(): void {
    this.sent.drops++;
    for (const c of this.conns) c.socket.terminate();
    this.conns.clear();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const c of this.conns) c.socket.terminate();
    this.conns.clear();
    this.wss.close();
  }
}
