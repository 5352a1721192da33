/**
 * Descriptions of the order-model and margin fields for the published JSON Schema, by dotted path under the
 * root's `properties` (an editor shows them on hover). Kept beside the zod schemas' doc comments rather than as
 * `.describe()` calls so the parsed config types stay untouched; `describeFields` throws on a path the generated
 * schema lacks, so a renamed field cannot leave a stale note behind.
 */
export const FIELD_NOTES: Readonly<Record<string, string>> = {
  orders: 'How entries are placed and managed: the entry order type, reversal, pyramiding, when brackets start and the intrabar assumptions. Every fill rule is named in backtest/REFERENCE.md and printed in the manifest (orderRules).',
  'orders.entry': 'The order an entry signal places, priced from the signal bar close. Absent: a market order at the next open.',
  'orders.entry.type': 'market (next open), limit (fills at the limit, or the open if it gaps through), stop (a market order once triggered) or stop_limit.',
  'orders.entry.offset': 'Signed fraction of the signal close in the trade direction: level = close × (1 + offset) for a buy, close × (1 − offset) for a short. A limit takes 0 or a negative offset (a better price), a stop a positive one.',
  'orders.entry.limitOffset': 'stop_limit only: where the limit sits, as an offset like `offset` (default: at the stop).',
  'orders.entry.tif': 'Time in force of a working entry: "gtc", "day" (until the session ends; crypto: the UTC day) or {"bars": N}.',
  'orders.reverse': 'A signal for the opposite side while a position is open closes it and opens the opposite one in one order. Without it the opposite entry is rejected (reverseNotEnabled).',
  'orders.stopsFrom': 'When stop-loss, take-profit and the trailing stop start working: entry_bar (default) or next_bar (backtrader\'s bracket children).',
  'orders.bothTouched': 'When one bar touches both the stop and the target: stop_first (pessimistic, default) or target_first.',
  'orders.penetration': 'Fraction of the limit price a bar must trade through before a limit (entry or take-profit) fills; default 0 (a touch fills).',
  'orders.maxEntries': 'Entries per position: 1 (default) or more with a rules.addOn condition (pyramiding / DCA).',
  'rules.addOn': 'When to add to an open position (up to orders.maxEntries entries), e.g. a pullback in a trend.',
  'risk.stopLoss': 'Bracket stop-loss: exit when the price moves this fraction against the average entry (0.04 = 4%).',
  'risk.takeProfit': 'Bracket take-profit: exit when the price has gained this fraction from the average entry.',
  'risk.trailingStop': 'A stop that follows each closed bar in the position\'s favour and never loosens: {"percent": 0.05}, {"amount": 2} (price units) or {"atr": "<declared ATR indicator>", "multiple": 3}.',
  'risk.scaleOut': 'Partial exits in increasing gain: each step closes `fraction` of the entry quantity once the price has gained `gain` from the average entry; fractions add up to at most 1.',
  'execution.lotSize': 'Quantities are whole multiples of this lot (rounded down); an order under one lot is rejected (lotSize), never resized silently.',
  'execution.minQuantity': 'Smallest quantity an order may have; below it the order is rejected (belowMinimum).',
  instrument: 'spot (default: cash only), margin (borrowed, isolated margin) or perpetual (a perpetual future: isolated margin and funding).',
  leverage: 'Notional per unit of margin; default 1. Above 1 only for margin and perpetual.',
  marginMode: 'Only isolated margin is modelled: each position\'s margin is its own and the rest of the cash is never at risk.',
  maintenanceMargin: 'Maintenance margin rate of the notional; default 0.004 (Binance USDT-M first tier). Sets the liquidation price.',
  borrowRatePerDay: 'Borrow cost of a spot or margin short: a fraction of the entry notional per day held; default 0.',
  funding: 'Perpetual funding options. Rates come from the store (strata data fetch --funding, strata data import --funding).',
  'funding.missing': 'A perpetual backtest over a range with missing funding history: refuse (error, the default) or run and record the gap in the manifest (warn). Missing payments are never priced as zero.',
};

type Json = Record<string, unknown>;

/** Sets `description` on each noted field of `root` (the strategy config schema), in place. */
export function describeFields(root: Json, notes: Readonly<Record<string, string>> = FIELD_NOTES): void {
  for (const [path, description] of Object.entries(notes)) {
    let node: Json | undefined = root;
    for (const key of path.split('.')) node = (node?.properties as Record<string, Json> | undefined)?.[key];
    if (!node) throw new Error(`FIELD_NOTES: the strategy config schema has no field "${path}"`);
    node.description = description;
  }
}
