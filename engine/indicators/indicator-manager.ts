import type { Candle } from '../types.ts';
import { INDICATOR_NAME_PATTERN, IndicatorsConfigSchema, type IndicatorConfig } from './config.ts';
import { createIndicator, type AnyIndicator } from './create.ts';
import type { AnyDescriptor, NamedEvent } from './descriptor.ts';
import type { IndicatorDescription } from './meta.ts';
import { PairIndicator } from './kit/pair-indicator.ts';
import { descriptorOf } from './registry.ts';

/** Reads one current number; NaN while the indicator warms up. */
export type ValueGetter = () => number;

interface Entry {
  readonly name: string;
  readonly config: IndicatorConfig;
  /** Alias of the informative series it is computed on; null for the primary series. */
  readonly series: string | null;
  readonly indicator: AnyIndicator;
  readonly descriptor: AnyDescriptor;
}

/**
 * The named indicators of one strategy on one series. Candles go to every indicator in the record's insertion
 * order; rules read values through getters built once per path (`fast`, `macd.histogram`, `bb.upper`,
 * `rsi.oversold`), so evaluating a rule does no lookups, string work or allocation.
 *
 * An indicator whose config carries `series: "h4"` is computed on that informative series: `update` skips it and
 * `updateSeries("h4", candle)` feeds it. It is read by name like any other. A pair indicator (beta, correl) with
 * `input1Series: "spy"` reads input1 from that series' last bar given to `updateSeries`.
 */
export class IndicatorManager {
  /** Inputs needed before every indicator is ready (the largest warmup; 0 with no indicators). */
  readonly warmup: number;
  private readonly entries: readonly Entry[];
  private readonly indicators: readonly AnyIndicator[];
  private readonly bySeries: ReadonlyMap<string, readonly AnyIndicator[]>;
  private readonly byName: ReadonlyMap<string, Entry>;
  private readonly getters = new Map<string, ValueGetter | null>();
  /** Last bar of each informative series a pair indicator's input1 reads (`input1Series`), by alias. */
  private readonly secondBars = new Map<string, { candle: Candle | null }>();

  /** `configs` are parsed, normalised configs (see `IndicatorConfigSchema`); names must be identifiers. */
  constructor(configs: Readonly<Record<string, IndicatorConfig & { readonly series?: string }>>) {
    const entries: Entry[] = [];
    for (const [name, config] of Object.entries(configs)) {
      if (!INDICATOR_NAME_PATTERN.test(name)) throw new Error(`indicator name "${name}" must be an identifier (letters, digits, _)`);
      let indicator: AnyIndicator;
      try {
        indicator = createIndicator(config);
      } catch (e) {
        throw new Error(`indicators.${name}: ${(e as Error).message}`);
      }
      entries.push({ name, config, series: config.series ?? null, indicator, descriptor: descriptorOf(config.type) });
    }
    this.entries = entries;
    this.indicators = entries.filter((e) => e.series === null).map((e) => e.indicator);
    const bySeries = new Map<string, AnyIndicator[]>();
    for (const e of entries) if (e.series !== null) bySeries.set(e.series, [...(bySeries.get(e.series) ?? []), e.indicator]);
    this.bySeries = bySeries;
    this.byName = new Map(entries.map((e) => [e.name, e]));
    for (const e of entries) {
      const alias = (e.config as { input1Series?: string }).input1Series;
      if (alias === undefined || !(e.indicator instanceof PairIndicator)) continue;
      let cell = this.secondBars.get(alias);
      if (cell === undefined) this.secondBars.set(alias, (cell = { candle: null }));
      e.indicator.readSecondFrom(cell);
    }
    this.warmup = this.warmupOf(null);
  }

  /** Bars of one series (null: the primary) its indicators need before all are ready (0 with none). */
  warmupOf(series: string | null): number {
    return this.entries.reduce((m, e) => (e.series === series ? Math.max(m, e.indicator.warmup) : m), 0);
  }

  /** The alias of the series `name` is computed on (null: the primary); throws on an unknown name. */
  seriesOf(name: string): string | null {
    return this.entry(name).series;
  }

  /** Parses a raw `name → config` block (JSON) and builds the manager; throws zod's error on bad input. */
  static parse(raw: unknown): IndicatorManager {
    return new IndicatorManager(IndicatorsConfigSchema.parse(raw));
  }

