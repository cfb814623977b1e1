// WGSL u32 expressions for sizes and strides of shapes whose dims may be symbolic.
import type { Dim } from '../ir/types.js';

export function dimExpr(d: Dim): string {
  return typeof d === 'number' ? `${d}u` : `dims.${d}`;
}

/** Product of dims when all are fixed numbers; null when one is symbolic. */
export function fixedSize(shape: readonly Dim[]): number | null {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') return null;
    n *= d;
  }
  return n;
}

/** Product of dims as a WGSL u32 expression, constants folded: `(dims.N * 12u)`. */
export function productExpr(shape: readonly Dim[]): string {
  let fixed = 1;
  const parts: string[] = [];
  for (const d of shape) {
    if (typeof d === 'number') fixed *= d;
    else parts.push(`dims.${d}`);
  }
  if (fixed !== 1 || parts.length === 0) parts.push(`${fixed}u`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' * ')})`;
}

/** Row-major strides of `shape`, as WGSL expressions. */
export function strideExprs(shape: readonly Dim[]): string[] {
  return shape.map((_, i) => productExpr(shape.slice(i + 1)));
}

/**
 * Statements that split linear index `idx` of `shape` into coordinates named `${prefix}0..`.
 * Uses div/mod by the trailing products so symbolic dims work.
 */
export function coordLines(idx: string, shape: readonly Dim[], prefix: string): string[] {
  const strides = strideExprs(shape);
  return shape.map((d, i) => {
    const q = strides[i] === '1u' ? idx : `(${idx} / ${strides[i]})`;
    return i === 0 ? `let ${prefix}${i} = ${q};` : `let ${prefix}${i} = ${q} % ${dimExpr(d)};`;
  });
}
