/**
 * What the dashboard's chart and tables show of a live session, recorded from the engine's events: closed
 * candles per series (far more than the hub's hello carries), the in-progress candle, every strategy's
 * indicator values at each of its candles, orders, fills, closed trades and the bar-by-bar equity. One recorder
 * per manager (`LiveActivity.of`), attached by the app; the engine is only listened to.
 */
import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { StrategyManager } from '../../engine/manager.ts';
import { seriesId, type Candle, type Fill, type Order, type Trade } from '../../engine/types.ts';
import { IndicatorTrack } from './indicator-track.ts';

export interface EquityPoint {
  time: number;
  equity: number;
  drawdown: number;
}

export interface ActivityLimits {
  /** Closed candles kept per series. Default 5000. */
  candlesPerSeries: number;
  /** Fills, trades and equity points kept per strategy. Default 5000. */
  perStrategy: number;
}

const DEFAULT_ACTIVITY_LIMITS: ActivityLimits = { candlesPerSeries: 5000, perStrategy: 5000 };

/** An order that could not be done as asked (the engine's `rejected` event), as the dashboard lists it. */
export interface Rejection {
  order: Order;
  reason: string;
  detail: string;
  time: number;
}

interface StrategyRecord {
  orders: Order[];
  rejections: Rejection[];
  fills: Fill[];
  trades: Trade[];
  equity: EquityPoint[];
  indicators: IndicatorTrack;
}

/** Appends and drops the oldest beyond `cap` (amortised: trims in chunks, not one shift per push). */
function push<T>(list: T[], item: T, cap: number): void {
  list.push(item);
  if (list.length > cap + Math.max(16, cap >> 4)) list.splice(0, list.length - cap);
}

const tail = <T>(list: readonly T[], cap: number) => (list.length > cap ? list.slice(list.length - cap) : list.slice());

export class LiveActivity {
  private static readonly registry = new WeakMap<object, LiveActivity>();

  /** The recorder attached to `manager`, or a new one. */
  static attach(manager: StrategyManager, limits: Partial<ActivityLimits> = {}): LiveActivity {
    return LiveActivity.registry.get(manager.events) ?? new LiveActivity(manager, limits);
  }

  private readonly limits: ActivityLimits;
  private readonly candles = new Map<string, Candle[]>();
  private readonly partial = new Map<string, Candle>();
  private readonly records = new Map<string, StrategyRecord>();
  private readonly offs: (() => void)[] = [];

  private constructor(
    readonly manager: StrategyManager,
    limits: Partial<ActivityLimits>,
  ) {
    this.limits = { ...DEFAULT_ACTIVITY_LIMITS, ...limits };
    LiveActivity.registry.set(manager.events, this);
    const ev = manager.events;
    const cap = this.limits.perStrategy;
    this.offs.push(
      ev.on('candle', (e) => this.onCandle(e.candle, e.closed)),
      ev.on('order', (o) => push(this.record(o.strategyId).orders, o, cap)),
      ev.on('fill', (f) => push(this.record(f.strategyId).fills, f, cap)),
      ev.on('rejected', (r) => push(this.record(r.strategyId).rejections, { order: r.order, reason: r.reason, detail: r.detail, time: r.time }, cap)),
      ev.on('trade', (t) => push(this.record(t.strategyId).trades, t, cap)),
      ev.on('equity', (e) => push(this.record(e.strategyId).equity, { time: e.time, equity: e.equity, drawdown: e.drawdown }, cap)),
      ev.on('config', (c) => this.record(c.strategyId).indicators.reconfigure(c.config, c.reason === 'start')),
    );
    for (const inst of manager.instances()) this.record(inst.id);
  }

  /** Stops listening (the recorded data stays readable). */
  detach(): void {
    for (const off of this.offs) off();
    this.offs.length = 0;
    if (LiveActivity.registry.get(this.manager.events) === this) LiveActivity.registry.delete(this.manager.events);
  }

  private record(id: string): StrategyRecord {
    let r = this.records.get(id);
    if (!r) {
      const config: StrategyConfig | null = this.manager.has(id) ? this.manager.view(id).config : null;
      r = { orders: [], rejections: [], fills: [], trades: [], equity: [], indicators: new IndicatorTrack(this.limits.candlesPerSeries) };
      if (config) r.indicators.reconfigure(config, true);
      this.records.set(id, r);
    }
    return r;
  }

  private onCandle(c: Candle, closed: boolean): void {
    const id = seriesId(c.symbol, c.timeframe);
    if (!closed) {
      this.partial.set(id, c);
      return;
    }
    let list = this.candles.get(id);
    if (!list) this.candles.set(id, (list = []));
    const last = list[list.length - 1];
    if (last && last.openTime === c.openTime) list[list.length - 1] = c;
    else push(list, c, this.limits.candlesPerSeries);
    if (this.partial.get(id)?.openTime === c.openTime) this.partial.delete(id);
    for (const r of this.records.values()) r.indicators.onClosed(c);
  }

  /** Closed candles of a series, oldest first (at most `limit`, the newest). */
  closed(symbol: string, timeframe: string, limit = Number.POSITIVE_INFINITY): Candle[] {
    return tail(this.candles.get(seriesId(symbol, timeframe)) ?? [], limit);
  }

  /** The in-progress candle of a series, if the feed sent one after the last close. */
  inProgress(symbol: string, timeframe: string): Candle | null {
    return this.partial.get(seriesId(symbol, timeframe)) ?? null;
  }

  /** Series that have sent candles. */
  seriesIds(): string[] {
    return [...new Set([...this.candles.keys(), ...this.partial.keys()])];
  }

  fills(id: string, limit = Number.POSITIVE_INFINITY): Fill[] {
    return tail(this.records.get(id)?.fills ?? [], limit);
  }

  trades(id: string, limit = Number.POSITIVE_INFINITY): Trade[] {
    return tail(this.records.get(id)?.trades ?? [], limit);
  }

  equity(id: string): EquityPoint[] {
    return (this.records.get(id)?.equity ?? []).slice();
  }

  /** Orders placed and not yet filled, read from the strategy itself: the market order pending for the next open and every working order. */
  openOrders(id: string): Order[] {
    return this.manager.has(id) ? this.manager.view(id).openOrders() : [];
  }

  /** Orders the engine rejected, with the reason, oldest first (at most `limit`, the newest). */
  rejections(id: string, limit = Number.POSITIVE_INFINITY): Rejection[] {
    return tail(this.records.get(id)?.rejections ?? [], limit);
  }

  /** The strategy's indicator lines drawn on `symbol`/`timeframe`: its own series' or an informative series' (empty when it reads neither, or is unknown). */
  indicators(id: string, symbol: string, timeframe: string): ReturnType<IndicatorTrack['series']> {
    const track = this.records.get(id)?.indicators;
    const alias = track?.aliasOf(symbol, timeframe);
    return track === undefined || alias === undefined ? [] : track.series(alias);
  }
}
