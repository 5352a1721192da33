import * as z from 'zod';
import type { Candle } from '../types.ts';
import { defineIndicator } from './descriptor.ts';
import type { PriceSource } from './indicator.ts';
import { source } from './kit/params.ts';
import { BarIndicator, type Bar } from './kit/streaming.ts';
import { sourcePicker, type SourcePicker } from './source.ts';

const DAY_MS = 86_400_000;

/** A bar with its open time (ms since the epoch, UTC), which anchors the VWAP session. */
export type TimedBar = Bar & Pick<Candle, 'openTime'>;

/**
 * Session-anchored Volume Weighted Average Price (as TradingView's VWAP with anchor "Session"/"Week"):
 * sum(price * volume) / sum(volume) over the bars of the current session, price = hlc3 by default; the session
 * is the UTC calendar day of the bar's open time (or the ISO week, Monday 00:00 UTC), so it restarts on the first
 * bar of each day. While the session has traded no volume the VWAP is the current bar's price. Lookback 0.
 */
export class VWAPIndicator extends BarIndicator<number, TimedBar> {
  readonly warmup = 1;
  readonly anchor: 'day' | 'week';
  private readonly pick: SourcePicker;
  private readonly session = this.cell();
  private readonly pv = this.cell(0);
  private readonly vol = this.cell(0);

  constructor(params: { readonly anchor?: 'day' | 'week'; readonly source?: PriceSource } = {}) {
    super();
    this.anchor = params.anchor ?? 'day';
    if (this.anchor !== 'day' && this.anchor !== 'week') throw new Error(`anchor must be 'day' or 'week'; got ${String(this.anchor)}`);
    this.pick = sourcePicker(params.source ?? 'hlc3');
  }

  protected step(bar: TimedBar): number {
    const day = Math.floor(bar.openTime / DAY_MS);
    // 1970-01-01 was a Thursday: shifting by 3 days puts week boundaries on Mondays.
    const session = this.anchor === 'day' ? day : Math.floor((day + 3) / 7);
    if (session !== this.session.v) {
      this.session.v = session;
      this.pv.v = this.vol.v = 0;
    }
    const price = this.pick(bar as Candle);
    this.pv.v += price * bar.volume;
    this.vol.v += bar.volume;
    return this.vol.v > 0 ? this.pv.v / this.vol.v : price;
  }
}

export const vwapDescriptor = defineIndicator({
  type: 'vwap',
  title: 'Volume Weighted Average Price (session-anchored)',
  reference: 'sum(price*volume)/sum(volume) since the session start (UTC day by default), as TradingView VWAP',
  params: { anchor: z.enum(['day', 'week']).default('day'), source: source('hlc3') },
  scale: 'price',
  lookback: () => 0,
  create: (c) => new VWAPIndicator(c),
});
