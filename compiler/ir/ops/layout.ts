// Data movement: transpose (a permutation of axes), reshape (a view), concat, slice (concat's
// gradient) and broadcast_to (the gradient of reductions; an elementwise kernel whose operand is
// read at its broadcast index).
import { ShapeError } from '../graph.js';
import { formatShape, sameSize } from '../shape.js';
import { aroundAxis, broadcastIndex, sizeOfShape, stridesOf } from '../../interp/ndarray.js';
import { coordLines, productExpr, strideExprs } from '../../codegen/index-math.js';
import type { Dim, TensorType } from '../types.js';
import * as B from './build.js';
import type { OpDef } from './op-def.js';

export const transpose: OpDef<'transpose'> = {
  arity: 1,
  shape: (inputs, { perm }) => {
    const t = inputs[0]!;
    const ok = perm.length === t.shape.length && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
    if (!ok) throw new ShapeError(`transpose permutation [${perm.join(', ')}] does not fit a tensor of rank ${t.shape.length}`);
    return { shape: perm.map((p) => t.shape[p]!), dtype: t.dtype };
  },
  interp: (inputs, { perm }, ctx) => {
    const x = inputs[0]!;
    const inStrides = stridesOf(x.shape);
    const outStrides = stridesOf(ctx.shape);
    const n = x.data.length;
    const out = ctx.alloc(n);
    for (let i = 0; i < n; i++) {
      let src = 0;
      for (let k = 0; k < perm.length; k++) {
        src += (Math.floor(i / outStrides[k]!) % ctx.shape[k]!) * inStrides[perm[k]!]!;
      }
      out[i] = x.data[src]!;
    }
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const { perm } = ctx.node.attrs as { perm: readonly number[] };
      const outShape = ctx.node.type.shape;
      const inStrides = strideExprs(ctx.node.inputs[0]!.type.shape);
      const src = perm.map((p, k) => `c${k} * ${inStrides[p]}`).join(' + ') || '0u';
      const body = `${ctx.linearIndex(productExpr(outShape))}
  ${coordLines('i', outShape, 'c').join('\n  ')}
  ${ctx.output}[i] = ${ctx.inputs[0]}[${src}];
}
`;
      return { body, dispatch: { kind: 'linear', threads: outShape, workgroupSize: 64 } };
    },
  },
  vjp: (g, node, dy) => [g.node('transpose', [B.materialize(g, dy)], { perm: B.inversePerm(node.attrs.perm) })],
};

export const reshape: OpDef<'reshape'> = {
  arity: 1,
  shape: (inputs, { shape }) => {
    const t = inputs[0]!;
    if (!sameSize(t.shape, shape)) {
      throw new ShapeError(`cannot reshape ${formatShape(t.shape)} to ${formatShape(shape)}: the element counts differ`);
    }
    return { shape, dtype: t.dtype };
  },
  interp: (inputs, _attrs, ctx) => ({ shape: ctx.shape, data: inputs[0]!.data }),
  wgsl: { kind: 'view' },
  vjp: (g, node, dy) => [B.reshape(g, dy, node.inputs[0]!.type.shape)],
};

export const concat: OpDef<'concat'> = {
  arity: 'variadic',
  shape: (inputs, { axis }) => {
    const first = inputs[0]!;
    if (axis < 0 || axis >= first.shape.length) {
      throw new ShapeError(`concat axis ${axis} is out of range for tensors of rank ${first.shape.length}`);
    }
    let total: Dim = 0;
    for (const t of inputs) {
      const okRank = t.shape.length === first.shape.length;
      const okDims = okRank && t.shape.every((d, i) => i === axis || d === first.shape[i]);
      if (!okDims) {
        throw new ShapeError(
          `concat needs equal shapes except along axis ${axis}: ${inputs.map((x) => formatShape(x.shape)).join(' and ')}`,
        );
      }
      const d = t.shape[axis]!;
      if (typeof d !== 'number' || typeof total !== 'number') {
        throw new ShapeError(`concat along a symbolic dimension ('${typeof d === 'string' ? d : total}') is not supported`);
      }
      total += d;
    }
    const shape = [...first.shape];
    shape[axis] = total;
    return { shape, dtype: first.dtype } satisfies TensorType;
  },
  interp: (inputs, { axis }, ctx) => {
    const out = ctx.alloc(sizeOfShape(ctx.shape));
    const { outer, size: Aout, inner } = aroundAxis(ctx.shape, axis);
    let offset = 0;
    for (const x of inputs) {
      const A = x.shape[axis]!;
      for (let o = 0; o < outer; o++) {
        for (let a = 0; a < A; a++) {
          for (let j = 0; j < inner; j++) out[(o * Aout + offset + a) * inner + j] = x.data[(o * A + a) * inner + j]!;
        }
      }
      offset += A;
    }
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const { axis } = ctx.node.attrs as { axis: number };
      const shape = ctx.node.type.shape;
      const inner = productExpr(shape.slice(axis + 1));
      const Aout = shape[axis] as number;
      const lines: string[] = [];
      let offset = 0;
      ctx.node.inputs.forEach((x, k) => {
        const A = x.type.shape[axis] as number;
        const cond = k === ctx.node.inputs.length - 1 ? '' : `if (a < ${offset + A}u) `;
        lines.push(
          `${k === 0 ? '' : 'else '}${cond}{ ${ctx.output}[i] = ${ctx.inputs[k]}[(o * ${A}u + a - ${offset}u) * inner + j]; }`,
        );
        offset += A;
      });
      const body = `${ctx.linearIndex(productExpr(shape))}
  let inner = ${inner};
  let j = i % inner;
  let a = (i / inner) % ${Aout}u;
  let o = i / (inner * ${Aout}u);
  ${lines.join('\n  ')}
}
`;
      return { body, dispatch: { kind: 'linear', threads: shape, workgroupSize: 64 } };
    },
  },
  // Each operand gets its slice of dy along the axis.
  vjp: (g, node, dy) => {
    const { axis } = node.attrs;
    if (node.inputs.length === 1) return [dy];
    const src = B.materialize(g, dy);
    let start = 0;
    return node.inputs.map((x) => {
      const size = x.type.shape[axis] as number;
      const piece = g.node('slice', [src], { axis, start, size });
      start += size;
      return piece;
    });
  },
};

