/** Batch references for the overlap studies, following the loop structure of TA-Lib's ta_func/*.c. */
import type { Series } from './bars.ts';
import { align, taEMA, type Maybe, type TaOut } from './talib-style.ts';

/** ta_KAMA.c (current source: a run of n flat bars purges sumROC1 to exactly 0). */
export function batchKAMA(inReal: readonly number[], n: number): Maybe[] {
  const constMax = 2.0 / (30.0 + 1.0);
  const constDiff = 2.0 / (2.0 + 1.0) - constMax;
  const out: number[] = [];
  const startIdx = n;
  if (inReal.length <= startIdx) return align(inReal.length, { begIdx: startIdx, out });
  let sumROC1 = 0.0;
  let today = 0;
  let trailingIdx = 0;
  let nullRun = 0;
  for (let i = n; i-- > 0; ) {
    const d = inReal[today++] - inReal[today];
    sumROC1 += Math.abs(d);
    if (d === 0) nullRun++;
    else nullRun = 0;
  }
  if (nullRun >= n) sumROC1 = 0;
  let prevKAMA = inReal[today - 1];
  let tempReal = inReal[today];
  let tempReal2 = inReal[trailingIdx++];
  let periodROC = tempReal - tempReal2;
  let trailingValue = tempReal2;
  let er = sumROC1 <= 0.0 || sumROC1 <= periodROC ? 1.0 : Math.abs(periodROC / sumROC1);
  let sc = er * constDiff + constMax;
  sc *= sc;
  prevKAMA = (inReal[today++] - prevKAMA) * sc + prevKAMA;
  out.push(prevKAMA);
  while (today < inReal.length) {
    tempReal = inReal[today];
    tempReal2 = inReal[trailingIdx++];
    periodROC = tempReal - tempReal2;
    sumROC1 -= Math.abs(trailingValue - tempReal2);
    sumROC1 += Math.abs(tempReal - inReal[today - 1]);
    if (tempReal - inReal[today - 1] === 0.0) nullRun++;
    else nullRun = 0;
    if (nullRun >= n) {
      nullRun = n;
      sumROC1 = 0.0;
    }
    trailingValue = tempReal2;
    er = sumROC1 <= 0.0 || sumROC1 <= periodROC ? 1.0 : Math.abs(periodROC / sumROC1);
    sc = er * constDiff + constMax;
    sc *= sc;
    prevKAMA = (inReal[today++] - prevKAMA) * sc + prevKAMA;
    out.push(prevKAMA);
  }
  return align(inReal.length, { begIdx: startIdx, out });
}

/** KAMA from its definition, with each bar's sum of |one-bar changes| added up afresh (no running sum). */
export function exactKAMA(x: readonly number[], n: number): Maybe[] {
  const slowest = 2 / (30 + 1);
  const diff = 2 / (2 + 1) - slowest;
  const out: Maybe[] = x.map(() => null);
  let kama = x[n - 1];
  for (let i = n; i < x.length; i++) {
    let sum = 0;
    for (let j = i - n + 1; j <= i; j++) sum += Math.abs(x[j] - x[j - 1]);
    const roc = x[i] - x[i - n];
    const er = sum <= 0 || sum <= roc ? 1 : Math.abs(roc / sum);
    const sc = (er * diff + slowest) ** 2;
    kama = (x[i] - kama) * sc + kama;
    out[i] = kama;
  }
  return out;
}

/** ta_T3.c: e1..e6 initialised one after the other, each with the mean of its first n values. */
export function batchT3(inReal: readonly number[], n: number, vFactor: number): Maybe[] {
  const lookbackTotal = 6 * (n - 1);
  const out: number[] = [];
  if (inReal.length <= lookbackTotal) return align(inReal.length, { begIdx: lookbackTotal, out });
  const k = 2.0 / (n + 1.0);
  const oneMinusK = 1.0 - k;
  let today = 0;
  const e = [0, 0, 0, 0, 0, 0];
  let tempReal = inReal[today++];
  for (let i = n - 1; i > 0; i--) tempReal += inReal[today++];
  e[0] = tempReal / n;
  for (let level = 1; level < 6; level++) {
    tempReal = e[level - 1];
    for (let i = n - 1; i > 0; i--) {
      e[0] = k * inReal[today++] + oneMinusK * e[0];
      for (let j = 1; j < level; j++) e[j] = k * e[j - 1] + oneMinusK * e[j];
      tempReal += e[level - 1];
    }
    e[level] = tempReal / n;
  }
  const a = vFactor;
  const c1 = -(a * a * a);
  const c2 = 3.0 * (a * a - c1);
  const c3 = -6.0 * a * a - 3.0 * (a - c1);
  const c4 = 1.0 + 3.0 * a - c1 + 3.0 * a * a;
  out.push(c1 * e[5] + c2 * e[4] + c3 * e[3] + c4 * e[2]);
  while (today < inReal.length) {
    e[0] = k * inReal[today++] + oneMinusK * e[0];
    for (let j = 1; j < 6; j++) e[j] = k * e[j - 1] + oneMinusK * e[j];
    out.push(c1 * e[5] + c2 * e[4] + c3 * e[3] + c4 * e[2]);
  }
  return align(inReal.length, { begIdx: lookbackTotal, out });
}

