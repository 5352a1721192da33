/**
 * What an optimisation maximises or minimises, and what a trial must satisfy: objectives (`max:sharpe`,
 * `sharpe - 0.5 * max_drawdown`) and constraints (`trades >= 30`) over a trial's metrics, by the column names
 * of the sweep and trials tables (plus the short names `--metric` takes).
 */
import { PERFORMANCE_COLUMNS, RANK_METRICS, type Performance } from '../../run/metric-select.ts';
import { compileExpression, type CompiledExpression } from './expression.ts';

export type Direction = 'maximize' | 'minimize';

export interface Objective {
  /** As given, without the direction prefix. */
  text: string;
  direction: Direction;
  expression: CompiledExpression<number>;
}

export interface Constraint {
  text: string;
  expression: CompiledExpression<boolean>;
}

/** Short names `--metric` takes that differ from a table column. */
const ALIASES: Readonly<Record<string, string>> = { return: 'total_return', drawdown: 'max_drawdown', winrate: 'win_rate' };

/** Every name an objective or constraint may use. */
export const METRIC_NAMES: readonly string[] = [...PERFORMANCE_COLUMNS.map(([n]) => n), ...Object.keys(ALIASES)];

/** Metrics where less is better: a bare name among them is minimised unless `max:` says otherwise. */
const LOWER_IS_BETTER = new Set(['max_drawdown', 'drawdown', 'max_drawdown_duration', 'fees']);

/** The metrics of a trial as the names expressions read. */
export function metricScope(p: Performance): Record<string, number | null> {
  const scope: Record<string, number | null> = {};
  for (const [name, get] of PERFORMANCE_COLUMNS) {
    const v = get(p);
    scope[name] = v === null || !Number.isFinite(v) ? null : v;
  }
  for (const [alias, name] of Object.entries(ALIASES)) scope[alias] = scope[name];
  return scope;
}

/** Parses `[max:|min:]EXPR`; a bare metric name takes the metric's own direction, any other expression is maximised. */
export function parseObjective(arg: string, path = '--objective'): Objective {
  const m = /^\s*(max|min|maximize|minimize):/i.exec(arg);
  const text = m ? arg.slice(m[0].length) : arg;
  const expression = compileExpression(text, path, METRIC_NAMES, 'number');
  const bare = text.trim();
  const direction: Direction = m ? (m[1].toLowerCase().startsWith('max') ? 'maximize' : 'minimize') : LOWER_IS_BETTER.has(bare) || (bare in RANK_METRICS && !RANK_METRICS[bare as keyof typeof RANK_METRICS].higherIsBetter) ? 'minimize' : 'maximize';
  return { text: text.trim(), direction, expression };
}

export function parseConstraint(arg: string, path = '--constraint'): Constraint {
  return { text: arg.trim(), expression: compileExpression(arg, path, METRIC_NAMES, 'condition') };
}

/** A finished trial judged: its objective values (own sign), whether it is feasible, and by how much it is not. */
export interface Judgement {
  values: (number | null)[];
  feasible: boolean;
  violation: number;
  /** The first unmet constraint or undefined objective, in words. */
  reason: string | null;
}

export function judge(objectives: readonly Objective[], constraints: readonly Constraint[], p: Performance): Judgement {
  const scope = metricScope(p);
  const values = objectives.map((o) => o.expression.evaluate(scope));
  let violation = 0;
  let reason: string | null = null;
  for (const c of constraints) {
    const v = c.expression.violation(scope);
    if (v > 0) {
      violation += v;
      reason ??= `constraint not met: ${c.text}`;
    }
  }
  const undefinedAt = values.findIndex((v) => v === null);
  if (undefinedAt >= 0) {
    reason ??= `objective undefined: ${objectives[undefinedAt].text} (${objectives[undefinedAt].expression.names.filter((n) => scope[n] === null).join(', ') || 'not finite'})`;
    violation += 1;
  }
  return { values, feasible: violation === 0, violation, reason };
}

/** Objective values turned so that higher is always better (what the samplers compare). */
export function oriented(objectives: readonly Objective[], values: readonly (number | null)[]): (number | null)[] {
  return values.map((v, k) => (v === null ? null : objectives[k].direction === 'maximize' ? v : -v));
}
