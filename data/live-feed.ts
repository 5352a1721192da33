import ccxt, { type Exchange } from 'ccxt';
import type { Feed } from '../engine/feed.ts';
import { bucketStart, timeframeMs } from '../engine/timeframe.ts';
import type { Candle, FeedStatus, MarketEvent, SeriesKey } from '../engine/types.ts';
import { AsyncQueue } from './live/async-queue.ts';
import { Backoff } from './live/backoff.ts';
import { installClosedHints } from './live/kline-hints.ts';
import { fetchRestRange } from './live/rest-range.ts';
import type { LiveFeedOptions, LiveSeriesStats } from './live/options.ts';
import { SeriesTrack, type MissingRun } from './live/series-track.ts';
import { validateCandle } from './validate.ts';

export type { LiveFeedOptions, LiveSeriesStats } from './live/options.ts';

const FATAL = [ccxt.BadSymbol, ccxt.NotSupported, ccxt.ArgumentsRequired, ccxt.AuthenticationError];
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const oneLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 160);
const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : String(t));

/**
 * The live Feed: ccxt.pro `watchOHLCV` per series, turned into the same closed-candle stream a backtest reads.
 *
 * Closed candles. A candle is emitted (`closed: true`) once it is final: the stream says so (Binance's kline
 * `x: true`, read from the raw message because ccxt's rows drop it), or REST serves it with a newer candle after
 * it, or, for exchanges without a closed flag, a newer open time arrives on the stream. Other stream updates go
 * out as `closed: false` (dashboards only). A candle the stream skipped, did not close in time (lost or late
 * final) or sent invalid is fetched over REST after a short grace; what REST does not have either is reported as
 * a 'gap' and skipped. Every candle is checked by data/validate.ts (rejects: 'invalid' status, never traded).
 *
 * Order. Per series, candles go out in open-time order, each exactly once (same open time: last write wins
 * until emitted; later copies are counted as duplicates or revisions and dropped). Across series the output is
 * merged by (closeTime, series order), holding a candle back while another series could still deliver an
 * earlier one, so a backtest clock replaying the log never goes backwards. Status events are stamped with the
 * newest close time emitted (the wall time is in the detail), for the same reason.
 *
 * Integrity. No stream message for 1.5 candle lengths marks the series stale: a 'stale' status (the engine
 * blocks new entries), the connection is recycled, REST is polled for closed candles meanwhile. A dropped
 * connection gives 'reconnecting'. Reconnecting has one owner, the watch loop: it waits a jittered backoff
 * that every message resets, and dials on the next watch call. ccxt's own dial delay is switched off, because
 * it only resets after 30 s without a dial, so under repeated drops it grew past the watchdog's period and the
 * watchdog closed every dial before it could finish. The watchdog recycles only a connection that is open but
 * silent, never one being dialled. Once every series streams again and the gap is backfilled over REST,
 * 'recovered' unblocks entries.
 *
 * Only this file and data/live/ read the wall clock and set timers; the engine never does.
 */
export class LiveFeed implements Feed {
  readonly series: readonly SeriesKey[];
  private readonly ex: Exchange;
  private readonly tracks: SeriesTrack[];
  private readonly byWire = new Map<string, SeriesTrack>();
  private readonly out: AsyncQueue<MarketEvent>;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly diag: (line: string) => void;
  private readonly flags = new Map<SeriesTrack, Map<number, boolean>>();
  private hints = false;
  private started = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private lastTime: number;
  private phase: 'warmup' | 'live';
  /** True while some series is stale or disconnected (or a restarted session resumed blocked). */
  private unhealthy: boolean;
  private lastReconnectAt = Number.NEGATIVE_INFINITY;
  private readonly syncing = new Map<SeriesTrack, { again: boolean; lastAt: number }>();
  private readonly lastPoll = new Map<SeriesTrack, number>();

  constructor(private readonly opts: LiveFeedOptions) {
    this.ex = opts.exchange;
    this.series = opts.series.map((s) => ({ symbol: s.symbol, timeframe: s.timeframe }));
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? defaultSleep;
    this.diag = opts.onDiagnostic ?? (() => {});
    const until = opts.until ?? Number.POSITIVE_INFINITY;
    const start = this.now();
    this.tracks = this.series.map((s, i) => {
      const f = opts.from(s);
      const aligned = bucketStart(f, s.timeframe);
      return new SeriesTrack(s, i, aligned < f ? aligned + timeframeMs(s.timeframe) : aligned, until, start);
    });
    const starts = this.tracks.map((t) => t.next);
    this.lastTime = Math.max(opts.timeFloor ?? Number.NEGATIVE_INFINITY, Math.min(...starts));
    this.phase = opts.warmup ? 'warmup' : 'live';
    this.unhealthy = opts.resumeBlocked === true;
    this.out = new AsyncQueue<MarketEvent>(() => this.close());
  }

