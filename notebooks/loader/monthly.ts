/** One calendar month (UTC) of one curve: the return from the previous month's last value (or the start) to this month's last. */
export interface MonthlyReturn {
  strategy_id: string;
  /** `YYYY-MM`. */
  month: string;
  year: number;
  /** 1..12 */
  m: number;
  return: number;
}

/**
 * Monthly returns of an equity curve, from its full resolution (never from a downsampled copy). `start` is the
 * equity before the first point (the capital); months without a point are skipped. Points are stamped at bar close
 * times, so each is dated by the instant before it: the close at 00:00 on the 1st ends the month before (as the
 * report's monthly returns and the attribution periods date it).
 */
export function monthlyReturns(id: string, time: ArrayLike<number>, equity: ArrayLike<number>, start: number): MonthlyReturn[] {
  const out: MonthlyReturn[] = [];
  let prev = start;
  for (let i = 0; i < time.length; i++) {
    const d = new Date(time[i] - 1);
    const year = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const next = i + 1 < time.length ? new Date(time[i + 1] - 1) : null;
    if (next && next.getUTCFullYear() === year && next.getUTCMonth() + 1 === m) continue;
    const r = prev > 0 ? equity[i] / prev - 1 : Number.NaN;
    out.push({ strategy_id: id, month: `${year}-${String(m).padStart(2, '0')}`, year, m, return: Number.isFinite(r) ? r : 0 });
    prev = equity[i];
  }
  return out;
}
