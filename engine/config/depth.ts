/** Deepest nesting of objects and arrays a config (or any API body) may have; real configs nest about 5 deep. */
export const MAX_CONFIG_DEPTH = 32;

/**
 * The path of the first value nested deeper than `max` levels, or null. Iterative (an explicit stack), so a
 * hostile document thousands of levels deep is measured without exhausting the call stack that the schema
 * validation and merging would otherwise use up.
 */
export function tooDeepPath(value: unknown, max = MAX_CONFIG_DEPTH): string | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return path || '(top)';
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: path ? `${path}.${k}` : k, depth: depth + 1 });
  }
  return null;
}

/** The problem to report for a too-deep document (path and message), or null. */
export function depthProblem(value: unknown): { path: string; message: string } | null {
  const path = tooDeepPath(value);
  return path === null ? null : { path, message: `nested more than ${MAX_CONFIG_DEPTH} levels deep` };
}
