// Matrix product: the last axis of the left operand with the first axis of the right one
// ([..., K] @ [K, ...] → [..., ...]). Both sides flatten to 2-D, so one kernel serves every rank.
import { ShapeError } from '../graph.js';
import { formatShape } from '../shape.js';
import { sizeOfShape } from '../../interp/ndarray.js';
import { productExpr } from '../../codegen/index-math.js';
import type { TensorType } from '../types.js';
import type { OpDef } from './op-def.js';

const TILE = 16;

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
    const K = a!.shape[a!.shape.length - 1]!;
    const M = sizeOfShape(a!.shape) / Math.max(K, 1);
    const P = sizeOfShape(b!.shape.slice(1));
    const out = ctx.alloc(M * P);
    const A = a!.data;
    const B = b!.data;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < P; j++) {
        let acc = 0;
        for (let k = 0; k < K; k++) acc += A[i * K + k]! * B[k * P + j]!;
        out[i * P + j] = acc;
      }
    }
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const [a, b] = ctx.node.inputs;
      const M = productExpr(a!.type.shape.slice(0, -1));
      const K = productExpr(a!.type.shape.slice(-1));
      const P = productExpr(b!.type.shape.slice(1));
      const [A, B] = ctx.inputs;
      const body = `var<workgroup> tile_a: array<array<f32, ${TILE}>, ${TILE}>;
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
    var va = 0.0;
    if (row < M && t + lid.x < K) { va = ${A}[row * K + t + lid.x]; }
    tile_a[lid.y][lid.x] = va;
    var vb = 0.0;
    if (t + lid.y < K && col < P) { vb = ${B}[(t + lid.y) * P + col]; }
    tile_b[lid.y][lid.x] = vb;
    workgroupBarrier();
    for (var k = 0u; k < ${TILE}u; k++) {
      acc = acc + tile_a[lid.y][k] * tile_b[k][lid.x];
    }
    workgroupBarrier();
  }
  if (row < M && col < P) {
    ${ctx.output}[row * P + col] = acc;
  }
}
`;
      return {
        body,
        dispatch: {
          kind: 'grid',
          x: { dims: b!.type.shape.slice(1), per: TILE },
          y: { dims: a!.type.shape.slice(0, -1), per: TILE },
          z: { dims: [], per: 1 },
        },
      };
    },
  },
  vjp: null,
};
