import { Checker } from './check.ts';
import { generateRule, generateValue } from './codegen.ts';
import { RuleError } from './errors.ts';
import { depthOf } from './ir.ts';
import { parseRule } from './parser.ts';
import type { RuleScope } from './scope.ts';

export interface CompiledRule {
  readonly source: string;
  /**
   * Earlier bars the rule reads besides the current one (`close > highest(high, 20)[1]`: 20), known at compile
   * time; the rule is false until that many bars (plus its indicators' warm-up) have closed.
   */
  readonly depth: number;
  /**
   * Evaluates the rule for the current bar and advances its history (crossing memory, lookbacks, windows).
   * Call exactly once per closed bar, whether or not the result is used, or windows would miss bars.
   */
  test(): boolean;
  /**
   * Fraction (0..1) of the rule's comparison/crossing atoms that held at the last test(), for confidence scoring.
   * An atom under NOT "holds" when it is false (it then speaks for the rule); 0 before the first test().
   */
  support(): number;
}

/**
 * Compiles a rule once into one generated function over the scope's getters. `path` names the config field in
 * errors (`rules.entry.condition`). Throws RuleError on any syntax, name, arity, window or type error.
 */
export function compileRule(expression: string, scope: RuleScope, path: string): CompiledRule {
  const checked = new Checker(scope, path, expression).condition(parseRule(expression, path));
  const generated = generateRule(checked);
  return new Rule(expression, depthOf(checked), generated.atomCount, generated.tally, generated.test);
}

/**
 * Compiles a numeric expression (`highest(high, 20)[1]`) into a function returning its value for the current
 * bar; like test(), call it exactly once per closed bar. NaN means "not ready" (or undefined, as x / 0).
 */
export function compileValue(expression: string, scope: RuleScope, path: string): { readonly depth: number; value(): number } {
  const checked = new Checker(scope, path, expression).number(parseRule(expression, path));
  return { depth: depthOf(checked), value: generateValue(checked) };
}

/** The first error compileRule would throw, or null if the rule compiles. */
export function validateRule(expression: string, scope: RuleScope, path: string): RuleError | null {
  try {
    compileRule(expression, scope, path);
    return null;
  } catch (error) {
    if (error instanceof RuleError) return error;
    throw error;
  }
}

class Rule implements CompiledRule {
  private lastSupport = 0;

  constructor(
    readonly source: string,
    readonly depth: number,
    private readonly atomCount: number,
    private readonly tally: Float64Array,
    private readonly root: () => boolean,
  ) {}

  test(): boolean {
    this.tally[0] = 0;
    const result = this.root();
    const n = this.atomCount;
    // A rule without atoms (`true`) supports itself fully or not at all.
    this.lastSupport = n === 0 ? (result ? 1 : 0) : this.tally[0] / n;
    return result;
  }

  support(): number {
    return this.lastSupport;
  }
}
