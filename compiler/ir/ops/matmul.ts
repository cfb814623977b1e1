// Matrix products. matmul: the last axis of the left operand with the first axis of the right one
// ([..., K] @ [K, ...] → [..., ...]). Both sides flatten to 2-D, so one kernel serves every rank.
// matmul_tn: A^T @ B over the common leading axes ([L..., K] ⊗ [L..., Q...] → [K, Q...]), the
// weight gradient of matmul. It exists because a Dim has no product form: [N, 3, K] cannot be
// reshaped to [N*3, K] in the IR, while the kernel flattens the leading axes for free (and reads A
// transposed through workgroup memory instead of materializing A^T).
import { ShapeError, type Node } from '../graph.js';
import { dimsEqual, formatShape } from '../shape.js';
import { sizeOfShape, type NDArray } from '../../interp/ndarray.js';
import { productExpr } from '../../codegen/index-math.js';
import type { Dim, TensorType } from '../types.js';
import * as B from './build.js';
import type { OpDef } from './op-def.js';

const TILE = 16;

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
 * The tiled kernel shared by matmul and matmul_tn: out[M, P] = A'[M, K] @ B[K, P], where A' is A
 * (stored [M, K]) or A^T (A stored [K, M]). TILE x TILE output tile per workgroup, both operands
 * staged through workgroup memory; a transposed A is loaded along its rows (coalesced) and stored
 * transposed into the tile.
 */
function tiledBody(A: string, Bv: string, out: string, M: string, K: string, P: string, transposeA: boolean): string {
  const loadA = transposeA
    ? `var va = 0.0;
    if (wid.y * ${TILE}u + lid.x < M && t + lid.y < K) { va = ${A}[(t + lid.y) * M + wid.y * ${TILE}u + lid.x]; }
    tile_a[lid.x][lid.y] = va;`
    : `var va = 0.0;
    if (row < M && t + lid.x < K) { va = ${A}[row * K + t + lid.x]; }
    tile_a[lid.y][lid.x] = va;`;
  return `var<workgroup> tile_a: array<array<f32, ${TILE}>, ${TILE}>;
var<workgroup> tile_b: array<array<f32, ${TILE}>, ${TILE}>;

// ${TILE}x${TILE} output tile per workgroup, both operands staged through workgroup memory.
@compute @workgroup_size(${TILE}, ${TILE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = ${M};
  let K = ${K};
  let P = ${P};
  let row = wid.y * ${TILE}u + lid.y;
  let col = wid.x * ${TILE}u + lid.x;
  var acc = 0.0;
  for (var t = 0u; t < K; t += ${TILE}u) {
    ${loadA}
    var vb = 0.0;
    if (t + lid.y < K && col < P) { vb = ${Bv}[(t + lid.y) * P + col]; }
    tile_b[lid.y][lid.x] = vb;
    workgroupBarrier();
    for (var k = 0u; k < ${TILE}u; k++) {
      acc = acc + tile_a[lid.y][k] * tile_b[k][lid.x];
    }
    workgroupBarrier();
  }
  if (row < M && col < P) {
    ${out}[row * P + col] = acc;
  }
}
`;
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
      const M = productExpr(a.type.shape.slice(0, -1));
      const K = productExpr(a.type.shape.slice(-1));
      const P = productExpr(b.type.shape.slice(1));
      const body = tiledBody(ctx.inputs[0]!, ctx.inputs[1]!, ctx.output, M, K, P, false);
      return {
        body,
        dispatch: {
          kind: 'grid',
          x: { dims: b.type.shape.slice(1), per: TILE },
          y: { dims: a.type.shape.slice(0, -1), per: TILE },
          z: { dims: [], per: 1 },
        },
      };
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
      const lead = a.type.shape.slice(0, -1);
      const qDims = b.type.shape.slice(lead.length);
      const M = productExpr(a.type.shape.slice(-1));
      const L = productExpr(lead);
      const P = productExpr(qDims);
      const body = tiledBody(ctx.inputs[0]!, ctx.inputs[1]!, ctx.output, M, L, P, true);
      return {
        body,
        dispatch: {
          kind: 'grid',
          x: { dims: qDims, per: TILE },
          y: { dims: a.type.shape.slice(-1), per: TILE },
          z: { dims: [], per: 1 },
        },
      };
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
