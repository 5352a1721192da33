/** How the dashboard shows numbers and times; every formatter shows "–" for a missing or non-finite value. */

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A fraction as a percentage (0.1234 → "12.34%"). */
export function fmtPct(v: unknown, digits = 2): string {
  return finite(v) ? `${(v * 100).toFixed(digits)}%` : '–';
}

export function fmtNum(v: unknown, digits = 2): string {
  return finite(v) ? v.toFixed(digits) : '–';
}

export function fmtMoney(v: unknown): string {
  return finite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '–';
}

export function fmtQty(v: unknown): string {
  if (!finite(v)) return '–';
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(4);
}

export function fmtPrice(v: unknown): string {
  if (!finite(v)) return '–';
  return Math.abs(v) >= 100 ? v.toFixed(2) : Math.abs(v) >= 1 ? v.toFixed(4) : v.toPrecision(5);
}

/** Epoch ms or an ISO string as "YYYY-MM-DD HH:MM" UTC. */
export function fmtTime(t: number | string | null | undefined): string {
  return typeof t === 'number' ? new Date(t).toISOString().replace('T', ' ').slice(0, 16) : (t ?? '').replace('T', ' ').slice(0, 16);
}

/** Epoch ms as "YYYY-MM-DD HH:MM:SS" UTC. */
export function fmtSeconds(t: unknown): string {
  return typeof t === 'number' ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) : '–';
}

/** A processing time: "0.42 ms", "12 ms", "1.5 s". */
export function fmtMs(v: unknown): string {
  if (!finite(v)) return '–';
  return v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(v < 10 ? 2 : 0)} ms`;
}

/** A duration: "42 s", "3.5 min", "2.0 h". */
export function fmtDuration(v: unknown): string {
  if (!finite(v)) return '–';
  return v >= 3_600_000 ? `${(v / 3_600_000).toFixed(1)} h` : v >= 60_000 ? `${(v / 60_000).toFixed(1)} min` : `${(v / 1000).toFixed(0)} s`;
}

/** `pos` / `neg` class for a signed value. */
export function signClass(v: unknown): string {
  return typeof v === 'number' && v > 0 ? 'pos' : typeof v === 'number' && v < 0 ? 'neg' : '';
}
