import type { StrategyConfig } from '../config/schema.ts';

export interface SizingDecision {
  quantity: number;
  /** The limit that reduced the quantity, if any (`maxPositionSize`, `insufficientCash`). */
  limit: string | null;
}

/**
 * Entry quantity at fill time, at the fill price, so a position never costs more than the strategy has.
 * - fraction f (default: risk.maxPositionSize, else 1): notional = f · equity, fee included in the spend;
 * - quantity q: q units; notional n: n / price;
 * - an explicit `override` quantity from a code strategy wins over the sizing mode.
 * Then capped by risk.maxPositionSize · equity (when set) and by the cash available (a flat account's equity is
 * its cash); `limit` names the cap that bound.
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
    quantity = affordable;
    limit = 'insufficientCash';
  }
  return { quantity: quantity > 0 ? quantity : 0, limit };
}
