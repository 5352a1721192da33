import type { Alert, Condition } from './types.ts';

/**
 * Turns the conditions of successive evaluations into alert changes: a condition that appears is raised once,
 * one that stays raises nothing more, one that disappears is cleared once. No floods, whatever the evaluation
 * rate. Pure: time comes in with each update.
 */
export class AlertTracker {
  private readonly active = new Map<string, Alert>();

  /** The changes since the last update, raised then cleared, each in condition/key order. */
  update(conditions: readonly Condition[], now: number): Alert[] {
    const changes: Alert[] = [];
    const seen = new Set<string>();
    for (const c of conditions) {
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      const was = this.active.get(c.key);
      if (was) {
        this.active.set(c.key, { ...was, message: c.message, value: c.value, threshold: c.threshold });
        continue;
      }
      const alert: Alert = { ...c, id: `${c.key}@${now}`, state: 'raised', raisedAt: now, time: now };
      this.active.set(c.key, alert);
      changes.push(alert);
    }
    for (const [key, a] of this.active) {
      if (seen.has(key)) continue;
      this.active.delete(key);
      changes.push({ ...a, state: 'cleared', time: now });
    }
    return changes;
  }

  /** Alerts raised and not cleared, oldest first. */
  current(): Alert[] {
    return [...this.active.values()];
  }
}