  [Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    if (this.started) throw new Error('LiveFeed: a live feed can be iterated once');
    this.started = true;
    this.start().catch((err) => this.fail(err));
    return this.out;
  }

  /** Per-series counters, health and the gaps reported so far. */
  stats(): LiveSeriesStats[] {
    return this.tracks.map((t) => ({
      symbol: t.key.symbol,
      timeframe: t.key.timeframe,
      next: t.next,
      connected: t.connected,
      stale: t.stale,
      counts: { ...t.stats },
      gaps: [...t.gaps],
    }));
  }

  /** Stops streaming: the iteration ends after what is queued, sockets and timers are released. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.out.end();
    try {
      await this.ex.close();
    } catch {
      // closing a socket that is already gone
    }
  }

  private fail(err: unknown): void {
    if (this.closed) return;
    this.out.fail(err);
    void this.close();
  }

  private async start(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ex.loadMarkets();
        break;
      } catch (err) {
        if (!(err instanceof ccxt.NetworkError) || attempt >= 5) throw err;
        await this.sleep(250 * 2 ** attempt);
      }
    }
    if (!this.ex.has.watchOHLCV) throw new Error(`${this.ex.id} has no watchOHLCV in ccxt.pro`);
    // The watch loop owns the reconnect wait (see the class comment): ccxt dials at once when asked.
    const o = this.ex.options as Record<string, unknown>;
    const ws = (o.ws ?? {}) as Record<string, unknown>;
    o.ws = { ...ws, backoff: { ...((ws.backoff as object) ?? {}), base: 0, max: 0 } };
    for (const t of this.tracks) {
      const market = this.ex.market(t.key.symbol);
      const interval = (this.ex.timeframes as Record<string, string> | undefined)?.[t.key.timeframe] ?? t.key.timeframe;
      this.byWire.set(`${market.id}|${interval}`, t);
      this.flags.set(t, new Map());
    }
    // ccxt prints socket-level problems (e.g. a frame that is not JSON) with console.log: route them here.
    (this.ex as unknown as { log: (...args: unknown[]) => void }).log = (...args: unknown[]) =>
      this.diag(`ccxt: ${args.map((a) => (a instanceof Error ? a.message : a instanceof Date ? '' : String(a))).join(' ').trim().split('\n')[0].slice(0, 200)}`);
    this.hints = installClosedHints(this.ex, (id, interval, openTime, closed) => {
      const t = this.byWire.get(`${id}|${interval}`);
      if (t && openTime >= t.next) this.flags.get(t)!.set(openTime, closed);
    });
    if (this.opts.warmup?.announce) {
      this.status('warmup', `warm-up from ${this.tracks.map((t) => `${t.id} ${iso(t.next)}`).join(', ')}; live from ${iso(this.opts.warmup.liveFrom)}`);
    }
    const minStep = Math.min(...this.tracks.map((t) => t.step));
    this.timer = setInterval(() => this.onTimer(), Math.max(20, Math.min(250, minStep / 4)));
    for (const t of this.tracks) {
      if (t.done) continue;
      void this.watchLoop(t);
      void this.sync(t);
    }
    this.pump(); // a resumed session already past `until` ends here
  }

  private staleAfter(t: SeriesTrack): number {
    return this.opts.staleAfterMs ?? 1.5 * t.step;
  }

  private confirmAfter(t: SeriesTrack): number {
    if (this.opts.confirmAfterMs !== undefined) return this.opts.confirmAfterMs;
    return this.hints ? Math.min(t.step / 2, 2000) : 0;
  }

  private async watchLoop(t: SeriesTrack): Promise<void> {
    const backoff = new Backoff(this.opts.reconnect?.baseMs ?? 250, this.opts.reconnect?.maxMs ?? 15_000, t.index + 1);
    while (!this.closed && !t.done) {
      try {
        const rows = (await this.ex.watchOHLCV(t.key.symbol, t.key.timeframe)) as number[][];
        if (this.closed) return;
        backoff.reset();
        t.lastMessageAt = this.now();
        if (!t.connected) {
          if (t.everConnected) {
            t.stats.reconnects++;
            this.diag(`${t.id}: stream back`);
          }
          t.connected = true;
          t.everConnected = true;
        }
        t.stale = false;
        this.onRows(t, rows);
      } catch (err) {
        if (this.closed) return;
        if (FATAL.some((E) => err instanceof E)) return this.fail(err);
        if (!(err instanceof ccxt.NetworkError) && !(err instanceof ccxt.ExchangeClosedByUser)) {
          // ccxt could not handle a message (broken JSON, an unexpected shape): the socket is fine, the frame is dropped.
          t.stats.invalid++;
          this.status('invalid', `${t.id}: stream message dropped (${oneLine(err)})`);
          continue;
        }
        if (t.connected) this.diag(`${t.id}: stream lost: ${oneLine(err)}`);
        t.connected = false;
        this.updateHealth();
        await this.sleep(backoff.next());
      }
    }
  }

  private onRows(t: SeriesTrack, rows: readonly number[][]): void {
    const flags = this.flags.get(t)!;
    for (const r of rows) {
      const time = Number(r[0]);
      if (!Number.isFinite(time)) continue;
      t.stats.streamed++;
      const c = t.candle(time, Number(r[1]), Number(r[2]), Number(r[3]), Number(r[4]), Number(r[5]));
      if (time > t.newestStreamed) {
        if (!this.hints) t.closeBefore(time);
        t.newestStreamed = time;
      }
      const final = this.hints && flags.get(time) === true;
      const reason = validateCandle(c);
      if (reason !== null) {
        if (final) this.rejected(t, c, reason, 'stream');
        continue; // an invalid update is never shown nor closed; REST fills the candle if the stream never fixes it
      }
      const outcome = t.offer(c, final);
      if (outcome === 'revision') this.diag(`${t.id}: the stream revised ${iso(time)} after it was emitted; kept the emitted bar`);
      if (outcome === 'stored' && !final && time >= t.next) this.out.push({ kind: 'candle', candle: c, closed: false });
    }
    this.pump();
    this.checkHole(t, this.now());
    this.updateHealth();
  }

  private rejected(t: SeriesTrack, c: Candle, reason: string, source: string): void {
    t.stats.invalid++;
    this.status('invalid', `${t.id} ${iso(c.openTime)} from ${source} rejected (${reason}): o=${c.open} h=${c.high} l=${c.low} c=${c.close} v=${c.volume}`);
  }

  private checkHole(t: SeriesTrack, now: number): void {
    if (!t.hasHole()) {
      t.holeSince = null;
      return;
    }
    t.holeSince ??= now;
    const wait = this.confirmAfter(t);
    if (now - t.holeSince >= wait && now - (this.lastPoll.get(t) ?? Number.NEGATIVE_INFINITY) >= Math.max(wait, 250)) void this.sync(t);
  }

  /** Fetches every candle from `next` over REST; single-flight per series (a request during one runs it again after). */
  private async sync(t: SeriesTrack): Promise<void> {
    const state = this.syncing.get(t);
    if (state) {
      state.again = true;
      return;
    }
    const me = { again: false, lastAt: this.now() };
    this.syncing.set(t, me);
    try {
      const since = t.next;
      if (t.done) return;
      const { rows, requests, retries } = await fetchRestRange(this.ex, t.key.symbol, t.key.timeframe, since, {
        limit: this.opts.pageLimit,
        sleep: this.sleep,
        until: t.until,
      });
      if (this.closed) return;
      t.stats.rest += requests;
      if (retries > 0) this.diag(`${t.id}: REST needed ${retries} retr${retries === 1 ? 'y' : 'ies'}`);
      let newest = Number.NEGATIVE_INFINITY;
      for (const r of rows) if (Number(r[0]) > newest) newest = Number(r[0]);
      const flags = this.flags.get(t)!;
      let filled = 0;
      for (const r of rows) {
        const time = Number(r[0]);
        if (!Number.isFinite(time) || time < t.next) continue;
        const final = time < newest || time < t.newestStreamed || flags.get(time) === true;
        const c = t.candle(time, Number(r[1]), Number(r[2]), Number(r[3]), Number(r[4]), Number(r[5]));
        const reason = validateCandle(c);
        if (reason !== null) {
          if (final) this.rejected(t, c, reason, 'REST');
          continue;
        }
        const wasFinal = t.isFinal(time);
        if (t.offer(c, final) === 'stored' && final && !wasFinal) filled++;
      }
      if (Number.isFinite(newest)) {
        // REST serves candles up to `newest`: any slot before the newest final one that is still empty is missing.
        t.markMissing(t.isFinal(newest) ? newest + t.step : newest);
      }
      if (filled > 0 && since < t.newestStreamed) this.diag(`${t.id}: REST filled ${filled} candle(s) from ${iso(since)}`);
    } catch (err) {
      if (FATAL.some((E) => err instanceof E)) return this.fail(err);
      this.diag(`${t.id}: REST backfill failed: ${(err as Error).message}`);
    } finally {
      this.syncing.delete(t);
      this.lastPoll.set(t, this.now());
    }
    this.pump();
    this.updateHealth();
    if (me.again && !this.closed) void this.sync(t);
  }

