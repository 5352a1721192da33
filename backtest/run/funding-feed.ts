import type { StrategyConfig } from '../../engine/config/schema.ts';
import { marginTerms } from '../../engine/config/margin-schema.ts';
import { marginPolicy } from '../../engine/execution/margin.ts';
import type { Feed } from '../../engine/feed.ts';
import type { MarketEvent } from '../../engine/types.ts';
import { fundingGaps } from '../../data/funding/funding-check.ts';
import { readFunding, type FundingColumns } from '../../data/funding/funding-store.ts';
import { openStore } from '../../data/store.ts';
import { iso } from './job-common.ts';

/** Funding coverage of one perpetual symbol over the run's range, for the manifest. */
export interface FundingCoverage {
  symbol: string;
  payments: number;
  intervalMs: number | null;
  missing: number;
  gaps: { from: string | null; count: number }[];
  /** `error` refused the run on a gap; `warn` ran with the gaps recorded here. */
  onMissing: 'error' | 'warn';
}

/**
 * For every symbol a perpetual strategy trades: its stored funding over [from, to) from the store's funding table,
 * checked for gaps (fundingGaps); a gap refuses the run (funding.missing "error", the default) naming the symbol
 * and the gap, or is recorded (`warn`). Never priced as zero: a perpetual run with no funding stored is an error.
 */
export async function loadRunFunding(configs: readonly StrategyConfig[], store: string | null, exchange: string, range: { from?: number; to?: number }): Promise<{ rows: Map<string, FundingColumns>; coverage: FundingCoverage[] }> {
  const perps = configs.filter((c) => marginTerms(c).instrument === 'perpetual');
  const rows = new Map<string, FundingColumns>();
  const coverage: FundingCoverage[] = [];
  if (perps.length === 0) return { rows, coverage };
  if (store === null) throw new Error(`strategy "${perps[0].id ?? perps[0].symbol}" trades a perpetual: its funding rates come from a store (--data store.duckdb); fill it with strata data fetch --funding or strata data import --funding`);
  const db = await openStore(store);
  try {
    for (const c of perps) {
      if (rows.has(c.symbol)) continue;
      const history = await readFunding(db, exchange, c.symbol, range);
      const onMissing = marginTerms(c).fundingMissing;
      if (history.times.length === 0) {
        throw new Error(`${store}: no funding rates stored for ${c.symbol} (exchange "${exchange}"), which strategy "${c.id ?? c.symbol}" trades as a perpetual; get them with strata data fetch --funding or strata data import --funding`);
      }
      // Without --from/--to the range is the stored history's own span (gaps at its ends are then not seen).
      const from = range.from ?? history.times[0];
      const to = range.to ?? history.times[history.times.length - 1] + 1;
      const g = fundingGaps(history, from, to);
      const cov: FundingCoverage = { symbol: c.symbol, payments: history.times.length, intervalMs: g.intervalMs, missing: g.missing, gaps: g.gaps.map((x) => ({ from: iso(x.from), count: x.count })), onMissing };
      if (g.missing > 0 && onMissing === 'error') {
        const first = g.gaps[0];
        throw new Error(`${store}: ${c.symbol} funding history misses ${g.missing} payment(s) in the run's range, first ${first.count} from ${iso(first.from)}; fill it (strata data fetch --funding), narrow --from/--to, or set "funding": {"missing": "warn"} in strategy "${c.id ?? c.symbol}"`);
      }
      rows.set(c.symbol, history);
      coverage.push(cov);
    }
  } finally {
    db.close();
  }
  return { rows, coverage };
}

/** A margin strategy's manifest entry: its terms and rules in words, and (a perpetual) its symbol's funding coverage. */
export function marginManifest(c: StrategyConfig, coverage: readonly FundingCoverage[]): Record<string, unknown> {
  const terms = marginTerms(c);
  const cov = terms.instrument === 'perpetual' ? coverage.find((f) => f.symbol === c.symbol) : undefined;
  return { ...marginPolicy(terms), ...(cov ? { fundingCoverage: cov } : {}) };
}

/**
 * The candle feed with funding events merged in time order: a payment at T comes after every candle closing at or
 * before T and before the first closing later; payments after the last candle are dropped (the data has ended).
 * Symbols in ascending order at one time, so the merge is deterministic.
 */
export function withFundingEvents(feed: Feed, rows: ReadonlyMap<string, FundingColumns>): Feed {
  if (rows.size === 0) return feed;
  const events: Extract<MarketEvent, { kind: 'funding' }>[] = [];
  for (const symbol of [...rows.keys()].sort()) {
    const r = rows.get(symbol)!;
    for (let i = 0; i < r.times.length; i++) events.push({ kind: 'funding', symbol, time: r.times[i], rate: r.rates[i] });
  }
  events.sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : 1));
  return {
    series: feed.series,
    async *[Symbol.asyncIterator]() {
      let next = 0;
      for await (const e of feed) {
        const t = e.kind === 'candle' ? e.candle.closeTime : e.time;
        while (next < events.length && events[next].time < t) yield events[next++];
        yield e;
      }
    },
  };
}
