/**
 * The contract every indicator's test runs (one suite shared by every implementation): warm-up, streaming = batch, replace semantics,
 * reset, result-object reuse, and fast-check properties on random price series.
 * Usage: `testIndicatorContract('SMA(5)', () => new SMAIndicator({ period: 5 }), series, { batch, perturb, arbitrary })`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../engine/indicators/indicator.ts';

export interface ContractOptions<In, Out> {
  /** Independent, straightforward batch computation: one output (or null) per input. */
  batch: (inputs: readonly In[]) => readonly (Out | null)[];
  /** A different input than `input`, used to exercise `replace`. */
  perturb: (input: In) => In;
  /** Random input series for the property tests. */
  arbitrary: fc.Arbitrary<In[]>;
  /** Extra invariant of one ready output; `inputs` are those consumed so far (last = the current one). */
  invariant?: (output: Out, inputs: readonly In[]) => void;
  /** Relative tolerance of streaming vs batch, scaled by max(1, |expected|, largest input). Default 1e-9. */
  tolerance?: number;
  /** fast-check runs per property (default 100). */
  numRuns?: number;
}

/** An output flattened to numbers (copied, since multi-output indicators reuse their result object). */
export type Flat = number[] | null;

export function flatten(out: unknown): Flat {
  if (out === null) return null;
  if (typeof out === 'number') return [out];
  return Object.values(out as Record<string, number>);
}

/** Feeds `inputs` one by one through `update`, returning every output flattened. */
export function runStream<In, Out>(indicator: Indicator<In, Out>, inputs: readonly In[]): Flat[] {
  return inputs.map((x) => flatten(indicator.update(x)));
}

/** Largest absolute number found in the inputs (numbers or objects of numbers): the price scale. */
function scaleOf(inputs: readonly unknown[]): number {
  let m = 1;
  for (const x of inputs) {
    const values = typeof x === 'number' ? [x] : Object.values(x as Record<string, unknown>);
    for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  }
  return m;
}

function expectClose(actual: Flat[], expected: Flat[], scale: number, rel: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a === null || e === null) {
      expect(a, `output ${i}: null in one series only`).toBe(e);
      continue;
    }
    expect(a.length).toBe(e.length);
    for (let j = 0; j < a.length; j++) {
      const tol: number = rel * Math.max(1, Math.abs(e[j]), scale);
      if (!(Math.abs(a[j] - e[j]) <= tol)) {
        expect.fail(`output ${i}[${j}]: streaming ${a[j]} vs batch ${e[j]} (tolerance ${tol})`);
      }
    }
  }
}

