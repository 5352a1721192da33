/** Portfolio drawdown over settled event times: the peak so far, the current and the deepest drawdown. */
export class DrawdownTracker {
  private peak = 0;
  drawdown = 0;
  max = 0;

  /** The first settled equity: the peak starts there. */
  start(equity: number): void {
    this.peak = equity;
  }

  /** One more settled equity; returns the drawdown from the peak (0 with no positive peak). */
  update(equity: number): number {
    if (equity > this.peak) this.peak = equity;
    this.drawdown = this.peak > 0 ? (this.peak - equity) / this.peak : 0;
    if (this.drawdown > this.max) this.max = this.drawdown;
    return this.drawdown;
  }
}
