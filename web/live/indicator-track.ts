/**
 * One strategy's indicators computed bar by bar, as the chart draws them: a fresh IndicatorManager on the
 * strategy's indicator configs, fed every closed candle of its primary series and of each informative series it
 * declares, in order from the strategy's start (the engine's own indicator code and the same inputs, so the values
 * are the ones its rules read). An indicator bound to an informative series (`"series": "h4"`) is recorded at that
 * series' closes and drawn on its chart. A config change rebuilds it over the last `bufferSize` candles of each
 * series, as the instance warms its new indicators from its history buffers.
 */
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { declaredSeries, type DeclaredSeries } from '../../engine/config/series.ts';
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
  /** The informative series alias it is computed on; null for the primary series. */
  series: string | null;
  /** [closeTime, value] pairs, warm-up bars left out. */
  points: [number, number][];
}

interface Line {
  readonly out: IndicatorLine;
  readonly read: ValueGetter;
}

export class IndicatorTrack {
  /** The primary series first, then the informative ones. */
  private declared: DeclaredSeries[] = [];
  private manager: IndicatorManager | null = null;
  private lines: Line[] = [];
  /** The candles fed so far per series alias ('' for the primary), at most the config's bufferSize each. */
  private fed = new Map<string, Candle[]>();
  private bufferSize = 0;
  /** A primary bar waiting for the informative bars closing with it (see onClosed). */
  private pending: Candle | null = null;

  constructor(private readonly cap: number) {}

  /** Rebuilds on `config`'s indicators; `fresh` (a strategy start) forgets the candles fed so far, otherwise they are replayed. */
  reconfigure(config: StrategyConfig, fresh: boolean): void {
    this.flush();
    const history = fresh ? [] : [...this.fed.values()].flatMap((list) => list.slice(-config.bufferSize));
    // Replayed in close-time order, informative bars before a primary bar closing at the same time (the engine's barrier order).
    history.sort((a, b) => a.closeTime - b.closeTime || Number(this.isPrimary(a)) - Number(this.isPrimary(b)));
    this.fed = new Map();
    this.bufferSize = config.bufferSize;
    this.declared = declaredSeries(config);
    const m = new IndicatorManager(config.indicators);
    const lines: Line[] = [];
    for (const name of m.names()) {
      const cfg = m.config(name);
      const scale = descriptorOf(cfg.type).scale;
      const fields = m.fields(name);
      const series = m.seriesOf(name);
      for (const path of fields.length === 0 ? [name] : fields.map((f) => `${name}.${f}`)) {
        const read = m.getter(path);
        if (read) lines.push({ read, out: { name: path, indicator: name, type: cfg.type, scale, series, points: [] } });
      }
    }
    this.manager = m;
    this.lines = lines;
    for (const c of history) this.onClosed(c);
  }

  private isPrimary(c: Candle): boolean {
    const p = this.declared[0];
    return p !== undefined && c.symbol === p.symbol && c.timeframe === p.timeframe;
  }

  /**
   * Takes a closed candle of any series the strategy reads (one candle may be several of them). Engine events
   * give a bar group's candles in the group's order, which may put the primary bar before an informative bar
   * closing at the same time; the engine's barrier feeds informative bars first (a pair indicator's second input
   * reads them), so a primary bar is held until the group has passed: a later close, or a read.
   */
  onClosed(c: Candle): void {
    if (this.manager === null) return;
    if (this.pending !== null && c.closeTime > this.pending.closeTime) this.flush();
    for (const s of this.declared) {
      if (c.symbol !== s.symbol || c.timeframe !== s.timeframe) continue;
      if (s.alias === null) {
        this.flush();
        this.pending = c;
      } else {
        this.manager.updateSeries(s.alias, c);
        this.record(s.alias, c);
      }
    }
  }

  /** Feeds the held primary bar, if any. */
  private flush(): void {
    const c = this.pending;
    if (c === null || this.manager === null) return;
    this.pending = null;
    this.manager.update(c);
    this.record(null, c);
  }

  /** Keeps `c` for a replay and stores the values of the lines computed on its series. */
  private record(alias: string | null, c: Candle): void {
    const key = alias ?? '';
    let fed = this.fed.get(key);
    if (!fed) this.fed.set(key, (fed = []));
    fed.push(c);
    if (fed.length > this.bufferSize + 64) fed.splice(0, fed.length - this.bufferSize);
    for (const l of this.lines) {
      if (l.out.series !== alias) continue;
      const v = l.read();
      if (!Number.isFinite(v)) continue;
      const pts = l.out.points;
      pts.push([c.closeTime, v]);
      if (pts.length > this.cap + 64) pts.splice(0, pts.length - this.cap);
    }
  }

  /** The lines computed on one series of the strategy (null: its primary series). */
  series(alias: string | null = null): IndicatorLine[] {
    this.flush();
    return this.lines.filter((l) => l.out.series === alias).map((l) => ({ ...l.out, points: l.out.points.slice() }));
  }

  /** The alias under which the strategy reads `symbol`/`timeframe` (null: the primary), or undefined if it does not. */
  aliasOf(symbol: string, timeframe: string): string | null | undefined {
    return this.declared.find((s) => s.symbol === symbol && s.timeframe === timeframe)?.alias;
  }
}
