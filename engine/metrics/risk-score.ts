/**
 * riskScore, 0..100: how close a strategy is to its limits right now.
 *   score = 100 · clamp(0.6 · exposure / cap + 0.4 · drawdown / ddLimit, 0, 1)
 * exposure = |position value| / equity, cap = risk.maxPositionSize (default 1); drawdown = current drawdown
 * from peak equity, ddLimit = risk.maxDrawdown (default 0.5). A flat strategy at its peak scores 0; a full
 * position at the drawdown limit scores 100.
 */
export function riskScore(exposure: number, cap: number, drawdown: number, ddLimit: number): number {
  const raw = 0.6 * (exposure / cap) + 0.4 * (drawdown / ddLimit);
  const clamped = raw < 0 ? 0 : raw > 1 ? 1 : raw;
  return Math.round(clamped * 1000) / 10;
}
