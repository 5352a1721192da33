import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Exchange } from 'ccxt';
import { BacktestClock, type Clock } from '../../engine/clock.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { Engine, type RunSummary } from '../../engine/engine.ts';
import type { Feed } from '../../engine/feed.ts';
import { seriesId, type MarketEvent, type SeriesKey } from '../../engine/types.ts';
import { LiveFeed, type LiveSeriesStats } from '../../data/live-feed.ts';
import { createLiveExchange } from '../../data/live/exchange.ts';
import { LiveClock } from '../../data/wall-clock.ts';
import { fundingClient, LiveFunding, withLiveFunding, type FundingSymbol } from '../../data/live/live-funding.ts';
import { fundingSymbols } from './paper-funding.ts';
import { exchangeLots, withLots } from './exchange-lots.ts';
import { loadStrategyModules } from '../run/load-configs.ts';
import { planSeries, warmupNeeds, warmupStarts, withSymbols } from './paper-plan.ts';
import { LogReplayFeed } from './replay-feed.ts';
import { resumePoint } from './resume-point.ts';
import { applyControl, loggedConfigs, SessionManager } from './session-manager.ts';
import { lockSession } from './session-lock.ts';
import { WriteAheadEvents } from './session-events.ts';
import { OutputRecorder } from './session-outputs.ts';
import {
  candleEntry,
  readSessionLog,
  SESSION_LOG_VERSION,
  SessionLog,
  sessionLogPath,
  type SessionEntry,
  type SessionHeader,
} from './session-log.ts';

export interface PaperSessionOptions {
  readonly name: string;
  readonly sessionsDir: string;
  /** A new session's strategies (parsed). Resuming: optional, and if given they must be the ones logged. */
  readonly configs?: readonly StrategyConfig[];
  /** Run every config on these symbols instead of its own (new sessions). */
  readonly symbols?: readonly string[];
  /** ccxt id (default binance); a resumed session keeps the one it was created with. */
  readonly exchange?: string;
  /** Testing option: serve the exchange's API from this base URL (the fake exchange). */
  readonly exchangeUrl?: string;
  /** Warm-up bars of each series' coarsest strategy timeframe (default 300). */
  readonly warmupBars?: number;
  /** The session ends after the candle opening just before this (epoch ms; new sessions). */
  readonly until?: number;
  /** Trading starts with the first candle closing after this (epoch ms; default: when the session is created). */
  readonly liveFrom?: number;
  readonly staleAfterMs?: number;
  readonly reconnectBaseMs?: number;
  /** Group-commit window of the log's fsync (default 50 ms). */
  readonly syncMs?: number;
  /** Tests and benchmarks hand in a prepared ccxt.pro exchange. */
  readonly createExchange?: (id: string) => Exchange | Promise<Exchange>;
  readonly now?: () => number;
  readonly onDiagnostic?: (line: string) => void;
}

export interface PaperSummary {
  readonly name: string;
  readonly resumed: boolean;
  /** Log entries replayed to rebuild the state (0 for a new session). */
  readonly replayed: { readonly candles: number; readonly entries: number };
  readonly live: RunSummary | null;
  readonly feed: readonly LiveSeriesStats[];
  /** Outputs recomputed during the rebuild that differed from the logged ones (0 unless something is non-deterministic). */
  readonly mismatches: number;
}

/** The Clock the manager stamps lifecycle events with: the backtest clock while rebuilding, the wall clock after. */
class SessionClock implements Clock {
  constructor(public inner: Clock) {}
  get kind() {
    return this.inner.kind;
  }
  now(): number {
    return this.inner.now();
  }
  advanceTo(time: number): void {
    this.inner.advanceTo(time);
  }
}

/**
 * A paper-trading session: the strategies run on the same engine as a backtest, fed by the live feed and the
 * wall clock, with every input and output written ahead to the session log (backtest/session-log.ts).
 *
 * Opening a session that exists rebuilds it: the logged inputs (candles, feed statuses, control calls) are
 * replayed through the engine in backtest mode (BacktestClock), which restores positions, cash, P&L,
 * indicators and metrics exactly; outputs already logged are recognised (fills by id, other outputs by their
 * ordinal) and not written again, those lost in a crash are appended. The live feed then resumes after the last
 * logged candle and catches up over REST, so the session's results depend on the candles alone, never on when
 * it crashed.
 */
export class PaperSession {
  private feed: LiveFeed | null = null;
  /** Releases the session lock (set by open()). */
  private release: () => void = () => {};
  private engine: Engine | null = null;
  private stopped = false;

