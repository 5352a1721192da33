/**
 * Seeded randomness for the samplers. Every batch of trials draws from its own stream, derived from the run's
 * seed and a label (sampler name, batch number), so a resumed or replayed run regenerates the same proposals
 * without storing generator state, and no proposal depends on how many numbers an earlier batch consumed.
 */
import { mulberry32, normalSource } from '../../../data/synth.ts';

/** A uniform [0, 1) source with helpers. */
export interface Rng {
  uniform(): number;
  /** Standard normal variate. */
  normal(): number;
  /** Whole number in [0, n). */
  int(n: number): number;
}

/** FNV-1a over the label's UTF-16 code units, mixed with the seed. */
function mix(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // One round of murmur's finaliser so nearby labels give unrelated streams.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The stream for `label` under `seed`: same seed and label, same numbers, on every platform. */
export function rngFor(seed: number, label: string): Rng {
  const uniform = mulberry32(mix(seed, label));
  const normal = normalSource(uniform);
  return { uniform, normal, int: (n) => Math.min(n - 1, Math.floor(uniform() * n)) };
}
