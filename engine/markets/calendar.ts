import { nyseEarlyClose, nyseHoliday } from './nyse.ts';
import { daysToCivil, TimeZone, weekday } from './zone.ts';

const DAY_MS = 86_400_000;

/** One trading session as instants (UTC ms): trading from `open` (inclusive) to `close` (exclusive). */
export interface Session {
  readonly open: number;
  readonly close: number;
}

/** A calendar's rules in local time: minutes after midnight, weekdays 0 = Sunday … 6 = Saturday. */
export interface CalendarRules {
  readonly name: string;
  readonly timeZone: string;
  /** Regular sessions of a trading day, in order, each within the day (open < close ≤ 24:00). */
  readonly sessions: readonly { readonly open: number; readonly close: number }[];
  readonly weekdays: readonly number[];
  isHoliday(day: number, year: number): boolean;
  /** The minute the day's trading ends early, or null on a regular day. */
  earlyClose(day: number, year: number): number | null;
}

/**
 * When a market trades. `alwaysOpen` calendars (crypto) trade every instant and bucket in UTC; the others trade in
 * sessions on trading days of their time zone. Days are local epoch days (zone.ts).
 */
export class Calendar {
  readonly name: string;
  readonly alwaysOpen: boolean;
  readonly zone: TimeZone;
  private readonly rules: CalendarRules | null;
  private readonly days = new Map<number, readonly Session[]>();

  constructor(rules: CalendarRules | null) {
    this.rules = rules;
    this.alwaysOpen = rules === null;
    this.name = rules?.name ?? 'crypto';
    this.zone = new TimeZone(rules?.timeZone ?? 'UTC');
  }

  /** Length of a regular trading day's sessions in ms (24 h for an always-open market). */
  get regularSessionMs(): number {
    if (!this.rules) return DAY_MS;
    return this.rules.sessions.reduce((n, s) => n + (s.close - s.open) * 60_000, 0);
  }

  /** Trading days per week of the calendar's rules (7 for an always-open market). */
  get weekdaysPerWeek(): number {
    return this.rules ? this.rules.weekdays.length : 7;
  }

  /** The local epoch day of an instant. */
  dayOf(t: number): number {
    return this.zone.dayOf(t);
  }

  /** True when the market trades on this local day. */
  isTradingDay(day: number): boolean {
    return this.sessionsOn(day).length > 0;
  }

  /** The sessions of a local day, as instants; empty on weekends and holidays. */
  sessionsOn(day: number): readonly Session[] {
    let out = this.days.get(day);
    if (out) return out;
    out = this.computeSessions(day);
    this.days.set(day, out);
    return out;
  }

  /** The session trading at instant `t` (open ≤ t < close), or null. */
  sessionAt(t: number): Session | null {
    for (const s of this.sessionsOn(this.dayOf(t))) if (s.open <= t && t < s.close) return s;
    return null;
  }

  /** The first session that has not ended by `t` (the one trading at `t`, else the next to open). */
  nextSession(t: number): Session {
    const start = this.dayOf(t);
    for (let day = start; day < start + 3660; day++) for (const s of this.sessionsOn(day)) if (t < s.close) return s;
    throw new Error(`calendar ${this.name}: no session within ten years after ${t}`);
  }

  /**
   * When a "day" order placed at `t` expires: the end of the session trading at `t`, or of the next session when
   * the market is closed at `t`. An always-open market's day is the UTC day.
   */
  sessionEnd(t: number): number {
    return this.nextSession(t).close;
  }

  private computeSessions(day: number): readonly Session[] {
    const r = this.rules;
    if (!r) return [{ open: day * DAY_MS, close: (day + 1) * DAY_MS }];
    const year = daysToCivil(day)[0];
    if (!r.weekdays.includes(weekday(day)) || r.isHoliday(day, year)) return [];
    const early = r.earlyClose(day, year);
    const out: Session[] = [];
    for (const s of r.sessions) {
      const close = early === null ? s.close : Math.min(s.close, early);
      if (close > s.open) out.push({ open: this.zone.instantOf(day, s.open), close: this.zone.instantOf(day, close) });
    }
    return out;
  }
}

/** NYSE/Nasdaq regular trading hours: 09:30-16:00 New York time, Monday to Friday, NYSE holidays and early closes. */
export const US_EQUITY_RULES: CalendarRules = {
  name: 'us_equity',
  timeZone: 'America/New_York',
  sessions: [{ open: 9 * 60 + 30, close: 16 * 60 }],
  weekdays: [1, 2, 3, 4, 5],
  isHoliday: nyseHoliday,
  earlyClose: (day, year) => (nyseEarlyClose(day, year) ? 13 * 60 : null),
};
