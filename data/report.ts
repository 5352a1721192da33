import type { FetchReport } from './fetch.ts';
import type { GapRange, GapReport } from './gaps.ts';
import type { ImportReport } from './import.ts';
import type { SeriesInfo } from './series.ts';
import type { QuarantineRow } from './store-write.ts';

/** ISO 8601 UTC, without milliseconds when they are zero. */
export function iso(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

function gapRange(g: GapRange): string {
  return g.count === 1 ? iso(g.from) : `${iso(g.from)}..${iso(g.to)} (${g.count})`;
}

/** `0`, or `717 missing candles in 538 gaps; first: ...`. */
export function formatGaps(g: GapReport): string {
  if (g.missing === 0) return '0';
  const more = g.ranges > g.first.length ? ', ...' : '';
  return `${g.missing} missing candle(s) in ${g.ranges} gap(s); first: ${g.first.map(gapRange).join(', ')}${more}`;
}

/** Rejection reasons with their counts, most frequent first (ties by name). */
function byCount(byReason: Record<string, number>): [string, number][] {
  return Object.entries(byReason).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function reasons(byReason: Record<string, number>): string[] {
  return byCount(byReason).map(([reason, n]) => `    ${reason}: ${n}`);
}

/** `NaN or Infinity: 2, malformed row: 1`: the reasons of a file's rejected rows on one line. */
export function reasonSummary(byReason: Record<string, number>): string {
  return byCount(byReason)
    .map(([r, n]) => `${r}: ${n}`)
    .join(', ');
}

/** `row 57: NaN or Infinity: 2014-03-05,NaN,...` lines for the first rejected rows of a file. */
export function rejectedRowLines(file: string, rows: readonly QuarantineRow[], total: number, indent = '  '): string[] {
  const lines = rows.map((q) => `${indent}${file} row ${q.rowNumber}: ${q.reason}: ${q.raw.length > 120 ? `${q.raw.slice(0, 117)}...` : q.raw}`);
  if (total > rows.length) lines.push(`${indent}... and ${total - rows.length} more (strata data quarantine --file ${file}, after strata data import)`);
  return lines;
}

/** The error for a file none of whose rows can be traded: how many were read, why they were refused, the first ones. */
export function noUsableRows(file: string, rowsRead: number, byReason: Record<string, number>, firstRows: readonly string[]): string {
  return `${file}: no usable candle: all ${rowsRead} row(s) were rejected (${reasonSummary(byReason)})\n${firstRows.join('\n')}`;
}

/** Why an import of these files must not commit: a file with no usable row, or a quarantined row under --strict. */
export interface ImportRefusal {
  readonly why: 'no usable row' | 'strict';
  readonly message: string;
}

/** The refusal for these reports, if any; a file with no usable row comes first, as it is an error whatever --strict says. */
export function importRefusal(reports: readonly ImportReport[], strict: boolean): ImportRefusal | undefined {
  const empty = reports.find((r) => r.imported === 0 && r.rowsRead > 0);
  if (empty) return { why: 'no usable row', message: noUsableRows(empty.source, empty.rowsRead, empty.byReason, rejectedRowLines(empty.source, empty.firstRejected, empty.quarantined)) };
  const quarantined = reports.reduce((n, r) => n + r.quarantined, 0);
  if (!strict || quarantined === 0) return undefined;
  const lines = reports.flatMap((r) => rejectedRowLines(r.source, r.firstRejected, r.quarantined));
  return { why: 'strict', message: `strict: ${quarantined} row(s) would be quarantined, so nothing was imported:\n${lines.join('\n')}` };
}

/** The import summary printed by `strata data import`. */
export function formatImportReport(r: ImportReport): string {
  const s = r.series;
  const from = r.timeframeFrom === 'option' ? '' : ` (timeframe from the ${r.timeframeFrom})`;
  const lines = [
    `${r.source}: ${r.container} ${r.kind} -> ${s.exchange} ${s.symbol} ${s.timeframe}${from}`,
    `  timestamps:   bar ${r.timestamps} times${r.timestamps === 'close' ? ' (moved back one bar to the open)' : ''}`,
    `  rows read:    ${r.rowsRead}${r.kind === 'trades' ? ' trades' : ''}`,
    `  imported:     ${r.imported} candles, ${iso(r.first)} .. ${iso(r.last)}`,
    `  quarantined:  ${r.quarantined}`,
    ...reasons(r.byReason),
    ...rejectedRowLines(r.source, r.firstRejected, r.quarantined, '    '),
    `  duplicates:   ${r.duplicates} exact copies (last one kept)`,
    `  conflicts:    ${r.conflicts}${r.conflicts > 0 ? ' rows with the open time of a later row but other values (quarantined; the later row is kept)' : ''}`,
    `  reordered:    ${r.reordered}`,
    `  gaps:         ${formatGaps(r.gaps)}${r.market === 'crypto' ? ' (24/7: every missing step counts; --market us_equity for stocks)' : ` (by the ${r.market} calendar)`}`,
    `  prices:       ${r.prices === 'adjusted' ? 'back-adjusted by Adj Close (--adjust)' : 'as given (unadjusted; --adjust for Adj Close)'}`,
  ];
  if (r.synthetic > 0) lines.push(`  filled:       ${r.synthetic} synthetic flat candles`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

/** The summary printed by `strata data fetch`. */
export function formatFetchReport(r: FetchReport): string {
  const s = r.series;
  return [
    `${r.source}: ${s.symbol} ${s.timeframe} -> ${s.exchange}${r.resumed ? ` (resumed at ${iso(r.startedAt)})` : ''}`,
    `  requests:     ${r.requests} (${r.retries} retried)`,
    `  received:     ${r.received} rows`,
    `  imported:     ${r.imported} candles`,
    `  quarantined:  ${r.quarantined}`,
    ...reasons(r.byReason),
    `  duplicates:   ${r.duplicates}`,
    `  forming:      ${r.forming} still-forming candle(s) left out`,
    `  gaps:         ${formatGaps(r.gaps)}`,
  ].join('\n');
}

/** A series as JSON-friendly data with ISO times. */
export function seriesJson(s: SeriesInfo) {
  return {
    exchange: s.exchange,
    symbol: s.symbol,
    timeframe: s.timeframe,
    first: iso(s.first),
    last: iso(s.last),
    rows: s.rows,
    synthetic: s.synthetic,
    gaps: { missing: s.gaps.missing, ranges: s.gaps.ranges, first: s.gaps.first.map((g) => ({ from: iso(g.from), to: iso(g.to), count: g.count })) },
  };
}

/** The table printed by `strata data list`. */
export function formatSeriesTable(list: readonly SeriesInfo[]): string {
  if (list.length === 0) return 'the store holds no candles (import some with `strata data import <file>`)';
  const rows = [
    ['exchange', 'symbol', 'tf', 'first', 'last', 'rows', 'gaps'],
    ...list.map((s) => [
      s.exchange,
      s.symbol,
      s.timeframe,
      iso(s.first),
      iso(s.last),
      String(s.rows) + (s.synthetic ? ` (${s.synthetic} synthetic)` : ''),
      s.gaps.missing === 0 ? '0' : `${s.gaps.missing} missing in ${s.gaps.ranges} gap(s), first ${gapRange(s.gaps.first[0])}`,
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n');
}
