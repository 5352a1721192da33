import { timeframeMs } from '../timeframe.ts';
import type { Timeframe } from '../types.ts';
import { barsPerSession } from './bars.ts';
import { calendarFor, type Market } from './market.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** US exchanges trade about 252 sessions a year (252 on average, 248-254 a year, over 1995-2025 on the us_equity calendar). */
export const SESSIONS_PER_YEAR = 252;

/** How a strategy's figures are annualised: bars per year, and in words why. */
export interface Annualisation {
  readonly periodsPerYear: number;
  /** `market` (from the market and timeframe) or `config` (its `periodsPerYear`). */
  readonly source: 'market' | 'config';
  /** E.g. `us_equity 1h: 252 sessions × 6.5 bars`, `crypto 1d: 365 days`. */
  readonly basis: string;
}

/**
 * Bars per year of a strategy: its config's `periodsPerYear`, else from its market and timeframe:
 * - crypto (24/7): 365 days · 24 h / bar length (365 daily, 8,760 hourly bars);
 * - session markets: 252 sessions (scaled by trading weekdays / 5 for a custom week) for daily bars, 252 · the
 *   regular session's length / bar length for intraday bars (1h US equity: 252 · 6.5 = 1,638), 52 for weekly bars;
 *   multiples divide (2d: 126).
 */
export function annualisationOf(c: { readonly market?: Market; readonly timeframe: Timeframe; readonly periodsPerYear?: number }): Annualisation {
  if (c.periodsPerYear !== undefined) return { periodsPerYear: c.periodsPerYear, source: 'config', basis: `periodsPerYear ${c.periodsPerYear} from the config` };
  const cal = calendarFor(c.market);
  const step = timeframeMs(c.timeframe);
  const name = `${cal.name} ${c.timeframe}`;
  if (cal.alwaysOpen) {
    const ppy = (365 * DAY_MS) / step;
    return { periodsPerYear: ppy, source: 'market', basis: `${name}: 365 days of 24 h (${round(ppy)} bars a year)` };
  }
  const sessions = (SESSIONS_PER_YEAR * cal.weekdaysPerWeek) / 5;
  if (step < DAY_MS) {
    const perSession = barsPerSession(cal, c.timeframe);
    return { periodsPerYear: sessions * perSession, source: 'market', basis: `${name}: ${round(sessions)} sessions × ${round(perSession)} bars (${round(sessions * perSession)} a year)` };
  }
  if (step % WEEK_MS === 0) return { periodsPerYear: (52 * WEEK_MS) / step, source: 'market', basis: `${name}: 52 weeks a year` };
  const ppy = (sessions * DAY_MS) / step;
  return { periodsPerYear: ppy, source: 'market', basis: `${name}: ${round(ppy)} sessions a year` };
}

function round(x: number): string {
  return String(Math.round(x * 100) / 100);
}
