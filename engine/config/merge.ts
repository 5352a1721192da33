const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Deep-merges a partial config into a base (objects merge key by key; anything else replaces), returning a
 * new object. Keys that could reach a prototype are refused with their path, never copied.
 */
export function mergeConfig(base: unknown, partial: Record<string, unknown>, path = ''): Record<string, unknown> {
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const key of Object.keys(partial)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN.has(key)) throw new Error(`${here}: forbidden key (prototype pollution)`);
    const value = partial[key];
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? mergeConfig(out[key], value, here) : value;
  }
  return out;
}
