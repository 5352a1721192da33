import * as z from 'zod';
import { openApiPath, type RouteSpec } from './route-spec.ts';
import { COMPONENTS, ErrorSchema } from './schemas.ts';

type Json = Record<string, unknown>;

/** A schema whose JSON Schema is published by its owner (with knowledge zod's converter lacks), shown as a component. */
export interface PublishedSchema {
  name: string;
  zod: z.ZodType;
  json: Json;
}

const COMPONENT_REF = '#/components/schemas/';
const INLINE = '__inline';

/**
 * The OpenAPI 3.1 document of every route in `specs`: paths, methods, parameters, request bodies and responses
 * converted from the zod schemas the routes validate with (zod's own JSON Schema converter). `published`
 * schemas (the strategy config) appear under their name with their owner's JSON Schema.
 */
export function openApiDocument(specs: readonly RouteSpec[], published: readonly PublishedSchema[] = []): Json {
  const input = convert(specs, 'input', published);
  const output = convert(specs, 'output', published);
  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of specs) {
    const item = (paths[openApiPath(spec.path)] ??= {});
    if (item[spec.method]) throw new Error(`OpenAPI: ${spec.method.toUpperCase()} ${spec.path} is defined twice`);
    item[spec.method] = operation({ ...spec, responses: { ...middlewareAnswers(spec), ...spec.responses } }, input.of, output.of);
  }
  const schemas: Json = { ...input.components, ...output.components };
  for (const p of published) schemas[p.name] = localRefs(p.name, p.json);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Strata API',
      version: '1',
      description:
        'Strategy lifecycle on the running engine, recorded runs, versions, health, sweeps and the strategy config schema. Bodies are validated by the same schemas this document is generated from: 400 lists every problem with its path. ' +
        'When the server has a token, send it as `Authorization: Bearer <token>` or `?token=`. State-changing requests from a browser must come from the same origin (else 403). Live events: WebSocket at /ws (see x-websocket).',
    },
    servers: [{ url: '/' }],
    security: [{}, { bearerAuth: [] }],
    paths,
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } }, schemas },
    'x-websocket': {
      path: '/ws',
      serverMessages: 'see web/live/messages.ts: hello {strategies, series, candles, signals}, candle {candle, closed}, signal, fill, trade, metrics, status, error, feed, orderBlocked, alert, subscribed',
      clientMessages: ['{"subscribe": ["id1", "id2"]} (only these strategies and their symbols)', '{"subscribe": "*"} (everything)'],
      backpressure: 'candles and metrics are conflated per series/strategy for a client that reads slowly; a client whose backlog passes the hard limit is disconnected (close code 1013)',
    },
  };
}

const MUTATING = new Set(['post', 'put', 'patch', 'delete']);

/** What the app's middleware (web/app.ts) answers before a route runs: token, Host and Origin checks, body limits. */
function middlewareAnswers(spec: RouteSpec): RouteSpec['responses'] {
  const api = spec.path.startsWith('/api/');
  const error = (description: string) => (api ? { description, schema: ErrorSchema } : { description, type: 'text/plain' });
  const out: RouteSpec['responses'] = {
    401: api ? error('a token is required (only when the server has one)') : { description: 'a token is required (only when the server has one)', type: 'text/html' },
    403: error(MUTATING.has(spec.method) ? 'cross-origin request refused, or an unexpected Host header' : 'unexpected Host header (a server without a token answers to localhost only)'),
    500: error('an unexpected error'),
  };
  if (spec.body) {
    out[400] = error('invalid JSON (the position in the message) or body (every problem with its path)');
    out[413] = error('request body over the size limit');
    out[415] = error('the body is not JSON (Content-Type: application/json)');
  }
  return out;
}

function operation(spec: RouteSpec, input: (s: z.ZodType) => Json, output: (s: z.ZodType) => Json): Json {
  const parameters = [...parametersOf(spec.params, 'path', input), ...parametersOf(spec.query, 'query', input)];
  const responses: Json = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    const content = r.schema ? { 'application/json': { schema: output(r.schema) } } : r.type ? { [r.type]: {} } : undefined;
    responses[status] = content ? { description: r.description, content } : { description: r.description };
  }
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.tags ? { tags: spec.tags } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: input(spec.body) } } } } : {}),
    responses,
  };
}

function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query', input: (s: z.ZodType) => Json): Json[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const s = input(field as z.ZodType);
    const { description, ...rest } = s;
    const optional = (field as z.ZodType).safeParse(undefined).success;
    const repeated = rest.type === 'array';
    return { name, in: where, required: where === 'path' || !optional, schema: rest, ...(description ? { description } : {}), ...(repeated ? { style: 'form', explode: true } : {}) };
  });
}

/**
 * Converts every schema the routes use in one pass of zod's converter, so shared components become `$ref`s:
 * named components and published schemas are referenced, every other schema is inlined where it is used.
 */
function convert(specs: readonly RouteSpec[], io: 'input' | 'output', published: readonly PublishedSchema[]): { of: (s: z.ZodType) => Json; components: Json } {
  const registry = z.registry<{ id: string }>();
  const named = new Map<z.ZodType, string>();
  for (const [name, s] of Object.entries(COMPONENTS)) named.set(s, name);
  for (const p of published) named.set(p.zod, p.name);
  const inline = new Map<z.ZodType, string>();
  const used = (s: z.ZodType) => {
    if (named.has(s) || inline.has(s)) return;
    inline.set(s, `${INLINE}${inline.size}`);
  };
  for (const spec of specs) {
    const fields = [...Object.values(spec.params?.shape ?? {}), ...Object.values(spec.query?.shape ?? {})] as z.ZodType[];
    const schemas = io === 'input' ? [...fields, ...(spec.body ? [spec.body] : [])] : Object.values(spec.responses).flatMap((r) => (r.schema ? [r.schema] : []));
    schemas.forEach(used);
  }
  // Published schemas are only referenced: their JSON is their owner's.
  const isPublished = new Set(published.map((p) => p.zod));
  for (const [s, name] of named) if (!isPublished.has(s)) registry.add(s, { id: name });
  for (const [s, id] of inline) registry.add(s, { id });
  const all = (z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `${COMPONENT_REF}${id}` }) as { schemas: Record<string, Json> }).schemas;
  const clean = ({ $schema: _s, $id: _i, ...rest }: Json) => rest;
  const nested = /"\$ref":"#\/components\/schemas\/(__inline[0-9]+)"/.exec(JSON.stringify(all));
  if (nested) throw new Error(`OpenAPI: a route schema is nested in another; name it in COMPONENTS (${JSON.stringify(all[nested[1]]).slice(0, 200)})`);
  const components: Json = {};
  for (const [name, j] of Object.entries(all)) if (!name.startsWith(INLINE)) components[name] = clean(j);
  return {
    of: (s) => {
      const name = named.get(s);
      if (name) return { $ref: `${COMPONENT_REF}${name}` };
      return clean(all[inline.get(s)!]);
    },
    components,
  };
}

/** A published schema's internal `#/$defs/...` references, rewritten to where its definitions sit in the document. */
function localRefs(name: string, json: Json): Json {
  const { $schema: _s, ...rest } = json;
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', `"${COMPONENT_REF}${name}/$defs/`)) as Json;
}
