import type { Candle } from '../types.ts';
import type { CandleIndicator, PriceSource } from './indicator.ts';
import { sourcePicker, type SourcePicker } from './source.ts';

/** Base of indicators fed one number per bar: adds `updateBar`/`replaceBar`, which feed the configured `source`. */
export abstract class SingleInputIndicator<Out> implements CandleIndicator<number, Out> {
  /** Candle field fed by `updateBar`/`replaceBar` (default 'close'). */
  readonly source: PriceSource;
  private readonly pick: SourcePicker;

  protected constructor(source: PriceSource | undefined) {
    this.source = source ?? 'close';
    this.pick = sourcePicker(this.source);
  }

  abstract readonly warmup: number;
  abstract readonly value: Out | null;
  abstract readonly isReady: boolean;
  abstract update(input: number): Out | null;
  abstract replace(input: number): Out | null;
  abstract reset(): void;

  updateBar(candle: Candle): Out | null {
    return this.update(this.pick(candle));
  }

  replaceBar(candle: Candle): Out | null {
    return this.replace(this.pick(candle));
  }
}
