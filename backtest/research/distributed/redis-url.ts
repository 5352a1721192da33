/** Environment variable holding the Redis password, so it need not appear in a command line (`ps` shows those). */
export const REDIS_PASSWORD_ENV = 'STRATA_REDIS_PASSWORD';

const SCHEMES = new Set(['redis:', 'rediss:']);

/** A malformed queue URL (the CLI reports it as a usage error, masked). */
export class RedisUrlError extends Error {}

/**
 * `redis://[user][:password]@host:port[/db]` with the password (and a user name, which can be a secret too)
 * replaced by `***`. Anything that is not a parsable redis URL is masked whole after its scheme, so a
 * mistyped URL never leaks what it carries. Use it for every log line, manifest field and error message.
 */
export function maskRedisUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
    return `${scheme}***`;
  }
  if (!SCHEMES.has(u.protocol)) return `${u.protocol}//***`;
  const auth = u.username || u.password ? `${u.username ? '***' : ''}${u.password ? ':***' : ''}@` : '';
  return `${u.protocol}//${auth}${u.host}${u.pathname === '/' ? '' : u.pathname}`;
}

/** Replaces every redis URL inside a text (command lines, error messages) by its masked form. */
export function maskRedisUrls(text: string): string {
  return text.replace(/rediss?:\/\/[^\s'"]+/gi, (m) => maskRedisUrl(m));
}

/** The parts of a queue URL that ioredis needs; the password comes from the URL or STRATA_REDIS_PASSWORD. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** For messages: the URL with its secrets masked. */
  masked: string;
}

/** Parses and checks a `redis://` or `rediss://` (TLS) URL. Errors never include the password. */
export function parseRedisUrl(url: string, env: NodeJS.ProcessEnv = process.env): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RedisUrlError(`"${maskRedisUrl(url)}" is not a URL; expected redis://[:password@]host:port[/db]`);
  }
  const masked = maskRedisUrl(url);
  if (!SCHEMES.has(u.protocol)) throw new RedisUrlError(`${masked}: the queue URL must start with redis:// or rediss:// (TLS)`);
  if (!u.hostname) throw new RedisUrlError(`${masked}: no host`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new RedisUrlError(`${masked}: the database must be a whole number (redis://host:port/0)`);
  const password = u.password ? decodeURIComponent(u.password) : env[REDIS_PASSWORD_ENV] || undefined;
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password,
    tls: u.protocol === 'rediss:',
    masked,
  };
}
