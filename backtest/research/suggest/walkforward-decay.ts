/** In-sample vs out-of-sample decay of a walk-forward run (pure). */

export interface WindowScores {
  index: number;
  /** The chosen combination's training (in-sample) score, and its test (out-of-sample) score on the same metric. */
  inSample: number | null;
  outOfSample: number | null;
  combination: number | null;
}

export interface Decay {
  windows: number;
  /** Windows with both scores. */
  scored: number;
  meanInSample: number | null;
  meanOutOfSample: number | null;
  /** meanOutOfSample / meanInSample (walk-forward efficiency); null unless the in-sample mean is positive. */
  efficiency: number | null;
  /** Windows where the test score fell short of half the training score (for higher-is-better metrics). */
  degraded: number;
  /** Windows whose test score is below zero. */
  negative: number;
  /** Distinct combinations chosen, and the most frequent one. */
  distinctChoices: number;
  mostFrequent: { combination: number; windows: number } | null;
}

export function walkForwardDecay(windows: readonly WindowScores[], higherIsBetter = true): Decay {
  const both = windows.filter((w) => w.inSample !== null && w.outOfSample !== null && Number.isFinite(w.inSample) && Number.isFinite(w.outOfSample));
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  const mi = mean(both.map((w) => w.inSample!));
  const mo = mean(both.map((w) => w.outOfSample!));
  const counts = new Map<number, number>();
  for (const w of windows) if (w.combination !== null) counts.set(w.combination, (counts.get(w.combination) ?? 0) + 1);
  let top: Decay['mostFrequent'] = null;
  for (const [combination, n] of counts) if (!top || n > top.windows || (n === top.windows && combination < top.combination)) top = { combination, windows: n };
  return {
    windows: windows.length,
    scored: both.length,
    meanInSample: mi,
    meanOutOfSample: mo,
    efficiency: mi !== null && mo !== null && mi > 0 && higherIsBetter ? mo / mi : null,
    degraded: both.filter((w) => (higherIsBetter ? w.outOfSample! < w.inSample! / 2 : w.outOfSample! > w.inSample! * 2)).length,
    negative: both.filter((w) => w.outOfSample! < 0).length,
    distinctChoices: counts.size,
    mostFrequent: top,
  };
}
