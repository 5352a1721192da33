import { ATRIndicator } from './atr.ts';
import { defineIndicator } from './descriptor.ts';
import { period } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { requirePeriod } from './validate.ts';

type HLC = Pick<Bar, 'high' | 'low' | 'close'>;

/** Normalized ATR as TA-Lib's ta_NATR.c: ATR / close * 100 (0 when close is 0); lookback timePeriod. */
export class NATRIndicator extends BarIndicator<number, HLC> {
  readonly timePeriod: number;
  readonly warmup: number;
  private readonly atr: ATRIndicator;

  constructor(params: { readonly timePeriod: number }) {
    super();
    this.timePeriod = requirePeriod('timePeriod', params.timePeriod);
    this.atr = new ATRIndicator({ period: this.timePeriod });
    this.warmup = this.atr.warmup;
    // The ATR has its own one-step undo: drive it through update/replace from our save/restore.
    this.own({
      save: () => (this.replaying = false),
      restore: () => (this.replaying = true),
      reset: () => this.atr.reset(),
    });
  }

  private replaying = false;

  protected step(bar: HLC): number | null {
    const atr = this.replaying ? this.atr.replace(bar) : this.atr.update(bar);
    if (atr === null) return null;
    return bar.close !== 0 ? (atr / bar.close) * 100 : 0;
  }
}

export const natrDescriptor = defineIndicator({
  type: 'natr',
  title: 'Normalized Average True Range',
  reference: 'TA-Lib ta_NATR.c',
  params: { timePeriod: period(14, 1) },
  scale: 'oscillator',
  lookback: (c) => c.timePeriod,
  create: (c) => new NATRIndicator(c),
});
