/** True range (ta_TRANGE.c): the largest of high - low, |high - prevClose|, |low - prevClose|, in TA-Lib's order. */
export function trueRange(high: number, low: number, prevClose: number): number {
  let tr = high - low;
  const up = Math.abs(high - prevClose);
  if (up > tr) tr = up;
  const down = Math.abs(low - prevClose);
  if (down > tr) tr = down;
  return tr;
}
