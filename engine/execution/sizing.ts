import type { StrategyConfig } from '../config/schema.ts';

export interface SizingDecision {
  /** Units to buy or sell; 0 when the order is rejected. */
  quantity: number;
  /** The limit that reduced or refused the quantity, if any (`maxPositionSize`, `insufficientCash`). */
  limit: string | null;
  /** Why the order is refused as asked (an explicit stake the cash cannot pay), or null. */
  rejection: string | null;
}

/**
 * Entry quantity at fill time, at the fill price, so a position never costs more than the strategy has.
 * - fraction f (default: risk.maxPositionSize, else 1): notional = f · equity, fee included in the spend;
 * - quantity q: q units; notional n: n / price;
 * - an explicit `override` quantity from a code strategy wins over the sizing mode.
 * Then capped by risk.maxPositionSize · equity (when set). An explicit stake (quantity, notional or override)
 * that the cash cannot pay is REJECTED with the reason, as backtrader's broker rejects it, unless
 * `sizing.allowPartial` asks for it to be cut to what the cash buys; a fraction is of the cash, so it always
 * fits. `limit` names the cap that bound.
 */
export function positionQuantity(config: StrategyConfig, cash: number, price: number, feeRate: number, override: number): SizingDecision {
  const perUnit = price * (1 + feeRate);
  const capped = config.risk.maxPositionSize !== undefined;
  const cap = config.risk.maxPositionSize ?? 1;
  let quantity: number;
  if (override > 0) quantity = override;
  else if (!config.sizing || config.sizing.mode === 'fraction') quantity = (cash * (config.sizing?.value ?? cap)) / perUnit;
  else if (config.sizing.mode === 'quantity') quantity = config.sizing.value;
  else quantity = config.sizing.value / price;
  let limit: string | null = null;
  const maxByCap = (cash * cap) / perUnit;
  if (capped && quantity > maxByCap * (1 + 1e-12)) {
    quantity = maxByCap;
    limit = 'maxPositionSize';
  }
  const affordable = cash / perUnit;
  if (quantity > affordable * (1 + 1e-12)) {
    const explicit = override > 0 || (config.sizing !== undefined && config.sizing.mode !== 'fraction');
    if (explicit && !config.sizing?.allowPartial) {
      const need = quantity * perUnit;
      return {
        quantity: 0,
        limit: 'insufficientCash',
        rejection: `a stake of ${round(quantity)} units at ${round(price)} costs ${round(need)} with fees, more than the cash ${round(cash)} (set sizing.allowPartial to buy what the cash allows)`,
      };
    }
    quantity = affordable;
    limit = 'insufficientCash';
  }
  return { quantity: quantity > 0 ? quantity : 0, limit, rejection: null };
}

function round(x: number): string {
  return Number(x.toPrecision(8)).toString();
}

/** The sizing rule a config runs under, in words, for the run's manifest. */
export function sizingPolicy(config: StrategyConfig): string {
  const cap = config.risk.maxPositionSize;
  const capText = cap === undefined ? '' : `, capped at ${cap} of equity (maxPositionSize)`;
  const s = config.sizing;
  if (!s || s.mode === 'fraction') return `fraction ${s?.value ?? cap ?? 1} of the cash per entry, fees included${capText}`;
  const stake = s.mode === 'quantity' ? `${s.value} units` : `${s.value} of notional`;
  const short = s.allowPartial ? 'cut to what the cash buys (allowPartial)' : 'rejected (insufficientCash)';
  return `fixed stake of ${stake} per entry${capText}; a stake the cash cannot pay is ${short}`;
}
