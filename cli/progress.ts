/**
 * A one-line progress bar on stderr, drawn only on a TTY (quiet in pipes, CI and tests): done/total,
 * rate and ETA. Redraws at most 10 times a second.
 */
export class ProgressBar {
  private readonly enabled: boolean;
  private readonly started = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly unit: string,
    private total: number | null = null,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = stream.isTTY === true && process.env.CI !== 'true';
    this.stream = stream;
  }

  private readonly stream: NodeJS.WriteStream;

  setTotal(total: number | null): void {
    this.total = total;
  }

  update(done: number, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const secs = Math.max((now - this.started) / 1000, 1e-3);
    const rate = done / secs;
    let line = `${this.label} ${formatCount(done)}`;
    if (this.total !== null && this.total > 0) {
      const frac = Math.min(1, done / this.total);
      const width = 24;
      const filled = Math.round(frac * width);
      const eta = rate > 0 ? (this.total - done) / rate : Infinity;
      line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${formatCount(done)}/${formatCount(this.total)} ${this.unit}, ${formatCount(rate)}/s, ETA ${formatSeconds(eta)}`;
    } else line += ` ${this.unit}, ${formatCount(rate)}/s`;
    this.stream.write(`\r${line.padEnd(100)}`);
  }

  done(finalCount?: number): void {
    if (!this.enabled) return;
    if (finalCount !== undefined) this.update(finalCount, true);
    this.stream.write('\n');
  }
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}
