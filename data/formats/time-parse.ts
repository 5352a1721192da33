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
/** Day-first with dots, as Dukascopy exports: `31.01.2024 13:45:00.000`. */
const DOTTED = /^(\d{2})\.(\d{2})\.(\d{4})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;
const NUMBER = /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return Number.NaN;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  // Date.UTC would roll Feb 30 over into March; refuse it instead.
  if (d > MONTH_DAYS[mo - 1] + (leap ? 1 : 0)) return Number.NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

const d2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
const isDigit = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * The common shapes `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` and `YYYY-MM-DDTHH:MM:SS(.fff)Z` without the regex
 * (a third of a CSV import's time went to it); NaN when the text has another shape.
 */
function fastIso(s: string): number {
  const n = s.length;
  if (n !== 10 && n !== 19 && n !== 20 && n !== 24) return Number.NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Number.NaN;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) if (!isDigit(s, i)) return Number.NaN;
  const y = d2(s, 0) * 100 + d2(s, 2);
  if (n === 10) return utc(y, d2(s, 5), d2(s, 8), 0, 0, 0, 0);
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return Number.NaN;
  for (const i of [11, 12, 14, 15, 17, 18]) if (!isDigit(s, i)) return Number.NaN;
  let ms = 0;
  if (n === 20 && s.charCodeAt(19) !== 90) return Number.NaN;
  if (n === 24) {
    if (s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90 || !isDigit(s, 20) || !isDigit(s, 21) || !isDigit(s, 22)) return Number.NaN;
    ms = d2(s, 20) * 10 + (s.charCodeAt(22) - 48);
  }
  return utc(y, d2(s, 5), d2(s, 8), d2(s, 11), d2(s, 14), d2(s, 17), ms);
}

/**
 * Parses one timestamp field: ISO 8601 date or date-time (UTC unless it carries an offset; `T` or space;
 * `/` also accepted between date parts), compact `yyyymmdd`, day-first dotted `dd.mm.yyyy[ hh:mm:ss.fff]`
 * (UTC), or an epoch number (see epochToMs). Slashed day/month orders (`01/02/2024`) are ambiguous: refused.
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
  if (s.charCodeAt(2) === 46 /* . */) {
    const m = DOTTED.exec(s);
    if (!m) return Number.NaN;
    return utc(+m[3], +m[2], +m[1], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, m[7] ? Number(m[7].padEnd(3, '0')) : 0);
  }
  if (s.length < 10 || (s.charCodeAt(4) !== 45 /* - */ && s.charCodeAt(4) !== 47) /* / */) {
    if ((c >= 48 && c <= 57) || c === 45 || c === 43) return NUMBER.test(s) ? epochToMs(Number(s)) : Number.NaN;
    return Number.NaN;
  }
  const fast = fastIso(s);
  if (!Number.isNaN(fast)) return fast;
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
