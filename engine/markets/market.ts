import * as z from 'zod';
import { Calendar, US_EQUITY_RULES, type CalendarRules } from './calendar.ts';
import { parseIsoDay, TimeZone } from './zone.ts';

const HHMM = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'a time of day as HH:MM (24-hour, local to the market)')
  .transform((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3)));
const ISO_DAY = z.string().refine((s) => parseIsoDay(s) !== null, 'a date as YYYY-MM-DD');

/** A market of its own: time zone, regular sessions, weekdays and holidays (all local to the market). */
export const CustomMarketSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/).optional(),
    timeZone: z.string().refine((tz) => tryZone(tz), 'an IANA time zone such as America/New_York, Europe/London, Asia/Tokyo'),
    sessions: z
      .array(z.strictObject({ open: HHMM, close: HHMM }))
      .min(1)
      .max(8),
    /** Trading weekdays, 0 = Sunday … 6 = Saturday. Default Monday to Friday. */
    weekdays: z.array(z.number().int().min(0).max(6)).min(1).max(7).default([1, 2, 3, 4, 5]),
    holidays: z.array(ISO_DAY).max(10_000).default([]),
    /** Days that end early: date -> HH:MM. */
    earlyCloses: z.record(ISO_DAY, HHMM).default({}),
  })
  .superRefine((m, ctx) => {
    m.sessions.forEach((s, i) => {
      if (!(s.open < s.close)) ctx.addIssue({ code: 'custom', path: ['sessions', i], message: 'a session opens before it closes, within one day (overnight sessions are not supported)' });
      if (i > 0 && s.open < m.sessions[i - 1].close) ctx.addIssue({ code: 'custom', path: ['sessions', i], message: 'sessions are in order and do not overlap' });
    });
  });

/** A strategy's or a series' market: `crypto` (24/7, UTC; the default), `us_equity` (NYSE hours and holidays) or a custom spec. */
export const MarketSchema = z.union([z.enum(['crypto', 'us_equity']), CustomMarketSchema]);
export type Market = z.infer<typeof MarketSchema>;
export type MarketInput = z.input<typeof MarketSchema>;

function tryZone(tz: string): boolean {
  try {
    new TimeZone(tz);
    return true;
  } catch {
    return false;
  }
}

const builtins = new Map<string, Calendar>([
  ['crypto', new Calendar(null)],
  ['us_equity', new Calendar(US_EQUITY_RULES)],
]);
const custom = new Map<string, Calendar>();

/** The calendar of a (parsed) market; undefined means crypto. Equal specs share one calendar and its caches. */
export function calendarFor(market: Market | undefined): Calendar {
  if (market === undefined) return builtins.get('crypto')!;
  if (typeof market === 'string') return builtins.get(market)!;
  const key = JSON.stringify(market);
  let cal = custom.get(key);
  if (!cal) {
    const holidays = new Set(market.holidays.map((d) => parseIsoDay(d)!));
    const early = new Map(Object.entries(market.earlyCloses).map(([d, m]) => [parseIsoDay(d)!, m]));
    const rules: CalendarRules = {
      name: market.name ?? `custom(${market.timeZone})`,
      timeZone: market.timeZone,
      sessions: market.sessions,
      weekdays: market.weekdays,
      isHoliday: (day) => holidays.has(day),
      earlyClose: (day) => early.get(day) ?? null,
    };
    cal = new Calendar(rules);
    custom.set(key, cal);
  }
  return cal;
}

/** The market's display name: `crypto`, `us_equity`, or a custom one's name. */
export function marketName(market: Market | undefined): string {
  return calendarFor(market).name;
}
