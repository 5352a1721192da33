/** Batch references for the momentum indicators, following the loop structure of TA-Lib's ta_func/*.c. */
import type { Series } from './bars.ts';
import { align, rows, taMA, type Maybe, type TaOut } from './talib-style.ts';

/** ta_STOCHF.c's fast %K loop: rescan for the extremes when they leave the window; flat range (diff within `zero`) gives 0. */
function fastK(high: readonly number[], low: readonly number[], close: readonly number[], n: number, zero: number): TaOut {
  const out: number[] = [];
  let lowestIdx = -1;
  let highestIdx = -1;
  let lowest = 0;
  let highest = 0;
  for (let today = n - 1, trailingIdx = 0; today < close.length; today++, trailingIdx++) {
    let tmp = low[today];
    if (lowestIdx < trailingIdx) {
      lowestIdx = trailingIdx;
      lowest = low[lowestIdx];
      for (let i = lowestIdx + 1; i <= today; i++) {
        tmp = low[i];
        if (tmp < lowest) {
          lowestIdx = i;
          lowest = tmp;
        }
      }
    } else if (tmp <= lowest) {
      lowestIdx = today;
      lowest = tmp;
    }
    tmp = high[today];
    if (highestIdx < trailingIdx) {
      highestIdx = trailingIdx;
      highest = high[highestIdx];
      for (let i = highestIdx + 1; i <= today; i++) {
        tmp = high[i];
        if (tmp > highest) {
          highestIdx = i;
          highest = tmp;
        }
      }
    } else if (tmp >= highest) {
      highestIdx = today;
      highest = tmp;
    }
    const diff = (highest - lowest) / 100.0;
    const flat = zero > 0 ? diff > -zero && diff < zero : diff === 0;
    out.push(flat ? 0 : (close[today] - lowest) / diff);
  }
  return { begIdx: n - 1, out };
}

/** ta_STOCH.c: fast %K, then slow %K = MA(%K), slow %D = MA(slow %K). */
export function batchStoch(s: Series, c: { fastKPeriod: number; slowKPeriod: number; slowKMAType: string; slowDPeriod: number; slowDMAType: string }) {
  const k = fastK(s.high, s.low, s.close, c.fastKPeriod, 0);
  const sk = taMA(k.out, c.slowKPeriod, c.slowKMAType);
  const sd = taMA(sk.out, c.slowDPeriod, c.slowDMAType);
  const begIdx = k.begIdx + sk.begIdx + sd.begIdx;
  return rows(s.close.length, begIdx, { slowk: sk.out.slice(sd.begIdx), slowd: sd.out });
}

/** ta_STOCHF.c. */
export function batchStochF(s: Series, c: { fastKPeriod: number; fastDPeriod: number; fastDMAType: string }, zero = 0) {
  const k = fastK(s.high, s.low, s.close, c.fastKPeriod, zero);
  const d = taMA(k.out, c.fastDPeriod, c.fastDMAType);
  return rows(s.close.length, k.begIdx + d.begIdx, { fastk: k.out.slice(d.begIdx), fastd: d.out });
}

/** ta_RSI.c (default compatibility) with TA-Lib's 0 for a window without movement. */
export function taRSI(inReal: readonly number[], n: number): TaOut {
  const out: number[] = [];
  if (inReal.length <= n) return { begIdx: n, out };
  let today = 0;
  let prevValue = inReal[today];
  let prevGain = 0;
  let prevLoss = 0;
  today++;
  for (let i = n; i > 0; i--) {
    const tempValue1 = inReal[today++];
    const tempValue2 = tempValue1 - prevValue;
    prevValue = tempValue1;
    if (tempValue2 < 0) prevLoss -= tempValue2;
    else prevGain += tempValue2;
  }
  prevLoss /= n;
  prevGain /= n;
  const emit = () => {
    const t = prevGain + prevLoss;
    out.push(t !== 0 ? 100.0 * (prevGain / t) : 0.0);
  };
  emit();
  while (today < inReal.length) {
    const tempValue1 = inReal[today++];
    const tempValue2 = tempValue1 - prevValue;
    prevValue = tempValue1;
    prevLoss *= n - 1;
    prevGain *= n - 1;
    if (tempValue2 < 0) prevLoss -= tempValue2;
    else prevGain += tempValue2;
    prevLoss /= n;
    prevGain /= n;
    emit();
  }
  return { begIdx: n, out };
}

/** ta_STOCHRSI.c: STOCHF on the RSI series (TA_IS_ZERO guard on the %K range, RSI being on 0..100). */
export function batchStochRSI(s: Series, c: { timePeriod: number; fastKPeriod: number; fastDPeriod: number; fastDMAType: string }) {
  const r = taRSI(s.close, c.timePeriod);
  const inner = batchStochF({ ...s, high: r.out, low: r.out, close: r.out }, c, 1e-8);
  return [...new Array<null>(Math.min(r.begIdx, s.close.length)).fill(null), ...inner].slice(0, s.close.length);
}

