/** Position of a node in the source: 0-based offsets, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type ArithmeticOp = '+' | '-' | '*' | '/';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicalOp = 'and' | 'or';

/** Syntax tree of a rule. Types (number vs condition) are not known until names are resolved against a scope. */
export type RuleNode =
  | (Span & { readonly kind: 'number'; readonly value: number })
  | (Span & { readonly kind: 'boolean'; readonly value: boolean })
  /** `name` may carry a series suffix (`close@h4`); the scope resolves it whole. */
  | (Span & { readonly kind: 'name'; readonly name: string })
  /** `operand[bars]`: the operand's value `bars` closed bars ago (`bars` is a whole-number literal, 0 = this bar). */
  | (Span & { readonly kind: 'lookback'; readonly operand: RuleNode; readonly bars: number })
  | (Span & { readonly kind: 'negate'; readonly operand: RuleNode })
  | (Span & { readonly kind: 'not'; readonly operand: RuleNode })
  | (Span & { readonly kind: 'arithmetic'; readonly op: ArithmeticOp; readonly left: RuleNode; readonly right: RuleNode })
  | (Span & { readonly kind: 'compare'; readonly op: CompareOp; readonly left: RuleNode; readonly right: RuleNode })
  | (Span & { readonly kind: 'logical'; readonly op: LogicalOp; readonly left: RuleNode; readonly right: RuleNode })
  /** `name` is lower-cased (function names are case-insensitive); `nameEnd` ends the name for error carets. */
  | (Span & { readonly kind: 'call'; readonly name: string; readonly nameEnd: number; readonly args: readonly RuleNode[] });


/** The direct operands of a node, left to right. */
export function childrenOf(node: RuleNode): readonly RuleNode[] {
  switch (node.kind) {
    case 'negate': case 'not': case 'lookback': return [node.operand];
    case 'arithmetic': case 'compare': case 'logical': return [node.left, node.right];
    case 'call': return node.args;
    case 'number': case 'boolean': case 'name': return [];
  }
}
