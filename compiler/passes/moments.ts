// Moments: the variance of a BatchNorm in training (and any variance written out by hand) is
// lowered as two dependent reductions,
//
//     m = mean(x),   v = mean(square(x - m))
//
// so x is read twice, in two kernels, the second waiting for the first. The rule replaces v by
// `variance(x)` (Welford's one-pass form in the kernel): m and v then reduce the same x over the
// same axes with no dependency between them, and the fusion planner computes both in one kernel
// (or, when x comes out of a matmul, as partial statistics in the matmul's epilogue).
//
// Rule (keeps the value of the node it replaces; tested against the unrewritten program):
//   mean(square(sub(x, m)), axes)  ->  variance(x, axes)
//   where m is mean(x, axes) itself, or a reshape of it (keepdims forms), and x - m broadcasts m
//   back over exactly the reduced axes.
import { Graph, topoOrder, type Node } from '../ir/graph.js';
import { shapeRule } from '../ir/ops/index.js';
import { dimsEqual } from '../ir/shape.js';

const sameAxes = (a: Node & { op: 'mean' }, b: Node & { op: 'mean' }) =>
  a.attrs.axes.join() === b.attrs.axes.join();

/** The x of `v = mean(square(sub(x, mean(x))))`, when `v` has that form. */
function varianceOf(v: Node): Node | null {
  if (v.op !== 'mean') return null;
  const sq = v.inputs[0]!;
  if (sq.op !== 'square') return null;
  const d = sq.inputs[0]!;
  if (d.op !== 'sub') return null;
  const [x, m0] = d.inputs as [Node, Node];
  let m = m0;
  while (m.op === 'reshape') m = m.inputs[0]!;
  if (m.op !== 'mean' || m.inputs[0] !== x || !sameAxes(m, v)) return null;
  // The subtraction must have x's shape (m broadcast over x, never x over something larger).
  if (!dimsEqual(d.type.shape, x.type.shape)) return null;
  // m's kept dims must line up with x's: with keepdims, directly; without, as trailing dims.
  const kept = x.type.shape.filter((_, i) => !m.attrs.axes.includes(i));
  const ms = m0.type.shape;
  const lined = dimsEqual(ms, x.type.shape.map((s, i) => (m.attrs.axes.includes(i) ? 1 : s)))
    || (m.attrs.axes.every((a, i) => a === i) && dimsEqual(ms, kept));
  return lined ? x : null;
}

/**
 * Rewrites every `mean(square(x - mean(x)))` reachable from `roots` into `variance(x)`. Returns
 * the rewritten roots (in a new graph) and how many were rewritten; the roots unchanged when none.
 */
export function rewriteMoments(roots: readonly Node[]): { roots: Node[]; rewritten: number } {
  const order = topoOrder(roots);
  const hits = new Map<Node, Node>();
  for (const n of order) {
    const x = varianceOf(n);
    if (x) hits.set(n, x);
  }
  if (hits.size === 0) return { roots: [...roots], rewritten: 0 };
  const g = new Graph(shapeRule);
  const map = new Map<Node, Node>();
  const copy = (n: Node): Node => map.get(n)!;
  for (const n of order) {
    const x = hits.get(n);
    if (x) {
      const v = n as Node & { op: 'mean' };
      map.set(n, g.node('variance', [copy(x)], { axes: v.attrs.axes, keepdims: v.attrs.keepdims }));
    } else if (n.inputs.length === 0) {
      map.set(n, g.leaf(n.op as 'param', n.attrs as never, n.type) as unknown as Node);
    } else {
      map.set(n, g.node(n.op, n.inputs.map(copy), n.attrs as never) as unknown as Node);
    }
  }
  return { roots: roots.map(copy), rewritten: hits.size };
}