  private onTimer(): void {
    if (this.closed) return;
    const now = this.now();
    let recycle = false;
    for (const t of this.tracks) {
      if (t.done) continue;
      const after = this.staleAfter(t);
      if (now - t.lastMessageAt > after) {
        if (!t.stale) {
          t.stale = true;
          t.stats.stale++;
          this.diag(`${t.id}: no stream message for ${now - t.lastMessageAt} ms: stale`);
        }
        if (t.connected && now - this.lastReconnectAt > 2 * after) recycle = true;
      }
      if ((t.stale || (t.everConnected && !t.connected)) && now - (this.lastPoll.get(t) ?? 0) >= (this.opts.pollMs ?? Math.max(1000, t.step))) {
        void this.sync(t);
      }
      this.checkHole(t, now);
    }
    this.updateHealth();
    // Never while a series is dialling: closing the exchange rejects that dial, and the next one starts over.
    if (recycle && this.tracks.every((t) => t.done || t.connected)) {
      // A silent socket may be half-open: drop it, the watch loops reconnect and resubscribe.
      this.lastReconnectAt = now;
      void this.ex.close().catch(() => {});
    }
  }

  /** Blocks entries (stale/reconnecting) when a series is unhealthy; unblocks once all stream again, caught up. */
  private updateHealth(): void {
    if (this.closed) return;
    const active = this.tracks.filter((t) => !t.done);
    // Stale counts from the start (a stream that never delivers is stale too); a lost connection once there was one.
    const bad = active.filter((t) => t.stale || (t.everConnected && !t.connected));
    if (bad.length > 0 && !this.unhealthy) {
      this.unhealthy = true;
      const stale = bad.find((t) => t.stale);
      const status: FeedStatus = stale ? 'stale' : 'reconnecting';
      this.status(status, `${bad.map((t) => t.id).join(', ')} ${stale ? `silent for over ${this.staleAfter(stale)} ms` : 'disconnected'} at ${iso(this.now())}; new entries blocked`);
    } else if (bad.length === 0 && this.unhealthy && active.every((t) => t.connected && t.caughtUp)) {
      this.unhealthy = false;
      if (this.phase === 'live') this.status('recovered', `streaming again and backfilled at ${iso(this.now())}`);
      else this.status('warmup', `streaming again at ${iso(this.now())}; still warming up`);
    }
  }

