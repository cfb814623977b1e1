// IR-building helpers for VJP rules. Rules are written as ordinary IR; these keep them short and
// take care of two codegen facts: a scalar constant has no buffer (it is inlined as a literal), so
// a reshape of a constant is folded into a new constant, and a kernel op that must read a gradient
// which may be a scalar constant gets it copied into a buffer first (`materialize`).
import type { Graph, Node } from '../graph.js';
import { dimsEqual } from '../shape.js';
import type { Dim } from '../types.js';

export function scalar(g: Graph, v: number): Node {
  return g.leaf('const', { values: [v] }, { shape: [], dtype: 'f32' });
}

export const add = (g: Graph, a: Node, b: Node): Node => g.node('add', [a, b], {});
export const sub = (g: Graph, a: Node, b: Node): Node => g.node('sub', [a, b], {});
export const mul = (g: Graph, a: Node, b: Node): Node => g.node('mul', [a, b], {});
export const div = (g: Graph, a: Node, b: Node): Node => g.node('div', [a, b], {});
export const neg = (g: Graph, a: Node): Node => g.node('neg', [a], {});

/** `x` with a new shape of the same size; a no-op when equal, folded when `x` is a constant. */
export function reshape(g: Graph, x: Node, shape: readonly Dim[]): Node {
  if (dimsEqual(x.type.shape, shape)) return x;
  if (x.op === 'const') return g.leaf('const', { values: x.attrs.values }, { shape, dtype: x.type.dtype });
  return g.node('reshape', [x], { shape });
}

/** `x` broadcast NumPy-style to `shape`; a no-op when the shapes are equal. */
export function broadcastTo(g: Graph, x: Node, shape: readonly Dim[]): Node {
  if (dimsEqual(x.type.shape, shape)) return x;
  return g.node('broadcast_to', [x], { shape });
}

/** A computed tensor of zeros (a broadcast literal: one cheap kernel, a real buffer). */
export function zeros(g: Graph, shape: readonly Dim[]): Node {
  return g.node('broadcast_to', [scalar(g, 0)], { shape });
}

/** A node with a buffer of its own: a single-value constant is copied into one by a broadcast kernel. */
export function materialize(g: Graph, x: Node): Node {
  if (x.op === 'const' && x.attrs.values.length === 1) return g.node('broadcast_to', [x], { shape: x.type.shape });
  return x;
}

/** `shape` with the dims at `axes` replaced by 1 (the keepdims form of a reduction). */
export function keepdimsShape(shape: readonly Dim[], axes: readonly number[]): Dim[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/**
 * The product of `shape` as a single Dim, or null when it cannot be written as one (a symbolic
 * dim times anything other than 1, or two symbols): Dim has no product form.
 */
export function flatDim(shape: readonly Dim[]): Dim | null {
  let fixed = 1;
  const syms: string[] = [];
  for (const d of shape) {
    if (typeof d === 'number') fixed *= d;
    else syms.push(d);
  }
  if (syms.length === 0) return fixed;
  return syms.length === 1 && fixed === 1 ? syms[0]! : null;
}

/** The inverse of a permutation. */
export function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}

/** For rules of ops without a gradient: one null per input. */
export function noGradient(node: Node): null[] {
  return node.inputs.map(() => null);
}
