import { describe, expect, it } from 'vitest';
import { maskRedisUrl, maskRedisUrls, parseRedisUrl, REDIS_PASSWORD_ENV, RedisUrlError } from './redis-url.ts';

describe('maskRedisUrl', () => {
  it('hides the password and the user name, keeps host, port and db', () => {
    expect(maskRedisUrl('redis://:s3cret@10.0.0.5:6380/2')).toBe('redis://:***@10.0.0.5:6380/2');
    expect(maskRedisUrl('rediss://alice:s3cret@cache.example:6379')).toBe('rediss://***:***@cache.example:6379');
    expect(maskRedisUrl('redis://127.0.0.1:6379'), 'nothing to hide').toBe('redis://127.0.0.1:6379');
  });

  it('masks anything it cannot parse whole, so a typo never leaks a secret', () => {
    expect(maskRedisUrl('redis://:pa ss@@host:port')).toBe('redis://***');
    expect(maskRedisUrl('http://user:pw@host')).toBe('http://***');
    expect(maskRedisUrl('not a url :pw@')).not.toContain('pw');
  });

  it('masks every URL inside a text (command lines, error messages)', () => {
    const line = 'strata sweep a.json --executor redis://:topsecret@h:1 --param x=1 and rediss://u:p2@h2:2/1';
    const masked = maskRedisUrls(line);
    expect(masked).not.toMatch(/topsecret|p2@/);
    expect(masked).toBe('strata sweep a.json --executor redis://:***@h:1 --param x=1 and rediss://***:***@h2:2/1');
  });
});

describe('parseRedisUrl', () => {
  it('reads host, port, db and password; rediss means TLS', () => {
    expect(parseRedisUrl('redis://:p%40ss@127.0.0.1:6390/3', {})).toMatchObject({ host: '127.0.0.1', port: 6390, db: 3, password: 'p@ss', tls: false, masked: 'redis://:***@127.0.0.1:6390/3' });
    expect(parseRedisUrl('rediss://h', {})).toMatchObject({ port: 6379, db: 0, tls: true, password: undefined });
  });

  it('takes the password from STRATA_REDIS_PASSWORD when the URL has none', () => {
    expect(parseRedisUrl('redis://h:1', { [REDIS_PASSWORD_ENV]: 'from-env' }).password).toBe('from-env');
    expect(parseRedisUrl('redis://:in-url@h:1', { [REDIS_PASSWORD_ENV]: 'from-env' }).password, 'the URL wins').toBe('in-url');
  });

  it('rejects other schemes and bad databases without echoing the password', () => {
    for (const bad of ['http://:pw@h:1', 'redis://:pw@h:1/x', 'garbage:pw@']) {
      let err: unknown;
      try {
        parseRedisUrl(bad, {});
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(RedisUrlError);
      expect((err as Error).message, 'no secret in the message').not.toContain('pw');
    }
  });
});