  private status(status: FeedStatus, detail: string): void {
    this.out.push({ kind: 'status', time: this.lastTime, status, detail });
  }

  /** Emits every candle that is final and cannot be preceded by another series' candle, in (closeTime, series) order. */
  private pump(): void {
    if (this.closed) return;
    for (;;) {
      for (const t of this.tracks) {
        let gap: MissingRun | null;
        while ((gap = t.skipMissing()) !== null) {
          const text = t.describeGap(gap);
          if (text !== null) this.status('gap', text);
        }
      }
      let head: SeriesTrack | null = null;
      let headClose = Number.POSITIVE_INFINITY;
      for (const t of this.tracks) {
        const c = t.peek();
        if (c !== null && c.closeTime < headClose) {
          head = t;
          headClose = c.closeTime;
        }
      }
      if (head === null) break;
      const h = head;
      const blocked = this.tracks.some((b) => b !== h && b.peek() === null && (b.nextClose < headClose || (b.nextClose === headClose && b.index < h.index)));
      if (blocked) break;
      const candle = h.pop();
      const flags = this.flags.get(h);
      if (flags) for (const k of flags.keys()) if (k < h.next) flags.delete(k);
      if (this.phase === 'warmup' && this.opts.warmup && candle.closeTime > this.opts.warmup.liveFrom) {
        this.phase = 'live';
        if (!this.unhealthy) this.status('connected', `live from ${iso(candle.openTime)}`);
      }
      this.out.push({ kind: 'candle', candle, closed: true });
      if (candle.closeTime > this.lastTime) this.lastTime = candle.closeTime;
    }
    if (this.tracks.every((t) => t.done)) {
      this.status('ended', `reached ${iso(this.opts.until ?? Number.POSITIVE_INFINITY)}`);
      void this.close();
    }
  }
}
