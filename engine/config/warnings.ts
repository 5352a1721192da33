import { childrenOf, formatRule, parseRule, type RuleNode } from '../rules/index.ts';
import type { StrategyConfig } from './schema.ts';

/** Crossing calls (whatever their arguments) and named crossover events of a condition, normalised (no spaces), in order. */
function crossings(condition: string): string[] {
  const out: string[] = [];
  const visit = (node: RuleNode): void => {
    if (node.kind === 'call' && node.name.startsWith('crosses_')) out.push(formatRule(node).replace(/\s+/g, ''));
    if (node.kind === 'name' && /_crossover_(bullish|bearish)$/i.test(node.name)) out.push(node.name);
    childrenOf(node).forEach(visit);
  };
  visit(parseRule(condition, 'condition'));
  return out;
}

/**
 * Configs that are valid but cannot do what they look like they do. One order per bar: a bar whose signal
 * closes a position does not open the opposite one, and a crossing holds on one bar only, so when the rule
 * that covers a short is the same crossing as the long entry (or the long exit the same as the short entry),
 * the side that opens first may be the only one that ever opens.
 */
export function configWarnings(config: StrategyConfig): string[] {
  const rules = config.rules;
  // With orders.reverse the opposite entry flips the position on that very bar, so nothing is lost.
  if (!config.allowShort || !rules || config.orders?.reverse) return [];
  const out: string[] = [];
  const pairs = [
    ['entry', rules.entry, 'shortExit', rules.shortExit, 'long'],
    ['shortEntry', rules.shortEntry, 'exit', rules.exit, 'short'],
  ] as const;
  for (const [openName, open, closeName, close, side] of pairs) {
    if (!open || !close) continue;
    const shared = crossings(open.condition).filter((c) => crossings(close.condition).includes(c));
    if (shared.length === 0) continue;
    out.push(
      `rules.${openName} and rules.${closeName} fire on the same bar (${shared[0]}): that bar only closes the other position, ` +
        `and the crossing is over by the next bar, so a ${side} may never open. Open on a level (e.g. fast > slow) instead of the crossing, ` +
        `so the entry still holds on the bar after the close, or set "orders": {"reverse": true} to flip in one order.`,
    );
  }
  return out;
}
