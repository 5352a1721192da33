import type { Candle } from '../../types.ts';
import type { PriceSource } from '../indicator.ts';
import { sourcePicker, type SourcePicker } from '../source.ts';
import { StreamingIndicator, type Bar } from './streaming.ts';

export interface PairParams {
  readonly timePeriod: number;
  /** Candle field read as TA-Lib's inReal0. */
  readonly input0: PriceSource;
  /** Candle field read as TA-Lib's inReal1 (the input multi-series work will bind to another symbol). */
  readonly input1: PriceSource;
}

/** Base of two-input statistics (beta, correl): both inputs are fields of the bar fed to `update`. */
export abstract class PairIndicator extends StreamingIndicator<Bar, number> {
  readonly input0: PriceSource;
  readonly input1: PriceSource;
  private readonly pick0: SourcePicker;
  private readonly pick1: SourcePicker;

  protected constructor(params: PairParams) {
    super();
    this.input0 = params.input0;
    this.input1 = params.input1;
    this.pick0 = sourcePicker(params.input0);
    this.pick1 = sourcePicker(params.input1);
  }

  protected abstract pair(x: number, y: number, index: number): number | null;

  protected step(bar: Bar, index: number): number | null {
    return this.pair(this.pick0(bar as Candle), this.pick1(bar as Candle), index);
  }

  updateBar(candle: Candle): number | null {
    return this.update(candle);
  }

  replaceBar(candle: Candle): number | null {
    return this.replace(candle);
  }
}