/** ta_CMO.c (default compatibility): ta_RSI.c's Wilder-smoothed gains/losses, 100*(g-l)/(g+l), 0 without movement. */
export function batchCMO(inReal: readonly number[], n: number): Maybe[] {
  const out: number[] = [];
  if (inReal.length <= n) return align(inReal.length, { begIdx: n, out });
  let today = 0;
  let prevValue = inReal[today++];
  let prevGain = 0;
  let prevLoss = 0;
  for (let i = n; i > 0; i--) {
    const tempValue1 = inReal[today++];
    const tempValue2 = tempValue1 - prevValue;
    prevValue = tempValue1;
    if (tempValue2 < 0) prevLoss -= tempValue2;
    else prevGain += tempValue2;
  }
  prevLoss /= n;
  prevGain /= n;
  for (;;) {
    const t = prevGain + prevLoss;
    out.push(t !== 0 ? 100.0 * ((prevGain - prevLoss) / t) : 0.0);
    if (today >= inReal.length) break;
    const tempValue1 = inReal[today++];
    const tempValue2 = tempValue1 - prevValue;
    prevValue = tempValue1;
    prevLoss *= n - 1;
    prevGain *= n - 1;
    if (tempValue2 < 0) prevLoss -= tempValue2;
    else prevGain += tempValue2;
    prevLoss /= n;
    prevGain /= n;
  }
  return align(inReal.length, { begIdx: n, out });
}

/** ta_WILLR.c: (highest - close) / ((highest - lowest) / -100), 0 on a flat range. */
export function batchWILLR(s: Series, n: number): Maybe[] {
  const out: number[] = [];
  for (let today = n - 1; today < s.close.length; today++) {
    let highest = -Infinity;
    let lowest = Infinity;
    for (let i = today - n + 1; i <= today; i++) {
      if (s.high[i] > highest) highest = s.high[i];
      if (s.low[i] < lowest) lowest = s.low[i];
    }
    const diff = (highest - lowest) / -100.0;
    out.push(diff !== 0 ? (highest - s.close[today]) / diff : 0);
  }
  return align(s.close.length, { begIdx: n - 1, out });
}

/** ta_CCI.c: circular buffer of typical prices, average and mean deviation recomputed per bar. */
export function batchCCI(s: Series, n: number): Maybe[] {
  const out: number[] = [];
  const tp = s.close.map((c, i) => (s.high[i] + s.low[i] + c) / 3);
  for (let today = n - 1; today < tp.length; today++) {
    let theAverage = 0;
    for (let j = today - n + 1; j <= today; j++) theAverage += tp[j];
    theAverage /= n;
    let tempReal2 = 0;
    for (let j = today - n + 1; j <= today; j++) tempReal2 += Math.abs(tp[j] - theAverage);
    const tempReal = tp[today] - theAverage;
    out.push(tempReal !== 0 && tempReal2 !== 0 ? tempReal / (0.015 * (tempReal2 / n)) : 0);
  }
  return align(tp.length, { begIdx: n - 1, out });
}

/** ta_MFI.c's money flow circular buffer; only an exactly-zero flow total gives 0 (TA-Lib: total < 1.0). */
export function batchMFI(s: Series, n: number): Maybe[] {
  const out: number[] = [];
  const len = s.close.length;
  if (len <= n) return align(len, { begIdx: n, out });
  const pos: number[] = [];
  const neg: number[] = [];
  let prevValue = (s.high[0] + s.low[0] + s.close[0]) / 3.0;
  for (let today = 1; today < len; today++) {
    let tempValue1 = (s.high[today] + s.low[today] + s.close[today]) / 3.0;
    const tempValue2 = tempValue1 - prevValue;
    prevValue = tempValue1;
    tempValue1 *= s.volume[today];
    pos.push(tempValue2 > 0 ? tempValue1 : 0);
    neg.push(tempValue2 < 0 ? tempValue1 : 0);
    if (pos.length >= n) {
      let posSumMF = 0;
      let negSumMF = 0;
      for (let j = pos.length - n; j < pos.length; j++) {
        posSumMF += pos[j];
        negSumMF += neg[j];
      }
      const total = posSumMF + negSumMF;
      out.push(total > 0 ? 100.0 * (posSumMF / total) : 0.0);
    }
  }
  return align(len, { begIdx: n, out });
}

/** ta_AROON.c over n + 1 bars; ties go to the latest bar. Returns [aroondown, aroonup] per bar. */
export function batchAroon(s: Series, n: number) {
  const down: number[] = [];
  const up: number[] = [];
  const factor = 100.0 / n;
  for (let today = n; today < s.close.length; today++) {
    let lowestIdx = today - n;
    let highestIdx = today - n;
    for (let i = today - n; i <= today; i++) {
      if (s.low[i] <= s.low[lowestIdx]) lowestIdx = i;
      if (s.high[i] >= s.high[highestIdx]) highestIdx = i;
    }
    down.push(factor * (n - (today - lowestIdx)));
    up.push(factor * (n - (today - highestIdx)));
  }
  return rows(s.close.length, n, { aroondown: down, aroonup: up });
}

