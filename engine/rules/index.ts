/** The strategy rule language: `"macd_crossover_bullish AND rsi < 70"` compiled once into closures. */
export type { RuleScope } from './scope.ts';
export { compileRule, validateRule, type CompiledRule } from './compile.ts';
export { RuleError, type RuleErrorCode } from './errors.ts';
export { ruleNames } from './names.ts';
export { parseRule } from './parser.ts';
export { formatRule } from './format.ts';
export type { RuleNode, ArithmeticOp, CompareOp, LogicalOp } from './ast.ts';
