// Class indices: argmax (predicted class, for accuracy metrics) and one_hot (integer labels to
// targets for softmax_ce). Neither has a gradient; indices are carried as f32 where they are values.
import { ShapeError } from '../graph.js';
import { aroundAxis } from '../../interp/ndarray.js';
import { productExpr } from '../../codegen/index-math.js';
import * as B from './build.js';
import type { OpDef } from './op-def.js';

/** Index of the first maximum along `axis` (as f32), the axis removed. */
export const argmax: OpDef<'argmax'> = {
  arity: 1,
  shape: (inputs, { axis }) => {
    const t = inputs[0]!;
    if (!Number.isInteger(axis) || axis < 0 || axis >= t.shape.length) {
      throw new ShapeError(`argmax axis ${axis} is out of range for a tensor of rank ${t.shape.length}`);
    }
    return { shape: t.shape.filter((_, i) => i !== axis), dtype: 'f32' };
  },
  interp: (inputs, { axis }, ctx) => {
    const x = inputs[0]!;
    const { outer, size: A, inner } = aroundAxis(x.shape, axis);
    const out = ctx.alloc(outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * A * inner + j;
        let m = x.data[base]!;
        let k = 0;
        for (let a = 1; a < A; a++) {
          const v = x.data[base + a * inner]!;
          if (v > m) {
            m = v;
            k = a;
          }
        }
        out[o * inner + j] = k;
      }
    }
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const { axis } = ctx.node.attrs as { axis: number };
      const shape = ctx.node.inputs[0]!.type.shape;
      const x = ctx.inputs[0]!;
      // Strictly greater: the first maximum wins, as in the interpreter.
      const body = `${ctx.linearIndex(productExpr(ctx.node.type.shape))}
  let A = ${productExpr([shape[axis]!])};
  let inner = ${productExpr(shape.slice(axis + 1))};
  let base = (i / inner) * A * inner + i % inner;
  var m = ${x}[base];
  var k = 0u;
  for (var a = 1u; a < A; a++) {
    let v = ${x}[base + a * inner];
    if (v > m) { m = v; k = a; }
  }
  ${ctx.output}[i] = f32(k);
}
`;
      return { body, dispatch: { kind: 'linear', threads: ctx.node.type.shape, workgroupSize: 64 } };
    },
  },
  vjp: (_g, node) => B.noGradient(node),
};

/** Integer labels [...] → f32 one-hot [..., depth]; a label outside [0, depth) gives a zero row. */
export const one_hot: OpDef<'one_hot'> = {
  arity: 1,
  shape: (inputs, { depth }) => {
    const t = inputs[0]!;
    if (!Number.isInteger(depth) || depth < 1) throw new ShapeError(`one_hot depth must be a positive integer, got ${depth}`);
    return { shape: [...t.shape, depth], dtype: 'f32' };
  },
  interp: (inputs, { depth }, ctx) => {
    const x = inputs[0]!;
    const out = ctx.alloc(x.data.length * depth);
    for (let r = 0; r < x.data.length; r++) {
      const c = x.data[r]!;
      if (Number.isInteger(c) && c >= 0 && c < depth) out[r * depth + c] = 1;
    }
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const { depth } = ctx.node.attrs as { depth: number };
      const cast = ctx.node.inputs[0]!.type.dtype === 'i32' ? 'i32' : 'f32';
      const body = `${ctx.linearIndex(productExpr(ctx.node.type.shape))}
  let label = ${ctx.inputs[0]}[i / ${depth}u];
  ${ctx.output}[i] = select(0.0, 1.0, label == ${cast}(i % ${depth}u));
}
`;
      return { body, dispatch: { kind: 'linear', threads: ctx.node.type.shape, workgroupSize: 64 } };
    },
  },
  vjp: (_g, node) => B.noGradient(node),
};
