import { describe, expect, it } from 'vitest';
import { hostAllowed, isLoopback, isSafeName, originAllowed, presentedToken, resolveInside, suspiciousPath, tokenMatches } from './security.ts';

describe('security helpers', () => {
  it('loopback hosts need no token; anything else does', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) expect(isLoopback(h), h).toBe(false);
  });

  it('without a token only loopback Host names are served (DNS rebinding)', () => {
    for (const h of ['127.0.0.1:8080', 'localhost:8080', 'localhost', '[::1]:8080', undefined]) expect(hostAllowed(h), String(h)).toBe(true);
    for (const h of ['evil.example:8080', 'evil.example', '192.168.1.2:8080', 'localhost.evil.example']) expect(hostAllowed(h), h).toBe(false);
  });

  it('Origin must name the host the request went to', () => {
    expect(originAllowed(undefined, '127.0.0.1:8080'), 'no Origin: not a browser').toBe(true);
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true);
    expect(originAllowed('http://127.0.0.1:9999', '127.0.0.1:8080'), 'another port is another origin').toBe(false);
    expect(originAllowed('null', '127.0.0.1:8080')).toBe(false);
    expect(originAllowed('file://', '127.0.0.1:8080')).toBe(false);
    expect(originAllowed('http://evil.example', 'evil.example.attacker')).toBe(false);
  });

  it('finds traversal in raw paths, however encoded', () => {
    for (const p of ['/a/../b', '/a/..', '/a/%2e%2e/b', '/a/%2E./b', '/a/..%2fb', '/a/%5c', '/a\\b', '/a/%252e%252e%252f', '/a/%00', '/a/./b']) expect(suspiciousPath(p), p).toBe(true);
    for (const p of ['/reports/20260101T000000Z-abcd1234', '/static/dashboard.js', '/reports/a.b-c_d/download']) expect(suspiciousPath(p), p).toBe(false);
  });

  it('resolves only plain names inside the root', () => {
    expect(resolveInside('/srv/runs', 'run-1')).toBe('/srv/runs/run-1');
    for (const n of ['../x', '..', '.', 'a/b', '/etc/passwd', 'a\\b', '', '.hidden', 'a..b']) expect(resolveInside('/srv/runs', n), n).toBeNull();
    expect(isSafeName('20260101T000000Z-abcd1234')).toBe(true);
  });

  it('reads the token from the header, the query or the cookie, and compares in constant time', () => {
    const url = new URL('http://h/x?token=q');
    expect(presentedToken('Bearer abc', url, null)).toEqual({ token: 'abc', via: 'header' });
    expect(presentedToken(undefined, url, null)).toEqual({ token: 'q', via: 'query' });
    expect(presentedToken(undefined, new URL('http://h/x'), 'a=1; strata_token=c%20d')).toEqual({ token: 'c d', via: 'cookie' });
    expect(presentedToken(undefined, new URL('http://h/x'), null)).toEqual({ token: null, via: null });
    expect(tokenMatches('secret', 'secret')).toBe(true);
    expect(tokenMatches('secret', 'secreT')).toBe(false);
    expect(tokenMatches('secret', null)).toBe(false);
  });
});
