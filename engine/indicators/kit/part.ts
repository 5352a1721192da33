/**
 * Undoable state for streaming indicators. Every piece of an indicator's state is a `Part`: the indicator
 * saves all of them before an update and restores them before a replace, so `replace(x)` recomputes the last
 * step from exactly the state before it. Each part keeps a one-step undo of O(1) size, so both are O(1).
 */
export interface Part {
  /** Remember the current state (called once before every update). */
  save(): void;
  /** Go back to the remembered state (called before a replace). */
  restore(): void;
  /** Back to the constructed state. */
  reset(): void;
}

/** One undoable number (a previous close, a running total, a trend flag). */
export class Cell implements Part {
  v: number;
  private u: number;
  constructor(private readonly initial = NaN) {
    this.v = initial;
    this.u = initial;
  }
  save(): void {
    this.u = this.v;
  }
  restore(): void {
    this.v = this.u;
  }
  reset(): void {
    this.v = this.u = this.initial;
  }
}
