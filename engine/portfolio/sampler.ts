import { dayKey, hourKey, monthKeyOfDay, weekKeyOfDay, type PeriodUnit } from './periods.ts';

/** The strategies' equity at the end of each period: row k holds every strategy's last equity in period `keys[k]`. */
export interface EquityRows {
  unit: PeriodUnit;
  keys: number[];
  /** Time of the last sample in each period. */
  times: number[];
  equity: Float64Array[];
}

/** What analytics needs: the start, and the end of every hour (short runs only) and every day. */
export interface SampledEquity {
  ids: readonly string[];
  /** Each strategy's equity before the first bar (its capital). */
  initial: Float64Array;
  /** Portfolio cash no strategy holds; part of portfolio equity, never of a strategy's. */
  idle: number;
  days: EquityRows;
  /** Null when the run spans more hours than the sampler keeps. */
  hours: EquityRows | null;
}

/**
 * Samples the strategies' latest equity once per event time and keeps only the last sample of each hour and day,
 * so memory is O(strategies × days), never O(bars). Call `onTime` after every event at a time was processed.
 */
export class EquitySampler {
  private readonly initial: Float64Array;
  private readonly cur: Float64Array;
  private curTime = Number.NaN;
  private curDay = Number.NaN;
  private curHour = Number.NaN;
  private readonly days: EquityRows = { unit: 'day', keys: [], times: [], equity: [] };
  private hours: EquityRows | null = { unit: 'hour', keys: [], times: [], equity: [] };

  constructor(
    private readonly ids: readonly string[],
    initial: ArrayLike<number>,
    private readonly idle = 0,
    private readonly maxHours = 24 * 31,
  ) {
    this.initial = Float64Array.from(initial);
    this.cur = Float64Array.from(initial);
  }

  onTime(time: number, latest: ArrayLike<number>): void {
    if (this.curTime === this.curTime) {
      const h = hourKey(time);
      if (h !== this.curHour) this.pushHour();
      if (dayKey(time) !== this.curDay) push(this.days, this.curDay, this.curTime, this.cur);
    }
    this.cur.set(latest);
    this.curTime = time;
    this.curDay = dayKey(time);
    this.curHour = hourKey(time);
  }

  private pushHour(): void {
    if (this.hours === null) return;
    if (this.hours.keys.length >= this.maxHours) this.hours = null;
    else push(this.hours, this.curHour, this.curTime, this.cur);
  }

  /** The sampled rows, including the last (partial) period. */
  finish(): SampledEquity {
    const days: EquityRows = { ...this.days, keys: [...this.days.keys], times: [...this.days.times], equity: [...this.days.equity] };
    let hours = this.hours && { ...this.hours, keys: [...this.hours.keys], times: [...this.hours.times], equity: [...this.hours.equity] };
    if (this.curTime === this.curTime) {
      push(days, this.curDay, this.curTime, this.cur);
      if (hours !== null) {
        if (hours.keys.length >= this.maxHours) hours = null;
        else push(hours, this.curHour, this.curTime, this.cur);
      }
    }
    return { ids: this.ids, initial: this.initial.slice(), idle: this.idle, days, hours };
  }
}

function push(rows: EquityRows, key: number, time: number, equity: Float64Array): void {
  rows.keys.push(key);
  rows.times.push(time);
  rows.equity.push(equity.slice());
}

/** Day rows rolled up into weeks or months: the last day row of each. */
export function rollUp(days: EquityRows, unit: 'week' | 'month'): EquityRows {
  const keyOf = unit === 'week' ? weekKeyOfDay : monthKeyOfDay;
  const out: EquityRows = { unit, keys: [], times: [], equity: [] };
  for (let k = 0; k < days.keys.length; k++) {
    const key = keyOf(days.keys[k]);
    const last = out.keys.length - 1;
    if (last >= 0 && out.keys[last] === key) {
      out.times[last] = days.times[k];
      out.equity[last] = days.equity[k];
    } else {
      out.keys.push(key);
      out.times.push(days.times[k]);
      out.equity.push(days.equity[k]);
    }
  }
  return out;
}
