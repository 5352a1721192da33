import { childrenOf, type RuleNode } from './ast.ts';
import { parseRule } from './parser.ts';

/** Identifiers a rule references (not function names), unique, in order of first appearance. Throws RuleError on a syntax error. */
export function ruleNames(expression: string, path = 'expression'): string[] {
  const names = new Set<string>();
  const visit = (node: RuleNode): void => {
    if (node.kind === 'name') names.add(node.name);
    childrenOf(node).forEach(visit);
  };
  visit(parseRule(expression, path));
  return [...names];
}
