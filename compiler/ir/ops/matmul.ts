// Matrix products. matmul: the last axis of the left operand with the first axis of the right one
// ([..., K] @ [K, ...] → [..., ...]). Both sides flatten to 2-D, so one kernel serves every rank.
// matmul_tn: A^T @ B over the common leading axes ([L..., K] ⊗ [L..., Q...] → [K, Q...]), the
// weight gradient of matmul. It exists because a Dim has no product form: [N, 3, K] cannot be
// reshaped to [N*3, K] in the IR, while the kernel flattens the leading axes for free (and reads A
// transposed in place instead of materializing A^T).
import { ShapeError, type Node } from '../graph.js';
import { dimsEqual, formatShape } from '../shape.js';
import { sizeOfShape, type NDArray } from '../../interp/ndarray.js';
import { productExpr } from '../../codegen/index-math.js';
import { chooseMatmulVariant, matmulGeometry, matmulMain, type MatmulGeometry } from '../../codegen/matmul-kernel.js';
import type { KernelContext, KernelSource } from '../../codegen/kernel-types.js';
import type { Dim, TensorType } from '../types.js';
import * as B from './build.js';
import type { OpDef } from './op-def.js';

/**
 * The interpreter's f32 mode accumulates dot products in f32, in the kernels' order (k ascending),
 * so long contractions (a weight gradient sums over the whole batch) round like the GPU's.
 */
function rounding(out: Float32Array | Float64Array): (v: number) => number {
  return out instanceof Float32Array ? Math.fround : (v) => v;
}

/** The product of `dims` as one Dim, or a ShapeError naming what the gradient cannot flatten. */
function flatOrThrow(dims: readonly Dim[], what: string): Dim {
  const d = B.flatDim(dims);
  if (d === null) {
    throw new ShapeError(`the gradient of ${what} needs the dims ${formatShape(dims)} to flatten into one (at most one symbolic dim, alone)`);
  }
  return d;
}

/**
 * The kernel of one unfused matmul or matmul_tn node: the register-blocked template of
 * codegen/matmul-kernel.ts with scalar (array<f32>) operands and a plain store as its epilogue.
 * Fused programs use the same template with vec4 operands and their epilogues.
 */
function plainKernel(ctx: KernelContext, geo: MatmulGeometry): KernelSource {
  const variant = { ...chooseMatmulVariant(geo), aVec4: false, bVec4: false };
  const src = matmulMain(geo, variant, ctx.inputs[0]!, ctx.inputs[1]!);
  const P = productExpr(geo.pDims);
  return { body: `fn epi(row: u32, col: u32, v: f32) {\n  ${ctx.output}[row * ${P} + col] = v;\n}\n\n${src.main}`, dispatch: src.dispatch };
}

export const matmul: OpDef<'matmul'> = {
  arity: 2,
  shape: (inputs) => {
    const [a, b] = inputs as [TensorType, TensorType];
    if (a.shape.length === 0 || b.shape.length === 0) {
      throw new ShapeError(`'@' needs tensors of rank 1 or more, got ${formatShape(a.shape)} @ ${formatShape(b.shape)}`);
    }
    const ka = a.shape[a.shape.length - 1]!;
    const kb = b.shape[0]!;
    if (ka !== kb) {
      throw new ShapeError(
        `'@' needs the last dimension of the left operand to equal the first of the right: ${formatShape(a.shape)} @ ${formatShape(b.shape)} (${ka} vs ${kb})`,
      );
    }
    return { shape: [...a.shape.slice(0, -1), ...b.shape.slice(1)], dtype: a.dtype };
  },
  interp: (inputs, _attrs, ctx) => {
    const [a, b] = inputs;
    const K = a.shape[a.shape.length - 1]!;
    const M = sizeOfShape(a.shape) / Math.max(K, 1);
    const P = sizeOfShape(b.shape.slice(1));
    const out = ctx.alloc(M * P);
    const A = a.data;
    const Bd = b.data;
    const r = rounding(out);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < P; j++) {
        let acc = 0;
        for (let k = 0; k < K; k++) acc = r(acc + r(A[i * K + k]! * Bd[k * P + j]!));
        out[i * P + j] = acc;
      }
    }
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const [a, b] = ctx.node.inputs;
      return plainKernel(ctx, matmulGeometry('matmul', a!.type.shape, b!.type.shape, false));
    },
  },
  // A [pre..., K] @ B [K, post...]: dA = dY @ B^T (dY flattened to [pre..., P], B to [K, P]);
  // dB = A^T @ dY over the flattened leading axes (matmul_tn, no flattening needed in the IR).
  vjp: (g, node, dy) => {
    const [a, b] = node.inputs as readonly [Node, Node];
    const K = a.type.shape[a.type.shape.length - 1]!;
    const pre = a.type.shape.slice(0, -1);
    const P = flatOrThrow(b.type.shape.slice(1), "'@' (right operand's trailing dims)");
    const d = B.materialize(g, dy);
    const bT = g.node('transpose', [B.reshape(g, b, [K, P])], { perm: [1, 0] });
    const da = g.node('matmul', [B.reshape(g, d, [...pre, P]), bT], {});
    const db = g.node('matmul_tn', [a, d], {});
    return [da, db];
  },
};

export const matmul_tn: OpDef<'matmul_tn'> = {
  arity: 2,
  shape: (inputs) => {
    const [a, b] = inputs as [TensorType, TensorType];
    const lead = a.shape.slice(0, -1);
    if (a.shape.length === 0 || b.shape.length < lead.length || !dimsEqual(lead, b.shape.slice(0, lead.length))) {
      throw new ShapeError(
        `matmul_tn needs operands [L..., K] and [L..., Q...] with the same leading dims: ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
      );
    }
    return { shape: [a.shape[a.shape.length - 1]!, ...b.shape.slice(lead.length)], dtype: a.dtype };
  },
  interp: (inputs, _attrs, ctx) => {
    const [a, b] = inputs as readonly [NDArray, NDArray];
    const K = a.shape[a.shape.length - 1]!;
    const L = sizeOfShape(a.shape.slice(0, -1));
    const Q = sizeOfShape(b.shape.slice(a.shape.length - 1));
    const out = ctx.alloc(K * Q);
    const r = rounding(out);
    for (let k = 0; k < K; k++) {
      for (let q = 0; q < Q; q++) {
        let acc = 0;
        for (let l = 0; l < L; l++) acc = r(acc + r(a.data[l * K + k]! * b.data[l * Q + q]!));
        out[k * Q + q] = acc;
      }
    }
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const [a, b] = ctx.node.inputs;
      return plainKernel(ctx, matmulGeometry('matmul_tn', a!.type.shape, b!.type.shape, false));
    },
  },
  // out[k, q] = sum_l A[l, k] B[l, q]: dA = B @ dO^T (Q flattened), dB = A @ dO.
  vjp: (g, node, dy) => {
    const [a, b] = node.inputs as readonly [Node, Node];
    const lead = a.type.shape.slice(0, -1);
    const K = a.type.shape[a.type.shape.length - 1]!;
    const Q = flatOrThrow(b.type.shape.slice(lead.length), 'matmul_tn (right operand\'s trailing dims)');
    const d = B.materialize(g, dy);
    const dT = g.node('transpose', [B.reshape(g, d, [K, Q])], { perm: [1, 0] });
    const da = g.node('matmul', [B.reshape(g, b, [...lead, Q]), dT], {});
    const db = g.node('matmul', [a, d], {});
    return [da, db];
  },
};