/** ta_MIDPOINT.c: scan each window for its highest and lowest. */
export function batchMidpoint(inReal: readonly number[], n: number): Maybe[] {
  const out: number[] = [];
  for (let today = n - 1; today < inReal.length; today++) {
    let lowest = inReal[today - n + 1];
    let highest = lowest;
    for (let i = today - n + 2; i <= today; i++) {
      const tmp = inReal[i];
      if (tmp < lowest) lowest = tmp;
      else if (tmp > highest) highest = tmp;
    }
    out.push((highest + lowest) / 2.0);
  }
  return align(inReal.length, { begIdx: n - 1, out });
}

/** ta_MIDPRICE.c. */
export function batchMidprice(s: Series, n: number): Maybe[] {
  const out: number[] = [];
  for (let today = n - 1; today < s.high.length; today++) {
    let lowest = s.low[today - n + 1];
    let highest = s.high[today - n + 1];
    for (let i = today - n + 2; i <= today; i++) {
      if (s.low[i] < lowest) lowest = s.low[i];
      if (s.high[i] > highest) highest = s.high[i];
    }
    out.push((highest + lowest) / 2.0);
  }
  return align(s.high.length, { begIdx: n - 1, out });
}

/** ta_SAR.c, transcribed. */
export function batchSAR(s: Series, acceleration: number, maximum: number): Maybe[] {
  const inHigh = s.high;
  const inLow = s.low;
  const out: number[] = [];
  const endIdx = inHigh.length - 1;
  if (endIdx < 1) return align(inHigh.length, { begIdx: 1, out });
  let optInAcceleration = acceleration;
  let af = optInAcceleration;
  if (af > maximum) af = optInAcceleration = maximum;
  // TA_MINUS_DM(1) of bar 1.
  const diffP = inHigh[1] - inHigh[0];
  const diffM = inLow[0] - inLow[1];
  const minusDM = diffM > 0 && diffP < diffM ? diffM : 0;
  let isLong = minusDM > 0 ? 0 : 1;
  let todayIdx = 1;
  let newHigh = inHigh[0];
  let newLow = inLow[0];
  let ep: number;
  let sar: number;
  if (isLong === 1) {
    ep = inHigh[todayIdx];
    sar = newLow;
  } else {
    ep = inLow[todayIdx];
    sar = newHigh;
  }
  newLow = inLow[todayIdx];
  newHigh = inHigh[todayIdx];
  while (todayIdx <= endIdx) {
    const prevLow = newLow;
    const prevHigh = newHigh;
    newLow = inLow[todayIdx];
    newHigh = inHigh[todayIdx];
    todayIdx += 1;
    if (isLong === 1) {
      if (newLow <= sar) {
        isLong = 0;
        sar = ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
        out.push(sar);
        af = optInAcceleration;
        ep = newLow;
        sar = sar + af * (ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
      } else {
        out.push(sar);
        if (newHigh > ep) {
          ep = newHigh;
          af += optInAcceleration;
          if (af > maximum) af = maximum;
        }
        sar = sar + af * (ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > newLow) sar = newLow;
      }
    } else if (newHigh >= sar) {
      isLong = 1;
      sar = ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > newLow) sar = newLow;
      out.push(sar);
      af = optInAcceleration;
      ep = newHigh;
      sar = sar + af * (ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > newLow) sar = newLow;
    } else {
      out.push(sar);
      if (newLow < ep) {
        ep = newLow;
        af += optInAcceleration;
        if (af > maximum) af = maximum;
      }
      sar = sar + af * (ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < newHigh) sar = newHigh;
    }
  }
  return align(inHigh.length, { begIdx: 1, out });
}

export type { TaOut };
export { taEMA };
