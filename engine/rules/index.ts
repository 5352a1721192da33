/** The strategy rule language: `"macd_crossover_bullish AND close > highest(high, 20)[1]"` compiled once into one function. */
export type { RuleScope } from './scope.ts';
export { compileRule, compileValue, validateRule, type CompiledRule } from './compile.ts';
export { FUNCTIONS, MAX_WINDOW } from './functions.ts';
export { RuleError, type RuleErrorCode } from './errors.ts';
export { ruleNames } from './names.ts';
export { parseRule } from './parser.ts';
export { formatRule } from './format.ts';
export { childrenOf, type RuleNode, type ArithmeticOp, type CompareOp, type LogicalOp } from './ast.ts';
