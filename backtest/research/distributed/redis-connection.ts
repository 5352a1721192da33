import { Redis, type RedisOptions } from 'ioredis';
import { maskRedisUrls, type RedisTarget } from './redis-url.ts';

/**
 * A new ioredis connection for BullMQ (which requires `maxRetriesPerRequest: null` on the connections it
 * blocks on). Each Queue/Worker gets its own; the caller closes them with `quit()`.
 */
export function redisConnection(target: RedisTarget, extra: RedisOptions = {}): Redis {
  return new Redis({
    host: target.host,
    port: target.port,
    db: target.db,
    username: target.username,
    password: target.password,
    tls: target.tls ? {} : undefined,
    maxRetriesPerRequest: null,
    // Connection errors are reported by whoever awaits a command; keep ioredis from logging them (with the host).
    lazyConnect: false,
    ...extra,
  });
}

/** Connects and pings once, so a wrong host or password fails early with a clear, masked message. */
export async function checkRedis(target: RedisTarget, timeoutMs = 5000): Promise<void> {
  const r = redisConnection(target, { maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: timeoutMs, lazyConnect: true });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    throw new Error(`cannot reach the queue at ${target.masked}: ${maskRedisUrls((err as Error).message)}`);
  } finally {
    r.disconnect();
  }
}
