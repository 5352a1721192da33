import { isLoopback } from '../../web/http/security.ts';
import { UsageError } from '../args.ts';

/** Shared by `serve` and `demo`: number options, the token, and staying up until Ctrl-C or --exit-after. */

export function numberOption(name: string, raw: string | undefined, dflt: number, check: (n: number) => boolean): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${name}: invalid value "${raw}"`);
  return n;
}

/** --token, else STRATA_TOKEN, else none; binding beyond loopback without one is a usage error. */
export function tokenOption(raw: string | undefined, host: string | undefined): string | null {
  const t = raw ?? (process.env.STRATA_TOKEN || null);
  if (t !== null && t.length < 8) throw new UsageError('--token must be at least 8 characters');
  if (t === null && host !== undefined && !isLoopback(host)) throw new UsageError(`--host ${host} makes the server reachable from other machines: give --token (or STRATA_TOKEN)`);
  return t;
}

/** Resolves after `seconds` (when given) or on SIGINT/SIGTERM; then runs `close`. */
export async function stayUp(seconds: number | null, close: () => Promise<void>): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      if (timer) clearTimeout(timer);
      resolve();
    };
    const timer = seconds === null ? null : setTimeout(done, seconds * 1000);
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
  await close();
}
