import * as z from 'zod';
import { SymbolSchema } from '../markets/symbol.ts';
import { closest } from '../rules/suggest.ts';
import { isTimeframe, timeframeMs } from '../timeframe.ts';
import type { SeriesKey, Timeframe } from '../types.ts';

/**
 * Informative series: besides its own symbol/timeframe (the primary series, which drives evaluation), a strategy
 * may declare other timeframes of its symbol and other symbols under aliases (`"series": {"h4": {"timeframe":
 * "4h"}, "eth": {"symbol": "ETH/USDT", "timeframe": "15m"}}`). Indicators bind to one with `"series": "h4"`;
 * rules read its bar fields as `close@h4`. What a strategy sees of an informative series is always its last
 * closed bar as of the primary bar's close (see the bar-group barrier in engine/bar-group.ts).
 */

export const SERIES_ALIAS_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

export const TimeframeSchema = z.string().refine(isTimeframe, 'timeframe looks like 1m, 15m, 1h, 4h, 1d');

const SeriesEntrySchema = z.strictObject({
  /** Defaults to the strategy's own symbol (another timeframe of the same market). */
  symbol: SymbolSchema.optional(),
  timeframe: TimeframeSchema,
});

/** Alias names are checked in `checkSeries` (zod's own record-key message names no rule). */
export const SeriesBlockSchema = z.record(z.string(), SeriesEntrySchema);

/** One series a strategy reads: the primary (alias null) or an informative one under its alias. */
export interface DeclaredSeries {
  readonly alias: string | null;
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

interface SeriesConfig {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly series?: Readonly<Record<string, { readonly symbol?: string; readonly timeframe: Timeframe }>>;
  /** `execution.detail`: the finer series of its own symbol its fills are resolved on. */
  readonly execution?: { readonly detail?: Timeframe };
}

/** The primary series first, then the informative ones in declaration order. */
export function declaredSeries(c: SeriesConfig): DeclaredSeries[] {
  const out: DeclaredSeries[] = [{ alias: null, symbol: c.symbol, timeframe: c.timeframe }];
  for (const [alias, s] of Object.entries(c.series ?? {})) out.push({ alias, symbol: s.symbol ?? c.symbol, timeframe: s.timeframe });
  return out;
}

/** Every series the configs read (primary, informative, and the detail series their fills resolve on), each once, in first-seen order. */
export function neededSeries(configs: readonly SeriesConfig[]): SeriesKey[] {
  const seen = new Set<string>();
  const out: SeriesKey[] = [];
  for (const c of configs) {
    const detail = c.execution?.detail;
    for (const s of detail === undefined ? declaredSeries(c) : [...declaredSeries(c), { symbol: c.symbol, timeframe: detail }]) {
      const key = `${s.symbol}|${s.timeframe}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ symbol: s.symbol, timeframe: s.timeframe });
    }
  }
  return out;
}

/** The symbols a config reads, its own first. */
export function configSymbols(c: SeriesConfig): string[] {
  return [...new Set(declaredSeries(c).map((s) => s.symbol))];
}

/** The longest bar length among a config's series (warm-up must cover this many ms per bar of history). */
export function longestTimeframeMs(c: SeriesConfig): number {
  return Math.max(...declaredSeries(c).map((s) => timeframeMs(s.timeframe)));
}

/**
 * Checks the series block against the rest of the config: an alias must not repeat the primary series or
 * another alias, and every indicator's `series` (and a pair indicator's `input1Series`) must name a declared
 * alias (with a "did you mean").
 */
export function checkSeries(
  c: SeriesConfig & { readonly indicators: Readonly<Record<string, { readonly series?: string; readonly input1Series?: string }>> },
  addIssue: (path: PropertyKey[], message: string) => void,
): void {
  const aliases = Object.keys(c.series ?? {});
  const seen = new Map<string, string>([[`${c.symbol}|${c.timeframe}`, '']]);
  for (const s of declaredSeries(c).slice(1)) {
    if (!SERIES_ALIAS_PATTERN.test(s.alias!)) addIssue(['series', s.alias!], `series aliases are identifiers (letters, digits, _; at most 40), so close@${s.alias} reads as one name`);
    const key = `${s.symbol}|${s.timeframe}`;
    const other = seen.get(key);
    if (other === '') addIssue(['series', s.alias!], `${s.symbol} ${s.timeframe} is the strategy's own series; refer to it without an alias`);
    else if (other !== undefined) addIssue(['series', s.alias!], `${s.symbol} ${s.timeframe} is already declared as "${other}"`);
    else seen.set(key, s.alias!);
  }
  for (const [name, ind] of Object.entries(c.indicators)) {
    for (const key of ['series', 'input1Series'] as const) {
      const alias = ind[key];
      if (alias === undefined || aliases.includes(alias)) continue;
      addIssue(['indicators', name, key], unknownSeriesMessage(alias, aliases));
    }
  }
}

/** "unknown series "h44" (did you mean "h4"?); declared: h4, eth" */
export function unknownSeriesMessage(alias: string, aliases: readonly string[]): string {
  if (aliases.length === 0) return `unknown series "${alias}": declare it in "series" first, e.g. "series": {"${alias}": {"timeframe": "4h"}}`;
  const guess = closest(alias, aliases);
  return `unknown series "${alias}"${guess ? ` (did you mean "${guess}"?)` : ''}; declared: ${aliases.join(', ')}`;
}

/**
 * The alignment rule a config's informative series run under, in words, for the run's manifest; null for a
 * single-series config.
 */
export function seriesPolicy(c: SeriesConfig): string | null {
  const informative = declaredSeries(c).slice(1);
  if (informative.length === 0) return null;
  const list = informative.map((s) => `${s.alias} = ${s.symbol} ${s.timeframe}`).join(', ');
  const others = [...new Set(informative.filter((s) => s.symbol !== c.symbol).map((s) => s.symbol))];
  const trading = others.length === 0 ? '' : `; orders in ${others.join(', ')} fill on that symbol's finest declared series`;
  return `informative series ${list}: each read as its last bar closed at or before the ${c.timeframe} bar's close (all bars closing at one time are delivered before any strategy evaluates)${trading}`;
}
