/**
 * `strata data fetch --funding` and `strata data import --funding`: funding-rate history of perpetual futures,
 * stored next to the candles (data/funding/). ccxt and DuckDB load only when the command runs.
 */
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { withStore } from './with-store.ts';
import { required, time } from './data-args.ts';
import type { FundingGaps } from '../../data/funding/funding-check.ts';
import { FUNDING_FETCH_HELP, FUNDING_IMPORT_HELP } from '../help/data-funding.ts';

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

function gapLines(g: FundingGaps): string[] {
  if (g.intervalMs === null) return ['  gaps: too few payments to know the funding interval'];
  if (g.gaps.length === 0) return [`  no missing payments (interval ${g.intervalMs / 3_600_000}h)`];
  const head = g.gaps.slice(0, 5).map((x) => `    from ${iso(x.from)}: ${x.count} missing`);
  return [`  ${g.missing} payment(s) missing in ${g.gaps.length} gap(s) (interval ${g.intervalMs / 3_600_000}h):`, ...head, ...(g.gaps.length > 5 ? [`    ... ${g.gaps.length - 5} more`] : [])];
}

export async function fundingFetchCommand(argv: string[]): Promise<number> {
  return runCommand(FUNDING_FETCH_HELP, argv, async () => {
    const { values } = parseCommandArgs(argv, { exchange: { type: 'string' }, symbol: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, limit: { type: 'string' }, store: { type: 'string' }, 'exchange-url': { type: 'string' } }, false);
    const id = required(values.exchange, '--exchange');
    const symbol = required(values.symbol, '--symbol');
    if (!symbol.includes(':')) throw new UsageError(`--symbol: funding belongs to a perpetual, written BASE/QUOTE:SETTLE (e.g. ${symbol}:${symbol.split('/')[1] ?? 'USDT'})`);
    const since = required(time(values.since, '--since'), '--since');
    const limit = values.limit === undefined ? 1000 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be an integer >= 1, got "${values.limit}"`);
    const { createExchange } = await import('../../data/fetch.ts');
    const { fetchFunding } = await import('../../data/funding/funding-fetch.ts');
    let ex;
    try {
      ex = createExchange(id);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const url = values['exchange-url'];
    if (url !== undefined) {
      if (!/^https?:\/\/[^/]+\/?$/.test(url)) throw new UsageError(`--exchange-url must be a base URL like http://127.0.0.1:8765, got "${url}"`);
      const { rewriteExchangeUrls } = await import('../../data/live/exchange-url.ts');
      rewriteExchangeUrls(ex, url, ['spot', 'linear']);
    }
    const r = await withStore(values.store, (store) => fetchFunding({ exchange: ex, symbol, since, until: time(values.until, '--until'), store, pageLimit: limit }));
    const lines = [
      `${r.exchange} ${r.symbol} funding: ${r.imported} payment(s) stored from ${r.received} received in ${r.requests} request(s)${r.duplicates ? `, ${r.duplicates} duplicate(s)` : ''}`,
      ...(r.quarantined ? [`  ${r.quarantined} row(s) quarantined (${Object.entries(r.byReason).map(([k, n]) => `${k}: ${n}`).join('; ')}); see strata data quarantine`] : []),
      ...gapLines(r.gaps),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  });
}

export async function fundingImportCommand(argv: string[]): Promise<number> {
  return runCommand(FUNDING_IMPORT_HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, { symbol: { type: 'string' }, exchange: { type: 'string' }, store: { type: 'string' } });
    if (positionals.length === 0) throw new UsageError('give at least one funding file to import');
    const symbol = required(values.symbol, '--symbol');
    const { importFunding } = await import('../../data/funding/funding-import.ts');
    const lines: string[] = [];
    await withStore(values.store, async (store) => {
      for (const file of positionals) {
        const r = await importFunding(store, file, { symbol, exchange: values.exchange ?? 'default' });
        lines.push(`${file}: ${r.imported} payment(s) of ${r.symbol} stored (${iso(r.from!)} .. ${iso(r.to!)}) from ${r.rows} row(s)${r.duplicates ? `, ${r.duplicates} duplicate(s)` : ''}`);
        for (const q of r.quarantined.slice(0, 10)) lines.push(`  row ${q.rowNumber} quarantined: ${q.reason}`);
        if (r.quarantined.length > 10) lines.push(`  ... ${r.quarantined.length - 10} more quarantined row(s); see strata data quarantine`);
        lines.push(...gapLines(r.gaps));
      }
    });
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  });
}
