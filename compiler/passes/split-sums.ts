// Split sums: a sum of every element of a large matrix is lowered as one reduction to a single
// value, which a kernel can only spread over one workgroup (WGSL has no float atomics to combine
// workgroups): an L2 or L1 penalty's sum over a weight matrix, say. (The training step's
// divergence flag was the first such sum: on an H100 the sums over the 784x1024 and 1024x1024
// weights took 5 ms of an 8 ms step in one workgroup each. It is now a maximum, computed by marks
// in the kernels that write the weights: flag-markers.ts.)
//
// The rule sums the columns first, then the column sums:
//
//     sum(x, axes [0, 1])  ->  sum(sum(x, axes [0]), axes [0])      x: f32[A, B], A * B >= SPLIT_MIN
//
// The column sums are a reduction over the rows of a matrix, which the fusion planner hands to
// the epilogue of the matmul that computes x (when a matmul computes it) as partial statistics
// per row tile, finished by one small kernel per column; otherwise they run in
// a kernel of their own with one (CPU adapters) or 32 (GPUs) invocations per column. The last sum
// is over B values. Same value up to the order of the additions (tested against the unrewritten
// program).
import { Graph, topoOrder, type Node } from '../ir/graph.js';
import { shapeRule } from '../ir/ops/index.js';

/** Matrices with fewer elements keep their one-step sum (one workgroup reads them quickly). */
export const SPLIT_MIN = 16384;

/** Whether `n` is a sum of every element of a fixed matrix large enough to split. */
function splittable(n: Node): n is Node & { op: 'sum' } {
  if (n.op !== 'sum' || n.attrs.keepdims || n.attrs.axes.join() !== '0,1') return false;
  const [a, b] = n.inputs[0]!.type.shape;
  if (n.inputs[0]!.type.shape.length !== 2 || typeof a !== 'number' || typeof b !== 'number') return false;
  return a * b >= SPLIT_MIN && a >= 8 && b >= 8;
}

/**
 * Rewrites every splittable sum reachable from `roots`. Returns the rewritten roots (in a new
 * graph) and how many were rewritten; the roots unchanged when none.
 */
export function splitSums(roots: readonly Node[]): { roots: Node[]; rewritten: number } {
  const order = topoOrder(roots);
  const hits = order.filter(splittable);
  if (hits.length === 0) return { roots: [...roots], rewritten: 0 };
  const split = new Set<Node>(hits);
  const g = new Graph(shapeRule);
  const map = new Map<Node, Node>();
  const copy = (n: Node): Node => map.get(n)!;
  for (const n of order) {
    if (split.has(n)) {
      const cols = g.node('sum', [copy(n.inputs[0]!)], { axes: [0], keepdims: false });
      map.set(n, g.node('sum', [cols], { axes: [0], keepdims: false }));
    } else if (n.inputs.length === 0) {
      map.set(n, g.leaf(n.op as 'param', n.attrs as never, n.type) as unknown as Node);
    } else {
      map.set(n, g.node(n.op, n.inputs.map(copy), n.attrs as never) as unknown as Node);
    }
  }
  return { roots: roots.map(copy), rewritten: hits.length };
}
