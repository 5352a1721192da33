import type { Candle } from '../../types.ts';
import type { CandleIndicator, PriceSource } from '../indicator.ts';
import { sourcePicker, type SourcePicker } from '../source.ts';
import { Cell, type Part } from './part.ts';

/** The candle fields bar indicators read (a Candle satisfies it). */
export type Bar = Pick<Candle, 'open' | 'high' | 'low' | 'close' | 'volume'>;

/**
 * Base of the registry's indicators: subclasses keep all state in `Part`s (created with `own`/`cell`) and
 * implement `step(input, index)`, the pure transition for input number `index` (0-based). `update` saves every
 * part and steps; `replace` restores them and steps again, so replace never needs indicator-specific undo code.
 * `step` returns the output, or null while warming up (exactly the first `warmup - 1` inputs).
 */
export abstract class StreamingIndicator<In, Out> implements CandleIndicator<In, Out> {
  abstract readonly warmup: number;
  private readonly parts: Part[] = [];
  private count = 0;
  private uCount = 0;
  private out: Out | null = null;

  /** Registers a part so it is saved, restored and reset with the indicator. */
  protected own<P extends Part>(part: P): P {
    this.parts.push(part);
    return part;
  }

  /** An undoable scalar. */
  protected cell(initial = NaN): Cell {
    return this.own(new Cell(initial));
  }

  protected abstract step(input: In, index: number): Out | null;
  abstract updateBar(candle: Candle): Out | null;
  abstract replaceBar(candle: Candle): Out | null;

  get value(): Out | null {
    return this.out;
  }

  get isReady(): boolean {
    return this.out !== null;
  }

  update(input: In): Out | null {
    const parts = this.parts;
    for (let i = 0; i < parts.length; i++) parts[i].save();
    this.uCount = this.count;
    this.out = this.step(input, this.count++);
    return this.out;
  }

  replace(input: In): Out | null {
    if (this.count === 0) return this.update(input);
    const parts = this.parts;
    for (let i = 0; i < parts.length; i++) parts[i].restore();
    this.count = this.uCount;
    this.out = this.step(input, this.count++);
    return this.out;
  }

  reset(): void {
    for (const p of this.parts) p.reset();
    this.count = this.uCount = 0;
    this.out = null;
  }
}

/** An indicator fed one number per bar: `updateBar` feeds the configured `source` field (default close). */
export abstract class NumberIndicator<Out> extends StreamingIndicator<number, Out> {
  readonly source: PriceSource;
  private readonly pick: SourcePicker;

  protected constructor(source: PriceSource | undefined) {
    super();
    this.source = source ?? 'close';
    this.pick = sourcePicker(this.source);
  }

  updateBar(candle: Candle): Out | null {
    return this.update(this.pick(candle));
  }

  replaceBar(candle: Candle): Out | null {
    return this.replace(this.pick(candle));
  }
}

/** An indicator fed whole bars (high/low/close, volume, open). */
export abstract class BarIndicator<Out, In extends Partial<Bar> = Bar> extends StreamingIndicator<In, Out> {
  updateBar(candle: Candle): Out | null {
    return this.update(candle as unknown as In);
  }

  replaceBar(candle: Candle): Out | null {
    return this.replace(candle as unknown as In);
  }
}
