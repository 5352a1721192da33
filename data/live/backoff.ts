import { mulberry32 } from '../synth.ts';

/**
 * Reconnect waits for the live feed: exponential (base × 2^attempt, capped at max) with "equal jitter" (half
 * the wait fixed, half spread), so series and processes that lost one connection do not redial in lockstep.
 * The jitter comes from a seeded generator (data/synth.ts), so a run's waits are reproducible.
 */
export class Backoff {
  private attempt = 0;
  private readonly random: () => number;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    seed: number,
  ) {
    this.random = mulberry32(seed);
  }

  /** The wait before the next dial; each call lengthens the one after it. */
  next(): number {
    const full = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return full / 2 + (full / 2) * this.random();
  }

  /** A message arrived: the connection works, the next loss starts again from the base wait. */
  reset(): void {
    this.attempt = 0;
  }
}
