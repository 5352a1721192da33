import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

/** global.gc, enabled at run time when the process was started without --expose-gc. */
export function gcFunction(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
