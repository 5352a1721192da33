/** Batch references for the volume and volatility functions, following TA-Lib's ta_func/*.c loops. */
import type { Series } from './bars.ts';
import { align, type Maybe } from './talib-style.ts';

/** ta_OBV.c: prevOBV starts at the first volume. */
export function batchOBV(s: Series, inReal: readonly number[]): Maybe[] {
  const out: number[] = [];
  let prevOBV = s.volume[0];
  let prevReal = inReal[0];
  for (let i = 0; i < inReal.length; i++) {
    const tempReal = inReal[i];
    if (tempReal > prevReal) prevOBV += s.volume[i];
    else if (tempReal < prevReal) prevOBV -= s.volume[i];
    out.push(prevOBV);
    prevReal = tempReal;
  }
  return out;
}

function adStep(s: Series, i: number, ad: number): number {
  const high = s.high[i];
  const low = s.low[i];
  const tmp = high - low;
  const close = s.close[i];
  return tmp > 0.0 ? ad + ((close - low - (high - close)) / tmp) * s.volume[i] : ad;
}

/** ta_AD.c. */
export function batchAD(s: Series): Maybe[] {
  let ad = 0;
  return s.close.map((_, i) => (ad = adStep(s, i, ad)));
}

/** ta_ADOSC.c: both EMAs seeded with the first A/D value, k*ad + (1-k)*ema. */
export function batchADOSC(s: Series, fastPeriod: number, slowPeriod: number): Maybe[] {
  const slowestPeriod = Math.max(fastPeriod, slowPeriod);
  const lookbackTotal = slowestPeriod - 1;
  const out: number[] = [];
  if (s.close.length <= lookbackTotal) return align(s.close.length, { begIdx: lookbackTotal, out });
  const fastk = 2.0 / (fastPeriod + 1);
  const oneMinusFastk = 1.0 - fastk;
  const slowk = 2.0 / (slowPeriod + 1);
  const oneMinusSlowk = 1.0 - slowk;
  let today = 0;
  let ad = adStep(s, today++, 0.0);
  let fastEMA = ad;
  let slowEMA = ad;
  while (today < lookbackTotal) {
    ad = adStep(s, today++, ad);
    fastEMA = fastk * ad + oneMinusFastk * fastEMA;
    slowEMA = slowk * ad + oneMinusSlowk * slowEMA;
  }
  if (lookbackTotal === 0) out.push(fastEMA - slowEMA);
  while (today < s.close.length) {
    ad = adStep(s, today++, ad);
    fastEMA = fastk * ad + oneMinusFastk * fastEMA;
    slowEMA = slowk * ad + oneMinusSlowk * slowEMA;
    out.push(fastEMA - slowEMA);
  }
  return align(s.close.length, { begIdx: lookbackTotal, out });
}

/** ta_TRANGE.c. */
export function batchTRANGE(s: Series): Maybe[] {
  return s.close.map((_, today) => {
    if (today === 0) return null;
    const tempLT = s.low[today];
    const tempHT = s.high[today];
    const tempCY = s.close[today - 1];
    let greatest = tempHT - tempLT;
    const val2 = Math.abs(tempCY - tempHT);
    if (val2 > greatest) greatest = val2;
    const val3 = Math.abs(tempCY - tempLT);
    if (val3 > greatest) greatest = val3;
    return greatest;
  });
}

/** ta_NATR.c: ta_ATR.c's SMA-seeded Wilder ATR of TRANGE, divided by close, times 100. */
export function batchNATR(s: Series, n: number): Maybe[] {
  const tr = batchTRANGE(s);
  const out: number[] = [];
  let prevATR = 0;
  for (let today = 1; today < s.close.length; today++) {
    if (today < n) {
      prevATR += tr[today] as number;
      continue;
    }
    if (today === n) prevATR = (prevATR + (tr[today] as number)) / n;
    else prevATR = (prevATR * (n - 1) + (tr[today] as number)) / n;
    const c = s.close[today];
    out.push(c !== 0 ? (prevATR / c) * 100.0 : 0.0);
  }
  return align(s.close.length, { begIdx: n, out });
}
