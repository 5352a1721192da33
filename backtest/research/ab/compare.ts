/**
 * One A/B comparison: a variant against the control on paired per-period returns, with a plain-language
 * verdict. Pure: the same returns, options and seed always give the same document.
 */
import { bootstrapSharpeDiff, type SharpeDiffInterval } from './bootstrap.ts';
import { pairedTTest, requiredPeriods, signTest, wilcoxonSignedRank, type SignTestResult, type TTestResult, type WilcoxonResult } from './paired-tests.ts';

export type VerdictCode = 'better' | 'worse' | 'no_difference' | 'not_enough_data';

export interface Verdict {
  code: VerdictCode;
  /** e.g. "B better with 95% confidence". */
  text: string;
  /** Why, with the numbers. */
  detail: string;
}

export interface Comparison {
  control: string;
  variant: string;
  periods: number;
  /** Family-wise level split over the comparisons (Bonferroni): the level each test uses. */
  alpha: number;
  confidence: number;
  tTest: TTestResult;
  signTest: SignTestResult;
  wilcoxon: WilcoxonResult;
  sharpe: SharpeDiffInterval;
  power: {
    /** Standardised effect: mean difference / sd of the differences. */
    effectSize: number | null;
    power: number;
    requiredPeriods: number | null;
    morePeriods: number | null;
  };
  totalReturn: { control: number; variant: number };
  verdict: Verdict;
}

export interface CompareOptions {
  /** Label of the control (e.g. "A") and of the variant ("B"). */
  control: string;
  variant: string;
  periodsPerYear: number;
  periodName: string;
  /** Level of each test (default 0.05). */
  alpha?: number;
  /** The family-wise confidence shown in the verdict (default 1 − alpha). */
  confidence?: number;
  power?: number;
  seed?: number;
  resamples?: number;
  blockLength?: number;
}

/** Fewer periods than this are never judged. */
export const MIN_PERIODS = 10;
/** An effect needing more than this many times the periods we have is "no difference", not "wait for more data". */
export const NEGLIGIBLE_FACTOR = 10;

const pct = (x: number, digits = 0) => `${(x * 100).toFixed(digits)}%`;
const fmt = (x: number | null, digits = 3) => (x === null ? 'n/a' : x.toFixed(digits));
/** `= 0.0123` or `< 0.0001`, to follow a `p`. */
const pFmt = (p: number | null) => (p === null ? '= n/a' : p < 0.0001 ? '< 0.0001' : `= ${p.toFixed(4)}`);

function compound(r: Float64Array): number {
  let e = 1;
  for (let i = 0; i < r.length; i++) e *= 1 + r[i];
  return e - 1;
}

/** Tests the variant's per-period returns against the control's (paired by period) and words the verdict. */
export function compareReturns(control: Float64Array, variant: Float64Array, opts: CompareOptions): Comparison {
  const n = control.length;
  const diffs = new Float64Array(n);
  for (let i = 0; i < n; i++) diffs[i] = variant[i] - control[i];
  const alpha = opts.alpha ?? 0.05;
  const confidence = opts.confidence ?? 1 - alpha;
  const power = opts.power ?? 0.8;
  const tTest = pairedTTest(diffs);
  const sign = signTest(diffs);
  const wilcoxon = wilcoxonSignedRank(diffs);
  const sharpe = bootstrapSharpeDiff(control, variant, { periodsPerYear: opts.periodsPerYear, seed: opts.seed, resamples: opts.resamples, blockLength: opts.blockLength, level: confidence });
  const d = tTest.meanDiff !== null && tTest.sdDiff !== null && tTest.sdDiff > 0 ? tTest.meanDiff / tTest.sdDiff : null;
  const required = d === null ? null : requiredPeriods(d, alpha, power);
  const more = required === null ? null : Math.max(0, required - n);
  const base = { control: opts.control, variant: opts.variant, periods: n, alpha, confidence, tTest, signTest: sign, wilcoxon, sharpe, totalReturn: { control: compound(control), variant: compound(variant) } };
  const powerDoc = { effectSize: d, power, requiredPeriods: required, morePeriods: more };
  return { ...base, power: powerDoc, verdict: verdictOf(base, powerDoc, opts.periodName) };
}

function verdictOf(c: Omit<Comparison, 'power' | 'verdict'>, power: Comparison['power'], period: string): Verdict {
  const { variant: B, control: A, periods: n, tTest: t } = c;
  const conf = pct(c.confidence, Math.abs(c.confidence * 100 - Math.round(c.confidence * 100)) < 1e-9 ? 0 : 1);
  const numbers =
    `${n} ${period} periods; mean difference ${fmt(t.meanDiff === null ? null : t.meanDiff * 100, 4)} percentage points per period (${B} − ${A}), ` +
    `paired t = ${fmt(t.t, 2)}, p ${pFmt(t.p)}; sign test ${c.signTest.positive}+/${c.signTest.negative}− (p ${pFmt(c.signTest.p)}); ` +
    `Sharpe ${fmt(c.sharpe.variant, 2)} vs ${fmt(c.sharpe.control, 2)}, difference ${fmt(c.sharpe.diff, 2)} ` +
    `(${pct(c.sharpe.level)} CI ${c.sharpe.low === null ? 'n/a' : `${fmt(c.sharpe.low, 2)} to ${fmt(c.sharpe.high, 2)}`}).`;
  if (t.sdDiff === 0 && t.meanDiff === 0) {
    return { code: 'no_difference', text: 'no significant difference', detail: `${B} and ${A} had identical returns in every one of the ${n} periods.` };
  }
  if (n < MIN_PERIODS || t.p === null) {
    const need = Math.max(MIN_PERIODS, power.requiredPeriods ?? MIN_PERIODS) - n;
    return { code: 'not_enough_data', text: `not enough data yet: need ~${need} more periods`, detail: `Only ${n} ${period} periods; at least ${MIN_PERIODS} are needed before any test. ${numbers}` };
  }
  if (t.p < c.alpha) {
    const better = t.meanDiff! > 0;
    return {
      code: better ? 'better' : 'worse',
      text: `${B} ${better ? 'better' : 'worse'} with ${conf} confidence`,
      detail: `${B} returned ${better ? 'more' : 'less'} than ${A} per period, more consistently than chance would explain (p ${pFmt(t.p)}, below the level ${fmt(c.alpha, 4)}). ${numbers}`,
    };
  }
  const required = power.requiredPeriods;
  if (required !== null && required > n && required <= NEGLIGIBLE_FACTOR * n) {
    return {
      code: 'not_enough_data',
      text: `not enough data yet: need ~${required - n} more periods`,
      detail: `The observed difference is not yet significant; at this effect size (d = ${fmt(power.effectSize, 3)}) a test with ${pct(power.power)} power needs ~${required} periods, ${required - n} more than we have. ${numbers}`,
    };
  }
  const why =
    required === null
      ? 'The mean difference is zero.'
      : required <= n
        ? `With ${n} periods the test had enough power for the observed effect (needs ~${required}), and still found none at this level.`
        : `The observed effect is tiny (d = ${fmt(power.effectSize, 4)}): confirming it would take ~${required} periods, over ${NEGLIGIBLE_FACTOR}× what we have.`;
  return { code: 'no_difference', text: 'no significant difference', detail: `${why} ${numbers}` };
}