export const slice: OpDef<'slice'> = {
  arity: 1,
  shape: (inputs, { axis, start, size }) => {
    const t = inputs[0]!;
    if (!Number.isInteger(axis) || axis < 0 || axis >= t.shape.length) {
      throw new ShapeError(`slice axis ${axis} is out of range for a tensor of rank ${t.shape.length}`);
    }
    const d = t.shape[axis]!;
    if (typeof d !== 'number') throw new ShapeError(`slice along a symbolic dimension ('${d}') is not supported`);
    if (!Number.isInteger(start) || !Number.isInteger(size) || start < 0 || size < 1 || start + size > d) {
      throw new ShapeError(`slice [${start}, ${start + size}) does not fit axis ${axis} of ${formatShape(t.shape)}`);
    }
    const shape = [...t.shape];
    shape[axis] = size;
    return { shape, dtype: t.dtype };
  },
  interp: (inputs, { axis, start, size }, ctx) => {
    const x = inputs[0]!;
    const { outer, size: A, inner } = aroundAxis(x.shape, axis);
    const out = ctx.alloc(outer * size * inner);
    for (let o = 0; o < outer; o++) {
      for (let a = 0; a < size; a++) {
        for (let j = 0; j < inner; j++) out[(o * size + a) * inner + j] = x.data[(o * A + start + a) * inner + j]!;
      }
    }
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const { axis, start, size } = ctx.node.attrs as { axis: number; start: number; size: number };
      const shape = ctx.node.type.shape;
      const A = ctx.node.inputs[0]!.type.shape[axis] as number;
      const body = `${ctx.linearIndex(productExpr(shape))}
  let inner = ${productExpr(shape.slice(axis + 1))};
  let j = i % inner;
  let a = (i / inner) % ${size}u;
  let o = i / (inner * ${size}u);
  ${ctx.output}[i] = ${ctx.inputs[0]}[(o * ${A}u + ${start}u + a) * inner + j];
}
`;
      return { body, dispatch: { kind: 'linear', threads: shape, workgroupSize: 64 } };
    },
  },
  // Zeros around dy: concat([zeros before, dy, zeros after]) along the axis.
  vjp: (g, node, dy) => {
    const { axis, start, size } = node.attrs;
    const xShape = node.inputs[0]!.type.shape;
    const total = xShape[axis] as number;
    const part = (n: number): Dim[] => xShape.map((d, i) => (i === axis ? n : d));
    const pieces = [
      ...(start > 0 ? [B.zeros(g, part(start))] : []),
      B.materialize(g, dy),
      ...(start + size < total ? [B.zeros(g, part(total - start - size))] : []),
    ];
    return [pieces.length === 1 ? dy : g.node('concat', pieces, { axis })];
  },
};

/** True when `from` broadcasts to `to` NumPy-style (right-aligned; a 1 repeats; symbols match by name). */
function broadcastsTo(from: readonly Dim[], to: readonly Dim[]): boolean {
  if (from.length > to.length) return false;
  const off = to.length - from.length;
  return from.every((d, i) => d === 1 || d === to[i + off]);
}

export const broadcast_to: OpDef<'broadcast_to'> = {
  arity: 1,
  shape: (inputs, { shape }) => {
    const t = inputs[0]!;
    if (!broadcastsTo(t.shape, shape)) {
      throw new ShapeError(`cannot broadcast ${formatShape(t.shape)} to ${formatShape(shape)}`);
    }
    return { shape, dtype: t.dtype };
  },
  interp: (inputs, _attrs, ctx) => {
    const x = inputs[0]!;
    const idx = broadcastIndex(x.shape, ctx.shape);
    const out = ctx.alloc(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = x.data[idx[i]!]!;
    return { shape: ctx.shape, data: out };
  },
  // The elementwise kernel reads the operand at its broadcast index: the expression is the read.
  wgsl: { kind: 'elementwise', expr: (args) => args[0]! },
  // dy has the output shape; autodiff's central unbroadcast sums it back to the operand's shape.
  vjp: (_g, _node, dy) => [dy],
};
