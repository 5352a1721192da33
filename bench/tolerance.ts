/**
 * Gate tolerances, chosen from the observed noise of the quick suite on the 2-core development machine while
 * other engineers ran tests on it (see bench/README.md, "How the tolerance was chosen"). A gated figure fails
 * when it is worse than its baseline by more than this fraction, after both are divided by the calibration loop.
 */
export const DEFAULT_TOLERANCE = 0.3;

/** Figures noisier than the rest get their own tolerance (keys "<suite>/<figure name>"). */
export const TOLERANCES: Readonly<Record<string, number>> = {};
