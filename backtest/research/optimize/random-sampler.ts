/**
 * Random search: independent uniform coordinates, or a Halton low-discrepancy sequence (the radical inverse of
 * the trial number in the first primes, one per dimension) that covers the space more evenly for few trials.
 * The Halton points are shifted by a random offset per dimension (a Cranley-Patterson rotation) drawn from the
 * seed, so different seeds give different point sets with the same evenness.
 */
import { rngFor } from './prng.ts';
import { uniformPoint, type AskContext, type Sampler } from './sampler.ts';

export type RandomSequence = 'uniform' | 'halton';

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131];

/** Radical inverse of `index` in `base`: the digits mirrored about the point (index 1 in base 2 is 0.5). */
export function radicalInverse(index: number, base: number): number {
  let f = 1;
  let r = 0;
  for (let i = index; i > 0; i = Math.floor(i / base)) {
    f /= base;
    r += f * (i % base);
  }
  return r;
}

/** The Halton point of `index` (1-based: index 0 would be the origin in every dimension). */
export function haltonPoint(index: number, dims: number): number[] {
  if (dims > PRIMES.length) throw new Error(`the Halton sequence here supports up to ${PRIMES.length} parameters`);
  return Array.from({ length: dims }, (_, k) => radicalInverse(index, PRIMES[k]));
}

export function randomSampler(sequence: RandomSequence = 'uniform'): Sampler {
  return {
    name: sequence === 'halton' ? 'random (halton)' : 'random',
    ask(n: number, ctx: AskContext): number[][] {
      if (sequence === 'uniform' || ctx.attempt > 0) return Array.from({ length: n }, () => uniformPoint(ctx.dims.length, ctx.rng));
      const shiftRng = rngFor(ctx.seed, 'halton-shift');
      const shift = ctx.dims.map(() => shiftRng.uniform());
      return Array.from({ length: n }, (_, i) => haltonPoint(ctx.firstTrial + i + 1, ctx.dims.length).map((x, k) => (x + shift[k]) % 1));
    },
  };
}
