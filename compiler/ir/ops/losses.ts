// Losses computed from logits in one stable primitive each. They exist as primitives (not as
// compositions of exp/log) so that both the value and the gradient stay stable for large logits,
// and so that the gradient is the short closed form the design names (sigmoid(z) - y, softmax(z) - y).
import { ShapeError } from '../graph.js';
import type { Node } from '../graph.js';
import { dimsEqual, formatShape } from '../shape.js';
import { aroundAxis, type NDArray } from '../../interp/ndarray.js';
import { productExpr } from '../../codegen/index-math.js';
import * as B from './build.js';
import { binaryOp } from './elementwise.js';
import type { TensorType } from '../types.js';
import type { OpDef } from './op-def.js';

/** Binary cross-entropy from logits z against targets y, elementwise (broadcasting). */
export const sigmoid_bce = binaryOp<'sigmoid_bce'>(
  (z, y) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))),
  (z, y) => `(max(${z}, 0.0) - ${z} * ${y} + log(1.0 + exp(-abs(${z}))))`,
  // dz = (sigmoid(z) - y) * dy; the targets get no gradient.
  (g, node, dy) => {
    const [z, y] = node.inputs as readonly [Node, Node];
    return [B.mul(g, B.sub(g, g.node('sigmoid', [z], {}), y), dy), null];
  },
  'f32',
);

/** Softmax cross-entropy along `axis`: logsumexp(z) - sum(y * z), the axis removed. */
export const softmax_ce: OpDef<'softmax_ce'> = {
  arity: 2,
  shape: (inputs, { axis }) => {
    const [z, y] = inputs as readonly [TensorType, TensorType];
    if (inputs.length !== 2 || !dimsEqual(z.shape, y.shape)) {
      throw new ShapeError(`softmax_ce needs logits and targets of the same shape: ${formatShape(z.shape)} and ${formatShape(y.shape)}`);
    }
    if (!Number.isInteger(axis) || axis < 0 || axis >= z.shape.length) {
      throw new ShapeError(`softmax_ce axis ${axis} is out of range for a tensor of rank ${z.shape.length}`);
    }
    return { shape: z.shape.filter((_, i) => i !== axis), dtype: 'f32' };
  },
  interp: (inputs, { axis }, ctx) => {
    const [z, y] = inputs as readonly [NDArray, NDArray];
    const { outer, size: A, inner } = aroundAxis(z.shape, axis);
    const out = ctx.alloc(outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * A * inner + j;
        let m = -Infinity;
        for (let a = 0; a < A; a++) m = Math.max(m, z.data[base + a * inner]!);
        let s = 0;
        let dot = 0;
        for (let a = 0; a < A; a++) {
          const v = z.data[base + a * inner]!;
          s += Math.exp(v - m);
          dot += y.data[base + a * inner]! * v;
        }
        out[o * inner + j] = m + Math.log(s) - dot;
      }
    }
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const { axis } = ctx.node.attrs as { axis: number };
      const shape = ctx.node.inputs[0]!.type.shape;
      const [z, y] = ctx.inputs as readonly [string, string];
      const body = `${ctx.linearIndex(productExpr(ctx.node.type.shape))}
  let A = ${productExpr([shape[axis]!])};
  let inner = ${productExpr(shape.slice(axis + 1))};
  let base = (i / inner) * A * inner + i % inner;
  var m = -3.402823e+38;
  for (var a = 0u; a < A; a++) { m = max(m, ${z}[base + a * inner]); }
  var s = 0.0;
  var dot = 0.0;
  for (var a = 0u; a < A; a++) {
    let v = ${z}[base + a * inner];
    s = s + exp(v - m);
    dot = dot + ${y}[base + a * inner] * v;
  }
  ${ctx.output}[i] = m + log(s) - dot;
}
`;
      return { body, dispatch: { kind: 'linear', threads: ctx.node.type.shape, workgroupSize: 64 } };
    },
  },
  // dz = (softmax(z) - y) * dy broadcast along the axis; the targets get no gradient.
  vjp: (g, node, dy) => {
    const [z, y] = node.inputs as readonly [Node, Node];
    const { axis } = node.attrs;
    const p = g.node('softmax', [z], { axis });
    const d = B.reshape(g, dy, B.keepdimsShape(z.type.shape, [axis]));
    return [B.mul(g, B.sub(g, p, y), d), null];
  },
};
