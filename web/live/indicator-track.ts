/**
 * One strategy's indicators computed bar by bar on its own series, as the chart draws them: a fresh
 * IndicatorManager on the strategy's indicator configs, fed every closed candle of its symbol and timeframe in
 * order from the strategy's start (the engine's own indicator code and the same inputs, so the values are the ones
 * its rules read). A config change rebuilds it over the last `bufferSize` candles, as the instance warms its new
 * indicators from its history buffer.
 */
import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { ChartScale } from '../../engine/indicators/descriptor.ts';
import { IndicatorManager, type ValueGetter } from '../../engine/indicators/indicator-manager.ts';
import { descriptorOf } from '../../engine/indicators/registry.ts';
import type { Candle } from '../../engine/types.ts';

export interface IndicatorLine {
  /** The indicator's config name (`fast`), with the field for a multi-output one (`bb.upper`). */
  name: string;
  indicator: string;
  type: string;
  /** Where the chart draws it: over the price, in an oscillator pane, or with the volume. */
  scale: ChartScale;
  /** [closeTime, value] pairs, warm-up bars left out. */
  points: [number, number][];
}

interface Line {
  readonly out: IndicatorLine;
  readonly read: ValueGetter;
}

export class IndicatorTrack {
  private symbol = '';
  private timeframe = '';
  private manager: IndicatorManager | null = null;
  private lines: Line[] = [];
  /** The candles fed so far, at most the config's bufferSize (the instance's history buffer). */
  private fed: Candle[] = [];
  private bufferSize = 0;

  constructor(private readonly cap: number) {}

  /** Rebuilds on `config`'s indicators; `fresh` (a strategy start) forgets the candles fed so far, otherwise they are replayed. */
  reconfigure(config: StrategyConfig, fresh: boolean): void {
    const history = fresh ? [] : this.fed.slice(-config.bufferSize);
    this.fed = [];
    this.bufferSize = config.bufferSize;
    this.symbol = config.symbol;
    this.timeframe = config.timeframe;
    const m = new IndicatorManager(config.indicators);
    const lines: Line[] = [];
    for (const name of m.names()) {
      const cfg = m.config(name);
      const scale = descriptorOf(cfg.type).scale;
      const fields = m.fields(name);
      for (const path of fields.length === 0 ? [name] : fields.map((f) => `${name}.${f}`)) {
        const read = m.getter(path);
        if (read) lines.push({ read, out: { name: path, indicator: name, type: cfg.type, scale, points: [] } });
      }
    }
    this.manager = m;
    this.lines = lines;
    for (const c of history) this.onClosed(c);
  }

  /** Takes a closed candle if it is of the strategy's series. */
  onClosed(c: Candle): void {
    if (this.manager === null || c.symbol !== this.symbol || c.timeframe !== this.timeframe) return;
    this.manager.update(c);
    this.fed.push(c);
    if (this.fed.length > this.bufferSize + 64) this.fed.splice(0, this.fed.length - this.bufferSize);
    for (const l of this.lines) {
      const v = l.read();
      if (!Number.isFinite(v)) continue;
      const pts = l.out.points;
      pts.push([c.closeTime, v]);
      if (pts.length > this.cap + 64) pts.splice(0, pts.length - this.cap);
    }
  }

  series(): IndicatorLine[] {
    return this.lines.map((l) => ({ ...l.out, points: l.out.points.slice() }));
  }
}