  private constructor(
    readonly header: SessionHeader,
    readonly manager: SessionManager,
    private readonly log: SessionLog,
    private readonly clock: SessionClock,
    private readonly opts: PaperSessionOptions,
    readonly resumed: boolean,
    readonly replayed: { candles: number; entries: number },
    private readonly recorder: OutputRecorder,
    private readonly resume: { from: number[]; lastTime: number; block: string | null; fresh: boolean },
    /** The perpetuals whose funding the session polls (empty without perpetual strategies). */
    private readonly funding: readonly FundingSymbol[],
  ) {}

  /** Creates the session, or reopens and rebuilds it from its log. */
  static async open(opts: PaperSessionOptions): Promise<PaperSession> {
    const path = sessionLogPath(opts.sessionsDir, opts.name);
    const now = opts.now ?? Date.now;
    const diag = opts.onDiagnostic ?? (() => {});
    const release = await lockSession(dirname(path));
    try {
      const session = await PaperSession.openLocked(opts, path, now, diag);
      session.release = release;
      return session;
    } catch (err) {
      release();
      throw err;
    }
  }

  private static async openLocked(opts: PaperSessionOptions, path: string, now: () => number, diag: (line: string) => void): Promise<PaperSession> {
    let header: SessionHeader;
    let entries: readonly SessionEntry[] = [];
    let log: SessionLog;
    const resumed = existsSync(path);
    if (resumed) {
      const read = readSessionLog(path, { repair: true });
      if (read.tornBytes > 0) diag(`session log: cut ${read.tornBytes} byte(s) of a torn last line`);
      header = read.header;
      entries = read.entries;
      if (opts.exchange && opts.exchange !== header.exchange) throw new Error(`session "${opts.name}" trades ${header.exchange}, not ${opts.exchange}`);
      if (opts.configs && opts.configs.length > 0) {
        const given = JSON.stringify(withSymbols(opts.configs, opts.symbols));
        if (given !== JSON.stringify(header.configs)) throw new Error(`session "${opts.name}" was started with other strategy configs; resume it without configs or start a new --session`);
      }
      const ignored = (['until', 'liveFrom', 'warmupBars', 'symbols'] as const).filter((k) => opts[k] !== undefined && !(opts.configs && k === 'symbols'));
      if (ignored.length > 0) diag(`session "${opts.name}" resumes with the settings it was created with; ignoring ${ignored.join(', ')}`);
      log = SessionLog.reopen(path, { syncMs: opts.syncMs, batch: true });
    } else {
      if (!opts.configs || opts.configs.length === 0) throw new Error(`session "${opts.name}" does not exist in ${opts.sessionsDir}: give strategy configs to start it`);
      const exchangeId = opts.exchange ?? 'binance';
      // A prepared exchange is the session's streaming client: its markets are not loaded here (see fundingClient).
      const configs = withSymbols(opts.configs, opts.symbols);
      const lots = opts.createExchange ? [] : await exchangeLots(configs, async () => fundingClient(exchangeId, opts.exchangeUrl), diag);
      const series = planSeries(configs);
      const created = now();
      const liveFrom = opts.liveFrom ?? created;
      header = {
        k: 'session',
        v: SESSION_LOG_VERSION,
        name: opts.name,
        created,
        exchange: exchangeId,
        series,
        warmupFrom: warmupStarts(series, await warmupNeeds(configs), opts.warmupBars ?? 300, liveFrom),
        liveFrom,
        ...(opts.until !== undefined ? { until: opts.until } : {}),
        configs: JSON.parse(JSON.stringify(configs)) as unknown[],
        ...(lots.some((q) => q !== null) ? { lots } : {}),
      };
      log = SessionLog.create(opts.sessionsDir, header, { syncMs: opts.syncMs, batch: true });
    }

    const configs = withLots(header.configs.map((c, i) => parseStrategyConfig(c, `session ${header.name} config #${i}`)), header.lots);
    const moduleConfigs = [...configs, ...loggedConfigs(entries)];
    const modules = await loadStrategyModules(moduleConfigs);
    const backtestClock = new BacktestClock();
    const clock = new SessionClock(backtestClock);
    const recorder = new OutputRecorder((e) => log.append(e), entries, header.v);
    const events = new WriteAheadEvents((name, payload) => recorder.onEvent(name, payload), () => log.commit());
    // A control call is written (committed) before it runs: its effects are visible at once (an API response).
    const manager = new SessionManager({ events, modules, clock }, (op) => {
      log.append({ k: 'control', ...op });
      log.commit();
    });
    for (const c of configs) manager.startStrategy(c);

    // Rebuild: the logged inputs through the engine in backtest mode.
    const { from, lastTime, candles, fresh } = resumePoint(header.series, header.warmupFrom, entries);
    if (resumed) {
      const feed = new LogReplayFeed(header.series, entries, (op, i) => {
        try {
          applyControl(manager, op);
        } catch (err) {
          diag(`session log entry ${i + 1}: ${op.op} failed again on replay (${(err as Error).message})`);
        }
      });
      await new Engine(manager, backtestClock).run(feed);
    }
    recorder.finishReplay();
    if (recorder.mismatches > 0) diag(`rebuild: ${recorder.mismatches} recomputed output(s) differ from the log (first: ${recorder.firstMismatch})`);
    log.append({ k: 'open', wall: now(), pid: process.pid, resumed });
    log.commit();
    clock.inner = new LiveClock(now);
    manager.recording = true;
    return new PaperSession(header, manager, log, clock, opts, resumed, { candles, entries: resumed ? entries.length : 0 }, recorder, {
      from,
      lastTime,
      block: manager.entriesBlockedBy,
      fresh,
    }, fundingSymbols(configs, entries, Math.min(...header.warmupFrom)));
  }

