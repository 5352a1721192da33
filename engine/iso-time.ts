/**
 * Formats epoch ms as ISO 8601 UTC without touching Date (the engine must not construct dates; this is a
 * pure function of its input). Howard Hinnant's civil-from-days algorithm.
 */
export function isoTime(time: number): string {
  const ms = Math.trunc(time); // as Date does: a fractional millisecond is dropped
  const days = Math.floor(ms / 86_400_000);
  let rem = ms - days * 86_400_000;
  const [y, m, d] = daysToCivil(days);
  const hh = Math.floor(rem / 3_600_000);
  rem -= hh * 3_600_000;
  const mm = Math.floor(rem / 60_000);
  rem -= mm * 60_000;
  const ss = Math.floor(rem / 1000);
  const msPart = rem - ss * 1000;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  // Years outside 0000..9999 take the expanded form with a sign and six digits, as Date#toISOString does.
  const year = y >= 0 && y <= 9999 ? p(y, 4) : `${y < 0 ? '-' : '+'}${p(Math.abs(y), 6)}`;
  return `${year}-${p(m)}-${p(d)}T${p(hh)}:${p(mm)}:${p(ss)}.${p(msPart, 3)}Z`;
}

/** The date of an epoch day (0 = 1970-01-01), `[year, month 1-12, day 1-31]`: Howard Hinnant's civil_from_days. */
export function daysToCivil(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}
