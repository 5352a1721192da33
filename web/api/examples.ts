import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { safeParseStrategyConfig } from '../../engine/config/parse.ts';
import { SpecRouter } from './route-spec.ts';
import { answers, ExampleSchema, type Example } from './schemas.ts';

/** The example strategy configs shipped with Strata. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));


/**
 * The rule-based example configs (a code module cannot be started from a browser), for the dashboard's
 * "start from" templates. Read from examples/ at each call, so the templates are the examples themselves.
 */
export function readExamples(dir = EXAMPLES_DIR): Example[] {
  if (!existsSync(dir)) return [];
  const out: Example[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort()) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch {
      continue;
    }
    const parsed = safeParseStrategyConfig(raw);
    if (!parsed.ok || parsed.config.module !== undefined) continue;
    const { $schema: _s, ...config } = raw as Record<string, unknown>;
    out.push({ file, title: titleOf(parsed.config.name ?? parsed.config.id ?? file, parsed.config.symbol, parsed.config.timeframe), config });
  }
  return out;
}

/** "EMA crossover BTC 1h" → "EMA crossover": the market and timeframe are chosen in the wizard. */
export function titleOf(name: string, symbol: string, timeframe: string): string {
  const words = new Set([symbol, symbol.split('/')[0], timeframe, 'strategy'].map((w) => w.toLowerCase()));
  const kept = name.split(/\s+/).filter((w) => !words.has(w.toLowerCase()));
  return kept.length ? kept.join(' ') : name;
}

/** GET /api/v1/examples. */
export function exampleRoutes(dir = EXAMPLES_DIR): SpecRouter {
  return new SpecRouter().add(
    { method: 'get', path: '/', operationId: 'exampleConfigs', summary: 'The rule-based example strategy configs (the dashboard’s templates)', tags: ['strategies'], responses: { 200: answers('examples', z.array(ExampleSchema)) } },
    (c) => c.json(readExamples(dir)),
  );
}
