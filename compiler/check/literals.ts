// Reading literal values (numbers, booleans, strings, nested lists) out of expressions.
import type { Expr } from '../syntax/ast.js';

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
