import type { StrategyConfig } from '../config/schema.ts';

export interface SizingDecision {
  /** Units to buy or sell; 0 when the order is rejected. */
  quantity: number;
  /** The limit that reduced or refused the quantity, if any (`maxPositionSize`, `insufficientCash`). */
  limit: string | null;
  /** Why the order is refused as asked (an explicit stake the cash cannot pay), or null. */
  rejection: string | null;
  /** The rejection's reason code for the `rejected` event: insufficientCash, belowMinimum or lotSize. */
  reason?: string;
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
        reason: 'insufficientCash',
        rejection: `a stake of ${round(quantity)} units at ${round(price)} costs ${round(need)} with fees, more than the cash ${round(cash)} (set sizing.allowPartial to buy what the cash allows)`,
      };
    }
    quantity = affordable;
    limit = 'insufficientCash';
  }
  const explicitStake = override > 0 || (config.sizing !== undefined && config.sizing.mode === 'quantity');
  return lots(config, quantity > 0 ? quantity : 0, limit, explicitStake);
}

/**
 * Whole lots and the minimum quantity (execution.lotSize, execution.minQuantity). A computed quantity (a fraction
 * or a notional) is rounded down to whole lots, which is part of the sizing rule; an explicit quantity that is
 * not a whole number of lots is rejected (lotSize), never resized; below the minimum is rejected (belowMinimum).
 */
export function lots(config: StrategyConfig, quantity: number, limit: string | null, explicit: boolean): SizingDecision {
  const { lotSize, minQuantity } = config.execution;
  if (quantity === 0) return { quantity: 0, limit, rejection: null };
  let q = quantity;
  if (lotSize !== undefined) {
    const n = Math.floor(quantity / lotSize + 1e-9);
    if (explicit && Math.abs(n * lotSize - quantity) > 1e-9 * Math.max(1, quantity)) {
      return { quantity: 0, limit: 'lotSize', reason: 'lotSize', rejection: `a stake of ${round(quantity)} units is not a whole number of lots of ${round(lotSize)}` };
    }
    q = Number((n * lotSize).toPrecision(12));
  }
  const min = Math.max(minQuantity ?? 0, lotSize ?? 0);
  if (min > 0 && q < min * (1 - 1e-12)) {
    const what = q === 0 ? `${round(quantity)} units round down to no whole lot of ${round(lotSize!)}` : `${round(q)} units`;
    return { quantity: 0, limit: 'belowMinimum', reason: 'belowMinimum', rejection: `${what}, below the minimum quantity ${round(min)}` };
  }
  return { quantity: q, limit, rejection: null };
}

function round(x: number): string {
  return Number(x.toPrecision(8)).toString();
}

/** The sizing rule a config runs under, in words, for the run's manifest. */
export function sizingPolicy(config: StrategyConfig): string {
  const cap = config.risk.maxPositionSize;
  const capText = cap === undefined ? '' : `, capped at ${cap} of equity (maxPositionSize)`;
  const s = config.sizing;
  if (!s || s.mode === 'fraction') return `fraction ${s?.value ?? cap ?? 1} of the cash per entry, fees included${capText}${lotText(config)}`;
  const stake = s.mode === 'quantity' ? `${s.value} units` : `${s.value} of notional`;
  const short = s.allowPartial ? 'cut to what the cash buys (allowPartial)' : 'rejected (insufficientCash)';
  return `fixed stake of ${stake} per entry${capText}; a stake the cash cannot pay is ${short}${lotText(config)}`;
}

function lotText(config: StrategyConfig): string {
  const { lotSize, minQuantity } = config.execution;
  if (lotSize === undefined && minQuantity === undefined) return '';
  const parts = [lotSize !== undefined ? `whole lots of ${lotSize} (computed sizes round down, explicit ones must be whole lots)` : '', minQuantity !== undefined ? `at least ${minQuantity} units (else belowMinimum)` : ''];
  return `; ${parts.filter((x) => x).join(', ')}`;
}
