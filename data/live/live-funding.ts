import type { Exchange } from 'ccxt';
import type { Feed } from '../../engine/feed.ts';
import type { MarketEvent } from '../../engine/types.ts';
import { createExchange } from '../fetch.ts';
import { rewriteExchangeUrls } from './exchange-url.ts';

type FundingEvent = Extract<MarketEvent, { kind: 'funding' }>;

/** One perpetual a paper session pays funding on. */
export interface FundingSymbol {
  /** The symbol the strategies trade and the funding events carry (`BTC/USDT`). */
  readonly symbol: string;
  /** The exchange's perpetual whose funding applies (`BTC/USDT:USDT`). */
  readonly market: string;
  /** Funding times at or before this were delivered already (a resumed session's log holds them). */
  readonly after: number;
}

export interface LiveFundingOptions {
  readonly exchange: Exchange;
  readonly symbols: readonly FundingSymbol[];
  /** Polls when a payment that is due is not published yet (default 5), and the wait between them (default 1000 ms). */
  readonly retries?: number;
  readonly retryMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onDiagnostic?: (line: string) => void;
}

/** The perpetual a paper strategy's funding comes from: its own symbol if it names a settle currency, else `BASE/QUOTE:QUOTE`. */
export function perpetualOf(symbol: string): string {
  if (symbol.includes(':')) return symbol;
  const quote = symbol.split('/')[1];
  if (!quote) throw new Error(`"${symbol}" is not a BASE/QUOTE symbol; a perpetual strategy needs one to find its funding`);
  return `${symbol}:${quote}`;
}

/**
 * The REST client funding is polled with: its own, not the session's streaming client, because loading the
 * perpetual markets there makes a spot and a perpetual share one wire id (`BTCUSDT`), and a kline stream on a
 * host ccxt cannot tell is spot (a pointed `ws://127.0.0.1:PORT/ws`) would then be read as the perpetual's.
 * `url` points it at another host (`--exchange-url`), with the spot and USDⓈ-M perpetual markets loaded.
 */
export function fundingClient(id: string, url?: string): Exchange {
  const ex = createExchange(id);
  return url ? rewriteExchangeUrls(ex, url, ['spot', 'linear']) : ex;
}

interface Track {
  readonly symbol: string;
  readonly market: string;
  /** The newest funding time delivered or queued. */
  after: number;
  /** Settled payments fetched and not yet delivered, ascending. */
  queue: { time: number; rate: number }[];
  /** The next funding time the exchange announced (fetchFundingRate), null before the first poll, +Infinity when none is scheduled. */
  nextDue: number | null;
}

const PAGE = 1000;
const iso = (t: number) => new Date(t).toISOString();

/**
 * Funding rates of a live session's perpetuals, polled through ccxt: `fetchFundingRateHistory` for the settled
 * payments and `fetchFundingRate` for the next funding time. A payment at T is delivered before the first candle
 * closing after T, the rule the backtest runner merges stored funding by (backtest/run/funding-feed.ts), so it
 * reaches the engine after every bar closing at or before T and the position it pays on is the same in a
 * backtest, an uninterrupted session and one resumed after a crash. The exchange is asked only when a candle
 * closes past the announced next funding time; a payment due but not yet published is waited for (`retries`
 * polls), never skipped unannounced: if it stays missing the diagnostic names it and the session goes on without it.
 */
export class LiveFunding {
  private readonly tracks: Track[];
  private readonly ex: Exchange;
  private readonly retries: number;
  private readonly retryMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly diag: (line: string) => void;
  /** Requests made (history pages and next-time polls), for tests and stats. */
  requests = 0;

  constructor(opts: LiveFundingOptions) {
    this.ex = opts.exchange;
    this.tracks = [...opts.symbols].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)).map((s) => ({ ...s, queue: [], nextDue: null }));
    this.retries = opts.retries ?? 5;
    this.retryMs = opts.retryMs ?? 1000;
    this.sleep = opts.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
    this.diag = opts.onDiagnostic ?? (() => undefined);
  }

  /** The payments with a funding time before `close` not delivered yet, by (time, symbol); each is delivered once. */
  async due(close: number): Promise<FundingEvent[]> {
    const out: FundingEvent[] = [];
    for (const t of this.tracks) {
      if (t.nextDue === null || t.nextDue < close) await this.refresh(t, close);
      let n = 0;
      while (n < t.queue.length && t.queue[n].time < close) {
        out.push({ kind: 'funding', symbol: t.symbol, time: t.queue[n].time, rate: t.queue[n].rate });
        n++;
      }
      if (n > 0) t.queue = t.queue.slice(n);
    }
    if (this.tracks.length > 1) out.sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : 1));
    return out;
  }

  private async refresh(t: Track, close: number): Promise<void> {
    const expected = t.nextDue;
    for (let attempt = 0; ; attempt++) {
      await this.pull(t);
      const published = expected === null || !Number.isFinite(expected) || expected >= close || t.after >= expected;
      if (published) return;
      if (attempt >= this.retries) {
        this.diag(`funding: ${t.market} announced a payment at ${iso(expected)}, not published after ${attempt + 1} polls; the session goes on without it`);
        return;
      }
      await this.sleep(this.retryMs);
    }
  }

  /** Fetches the settled payments after `t.after` (paged) and the next announced funding time. */
  private async pull(t: Track): Promise<void> {
    for (;;) {
      this.requests++;
      const page = await this.ex.fetchFundingRateHistory(t.market, t.after + 1, PAGE);
      let added = 0;
      for (const r of page) {
        const time = Number(r.timestamp);
        const rate = Number(r.fundingRate);
        if (!(time > t.after)) continue;
        if (!Number.isFinite(rate)) throw new Error(`funding: ${t.market} at ${iso(time)} has rate ${String(r.fundingRate)}, not a number`);
        t.queue.push({ time, rate });
        t.after = time;
        added++;
      }
      if (page.length < PAGE || added === 0) break;
    }
    this.requests++;
    const next = Number((await this.ex.fetchFundingRate(t.market)).fundingTimestamp);
    t.nextDue = Number.isFinite(next) && next > 0 ? next : Number.POSITIVE_INFINITY;
  }
}

/** The feed with the funding payments due merged in, each before the first closed candle closing after its time. */
export function withLiveFunding(feed: Feed, funding: LiveFunding): Feed {
  return {
    series: feed.series,
    async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
      for await (const e of feed) {
        if (e.kind === 'candle' && e.closed) for (const f of await funding.due(e.candle.closeTime)) yield f;
        yield e;
      }
    },
  };
}
