import { defineIndicator } from './descriptor.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';

type OHLC = Pick<Bar, 'open' | 'high' | 'low' | 'close'>;

/** Balance Of Power as TA-Lib's ta_BOP.c: (close - open) / (high - low), 0 when high <= low; lookback 0. */
export class BOPIndicator extends BarIndicator<number, OHLC> {
  readonly warmup = 1;
  protected step(bar: OHLC): number {
    const range = bar.high - bar.low;
    return range > 0 ? (bar.close - bar.open) / range : 0;
  }
}

export const bopDescriptor = defineIndicator({
  type: 'bop',
  title: 'Balance Of Power',
  reference: 'TA-Lib ta_BOP.c',
  params: {},
  scale: 'oscillator',
  lookback: () => 0,
  create: () => new BOPIndicator(),
});
