import { Hono, type Context, type Handler } from 'hono';
import type * as z from 'zod';
import { formatPath, type ConfigProblem } from '../../engine/config/parse.ts';

/**
 * Routes that describe themselves: each one is registered on Hono together with its spec (method, path,
 * parameters, body and responses as zod schemas), and the OpenAPI document is built from those specs. The
 * handlers validate with the same schemas (`parseQuery`, `parseBody`), so the document cannot drift from them.
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** JSON body; absent for a non-JSON response (see `type`). */
  schema?: z.ZodType;
  /** Media type when not JSON (`text/html`, `text/javascript`, ...). */
  type?: string;
}

export interface RouteSpec {
  method: Method;
  /** Hono path syntax (`/:id/pause`), relative to where the router is mounted. */
  path: string;
  operationId: string;
  summary: string;
  tags?: readonly string[];
  /** Path parameters. */
  params?: z.ZodObject;
  /** Query parameters (an array-typed one may be repeated). */
  query?: z.ZodObject;
  /** JSON request body. */
  body?: z.ZodType;
  responses: Record<number, ResponseSpec>;
}

/** A Hono app whose routes carry their specs. Middleware (`use`) is plain Hono: it has no spec. */
export class SpecRouter extends Hono {
  readonly specs: RouteSpec[] = [];

  /** Registers `handler` for the spec's method and path, and keeps the spec for the document. */
  add(spec: RouteSpec, handler: Handler): this {
    this.specs.push(spec);
    this.on(spec.method.toUpperCase(), spec.path, handler);
    return this;
  }

  /** Mounts `child` under `prefix`, its specs with it. */
  include(prefix: string, child: SpecRouter): this {
    this.route(prefix, child);
    for (const s of child.specs) this.specs.push({ ...s, path: joinPath(prefix, s.path) });
    return this;
  }
}

/** `/a` + `/` is `/a`, as Hono mounts it. */
export function joinPath(prefix: string, path: string): string {
  const p = prefix.replace(/\/+$/, '');
  if (path === '/' || path === '') return p === '' ? '/' : p;
  return `${p}${path}`;
}

/** Hono's `/runs/:id` as OpenAPI's `/runs/{id}`. */
export const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

/** zod issues as the API reports problems: a dotted path and a message each. */
export function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: ConfigProblem[] };

/** The query string parsed by the route's query schema (array-typed keys take every repetition). */
export function parseQuery<S extends z.ZodObject>(c: Context, schema: S): Parsed<z.output<S>> {
  const raw: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const repeated = isArraySchema(field as z.ZodType);
    const value = repeated ? c.req.queries(key) : c.req.query(key);
    if (value !== undefined) raw[key] = value;
  }
  const r = schema.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: problemsOf(r.error) };
}

/** A body value parsed by the route's body schema. */
export function parseBody<S extends z.ZodType>(value: unknown, schema: S): Parsed<z.output<S>> {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: problemsOf(r.error) };
}

function isArraySchema(s: z.ZodType): boolean {
  const def = s._zod.def as { type: string; innerType?: z.ZodType };
  if (def.type === 'array') return true;
  return (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType !== undefined && isArraySchema(def.innerType);
}
