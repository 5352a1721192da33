/**
 * Batch references for the directional movement family, transcribed from ta_PLUS_DI.c, ta_MINUS_DI.c,
 * ta_DX.c, ta_ADX.c and ta_ADXR.c (unstable period 0), with TA_IS_ZERO replaced by an exact zero test.
 */
import type { Series } from './bars.ts';
import { align, type Maybe } from './talib-style.ts';

interface DMState {
  prevHigh: number;
  prevLow: number;
  prevClose: number;
  prevPlusDM: number;
  prevMinusDM: number;
  prevTR: number;
}

function trueRange(prevHigh: number, prevLow: number, prevClose: number): number {
  let range = prevHigh - prevLow;
  let tmp = Math.abs(prevHigh - prevClose);
  if (tmp > range) range = tmp;
  tmp = Math.abs(prevLow - prevClose);
  if (tmp > range) range = tmp;
  return range;
}

/** One bar of the loops: `smooth` false while summing the first n-1 bars. */
function advance(st: DMState, s: Series, today: number, n: number, smooth: boolean): void {
  let tempReal = s.high[today];
  const diffP = tempReal - st.prevHigh;
  st.prevHigh = tempReal;
  tempReal = s.low[today];
  const diffM = st.prevLow - tempReal;
  st.prevLow = tempReal;
  if (smooth) {
    st.prevMinusDM -= st.prevMinusDM / n;
    st.prevPlusDM -= st.prevPlusDM / n;
  }
  if (diffM > 0 && diffP < diffM) st.prevMinusDM += diffM;
  else if (diffP > 0 && diffP > diffM) st.prevPlusDM += diffP;
  const tr = trueRange(st.prevHigh, st.prevLow, st.prevClose);
  st.prevTR = smooth ? st.prevTR - st.prevTR / n + tr : st.prevTR + tr;
  st.prevClose = s.close[today];
}

/** Runs the shared priming; calls `each(state, today)` for every bar from n on. */
function run(s: Series, n: number, each: (st: DMState, today: number) => void): void {
  if (s.close.length <= n) return;
  const st: DMState = { prevHigh: s.high[0], prevLow: s.low[0], prevClose: s.close[0], prevPlusDM: 0, prevMinusDM: 0, prevTR: 0 };
  let today = 0;
  for (let i = n - 1; i-- > 0; ) advance(st, s, ++today, n, false);
  while (today < s.close.length - 1) {
    advance(st, s, ++today, n, true);
    each(st, today);
  }
}

export function batchDI(s: Series, n: number, side: 'plus' | 'minus'): Maybe[] {
  const out: number[] = [];
  run(s, n, (st) => out.push(st.prevTR !== 0 ? 100.0 * ((side === 'plus' ? st.prevPlusDM : st.prevMinusDM) / st.prevTR) : 0.0));
  return align(s.close.length, { begIdx: n, out });
}

/** ta_DX.c: the first DX is 0 when undefined, later ones repeat the previous value. */
export function batchDX(s: Series, n: number): Maybe[] {
  const out: number[] = [];
  run(s, n, (st) => {
    let v = out.length > 0 ? out[out.length - 1] : 0.0;
    if (st.prevTR !== 0) {
      const minusDI = 100.0 * (st.prevMinusDM / st.prevTR);
      const plusDI = 100.0 * (st.prevPlusDM / st.prevTR);
      const tempReal = minusDI + plusDI;
      if (tempReal !== 0) v = 100.0 * (Math.abs(minusDI - plusDI) / tempReal);
    }
    out.push(v);
  });
  return align(s.close.length, { begIdx: n, out });
}

/** ta_ADX.c: sum of the first n DX / n, then Wilder smoothing, skipping bars without a DX. */
export function batchADX(s: Series, n: number): Maybe[] {
  const out: number[] = [];
  let sumDX = 0;
  let prevADX = 0;
  let count = 0;
  run(s, n, (st) => {
    let dx = Number.NaN;
    if (st.prevTR !== 0) {
      const minusDI = 100.0 * (st.prevMinusDM / st.prevTR);
      const plusDI = 100.0 * (st.prevPlusDM / st.prevTR);
      const tempReal = minusDI + plusDI;
      if (tempReal !== 0) dx = 100.0 * (Math.abs(minusDI - plusDI) / tempReal);
    }
    count++;
    if (count < n) {
      if (!Number.isNaN(dx)) sumDX += dx;
    } else if (count === n) {
      if (!Number.isNaN(dx)) sumDX += dx;
      prevADX = sumDX / n;
      out.push(prevADX);
    } else {
      if (!Number.isNaN(dx)) prevADX = (prevADX * (n - 1) + dx) / n;
      out.push(prevADX);
    }
  });
  return align(s.close.length, { begIdx: 2 * n - 1, out });
}

/** ta_ADXR.c: (adx[i] + adx[i - (n - 1)]) / 2 over the ADX output. */
export function batchADXR(s: Series, n: number): Maybe[] {
  const adx = batchADX(s, n).filter((v): v is number => v !== null);
  const out: number[] = [];
  for (let i = n - 1, j = 0; i < adx.length; i++, j++) out.push((adx[i] + adx[j]) / 2.0);
  return align(s.close.length, { begIdx: 3 * n - 2, out });
}
