import * as z from 'zod';
import { StrategyConfigSchema } from '../../engine/config/schema.ts';
import { loadBench } from '../reports/bench-page.ts';
import type { SeriesKey } from '../../engine/types.ts';
import { strategyConfigJsonSchema } from './json-schema.ts';
import { openApiDocument, type PublishedSchema } from './openapi.ts';
import { SpecRouter, type RouteSpec } from './route-spec.ts';
import { answers, LiveInfoSchema } from './schemas.ts';

const BenchSchema = z.object({
  results: z.array(z.looseObject({ suite: z.string() })).describe('the latest result of every suite (bench/results)'),
  baseline: z.looseObject({}).nullable().describe('bench/baseline.json'),
  gate: z.looseObject({}).describe('the regression gate’s verdict on the results against the baseline'),
  history: z.array(z.object({ createdAt: z.string(), mode: z.string().optional(), figures: z.number() })),
});

/** What the live feed behind the manager delivers; the dashboard offers these series. */
export interface LiveInfo {
  series(): readonly SeriesKey[];
  status?(): Record<string, unknown>;
}

/** The strategy config component: the engine's published JSON Schema of the zod schema the API validates with. */
async function published(): Promise<PublishedSchema[]> {
  return [{ name: 'StrategyConfig', zod: StrategyConfigSchema, json: await strategyConfigJsonSchema() }];
}

/**
 * The API about itself and its surroundings: the config JSON Schema, the OpenAPI document of `specs()` (every
 * route of the app, this one included), the benchmarks and the live feed.
 */
export function metaRoutes(opts: { specs: () => readonly RouteSpec[]; benchDir: string; live?: LiveInfo }): SpecRouter {
  const r = new SpecRouter();
  let document: Record<string, unknown> | null = null;
  r.add(
    { method: 'get', path: '/schema/strategy-config', operationId: 'strategyConfigSchema', summary: 'JSON Schema (2020-12) of strategy configs, generated from the zod schema that validates them', tags: ['meta'], responses: { 200: answers('JSON Schema', z.record(z.string(), z.unknown())) } },
    async (c) => c.json(await strategyConfigJsonSchema()),
  );
  r.add(
    { method: 'get', path: '/openapi.json', operationId: 'openapi', summary: 'This document', tags: ['meta'], responses: { 200: answers('OpenAPI 3.1', z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) })) } },
    async (c) => c.json((document ??= openApiDocument(opts.specs(), await published()))),
  );
  r.add(
    { method: 'get', path: '/bench', operationId: 'benchmarks', summary: 'Latest benchmark results, the baseline and the gate verdict (the page: /bench)', tags: ['meta'], responses: { 200: answers('benchmarks', BenchSchema) } },
    (c) => {
      const b = loadBench(opts.benchDir);
      return c.json({ results: b.results, baseline: b.baseline, gate: b.gate, history: b.history.map((h) => ({ createdAt: h.createdAt, mode: h.mode, figures: h.figures.length })) });
    },
  );
  r.add(
    { method: 'get', path: '/live', operationId: 'liveInfo', summary: 'What the live feed delivers (series) and its state', tags: ['live'], responses: { 200: answers('live feed', LiveInfoSchema) } },
    (c) => c.json({ series: opts.live?.series() ?? [], ...(opts.live?.status?.() ?? {}) }),
  );
  return r;
}
