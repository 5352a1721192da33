import type { IndicatorManager } from '../indicators/indicator-manager.ts';
import type { RuleScope } from '../rules/index.ts';
import type { Candle } from '../types.ts';

/** Mutable view of the bar being evaluated; the scope's price getters read it, so no closure is rebuilt per bar. */
export class BarView {
  candle: Candle | null = null;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/**
 * The names a rule can use: bar fields (`close`, ...), every indicator and its fields (`macd.histogram`,
 * `rsi.oversold`), and named crossing events, as each indicator's descriptor defines them (registry.ts), e.g.:
 * - `<macd>_crossover_bullish|bearish`: the MACD line crosses above/below its signal line;
 * - `<rsi>_crossover_bullish|bearish`: RSI crosses up through `oversold` / down through `overbought`;
 * - `<stoch>_crossover_bullish|bearish`: slowk crosses slowd (fastk/fastd for stochf, stochrsi);
 * - `<ma>_crossover_bullish|bearish` for price-scale single-value indicators (sma, ema, ...): close crosses the line;
 * - `<type>_crossover_bullish|bearish` when a strategy has exactly two indicators of one moving-average type:
 *   the shorter period crosses the longer one (the classic fast/slow crossover).
 *
 * Each informative series adds its bar fields under `field@alias` (`close@h4`, `volume@eth`): the values of that
 * series' last closed bar as of the primary bar's close, NaN before its first bar. Indicators bound to a series
 * are read by their own names.
 */
export function buildRuleScope(indicators: IndicatorManager, bar: BarView, series: ReadonlyMap<string, BarView> = new Map()): RuleScope {
  const values = new Map<string, () => number>();
  addBarFields(values, bar, '');
  for (const [alias, view] of series) addBarFields(values, view, `@${alias}`);

  const events = new Map<string, { a: string; b: string; direction: 'above' | 'below' }>();
  const addPair = (prefix: string, a: string, b: string) => {
    events.set(`${prefix}_crossover_bullish`, { a, b, direction: 'above' });
    events.set(`${prefix}_crossover_bearish`, { a, b, direction: 'below' });
  };
  const maByType = new Map<string, { name: string; period: number }[]>();

  for (const name of indicators.names()) {
    const d = indicators.describe(name);
    for (const e of indicators.events(name)) events.set(e.name, { a: e.a, b: e.b, direction: e.direction });
    if (d.output === 'single' && d.priceScale) {
      const cfg = indicators.config(name) as { period?: number; timePeriod?: number };
      const list = maByType.get(d.type) ?? [];
      list.push({ name, period: cfg.period ?? cfg.timePeriod ?? 0 });
      maByType.set(d.type, list);
    }
  }
  for (const [type, list] of maByType) {
    if (list.length === 2 && !events.has(`${type}_crossover_bullish`)) {
      const [fast, slow] = [...list].sort((x, y) => x.period - y.period);
      addPair(type, fast.name, slow.name);
    }
  }

  return {
    value(name) {
      return values.get(name) ?? indicators.getter(name);
    },
    event(name) {
      return events.get(name) ?? null;
    },
    names() {
      const out = [...values.keys(), ...events.keys()];
      for (const n of indicators.names()) {
        out.push(n);
        for (const f of indicators.fields(n)) out.push(`${n}.${f}`);
        // Levels such as rsi.overbought are config constants rather than output fields, but rules use them all the same.
        for (const c of indicators.constants(n)) out.push(`${n}.${c}`);
      }
      return out;
    },
  };
}

function addBarFields(values: Map<string, () => number>, bar: BarView, suffix: string): void {
  for (const f of PRICE_FIELDS) values.set(`${f}${suffix}`, () => (bar.candle === null ? Number.NaN : bar.candle[f]));
  values.set(`hl2${suffix}`, () => (bar.candle === null ? Number.NaN : (bar.candle.high + bar.candle.low) / 2));
}
