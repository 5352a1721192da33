import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { EngineEventMap } from '../../engine/events.ts';
import { configSymbols } from '../../engine/config/series.ts';
import type { StrategyManager } from '../../engine/manager.ts';
import { seriesId, type Candle, type SeriesKey, type Signal } from '../../engine/types.ts';
import { ClientChannel, DEFAULT_LIMITS, frameOf, type ChannelLimits, type OutItem } from './channel.ts';
import type { ClientMessage, HelloMessage, RejectionMessage, ServerMessage } from './messages.ts';

export interface HubOptions {
  limits?: Partial<ChannelLimits>;
  /** How often fresh metrics (unrealised P&L moves with every bar) are pushed for strategies that changed. Default 500 ms. */
  metricsIntervalMs?: number;
  /** How often held-back messages are retried for slow clients. Default 25 ms. */
  flushIntervalMs?: number;
  /** Closed candles kept per series for a new client's chart. Default 300. */
  historyPerSeries?: number;
  /** Signals (and rejections) kept for a new client. Default 200. */
  recentSignals?: number;
  /** Series the feed delivers (for the hello message). */
  series?: () => readonly SeriesKey[];
}

/** Every message the hub sends is one of the protocol's (web/live/messages.ts), which the dashboard shares. */
type Outgoing = ServerMessage;

/** A snapshot waiting for the bulk frame: serialised only when sent (a newer one in the same step replaces it unserialised). */
interface BulkItem {
  readonly m: Outgoing;
  readonly extra: Omit<TickItem, 'data'>;
}

/** A message of the current tick, with what decides who gets it and how it conflates. */
interface TickItem extends OutItem {
  /** Same key within one tick: only the newest is sent (e.g. two metrics updates of one strategy). */
  readonly tickKey?: string;
  readonly strategyId?: string;
  readonly symbol?: string;
}

/**
 * Streams engine events to WebSocket clients: candles (closed and in progress), signals, fills, trades,
 * metrics, status changes, errors, feed state and blocked orders. Each event is serialised once; the events of
 * one engine step (everything emitted before control returns to the event loop) go out together as one frame
 * per client (a JSON array when there are several), built once for all clients that take everything. Each
 * client's ClientChannel conflates or drops for slow readers; nothing here waits on a client.
 * Timers (metrics snapshots, retries for slow clients) live here, outside the engine.
 */
export class LiveHub {
  readonly clients = new Set<ClientChannel>();
  private readonly limits: ChannelLimits;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly history = new Map<string, Candle[]>();
  private readonly partial = new Map<string, Candle>();
  private readonly signals: Signal[] = [];
  private readonly rejections: RejectionMessage[] = [];
  /** Strategies whose open orders changed in this step: their lists are read when the step's frame is built. */
  private readonly ordersChanged = new Set<string>();
  private readonly metricsStamp = new Map<string, string>();
  private timers: NodeJS.Timeout[] = [];
  private tick: (TickItem | null)[] = [];
  private readonly tickKeys = new Map<string, number>();
  private scheduled = false;
  private readonly flushTick = () => this.sendTick();
  /** Metrics snapshots (about 1 KB each) go in a second frame right after the step's events, so signals are not held up by them. */
  private bulk: (BulkItem | null)[] = [];
  private readonly bulkKeys = new Map<string, number>();
  private bulkScheduled = false;
  private readonly flushBulk = () => this.sendBulk();
  dropped = 0;