  get series(): readonly SeriesKey[] {
    return this.header.series;
  }

  /** Per-series feed health and counters (empty before run()). */
  feedStats(): LiveSeriesStats[] {
    return this.feed?.stats() ?? [];
  }

  /** Streams live until the session's `until`, stop(), or a fatal feed error; the log is closed at the end. */
  async run(): Promise<PaperSummary> {
    const h = this.header;
    const diag = this.opts.onDiagnostic ?? (() => {});
    let live: RunSummary | null = null;
    try {
      if (this.stopped) return this.summary(null);
      const exchange = await (this.opts.createExchange?.(h.exchange) ?? createLiveExchange(h.exchange, { url: this.opts.exchangeUrl }));
      const { block, fresh } = this.resume;
      const warming = fresh || (block?.startsWith('warmup') ?? false);
      this.feed = new LiveFeed({
        exchange,
        series: h.series,
        from: (s) => this.resume.from[h.series.findIndex((x) => x.symbol === s.symbol && x.timeframe === s.timeframe)],
        until: h.until,
        warmup: warming ? { announce: fresh, liveFrom: h.liveFrom } : null,
        resumeBlocked: !warming && block !== null,
        timeFloor: this.resume.lastTime,
        staleAfterMs: this.opts.staleAfterMs,
        reconnect: this.opts.reconnectBaseMs !== undefined ? { baseMs: this.opts.reconnectBaseMs } : undefined,
        now: this.opts.now,
        onDiagnostic: diag,
      });
      if (this.stopped) await this.feed.close();
      this.engine = new Engine(this.manager, this.clock.inner);
      const funding = this.funding.length > 0 ? new LiveFunding({ exchange: fundingClient(h.exchange, this.opts.exchangeUrl), symbols: this.funding, onDiagnostic: diag }) : null;
      live = await this.engine.run(loggedFeed(funding ? withLiveFunding(this.feed, funding) : this.feed, h.series, this.log));
      return this.summary(live);
    } finally {
      await this.feed?.close();
      this.log.close();
      this.release();
    }
  }

  /** Ends the session after the event being processed (the log is complete up to there). */
  stop(): void {
    this.stopped = true;
    this.engine?.stop();
    void this.feed?.close();
  }

  private summary(live: RunSummary | null): PaperSummary {
    return {
      name: this.header.name,
      resumed: this.resumed,
      replayed: this.replayed,
      live,
      feed: this.feedStats(),
      mismatches: this.recorder.mismatches,
    };
  }
}

/**
 * The live feed with every closed candle, status and funding rate appended to the log before the engine sees it (written at the
 * first publication it causes, or when the engine is done with it).
 */
function loggedFeed(feed: Feed, series: readonly SeriesKey[], log: SessionLog): Feed {
  const index = new Map(series.map((s, i) => [seriesId(s.symbol, s.timeframe), i]));
  let lastKey = '';
  let lastIndex = -1;
  return {
    series: feed.series,
    async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
      for await (const e of feed) {
        if (e.kind === 'candle') {
          if (e.closed) {
            const key = seriesId(e.candle.symbol, e.candle.timeframe);
            if (key !== lastKey) {
              lastKey = key;
              lastIndex = index.get(key) ?? -1;
            }
            log.append(candleEntry(lastIndex, e.candle));
          }
        } else if (e.kind === 'status') log.append({ k: 'feed', status: e.status, detail: e.detail, time: e.time });
        else if (e.kind === 'funding') log.append({ k: 'fundingRate', symbol: e.symbol, time: e.time, rate: e.rate });
        yield e;
        // The engine has processed the event: write whatever of it is still queued.
        log.commit();
      }
    },
  };
}
