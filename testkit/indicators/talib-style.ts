/**
 * Helpers for the batch references: TA-Lib functions return (begIdx, out[]) for a whole array; `align` turns
 * that into one entry per input (null before begIdx), the shape the tests compare.
 */
export type Maybe = number | null;

export interface TaOut {
  begIdx: number;
  out: number[];
}

export function align(length: number, r: TaOut): Maybe[] {
  const res: Maybe[] = new Array<Maybe>(length).fill(null);
  r.out.forEach((v, k) => (res[r.begIdx + k] = v));
  return res;
}

/** Per-input rows of several aligned outputs (all with the same begIdx). */
export function rows(length: number, begIdx: number, outs: Record<string, number[]>): (Record<string, number> | null)[] {
  const keys = Object.keys(outs);
  return Array.from({ length }, (_, i) => (i < begIdx || i - begIdx >= outs[keys[0]].length ? null : Object.fromEntries(keys.map((k) => [k, outs[k][i - begIdx]]))));
}

/** TA_INT_SMA over the whole input: running periodTotal, as ta_SMA.c. */
export function taSMA(inReal: readonly number[], n: number): TaOut {
  const lookback = n - 1;
  const out: number[] = [];
  if (inReal.length <= lookback) return { begIdx: lookback, out };
  let periodTotal = 0;
  let trailingIdx = 0;
  let i = 0;
  while (i < lookback) periodTotal += inReal[i++];
  while (i < inReal.length) {
    periodTotal += inReal[i++];
    const tempReal = periodTotal;
    periodTotal -= inReal[trailingIdx++];
    out.push(tempReal / n);
  }
  return { begIdx: lookback, out };
}

/** TA_INT_EMA, default compatibility (seed = mean of the first n inputs), as ta_EMA.c. */
export function taEMA(inReal: readonly number[], n: number, k = 2 / (n + 1)): TaOut {
  const lookback = n - 1;
  const out: number[] = [];
  if (inReal.length <= lookback) return { begIdx: lookback, out };
  let today = 0;
  let tempReal = 0;
  for (let i = n; i-- > 0; ) tempReal += inReal[today++];
  let prevMA = tempReal / n;
  out.push(prevMA);
  while (today < inReal.length) {
    prevMA = (inReal[today++] - prevMA) * k + prevMA;
    out.push(prevMA);
  }
  return { begIdx: lookback, out };
}

/** TA_WMA as ta_WMA.c: periodSum / periodSub bookkeeping. */
export function taWMA(inReal: readonly number[], n: number): TaOut {
  const lookback = n - 1;
  const out: number[] = [];
  if (inReal.length <= lookback) return { begIdx: lookback, out };
  const divider = (n * (n + 1)) / 2;
  let periodSum = 0;
  let periodSub = 0;
  let inIdx = 0;
  let trailingIdx = 0;
  let i = 1;
  while (inIdx < lookback) {
    const tempReal = inReal[inIdx++];
    periodSub += tempReal;
    periodSum += tempReal * i;
    i++;
  }
  let trailingValue = 0;
  while (inIdx < inReal.length) {
    const tempReal = inReal[inIdx++];
    periodSub += tempReal;
    periodSub -= trailingValue;
    periodSum += tempReal * n;
    trailingValue = inReal[trailingIdx++];
    out.push(periodSum / divider);
    periodSum -= periodSub;
  }
  return { begIdx: lookback, out };
}

/** TRIMA from its definition (triangular weights 1, 2, ..., peak, ..., 2, 1 over n inputs, ta_TRIMA.c's comment). */
export function taTRIMA(inReal: readonly number[], n: number): TaOut {
  const weights: number[] = [];
  for (let i = 0; i < n; i++) weights.push(Math.min(i + 1, n - i, n % 2 === 1 ? (n + 1) / 2 : n / 2));
  const total = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  for (let t = n - 1; t < inReal.length; t++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += weights[i] * inReal[t - n + 1 + i];
    out.push(s / total);
  }
  return { begIdx: n - 1, out };
}

/** TA_MA for the MA types the registry accepts (a period of 1 copies the input, as TA_MA does). */
export function taMA(inReal: readonly number[], n: number, type: string): TaOut {
  if (n === 1) return { begIdx: 0, out: [...inReal] };
  switch (type) {
    case 'sma':
      return taSMA(inReal, n);
    case 'ema':
      return taEMA(inReal, n);
    case 'wma':
      return taWMA(inReal, n);
    case 'trima':
      return taTRIMA(inReal, n);
    case 'dema':
      return taDEMA(inReal, n);
    case 'tema':
      return taTEMA(inReal, n);
    default:
      throw new Error(`no reference for MA type ${type}`);
  }
}

/** ta_DEMA.c: EMA, EMA of it, 2*e1 - e2 aligned on the second's begIdx. */
export function taDEMA(inReal: readonly number[], n: number): TaOut {
  const e1 = taEMA(inReal, n);
  const e2 = taEMA(e1.out, n);
  const lb = 2 * (n - 1);
  return { begIdx: lb, out: e2.out.map((v, k) => 2 * e1.out[k + (n - 1)] - v) };
}

/** ta_TEMA.c: 3*e1 - 3*e2 + e3 aligned on the third's begIdx. */
export function taTEMA(inReal: readonly number[], n: number): TaOut {
  const e1 = taEMA(inReal, n);
  const e2 = taEMA(e1.out, n);
  const e3 = taEMA(e2.out, n);
  const lb = 3 * (n - 1);
  return { begIdx: lb, out: e3.out.map((v, k) => 3 * e1.out[k + 2 * (n - 1)] - 3 * e2.out[k + (n - 1)] + v) };
}