  constructor(
    readonly manager: StrategyManager,
    private readonly opts: HubOptions = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    const ev = manager.events;
    const on = <K extends keyof EngineEventMap>(name: K, fn: (p: EngineEventMap[K]) => void) => this.unsubscribe.push(ev.on(name, fn));
    on('candle', (e) => this.onCandle(e.candle, e.closed));
    on('signal', (s) => {
      this.signals.push(s);
      if (this.signals.length > (opts.recentSignals ?? 200)) this.signals.shift();
      this.toStrategy(s.strategyId, { type: 'signal', signal: s });
    });
    on('fill', (f) => this.toStrategy(f.strategyId, { type: 'fill', fill: f }));
    on('trade', (t) => this.toStrategy(t.strategyId, { type: 'trade', trade: t }));
    on('order', (o) => this.ordersMoved(o.strategyId));
    on('fill', (f) => this.ordersMoved(f.strategyId));
    on('orderCancelled', (c) => this.ordersMoved(c.strategyId));
    on('rejected', (r) => {
      const m: RejectionMessage = { type: 'rejected', ...r };
      this.rejections.push(m);
      if (this.rejections.length > (opts.recentSignals ?? 200)) this.rejections.shift();
      this.toStrategy(r.strategyId, m);
    });
    on('orderBlocked', (b) => this.toStrategy(b.strategyId, { type: 'orderBlocked', strategyId: b.strategyId, limit: b.limit, detail: b.detail, time: b.time }));
    on('metrics', (m) => this.toStrategy(m.id, { type: 'metrics', metrics: m }, `m:${m.id}`, `m:${m.id}`, true));
    on('status', (s) => {
      if (s.from === null) this.refreshSymbols();
      this.toStrategy(s.strategyId, { type: 'status', ...s });
    });
    on('error', (e) => this.toStrategy(e.strategyId, { type: 'error', ...e }));
    on('feed', (f) => this.toAll({ type: 'feed', ...f }));
    on('alert', (a) => this.toAll({ type: 'alert', alert: a }));
    const metricsEvery = opts.metricsIntervalMs ?? 500;
    if (metricsEvery > 0) this.timers.push(setInterval(() => this.publishMetrics(), metricsEvery).unref());
    this.timers.push(setInterval(() => this.flushAll(), opts.flushIntervalMs ?? 25).unref());
  }

