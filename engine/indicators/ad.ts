import { defineIndicator } from './descriptor.ts';
import { moneyFlowVolume } from './kit/ad-line.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';

type HLCV = Pick<Bar, 'high' | 'low' | 'close' | 'volume'>;

/** Chaikin A/D Line as TA-Lib's ta_AD.c: the running total of money flow volume from the first bar; lookback 0. */
export class ADIndicator extends BarIndicator<number, HLCV> {
  readonly warmup = 1;
  private readonly ad = this.cell(0);
  protected step(bar: HLCV): number {
    this.ad.v += moneyFlowVolume(bar);
    return this.ad.v;
  }
}

export const adDescriptor = defineIndicator({
  type: 'ad',
  title: 'Chaikin A/D Line',
  reference: 'TA-Lib ta_AD.c',
  params: {},
  scale: 'volume',
  lookback: () => 0,
  create: () => new ADIndicator(),
});
