import type { Candle } from '../../types.ts';
import type { PriceSource } from '../indicator.ts';
import { sourcePicker, type SourcePicker } from '../source.ts';
import { StreamingIndicator, type Bar } from './streaming.ts';

export interface PairParams {
  readonly timePeriod: number;
  /** Candle field read as TA-Lib's inReal0. */
  readonly input0: PriceSource;
  /** Candle field read as TA-Lib's inReal1. */
  readonly input1: PriceSource;
  /** Alias of the informative series input1 is read from (another symbol: the asset against the market); absent: the same bar as input0. */
  readonly input1Series?: string;
}

/** Where a pair indicator finds input1's bar when it reads another series: that series' last closed bar. */
export interface SecondBar {
  readonly candle: Candle | null;
}

/**
 * Base of two-input statistics (beta, correl). Both inputs are fields of the bar fed to `update`, unless
 * `input1Series` names an informative series: then input1 is read from that series' last closed bar as of the
 * bar being fed (the IndicatorManager keeps it, updated by the barrier's informative pass, the as-of rule of
 * `close@alias` in rules), and no pair is formed before that series' first bar.
 */
export abstract class PairIndicator extends StreamingIndicator<Bar, number> {
  readonly input0: PriceSource;
  readonly input1: PriceSource;
  readonly input1Series: string | undefined;
  private readonly pick0: SourcePicker;
  private readonly pick1: SourcePicker;
  private secondBar: SecondBar | null = null;
  private second: Candle | null = null;

  protected constructor(params: PairParams) {
    super();
    this.input0 = params.input0;
    this.input1 = params.input1;
    this.input1Series = params.input1Series;
    this.pick0 = sourcePicker(params.input0);
    this.pick1 = sourcePicker(params.input1);
  }

  /** Reads input1 from `bar` (the IndicatorManager's cell for `input1Series`). */
  readSecondFrom(bar: SecondBar): void {
    this.secondBar = bar;
  }

  protected abstract pair(x: number, y: number, index: number): number | null;

  protected step(bar: Bar, index: number): number | null {
    return this.pair(this.pick0(bar as Candle), this.pick1(this.second ?? (bar as Candle)), index);
  }

  updateBar(candle: Candle): number | null {
    return this.takeSecond() ? this.update(candle) : null;
  }

  replaceBar(candle: Candle): number | null {
    return this.takeSecond() ? this.replace(candle) : null;
  }

  /** False while input1's series has no bar yet (nothing to pair with). */
  private takeSecond(): boolean {
    const cell = this.secondBar;
    if (cell === null) {
      if (this.input1Series !== undefined) throw new Error(`input1Series "${this.input1Series}" is read through an IndicatorManager, which feeds that series' bars`);
      return true;
    }
    const c = cell.candle;
    if (c === null) return false;
    this.second = c;
    return true;
  }
}
