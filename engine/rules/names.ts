import type { RuleNode } from './ast.ts';
import { parseRule } from './parser.ts';

/** Identifiers a rule references (not function names), unique, in order of first appearance. Throws RuleError on a syntax error. */
export function ruleNames(expression: string, path = 'expression'): string[] {
  const names = new Set<string>();
  const visit = (node: RuleNode): void => {
    switch (node.kind) {
      case 'name': names.add(node.name); break;
      case 'negate': case 'not': case 'lookback': visit(node.operand); break;
      case 'arithmetic': case 'compare': case 'logical': visit(node.left); visit(node.right); break;
      case 'call': node.args.forEach(visit); break;
      case 'number': case 'boolean': break;
    }
  };
  visit(parseRule(expression, path));
  return [...names];
}
