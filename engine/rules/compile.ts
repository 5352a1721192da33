import { RuleError } from './errors.ts';
import { generateRule } from './codegen.ts';
import { Lowering, type ConditionFn } from './lower.ts';
import { parseRule } from './parser.ts';
import type { RuleScope } from './scope.ts';

export interface CompiledRule {
  readonly source: string;
  /** Evaluates the rule for the current bar. Call exactly once per closed bar: crossing functions remember the previous bar's values. */
  test(): boolean;
  /**
   * Fraction (0..1) of the rule's comparison/crossing atoms that held at the last test(), for confidence scoring.
   * An atom under NOT "holds" when it is false (it then speaks for the rule); 0 before the first test().
   */
  support(): number;
}

/**
 * Compiles a rule once into closures over the scope's getters. `path` names the config field in errors
 * (`rules.entry.condition`). Throws RuleError on any syntax, name, arity or type error.
 */
export function compileRule(expression: string, scope: RuleScope, path: string): CompiledRule {
  // Lowering resolves and type-checks every name (its errors carry path, column and hints); the code generator
  // then emits one specialised function with the same semantics (see codegen.ts for why).
  const lowering = new Lowering(scope, path, expression);
  lowering.condition(parseRule(expression, path));
  const generated = generateRule(expression, scope, path);
  if (generated.atomCount !== lowering.atomCount) throw new Error(`${path}: internal: code generator saw ${generated.atomCount} atoms, lowering ${lowering.atomCount}`);
  return new Rule(expression, generated.atomCount, generated.tally, generated.test);
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
    private readonly atomCount: number,
    private readonly tally: Float64Array,
    private readonly root: ConditionFn,
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