  /** Feeds a closed candle of the primary series to every indicator computed on it. */
  update(candle: Candle): void {
    const list = this.indicators;
    for (let i = 0; i < list.length; i++) list[i].updateBar(candle);
  }

  /** Feeds a closed candle of the informative series `alias` to the indicators bound to it. */
  updateSeries(alias: string, candle: Candle): void {
    const cell = this.secondBars.get(alias);
    if (cell !== undefined) cell.candle = candle;
    const list = this.bySeries.get(alias);
    if (list !== undefined) for (let i = 0; i < list.length; i++) list[i].updateBar(candle);
  }

  /** Replaces the latest candle (the in-progress bar changed) in every indicator of the primary series. */
  replace(candle: Candle): void {
    const list = this.indicators;
    for (let i = 0; i < list.length; i++) list[i].replaceBar(candle);
  }

  /** Back to the constructed state; getters stay valid. */
  reset(): void {
    for (const e of this.entries) e.indicator.reset();
    for (const cell of this.secondBars.values()) cell.candle = null;
  }

  /** True once every indicator is ready. */
  get isReady(): boolean {
    const list = this.entries;
    for (let i = 0; i < list.length; i++) if (!list[i].indicator.isReady) return false;
    return true;
  }

  /** Indicator names in insertion order. */
  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** The indicator called `name`, if any. */
  get(name: string): AnyIndicator | undefined {
    return this.byName.get(name)?.indicator;
  }

  /** The normalised config of `name`; throws on an unknown name. */
  config(name: string): IndicatorConfig {
    return this.entry(name).config;
  }

  /** Output fields of a multi-output indicator (`['macd', 'signal', 'histogram']`), [] for a single value. */
  fields(name: string): string[] {
    return [...this.entry(name).descriptor.fields];
  }

  /** Config parameters of `name` readable as constant fields (`rsi.overbought`). */
  constants(name: string): string[] {
    return [...this.entry(name).descriptor.constants];
  }

  /** The named events `name` defines (`stoch_crossover_bullish`, ...). */
  events(name: string): readonly NamedEvent[] {
    const e = this.entry(name);
    return e.descriptor.events(name, e.config);
  }

  /** Type, output shape and whether values are on the price scale; throws on an unknown name. */
  describe(name: string): IndicatorDescription {
    const d = this.entry(name).descriptor;
    return { type: d.type as IndicatorDescription['type'], output: d.fields.length > 0 ? 'multi' : 'single', priceScale: d.scale === 'price' };
  }

  /**
   * A closure reading `name` (single-output; for a multi-output indicator its primary field: `macd.macd`,
   * `bb.middle`) or `name.field`, NaN while warming up; config levels such as `rsi.overbought` read as
   * constants. Null for an unknown path. The same closure is returned for the same path.
   */
  getter(path: string): ValueGetter | null {
    let g = this.getters.get(path);
    if (g === undefined) {
      g = this.buildGetter(path);
      this.getters.set(path, g);
    }
    return g;
  }

  private entry(name: string): Entry {
    const e = this.byName.get(name);
    if (e === undefined) throw new Error(`unknown indicator "${name}"; known: ${this.names().join(', ') || '(none)'}`);
    return e;
  }

  private buildGetter(path: string): ValueGetter | null {
    const dot = path.indexOf('.');
    const name = dot < 0 ? path : path.slice(0, dot);
    const entry = this.byName.get(name);
    if (entry === undefined) return null;
    const { fields, constants } = entry.descriptor;
    const field = dot < 0 ? (fields[0] ?? null) : path.slice(dot + 1);
    const ind = entry.indicator as { readonly value: unknown };
    if (field === null) return singleGetter(ind as { readonly value: number | null });
    if (fields.includes(field)) return fieldGetter(ind as { readonly value: Readonly<Record<string, number>> | null }, field);
    if (constants.includes(field)) return constant((entry.config as unknown as Record<string, number>)[field]);
    return null;
  }
}

function singleGetter(ind: { readonly value: number | null }): ValueGetter {
  return () => {
    const v = ind.value;
    return v === null ? Number.NaN : v;
  };
}

/** Reads one field of a multi-output result (the key is fixed per closure, so the property load stays cached). */
function fieldGetter(ind: { readonly value: Readonly<Record<string, number>> | null }, field: string): ValueGetter {
  return () => {
    const v = ind.value;
    return v === null ? Number.NaN : v[field];
  };
}

function constant(x: number): ValueGetter {
  return () => x;
}