  /** Takes over an accepted WebSocket: hello snapshot, subscription messages, cleanup on close. */
  addClient(ws: WebSocket, _req?: IncomingMessage): ClientChannel {
    const ch = new ClientChannel(ws, this.limits, (c) => {
      this.dropped++;
      this.clients.delete(c);
    });
    this.clients.add(ch);
    ws.on('close', () => {
      ch.release();
      this.clients.delete(ch);
    });
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => this.onClientMessage(ch, isBinary ? null : data.toString()));
    ch.deliver([this.item(this.hello())]);
    return ch;
  }

  /** Stops listening to the engine and the timers; closes every client. */
  close(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe.length = 0;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const c of this.clients) {
      c.release();
      c.ws.close(1001, 'server shutting down');
    }
    this.clients.clear();
  }

  private hello(): HelloMessage {
    const strategies = this.manager.list().map((s) => ({ ...s, config: this.manager.view(s.id).config, metrics: this.manager.getMetrics(s.id) }));
    const candles: Record<string, Candle[]> = {};
    for (const [id, list] of this.history) {
      const p = this.partial.get(id);
      candles[id] = p ? [...list, p] : [...list];
    }
    const openOrders: Record<string, HelloMessage['openOrders'][string]> = {};
    for (const s of strategies) openOrders[s.id] = this.manager.view(s.id).openOrders();
    return { type: 'hello', strategies, series: this.opts.series?.() ?? [], candles, signals: [...this.signals], openOrders, rejections: [...this.rejections] };
  }

  private onClientMessage(ch: ClientChannel, text: string | null): void {
    let msg: unknown;
    try {
      msg = text === null ? null : JSON.parse(text);
    } catch {
      msg = null;
    }
    const sub = msg !== null && typeof msg === 'object' ? (msg as Partial<Record<keyof ClientMessage, unknown>>).subscribe : undefined;
    if (sub === '*' || sub === null) {
      ch.strategies = null;
      ch.symbols = null;
    } else if (Array.isArray(sub) && sub.every((x) => typeof x === 'string') && sub.length <= 10_000) {
      ch.strategies = new Set(sub as string[]);
      this.refreshSymbolsOf(ch);
    } else {
      ch.deliver([this.item({ type: 'error', message: 'expected {"subscribe": ["strategy-id", ...]} or {"subscribe": "*"}' })]);
      return;
    }
    this.sendTick(); // what was queued before the change goes out under the old subscription
    this.sendBulk();
    ch.deliver([this.item({ type: 'subscribed', strategies: ch.strategies ? [...ch.strategies] : '*' })]);
  }

  private refreshSymbols(): void {
    for (const c of this.clients) if (c.strategies) this.refreshSymbolsOf(c);
  }

  private refreshSymbolsOf(ch: ClientChannel): void {
    const symbols = new Set<string>();
    // Every symbol a strategy reads (its informative series' too), so its client sees all the candles it trades on.
    for (const id of ch.strategies ?? []) if (this.manager.has(id)) for (const symbol of configSymbols(this.manager.view(id).config)) symbols.add(symbol);
    ch.symbols = symbols;
  }

  private item(m: Outgoing, extra: Omit<TickItem, 'data'> = {}): TickItem {
    return { data: JSON.stringify(m), ...extra };
  }

  /** Adds a message to the current step's batch, sent once the engine step is over. */
  private enqueue(it: TickItem): void {
    if (it.tickKey !== undefined) {
      const at = this.tickKeys.get(it.tickKey);
      if (at !== undefined) this.tick[at] = null;
      this.tickKeys.set(it.tickKey, this.tick.length);
    }
    this.tick.push(it);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.flushTick);
    }
  }

  /** Adds a snapshot to the frame that follows the step's events. */
  private enqueueBulk(b: BulkItem): void {
    const key = b.extra.tickKey;
    if (key !== undefined) {
      const at = this.bulkKeys.get(key);
      if (at !== undefined) this.bulk[at] = null;
      this.bulkKeys.set(key, this.bulk.length);
    }
    this.bulk.push(b);
    if (!this.bulkScheduled) {
      this.bulkScheduled = true;
      setImmediate(this.flushBulk);
    }
  }

  /** Marks a strategy's open orders as changed; the list goes out with the step's frame, read once the step is over. */
  private ordersMoved(strategyId: string): void {
    if (this.clients.size === 0) return;
    this.ordersChanged.add(strategyId);
    this.enqueue({ data: '', tickKey: `o:${strategyId}`, strategyId });
  }

  private sendTick(): void {
    this.scheduled = false;
    for (const id of this.ordersChanged) {
      const at = this.tickKeys.get(`o:${id}`);
      const open = this.manager.has(id) ? this.manager.view(id).openOrders() : [];
      if (at !== undefined) this.tick[at] = this.item({ type: 'orders', strategyId: id, open }, { strategyId: id, slowKey: `o:${id}` });
    }
    this.ordersChanged.clear();
    const items = this.tick.filter((x): x is TickItem => x !== null);
    this.tick = [];
    this.tickKeys.clear();
    this.broadcast(items);
  }

  private sendBulk(): void {
    this.bulkScheduled = false;
    if (this.scheduled) this.sendTick(); // keep order: the step's events before its snapshots
    const items = this.bulk.filter((x): x is BulkItem => x !== null).map((b) => this.item(b.m, b.extra));
    this.bulk = [];
    this.bulkKeys.clear();
    this.broadcast(items);
  }

  private broadcast(items: readonly TickItem[]): void {
    if (items.length === 0) return;
    let shared: Buffer | null = null;
    for (const ch of this.clients) {
      if (ch.unfiltered) {
        shared ??= frameOf(items);
        ch.deliver(items, shared);
      } else {
        const mine = items.filter((it) => (it.strategyId === undefined || ch.wantsStrategy(it.strategyId)) && (it.symbol === undefined || ch.wantsSymbol(it.symbol)));
        ch.deliver(mine);
      }
    }
  }

  private onCandle(c: Candle, closed: boolean): void {
    const id = seriesId(c.symbol, c.timeframe);
    if (closed) {
      let list = this.history.get(id);
      if (!list) this.history.set(id, (list = []));
      list.push(c);
      if (list.length > (this.opts.historyPerSeries ?? 300)) list.shift();
      this.partial.delete(id);
    } else {
      this.partial.set(id, c);
    }
    if (this.clients.size === 0) return;
    // Within a step an update of the same candle replaces the previous one; for a client that is behind, the newest candle of the series does.
    this.enqueue(this.item({ type: 'candle', closed, candle: c }, { tickKey: `c:${id}:${c.openTime}`, slowKey: `c:${id}`, symbol: c.symbol }));
  }

  private toStrategy(strategyId: string, m: Outgoing, tickKey?: string, slowKey?: string, bulk = false): void {
    if (this.clients.size === 0) return;
    if (bulk) this.enqueueBulk({ m, extra: { strategyId, tickKey, slowKey } });
    else this.enqueue(this.item(m, { strategyId, tickKey, slowKey }));
  }

  private toAll(m: Outgoing): void {
    if (this.clients.size === 0) return;
    this.enqueue(this.item(m));
  }

  /** Fresh metrics for every strategy whose state moved since the last push (unrealised P&L, equity). */
  publishMetrics(): void {
    if (this.clients.size === 0) return;
    for (const s of this.manager.instances()) {
      const stamp = `${s.status}|${s.lastTime}|${s.metrics.bars}|${s.metrics.trades}`;
      if (this.metricsStamp.get(s.id) === stamp) continue;
      this.metricsStamp.set(s.id, stamp);
      const m = s.getMetrics();
      this.toStrategy(s.id, { type: 'metrics', metrics: m }, `m:${s.id}`, `m:${s.id}`, true);
    }
  }

  private flushAll(): void {
    for (const c of this.clients) if (c.pending) c.flush();
  }
}
