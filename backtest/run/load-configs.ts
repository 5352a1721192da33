import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { ConfigError, safeParseStrategyConfig } from '../../engine/config/parse.ts';
import type { StrategyConfig } from '../../engine/config/schema.ts';
import { isPortfolioFileName } from '../../engine/portfolio/config.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import { importStrategyModule } from './strategy-module.ts';

export interface LoadedConfig {
  /** The file it came from, and its index when the file holds an array. */
  source: string;
  config: StrategyConfig;
  /** The JSON as written (for hashing and the manifest). */
  raw: unknown;
}

/** Expands files and directories (every *.json inside, sorted by name, but not portfolio configs) into config file paths. */
export function configFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new Error(`${p}: no such config file or directory`);
    }
    if (st.isDirectory()) {
      const jsons = readdirSync(p)
        .filter((f) => extname(f) === '.json' && !f.endsWith('.schema.json') && !isPortfolioFileName(f))
        .sort();
      if (jsons.length === 0) throw new Error(`${p}: directory holds no .json strategy configs`);
      out.push(...jsons.map((f) => join(p, f)));
    } else out.push(p);
  }
  return out;
}

/**
 * Reads and validates strategy configs. A file may hold one config or an array of them. Every problem of
 * every file is collected before failing, each naming its file (and index). A `module` path is resolved
 * relative to its config file and made absolute.
 */
export function loadConfigs(paths: readonly string[]): LoadedConfig[] {
  const loaded: LoadedConfig[] = [];
  const errors: string[] = [];
  for (const file of configFiles(paths)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      errors.push(`${file}: not valid JSON: ${(err as Error).message}`);
      continue;
    }
    const items = Array.isArray(json) ? json : [json];
    items.forEach((raw, i) => {
      const source = Array.isArray(json) ? `${file}[${i}]` : file;
      const r = safeParseStrategyConfig(raw);
      if (!r.ok) {
        errors.push(new ConfigError(source, r.problems).message);
        return;
      }
      const config = r.config.module ? { ...r.config, module: resolve(dirname(file), r.config.module) } : r.config;
      loaded.push({ source, config, raw });
    });
  }
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return loaded;
}

/** Imports every `module` the configs name; the engine gets the factories (it does no I/O itself). */
export async function loadStrategyModules(configs: readonly StrategyConfig[]): Promise<Map<string, StrategyFactory>> {
  const modules = new Map<string, StrategyFactory>();
  for (const c of configs) {
    if (!c.module || modules.has(c.module)) continue;
    let mod: Record<string, unknown>;
    try {
      mod = await importStrategyModule(c.module);
    } catch (err) {
      throw new Error(`strategy module ${c.module}: cannot load: ${(err as Error).message}`);
    }
    const factory = (mod.default ?? mod.strategy) as unknown;
    if (typeof factory !== 'function') throw new Error(`strategy module ${c.module}: export a StrategyFactory as default (or as "strategy")`);
    modules.set(c.module, factory as StrategyFactory);
  }
  return modules;
}