/** Registers the shared contract tests for one indicator configuration. */
export function testIndicatorContract<In, Out>(
  name: string,
  factory: () => Indicator<In, Out>,
  inputs: readonly In[],
  options: ContractOptions<In, Out>,
): void {
  const rel = options.tolerance ?? 1e-9;
  const numRuns = options.numRuns ?? 100;
  const batchFlat = (xs: readonly In[]): Flat[] => options.batch(xs).map(flatten);

  describe(`${name} contract`, () => {
    it('inputs are long enough to test anything', () => {
      expect(inputs.length, 'the series must reach past the warm-up').toBeGreaterThan(factory().warmup + 2);
    });

    it('warm-up gives null exactly warmup-1 times, then non-null; isReady and value agree', () => {
      const ind = factory();
      expect(ind.isReady).toBe(false);
      expect(ind.value).toBeNull();
      for (let i = 0; i < inputs.length; i++) {
        const out = ind.update(inputs[i]);
        const ready = i >= ind.warmup - 1;
        expect(out === null, `output ${i} (warmup ${ind.warmup})`).toBe(!ready);
        expect(ind.isReady, `isReady after input ${i}`).toBe(ready);
        expect(flatten(ind.value), 'value is the last output').toEqual(flatten(out));
      }
    });

    it('streaming equals the batch recomputation', () => {
      expectClose(runStream(factory(), inputs), batchFlat(inputs), scaleOf(inputs), rel);
    });

    it('update(x); replace(x) changes neither outputs nor state', () => {
      const ind = factory();
      const expected = runStream(factory(), inputs);
      inputs.forEach((x, i) => {
        const first = flatten(ind.update(x));
        const again = flatten(ind.replace(x));
        expect(again, `replace with the same input at ${i}`).toEqual(first);
        expect(again).toEqual(expected[i]);
      });
    });

    it('replace(y) after update(x) equals a fresh run whose last input is y, however many replaces', () => {
      const ind = factory();
      const expected = runStream(factory(), inputs);
      inputs.forEach((x, i) => {
        ind.update(options.perturb(x));
        ind.replace(options.perturb(options.perturb(x)));
        expect(flatten(ind.replace(x)), `input ${i}`).toEqual(expected[i]);
      });
      // And with the perturbed series as the truth: the last replace wins.
      const other = inputs.map(options.perturb);
      const expectedOther = runStream(factory(), other);
      const ind2 = factory();
      inputs.forEach((x, i) => {
        ind2.update(x);
        expect(flatten(ind2.replace(other[i])), `input ${i}`).toEqual(expectedOther[i]);
      });
    });

    it('replace before any update behaves as update', () => {
      const ind = factory();
      const expected = runStream(factory(), inputs);
      expect(flatten(ind.replace(inputs[0]))).toEqual(expected[0]);
      expect(runStream(ind, inputs.slice(1))).toEqual(expected.slice(1));
    });

    it('reset() gives the same results as a new instance', () => {
      const ind = factory();
      runStream(ind, inputs.slice(0, Math.ceil(inputs.length / 2)));
      ind.replace(options.perturb(inputs[0]));
      ind.reset();
      expect(ind.isReady).toBe(false);
      expect(ind.value).toBeNull();
      expect(runStream(ind, inputs)).toEqual(runStream(factory(), inputs));
      ind.reset();
      expect(flatten(ind.replace(inputs[0])), 'replace right after reset behaves as update').toEqual(flatten(factory().update(inputs[0])));
    });

    it('a multi-output indicator returns one reused result object', () => {
      const ind = factory();
      const objects = new Set<unknown>();
      for (const x of inputs) {
        const out = ind.update(x);
        if (out !== null && typeof out === 'object') objects.add(out);
      }
      expect(objects.size, 'at most one result object per instance').toBeLessThanOrEqual(1);
    });

    it('property: on random series, streaming equals batch, no NaN once ready, invariants hold', () => {
      fc.assert(
        fc.property(options.arbitrary, (series) => {
          const ind = factory();
          const outs: Flat[] = [];
          for (let i = 0; i < series.length; i++) {
            const out = ind.update(series[i]);
            const flat = flatten(out);
            outs.push(flat);
            if (i >= ind.warmup - 1) {
              expect(flat, `ready output ${i}`).not.toBeNull();
              for (const v of flat as number[]) expect(Number.isNaN(v), `NaN at output ${i}`).toBe(false);
              options.invariant?.(out as Out, series.slice(0, i + 1));
            } else {
              expect(flat).toBeNull();
            }
          }
          expectClose(outs, batchFlat(series), scaleOf(series), rel);
        }),
        { numRuns },
      );
    });

    it('property: random replaces equal a fresh run on the final inputs', () => {
      fc.assert(
        fc.property(options.arbitrary, fc.array(fc.boolean(), { maxLength: 300 }), (series, flips) => {
          const ind = factory();
          const outs: Flat[] = series.map((x, i) => {
            if (!flips[i]) return flatten(ind.update(x));
            ind.update(options.perturb(x));
            return flatten(ind.replace(x));
          });
          expect(outs, 'the last replace wins, exactly').toEqual(runStream(factory(), series));
        }),
        { numRuns },
      );
    });
  });
}
