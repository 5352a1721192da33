import { daysToCivil } from '../iso-time.ts';

/**
 * Wall-clock arithmetic in an IANA time zone (`America/New_York`) from the platform's time-zone database
 * (Intl), with no Date objects: UTC offsets are cached per UTC hour, so a series of millions of bars asks
 * Intl about once per hour it spans. Days are epoch days of the local calendar (0 = 1970-01-01).
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export class TimeZone {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly name: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new Error(`unknown time zone "${name}" (expected an IANA name such as America/New_York, Europe/London, Asia/Tokyo or UTC)`);
    }
  }

  /** Local time minus UTC at instant `t`, in ms (New York in winter: −5 h). */
  offsetAt(t: number): number {
    const hour = Math.floor(t / HOUR_MS);
    let off = this.offsets.get(hour);
    if (off === undefined) {
      off = this.computeOffset(hour * HOUR_MS);
      this.offsets.set(hour, off);
    }
    return off;
  }

  /** The local epoch day of instant `t`. */
  dayOf(t: number): number {
    return Math.floor((t + this.offsetAt(t)) / DAY_MS);
  }

  /** The instant at which local day `day` shows `minutes` past midnight (the earlier one when a clock change repeats it). */
  instantOf(day: number, minutes: number): number {
    const local = day * DAY_MS + minutes * 60_000;
    // Two fixed-point steps settle on the offset in force at the answer (one step can land across a change).
    return local - this.offsetAt(local - this.offsetAt(local));
  }

  private computeOffset(t: number): number {
    const p: Record<string, number> = {};
    for (const part of this.format.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const asUtc = civilToDays(p.year, p.month, p.day) * DAY_MS + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000;
    return asUtc - (t - (((t % 1000) + 1000) % 1000));
  }
}

export { daysToCivil };

/** Epoch day of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function civilToDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Day of the week of an epoch day, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** `YYYY-MM-DD` of an epoch day. */
export function isoDay(days: number): string {
  const [y, m, d] = daysToCivil(days);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The epoch day of `YYYY-MM-DD`, or null when the text is not a valid date. */
export function parseIsoDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const days = civilToDays(Number(m[1]), Number(m[2]), Number(m[3]));
  return isoDay(days) === text ? days : null;
}
