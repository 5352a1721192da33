/**
 * Signal confidence for rule strategies.
 *
 * confidence = configured × (0.5 + 0.5 × support), where `support` is the fraction of the rule's comparison
 * and crossing atoms that held on the signal bar. An AND rule fires only when all its atoms hold, so it keeps
 * its configured confidence; an OR rule that fired on one of two atoms gets 75% of it. The result is clamped
 * to [0, 1]. Code strategies give their own confidence (default 1).
 */
export function ruleConfidence(configured: number, support: number): number {
  const c = configured * (0.5 + 0.5 * support);
  return c < 0 ? 0 : c > 1 ? 1 : c;
}
