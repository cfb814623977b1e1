// Reverse-mode automatic differentiation over the graph IR, driven by the op table's VJP rules.
//
// Conventions:
// - `loss` must be an f32 scalar (shape []). The seed gradient is the scalar constant 1.
// - Only nodes on a path from a `wrt` node to `loss` are differentiated: nodes the loss does not
//   reach (BN moving-statistics updates, metrics) and nodes that do not depend on any `wrt` node
//   (inputs, frozen params, constants, the dropout step) are skipped, so no VJP is built for them.
// - Fan-in (a node used several times) is summed with `add`.
// - A VJP rule may return a gradient in the broadcast output shape of its node; `unbroadcast` (the
//   one central place) sums it back to the operand's shape.
// - The result maps every `wrt` node (the same objects that were passed in) to its gradient, of
//   the wrt node's shape. A wrt node the loss does not depend on gets zeros (`broadcast_to(0)`).
//   Every gradient is a computed node, never a bare scalar constant, so it can be a program output.
import type { Graph, Node } from '../ir/graph.js';
import { topoOrder } from '../ir/graph.js';
import * as B from '../ir/ops/build.js';
import { opDef } from '../ir/ops/index.js';
import { dimsEqual, formatShape, sameSize } from '../ir/shape.js';
import type { Dim } from '../ir/types.js';

/**
 * Sums `grad` (a gradient in some broadcast shape) back to `shape`: over the leading axes `shape`
 * lacks and over the axes where `shape` has 1 and the gradient has not, then reshapes. Symbolic
 * dims match by name (`N` vs `N` keeps the axis, `1` vs `N` reduces it).
 */
export function unbroadcast(g: Graph, grad: Node, shape: readonly Dim[]): Node {
  const gs = grad.type.shape;
  if (dimsEqual(gs, shape)) return grad;
  const lead = gs.length - shape.length;
  if (lead < 0) {
    // A gradient of lower rank than its operand: only a pure reshape (or broadcast) is sound.
    if (sameSize(gs, shape)) return B.reshape(g, grad, shape);
    return B.broadcastTo(g, B.reshape(g, grad, [...new Array<Dim>(-lead).fill(1), ...gs]), shape);
  }
  const axes: number[] = [];
  let needsBroadcast = false;
  gs.forEach((d, i) => {
    if (i < lead) {
      axes.push(i);
      return;
    }
    const want = shape[i - lead]!;
    if (d === want) return;
    if (want === 1) axes.push(i);
    else if (d === 1) needsBroadcast = true;
    else {
      throw new Error(`internal: a gradient of shape ${formatShape(gs)} does not broadcast from an operand of shape ${formatShape(shape)}`);
    }
  });
  const summed = axes.length ? g.node('sum', [grad], { axes, keepdims: false }) : grad;
  // The operand's rank, reduced axes as 1: equal to `shape` unless a gradient dim of 1 must grow.
  const ranked = B.reshape(g, summed, gs.slice(lead).map((d, j) => (axes.includes(j + lead) ? 1 : d)));
  return needsBroadcast ? B.broadcastTo(g, ranked, shape) : ranked;
}

/**
 * Gradients of the scalar `loss` with respect to each node of `wrt`, as a map keyed by those
 * nodes (see the conventions at the top of this file).
 */
export function gradients<W extends Node>(g: Graph, loss: Node, wrt: readonly W[]): Map<W, Node> {
  if (loss.type.shape.length !== 0 || loss.type.dtype !== 'f32') {
    throw new Error(`gradients: the loss must be an f32 scalar, got ${loss.type.dtype}${formatShape(loss.type.shape)}`);
  }
  const order = topoOrder([loss]);
  const targets = new Set(wrt.map((w) => w.id));

  // On a path from a wrt node to the loss: reached from the loss (order) and depending on a wrt node.
  const onPath = new Set<number>();
  for (const n of order) {
    if (targets.has(n.id) || n.inputs.some((x) => onPath.has(x.id))) onPath.add(n.id);
  }

  const grads = new Map<number, Node>();
  if (onPath.has(loss.id)) grads.set(loss.id, B.scalar(g, 1));
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k]!;
    const dy = grads.get(n.id);
    if (!dy || !n.inputs.some((x) => onPath.has(x.id))) continue;
    const rule = opDef(n.op).vjp as (g: Graph, node: Node, dy: Node) => readonly (Node | null)[];
    const dxs = rule(g, n, dy);
    if (dxs.length !== n.inputs.length) {
      throw new Error(`internal: the VJP of '${n.op}' returned ${dxs.length} gradients for ${n.inputs.length} inputs`);
    }
    n.inputs.forEach((x, i) => {
      const dx = dxs[i];
      if (!dx || !onPath.has(x.id)) return;
      const reduced = unbroadcast(g, dx, x.type.shape);
      if (!dimsEqual(reduced.type.shape, x.type.shape)) {
        throw new Error(
          `internal: the VJP of '${n.op}' gave input ${i} a gradient of shape ${formatShape(reduced.type.shape)}, not ${formatShape(x.type.shape)}`,
        );
      }
      const prev = grads.get(x.id);
      grads.set(x.id, prev ? B.add(g, prev, reduced) : reduced);
    });
  }

  const result = new Map<W, Node>();
  for (const w of wrt) {
    const d = grads.get(w.id);
    result.set(w, d ? B.materialize(g, d) : B.zeros(g, w.type.shape));
  }
  return result;
}
