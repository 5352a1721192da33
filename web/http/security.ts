import { createHash, timingSafeEqual } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Request checks shared by the Hono app and the WebSocket upgrade handler: the access token, the Origin
 * check that stops cross-site requests (CSRF, cross-site WebSocket hijacking), and file-name checks that
 * keep report and static routes inside their folders.
 */

export const TOKEN_COOKIE = 'strata_token';

/** Hosts a server may bind to without a token. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '127.0.0.1' || h === '::1' || h === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

function cookieValue(cookieHeader: string | null | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * DNS-rebinding guard for a server without a token (so bound to loopback): the Host header must name a
 * loopback address, or a page on any site whose name was re-pointed at 127.0.0.1 could drive the API.
 */
export function hostAllowed(hostHeader: string | null | undefined): boolean {
  if (!hostHeader) return true; // HTTP/1.0 clients; browsers always send Host
  const host = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.replace(/:\d+$/, '');
  return isLoopback(host);
}

/** Where a client may put the token, in order: `Authorization: Bearer T`, `?token=T`, the session cookie. */
export function presentedToken(authorization: string | null | undefined, url: URL, cookieHeader: string | null | undefined): { token: string | null; via: 'header' | 'query' | 'cookie' | null } {
  const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (m) return { token: m[1], via: 'header' };
  const q = url.searchParams.get('token');
  if (q) return { token: q, via: 'query' };
  const c = cookieValue(cookieHeader, TOKEN_COOKIE);
  if (c) return { token: c, via: 'cookie' };
  return { token: null, via: null };
}

/** Constant-time comparison (both sides hashed first so lengths leak nothing). */
export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/**
 * Same-origin rule for state-changing requests: no Origin header (curl, scripts; they still need the token
 * when one is set) is allowed; otherwise the Origin's host must equal the Host the request was sent to.
 * `Origin: null` (sandboxed frames, file: pages) is refused.
 */
export function originAllowed(origin: string | null | undefined, host: string | null | undefined): boolean {
  if (origin === null || origin === undefined || origin === '') return true;
  if (!host) return false;
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    return u.host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/** Run ids, file names: a plain name, never a path. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name) && !name.includes('..');
}

/**
 * True when the raw (still percent-encoded) path tries to smuggle a traversal past the router: encoded dots,
 * slashes or backslashes, a literal backslash, NUL, or `..` segments.
 */
export function suspiciousPath(rawPath: string): boolean {
  let p = rawPath;
  // Decode repeatedly (double encoding such as %252e) and look at every layer.
  for (let i = 0; i < 3; i++) {
    if (/\\|\0|(^|\/)\.\.?(\/|$)/.test(p) || /%(2e|2f|5c|00)/i.test(p)) return true;
    let next: string;
    try {
      next = decodeURIComponent(p);
    } catch {
      return true;
    }
    if (next === p) return false;
    p = next;
  }
  return true;
}

/** `root/name` if `name` is a safe plain name that stays inside `root`, else null. */
export function resolveInside(root: string, name: string): string | null {
  if (!isSafeName(name) || isAbsolute(name)) return null;
  const base = resolve(root);
  const full = resolve(base, name);
  const rel = relative(base, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.includes(sep)) return null;
  return full;
}
