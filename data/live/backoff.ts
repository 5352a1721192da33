/**
 * Reconnect waits for the live feed: exponential (base × 2^attempt, capped at max) with "equal jitter" (half
 * the wait fixed, half spread), so series and processes that lost one connection do not redial in lockstep.
 * The jitter comes from a seeded generator, so a run's waits are reproducible.
 */
export class Backoff {
  private attempt = 0;
  private state: number;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    seed: number,
  ) {
    this.state = seed >>> 0 || 1;
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

  /** mulberry32: a small, fast 32-bit generator, plenty for spreading waits. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