/** ta_AROONOSC.c: factor * (highestIdx - lowestIdx). */
export function batchAroonOsc(s: Series, n: number): Maybe[] {
  return batchAroon(s, n).map((r) => (r === null ? null : r.aroonup - r.aroondown));
}

/** ta_MOM.c / ta_ROC.c / ta_ROCP.c: compare with the input n bars back. */
export function batchLag(inReal: readonly number[], n: number, kind: 'mom' | 'roc' | 'rocp'): Maybe[] {
  const out: number[] = [];
  for (let inIdx = n, trailingIdx = 0; inIdx < inReal.length; inIdx++, trailingIdx++) {
    const tempReal = inReal[trailingIdx];
    if (kind === 'mom') out.push(inReal[inIdx] - tempReal);
    else if (kind === 'roc') out.push(tempReal !== 0.0 ? (inReal[inIdx] / tempReal - 1.0) * 100.0 : 0.0);
    else out.push(tempReal !== 0.0 ? (inReal[inIdx] - tempReal) / tempReal : 0.0);
  }
  return align(inReal.length, { begIdx: n, out });
}

/** TA_INT_PO (ta_APO.c, ta_PPO.c): both MAs called with startIdx = the slow lookback. */
export function batchPO(inReal: readonly number[], c: { fastPeriod: number; slowPeriod: number; maType: string }, percent: boolean): Maybe[] {
  const slow = taMA(inReal, c.slowPeriod, c.maType);
  const startIdx = slow.begIdx;
  const fastLb = taMA([], c.fastPeriod, c.maType).begIdx;
  // TA_MA(startIdx, ...) for the fast one begins its computation at startIdx - its own lookback.
  const fast = taMA(inReal.slice(startIdx - fastLb), c.fastPeriod, c.maType);
  const out = slow.out.map((sv, k) => {
    const fv = fast.out[k];
    if (!percent) return fv - sv;
    return sv !== 0 ? ((fv - sv) / sv) * 100.0 : 0.0;
  });
  return align(inReal.length, { begIdx: startIdx, out });
}

/** ta_TRIX.c: ROC(1) of EMA(EMA(EMA)). */
export function batchTRIX(inReal: readonly number[], n: number): Maybe[] {
  const e1 = taMA(inReal, n, 'ema');
  const e2 = taMA(e1.out, n, 'ema');
  const e3 = taMA(e2.out, n, 'ema');
  const out: number[] = [];
  for (let i = 1; i < e3.out.length; i++) out.push(e3.out[i - 1] !== 0 ? (e3.out[i] / e3.out[i - 1] - 1.0) * 100.0 : 0);
  return align(inReal.length, { begIdx: 3 * (n - 1) + 1, out });
}

/** ta_ULTOSC.c: periods sorted, window sums of buying pressure and true range, weights 4, 2, 1. */
export function batchULTOSC(s: Series, c: { timePeriod1: number; timePeriod2: number; timePeriod3: number }): Maybe[] {
  const periods = [c.timePeriod1, c.timePeriod2, c.timePeriod3].sort((a, b) => a - b);
  const startIdx = periods[2];
  const bp: number[] = [NaN];
  const tr: number[] = [NaN];
  for (let day = 1; day < s.close.length; day++) {
    const tempLT = s.low[day];
    const tempHT = s.high[day];
    const tempCY = s.close[day - 1];
    const trueLow = Math.min(tempLT, tempCY);
    bp.push(s.close[day] - trueLow);
    let trueRange = tempHT - tempLT;
    let tempDouble = Math.abs(tempCY - tempHT);
    if (tempDouble > trueRange) trueRange = tempDouble;
    tempDouble = Math.abs(tempCY - tempLT);
    if (tempDouble > trueRange) trueRange = tempDouble;
    tr.push(trueRange);
  }
  const out: number[] = [];
  for (let today = startIdx; today < s.close.length; today++) {
    let output = 0;
    [4, 2, 1].forEach((w, k) => {
      let a = 0;
      let b = 0;
      for (let j = today - periods[k] + 1; j <= today; j++) {
        a += bp[j];
        b += tr[j];
      }
      if (b !== 0) output += w * (a / b);
    });
    out.push(100.0 * (output / 7.0));
  }
  return align(s.close.length, { begIdx: startIdx, out });
}

/** ta_BOP.c. */
export function batchBOP(s: Series): Maybe[] {
  return s.close.map((c, i) => {
    const tempReal = s.high[i] - s.low[i];
    return tempReal > 0 ? (c - s.open[i]) / tempReal : 0.0;
  });
}
