/**
 * The M4 rule over arrays in memory: `buckets` equal time buckets from the first time to the last, and in
 * each the first row, the last row, and the rows holding the lowest and highest value of each column. A line
 * drawn through them at `buckets` pixels wide matches the full line, and every extreme survives. Bucket k
 * of 2b buckets lies inside bucket floor(k / 2) of b, so selecting again at half the buckets keeps the same
 * rows as selecting once from all of them.
 */
export function m4Indices(t: ArrayLike<number>, columns: readonly ArrayLike<number>[], buckets: number): number[] {
  const n = t.length;
  const b = Math.max(1, Math.floor(buckets));
  if (n === 0) return [];
  const t0 = t[0];
  const span = Math.max(t[n - 1] - t0, 1);
  const bucketOf = (i: number) => Math.min(Math.floor(((t[i] - t0) * b) / span), b - 1);
  const out: number[] = [];
  const lo = new Array<number>(columns.length);
  const hi = new Array<number>(columns.length);
  let i = 0;
  while (i < n) {
    const bucket = bucketOf(i);
    const first = i;
    lo.fill(i);
    hi.fill(i);
    for (i++; i < n && bucketOf(i) === bucket; i++) {
      for (let c = 0; c < columns.length; c++) {
        const v = columns[c][i];
        if (v < columns[c][lo[c]]) lo[c] = i;
        if (v > columns[c][hi[c]]) hi[c] = i;
      }
    }
    for (const k of [...new Set([first, ...lo, ...hi, i - 1])].sort((x, y) => x - y)) out.push(k);
  }
  return out;
}
