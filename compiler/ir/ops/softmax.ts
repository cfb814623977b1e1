// Softmax along one axis, computed stably (max subtracted). One invocation per row along the axis.
import { aroundAxis } from '../../interp/ndarray.js';
import { productExpr } from '../../codegen/index-math.js';
import { ShapeError } from '../graph.js';
import * as B from './build.js';
import type { OpDef } from './op-def.js';

export const softmax: OpDef<'softmax'> = {
  arity: 1,
  shape: (inputs, attrs) => {
    const t = inputs[0]!;
    if (attrs.axis < 0 || attrs.axis >= t.shape.length) {
      throw new ShapeError(`softmax axis ${attrs.axis} is out of range for a tensor of rank ${t.shape.length}`);
    }
    return t;
  },
  interp: (inputs, { axis }, ctx) => {
    const x = inputs[0]!;
    const { outer, size: A, inner } = aroundAxis(x.shape, axis);
    const out = ctx.alloc(x.data.length);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * A * inner + j;
        let m = -Infinity;
        for (let a = 0; a < A; a++) m = Math.max(m, x.data[base + a * inner]!);
        let s = 0;
        for (let a = 0; a < A; a++) s += Math.exp(x.data[base + a * inner]! - m);
        for (let a = 0; a < A; a++) out[base + a * inner] = Math.exp(x.data[base + a * inner]! - m) / s;
      }
    }
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const { axis } = ctx.node.attrs as { axis: number };
      const shape = ctx.node.type.shape;
      const A = productExpr([shape[axis]!]);
      const inner = productExpr(shape.slice(axis + 1));
      const rows = [...shape.slice(0, axis), ...shape.slice(axis + 1)];
      const x = ctx.inputs[0]!;
      const y = ctx.output;
      const body = `${ctx.linearIndex(productExpr(rows))}
  let A = ${A};
  let inner = ${inner};
  let base = (i / inner) * A * inner + i % inner;
  var m = -3.402823e+38;
  for (var a = 0u; a < A; a++) { m = max(m, ${x}[base + a * inner]); }
  var s = 0.0;
  for (var a = 0u; a < A; a++) { s = s + exp(${x}[base + a * inner] - m); }
  for (var a = 0u; a < A; a++) { ${y}[base + a * inner] = exp(${x}[base + a * inner] - m) / s; }
}
`;
      return { body, dispatch: { kind: 'linear', threads: rows, workgroupSize: 64 } };
    },
  },
  // dx = y * (dy - sum(dy * y, axis, keepdims)), from the node's own output.
  vjp: (g, node, dy) => {
    const dot = g.node('sum', [B.mul(g, dy, node)], { axes: [node.attrs.axis], keepdims: true });
    return [B.mul(g, node, B.sub(g, dy, dot))];
  },
};
