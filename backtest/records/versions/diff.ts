/** Differences between two configs as paths with old → new values. Pure. */

export interface ConfigChange {
  /** Dotted path; array elements as `[i]` (e.g. `indicators.fast.period`, `params.levels[2]`). */
  path: string;
  kind: 'changed' | 'added' | 'removed';
  old?: unknown;
  new?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every leaf that differs between `a` and `b`, in sorted key order (objects recursed, arrays element by element). */
export function diffConfigs(a: unknown, b: unknown, path = ''): ConfigChange[] {
  if (isObject(a) && isObject(b)) {
    const out: ConfigChange[] = [];
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in b)) out.push({ path: p, kind: 'removed', old: a[k] });
      else if (!(k in a)) out.push({ path: p, kind: 'added', new: b[k] });
      else out.push(...diffConfigs(a[k], b[k], p));
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: ConfigChange[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const p = `${path}[${i}]`;
      if (i >= b.length) out.push({ path: p, kind: 'removed', old: a[i] });
      else if (i >= a.length) out.push({ path: p, kind: 'added', new: b[i] });
      else out.push(...diffConfigs(a[i], b[i], p));
    }
    return out;
  }
  if (Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b)) return [];
  return [{ path: path || '(root)', kind: 'changed', old: a, new: b }];
}

const show = (v: unknown) => (v === undefined ? '–' : JSON.stringify(v));

/** One line per change: `path: old → new`. */
export function diffText(changes: readonly ConfigChange[]): string {
  if (changes.length === 0) return 'no differences';
  return changes.map((c) => (c.kind === 'changed' ? `${c.path}: ${show(c.old)} → ${show(c.new)}` : c.kind === 'added' ? `${c.path}: (absent) → ${show(c.new)}` : `${c.path}: ${show(c.old)} → (absent)`)).join('\n');
}
