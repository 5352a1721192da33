import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { safeParseStrategyConfig, type ConfigProblem } from '../../engine/config/parse.ts';
import { PortfolioConfigError, safeParsePortfolioConfig, type ResolvedPortfolio } from '../../engine/portfolio/config.ts';
import type { LoadedConfig } from './load-configs.ts';

export interface LoadedPortfolio {
  file: string;
  portfolio: ResolvedPortfolio;
  /** The strategies as run, with their source (`portfolio.json#strategies[0]` or the referenced file). */
  configs: LoadedConfig[];
  raw: unknown;
}

/**
 * Reads a portfolio config file and every strategy config it references (paths relative to the portfolio file;
 * a strategy's `module` relative to its own config file). Every problem of the portfolio and of each strategy is
 * collected, each with its path (`strategies[1].config.rules.entry.condition`), before failing.
 */
export function loadPortfolio(file: string): LoadedPortfolio {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such portfolio file' : `not valid JSON: ${(err as Error).message}`}`);
  }
  const parsed = safeParsePortfolioConfig(raw);
  const problems: ConfigProblem[] = parsed.ok ? [] : [...parsed.problems];
  const base = dirname(file);
  const configs: LoadedConfig[] = [];
  const strategies: ResolvedPortfolio['strategies'] = [];
  const entries = parsed.ok ? parsed.config.strategies : parsed.strategies;
  const rawEntries = (raw as { strategies?: unknown[] }).strategies ?? [];
  for (const entry of entries) {
    const index = Number(/\[(\d+)\]/.exec(entry.path)![1]);
    let source = `${file}#${entry.path}`;
    let configRaw: unknown = (rawEntries[index] as { config?: unknown }).config;
    let config;
    let configDir = base;
    if ('ref' in entry.config) {
      const ref = entry.config.ref;
      const path = resolve(base, ref);
      source = path;
      configDir = dirname(path);
      try {
        configRaw = JSON.parse(readFileSync(path, 'utf8'));
      } catch (err) {
        problems.push({ path: `${entry.path}.config`, message: `${ref}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON: ${(err as Error).message}`}` });
        continue;
      }
      const r = safeParseStrategyConfig(configRaw);
      if (!r.ok) {
        problems.push(...r.problems.map((p) => ({ path: `${entry.path}.config${p.path ? `.${p.path}` : ''}`, message: `${p.message} (in ${ref})` })));
        continue;
      }
      config = r.config;
    } else config = entry.config;
    if (config.module) config = { ...config, module: resolve(configDir, config.module) };
    configs.push({ source, config, raw: configRaw });
    strategies.push({ path: entry.path, source, config, weight: entry.weight });
  }
  if (!parsed.ok || problems.length > 0) throw new PortfolioConfigError(file, problems);
  const { strategies: _s, ...rest } = parsed.config;
  return { file, portfolio: { ...rest, strategies }, configs, raw };
}
