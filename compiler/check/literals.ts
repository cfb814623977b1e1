// Reading literal values (numbers, booleans, strings, nested lists) out of expressions.
import type { Arg, Expr, Ident } from '../syntax/ast.js';

export function describeExpr(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return `the number ${e.value}`;
    case 'str':
      return `the string "${e.value}"`;
    case 'bool':
      return `'${e.value}'`;
    case 'name':
      return `'${e.name}'`;
    case 'list':
      return 'a list';
    case 'call':
      return `a call of '${e.callee.name}'`;
    default:
      return 'an expression';
  }
}

/** A rectangular nested list of numbers: its shape and row-major values, or the offending sub-expression. */
export function tensorLiteral(e: Expr): { shape: number[]; values: number[] } | { bad: Expr; why: string } {
  if (e.kind === 'num') return { shape: [], values: [e.value] };
  if (e.kind !== 'list') return { bad: e, why: `expected a number or a list of numbers, found ${describeExpr(e)}` };
  if (e.items.length === 0) return { bad: e, why: 'an empty list has no shape' };
  const parts = e.items.map(tensorLiteral);
  for (const p of parts) if ('bad' in p) return p;
  const ok = parts as { shape: number[]; values: number[] }[];
  const first = ok[0]!.shape;
  for (let k = 1; k < ok.length; k++) {
    const s = ok[k]!.shape;
    if (s.length !== first.length || s.some((d, i) => d !== first[i])) {
      return {
        bad: e.items[k]!,
        why: `ragged list: item ${k + 1} has shape [${s.join(', ')}] but item 1 has shape [${first.join(', ')}]`,
      };
    }
  }
  return { shape: [ok.length, ...first], values: ok.flatMap((p) => p.values) };
}

/**
 * A registry reference written as a name (`relu`), a string (`"relu"`) or a call with arguments
 * (`leaky_relu(alpha = 0.1)`): its name, where the name is, and the arguments (none for the first two).
 */
export function namedRef(e: Expr): { readonly callee: Ident; readonly args: readonly Arg[] } | null {
  if (e.kind === 'name') return { callee: { name: e.name, span: e.span }, args: [] };
  if (e.kind === 'str') return { callee: { name: e.value, span: e.span }, args: [] };
  if (e.kind === 'call') return { callee: e.callee, args: e.args };
  return null;
}
