import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { source } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { sourcePicker, type SourcePicker } from './source.ts';

/**
 * On Balance Volume as TA-Lib's ta_OBV.c: starts at the first bar's volume, then adds the volume when the price
 * (inReal, `source`, default close) rose and subtracts it when it fell; lookback 0.
 */
export class OBVIndicator extends BarIndicator<number> {
  readonly warmup = 1;
  readonly source: PriceSource;
  private readonly pick: SourcePicker;
  private readonly obv = this.cell(0);
  private readonly prev = this.cell();

  constructor(params: { readonly source?: PriceSource } = {}) {
    super();
    this.source = params.source ?? 'close';
    this.pick = sourcePicker(this.source);
  }

  protected step(bar: Bar, i: number): number {
    const price = this.pick(bar as never);
    if (i === 0) this.obv.v = bar.volume;
    else if (price > this.prev.v) this.obv.v += bar.volume;
    else if (price < this.prev.v) this.obv.v -= bar.volume;
    this.prev.v = price;
    return this.obv.v;
  }
}

export const obvDescriptor = defineIndicator({
  type: 'obv',
  title: 'On Balance Volume',
  reference: 'TA-Lib ta_OBV.c',
  params: { source: source() },
  scale: 'volume',
  lookback: () => 0,
  create: (c) => new OBVIndicator(c),
});
