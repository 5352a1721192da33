/** Requests to /api/v1 from the dashboard: JSON in and out, errors with the server's message and problems. */
import type { ConfigProblem } from '../../engine/config/parse.ts';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problems: ConfigProblem[],
    /** The answer's body as parsed. */
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** Sends `body` (an object, or JSON text as typed) and returns the parsed answer; a non-2xx answer throws ApiError. */
export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(`/api/v1${path}`, init);
  const text = await res.text();
  let data: { error?: string; problems?: ConfigProblem[] } | null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: text };
  }
  if (!res.ok) throw new ApiError(data?.error || res.statusText, res.status, data?.problems ?? [], data);
  return data as T;
}
