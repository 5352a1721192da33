/**
 * Pairs trade on the spread of two symbols, as a code strategy reading an informative series (see
 * engine/strategy/strategy.ts and engine/config/series.ts).
 *
 * The spread is ln(own close) − ln(other close), the other symbol being the config's series `params.leg`
 * ("other" by default). Its z-score over the last `lookback` bars decides: above `entryZ` the own symbol is
 * rich, so it is sold short and the other bought; below −`entryZ` the reverse; once |z| falls under `exitZ`
 * both legs are closed. Each leg is sized at `legFraction` of equity at the bar's close. The other symbol's
 * close is its last closed bar at this bar's close (the engine's as-of rule), so nothing is read from the future.
 *
 * The rolling mean and variance are kept as running sums over a ring of spreads: O(1) per bar, no re-scan.
 */
import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { Intent, Strategy, StrategyContext, StrategyFactory } from '../../engine/strategy/strategy.ts';

function param(config: StrategyConfig, name: string, fallback: number, ok: (v: number) => boolean, what: string): number {
  const v = config.params[name] ?? fallback;
  if (typeof v !== 'number' || !ok(v)) throw new Error(`params.${name} must be ${what}, got ${JSON.stringify(v)}`);
  return v;
}

const pairsSpread: StrategyFactory = (config): Strategy => {
  const lookback = param(config, 'lookback', 96, (v) => Number.isInteger(v) && v >= 2 && v <= 100_000, 'an integer from 2 to 100000');
  const entryZ = param(config, 'entryZ', 2, (v) => v > 0, 'a positive number');
  const exitZ = param(config, 'exitZ', 0.5, (v) => v >= 0 && v < entryZ, 'at least 0 and below entryZ');
  const legFraction = param(config, 'legFraction', 0.4, (v) => v > 0 && v <= 0.5, 'a fraction above 0 and at most 0.5');
  const leg = String(config.params.leg ?? 'other');
  const declared = config.series?.[leg];
  if (declared === undefined || (declared.symbol ?? config.symbol) === config.symbol) {
    throw new Error(`params.leg names the series of the other symbol ("${leg}"); declare it in "series" with another "symbol"`);
  }
  const otherSymbol = declared.symbol!;
  let ring = new Float64Array(lookback);
  let count = 0;
  let sum = 0;
  let sumSq = 0;

  return {
    onCandle(ctx: StrategyContext): Intent | readonly Intent[] | null {
      const other = ctx.series.get(leg)?.candle ?? null;
      if (other === null) return null;
      const spread = Math.log(ctx.candle.close) - Math.log(other.close);
      const slot = count % lookback;
      if (count >= lookback) {
        const old = ring[slot];
        sum -= old;
        sumSq -= old * old;
      }
      ring[slot] = spread;
      sum += spread;
      sumSq += spread * spread;
      count++;
      if (count < lookback) return null;
      const mean = sum / lookback;
      const variance = Math.max(0, sumSq / lookback - mean * mean);
      if (!(variance > 0)) return null;
      const z = (spread - mean) / Math.sqrt(variance);
      const open = ctx.position !== null;
      const why = `spread z ${z.toFixed(2)}`;
      if (open && Math.abs(z) < exitZ) {
        return [
          { action: 'EXIT', reason: `${why} back inside ±${exitZ}` },
          { action: 'EXIT', symbol: otherSymbol, reason: `${why} back inside ±${exitZ}` },
        ];
      }
      if (open || Math.abs(z) < entryZ) return null;
      const own = (legFraction * ctx.equity) / ctx.candle.close;
      const theirs = (legFraction * ctx.equity) / other.close;
      const rich = z > 0;
      return [
        { action: rich ? 'SELL' : 'BUY', quantity: own, reason: `${why}: ${config.symbol} ${rich ? 'rich' : 'cheap'}` },
        { action: rich ? 'BUY' : 'SELL', symbol: otherSymbol, quantity: theirs, reason: `${why}: ${otherSymbol} ${rich ? 'cheap' : 'rich'}` },
      ];
    },
    reset() {
      ring = new Float64Array(lookback);
      count = 0;
      sum = 0;
      sumSq = 0;
    },
  };
};

export default pairsSpread;
