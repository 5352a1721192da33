/**
 * Timestamp parsing for imported files. Everything becomes epoch ms UTC; NaN means "unparseable" and the
 * row is quarantined, never guessed.
 */

/**
 * An epoch number in s, ms, µs or ns, told apart by magnitude (any date between 1973 and 5138 is
 * unambiguous): below 1e11 seconds, below 1e14 ms, below 1e17 µs, else ns.
 */
export function epochToMs(x: number): number {
  if (!Number.isFinite(x)) return Number.NaN;
  const a = Math.abs(x);
  if (a < 1e11) return Math.round(x * 1000);
  if (a < 1e14) return Math.round(x);
  if (a < 1e17) return Math.round(x / 1e3);
  return Math.round(x / 1e6);
}

const ISO =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const NUMBER = /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?$/;

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return Number.NaN;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC rolls Feb 30 over into March; refuse it instead.
  return new Date(t).getUTCDate() === d ? t : Number.NaN;
}

/**
 * Parses one timestamp field: ISO 8601 date or date-time (UTC unless it carries an offset; `T` or space;
 * `/` also accepted between date parts), compact `yyyymmdd`, or an epoch number (see epochToMs).
 */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  if (s.length === 0) return Number.NaN;
  const c = s.charCodeAt(0);
  if (s.length === 8 && COMPACT_DATE.test(s)) {
    const m = COMPACT_DATE.exec(s)!;
    const t = utc(+m[1], +m[2], +m[3], 0, 0, 0, 0);
    if (!Number.isNaN(t) && +m[1] >= 1900) return t;
  }
  if (s.length < 10 || (s.charCodeAt(4) !== 45 /* - */ && s.charCodeAt(4) !== 47) /* / */) {
    if ((c >= 48 && c <= 57) || c === 45 || c === 43) return NUMBER.test(s) ? epochToMs(Number(s)) : Number.NaN;
    return Number.NaN;
  }
  const m = ISO.exec(s);
  if (!m) return Number.NaN;
  const frac = m[7] ? Math.floor(Number(m[7].padEnd(3, '0').slice(0, 3))) : 0;
  let t = utc(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, frac);
  const zone = m[8];
  if (zone && /^[+-]/.test(zone)) {
    const digits = zone.slice(1).replace(':', '');
    const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
    t -= zone[0] === '+' ? offset : -offset;
  }
  return t;
}
