import type { RuleNode } from './ast.ts';

/** Binding strength, loosest first; mirrors the parser. */
function precedence(node: RuleNode): number {
  switch (node.kind) {
    case 'logical': return node.op === 'or' ? 1 : 2;
    case 'not': return 3;
    case 'compare': return 4;
    case 'arithmetic': return node.op === '+' || node.op === '-' ? 5 : 6;
    case 'negate': return 7;
    default: return 8;
  }
}

/** Canonical text of a rule (upper-case keywords, minimal parentheses); parsing it gives back the same tree. */
export function formatRule(node: RuleNode): string {
  const wrap = (child: RuleNode, parenthesize: boolean): string => (parenthesize ? `(${formatRule(child)})` : formatRule(child));
  const p = precedence(node);
  switch (node.kind) {
    case 'number': return String(node.value);
    case 'boolean': return String(node.value);
    case 'name': return node.name;
    // `-(-x)` rather than `--x`, which reads like a decrement.
    case 'negate': return `-${wrap(node.operand, precedence(node.operand) <= p)}`;
    case 'not': return `NOT ${wrap(node.operand, precedence(node.operand) < p)}`;
    case 'call': return `${node.name}(${node.args.map((arg) => formatRule(arg)).join(', ')})`;
    case 'lookback': return `${wrap(node.operand, precedence(node.operand) < p)}[${node.bars}]`;
    case 'compare':
      // Comparisons do not chain, so a comparison operand always needs parentheses.
      return `${wrap(node.left, precedence(node.left) <= p)} ${node.op} ${wrap(node.right, precedence(node.right) <= p)}`;
    case 'arithmetic':
    case 'logical': {
      const op = node.kind === 'logical' ? node.op.toUpperCase() : node.op;
      // Left-associative: an equal-precedence right operand needs parentheses, a left one does not.
      return `${wrap(node.left, precedence(node.left) < p)} ${op} ${wrap(node.right, precedence(node.right) <= p)}`;
    }
  }
}
